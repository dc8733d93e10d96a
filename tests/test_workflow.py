"""The GitHub Actions workflow runs what the README documents, on every Python that pyproject.toml supports."""

from __future__ import annotations

import re
import shlex

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

yaml = pytest.importorskip("yaml")

WORKFLOW = ".github/workflows/ci.yml"


@pytest.fixture(scope="module")
def workflow(repo_root) -> dict:
    """The parsed workflow (PyYAML reads the key ``on`` as ``True``)."""
    return yaml.safe_load((repo_root / WORKFLOW).read_text(encoding="utf-8"))


def _runs(job: dict) -> list[str]:
    return [line.strip() for step in job["steps"] if "run" in step for line in step["run"].splitlines() if line.strip()]


def _readme_test_command(repo_root) -> str:
    """The README's test command: the ``./test.sh`` line of its "Two commands" block, without the comment."""
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Two commands.*?```bash\n(.*?)```", readme, re.S).group(1)
    (line,) = [line for line in block.splitlines() if "test" in line]
    return line.split("#")[0].strip()


def _supported(repo_root) -> tuple[int, int]:
    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    minor = re.fullmatch(r">=\s*3\.(\d+)", project["requires-python"]).group(1)
    return 3, int(minor)


def test_workflow_runs_on_pushes_and_pull_requests(workflow):
    triggers = workflow.get("on", workflow.get(True))
    assert {"push", "pull_request"} <= set(triggers)
    for name, job in workflow["jobs"].items():
        assert job.get("timeout-minutes", 360) <= 30, name


def test_tests_run_the_readme_command(workflow, repo_root):
    command = _readme_test_command(repo_root)
    assert command == "./test.sh"
    runs = _runs(workflow["jobs"]["tests"])
    assert [r for r in runs if shlex.split(r)[0] == command], runs
    assert all(shlex.split(r)[0] == command for r in runs if "pytest" in r or "test.sh" in r)
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(command)}$", ci, re.M), "the local CI runs the README's command as is"


def test_browser_tests_use_playwrights_chromium_on_one_python(workflow):
    job = workflow["jobs"]["tests"]
    matrix = job["strategy"]["matrix"]
    browser = [c for c in matrix.get("include", []) if c.get("browser")]
    assert len(browser) == 1
    runs = _runs(job)
    assert any("playwright install --with-deps chromium" in r for r in runs)
    assert "./test.sh" in runs  # the whole suite, browser tests included
    assert './test.sh -m "not browser"' in runs


def test_python_matrix_spans_the_supported_versions(workflow, repo_root):
    versions = workflow["jobs"]["tests"]["strategy"]["matrix"]["python-version"]
    minors = sorted(int(v.split(".")[1]) for v in versions)
    assert (3, minors[0]) == _supported(repo_root)
    assert minors == list(range(minors[0], minors[-1] + 1)) and minors[-1] >= 13


def test_lint_and_notebook_checks(workflow):
    assert "ruff check ." in _runs(workflow["jobs"]["lint"])
    notebooks = _runs(workflow["jobs"]["notebooks"])
    assert "python -m runmuscles.contents notebooks/ --check" in notebooks
    assert any("--nbmake notebooks/" in r for r in notebooks)


def test_readme_links_binder_to_the_explorer_dashboard(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    badge = re.search(r"\[!\[[^\]]*\]\(https://mybinder\.org/badge_logo\.svg\)\]\((https://mybinder\.org/v2/gh/[^)]+)\)",
                      readme)
    assert badge, "a Binder badge"
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s>]+", readme)
    render = [u for u in links if "urlpath=voila%2Frender%2Fnotebooks%2F" in u]
    assert render, "a direct link to a dashboard"
    notebook = render[0].split("%2F")[-1]
    assert (repo_root / "notebooks" / notebook).is_file()
