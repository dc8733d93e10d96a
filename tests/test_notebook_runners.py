"""The notebooks run under every common notebook runner without special flags.

A plain ``pytest`` checks every notebook with nbval (lax mode, switched on by the root ``conftest.py``);
``pytest --nbmake`` and papermill run them as they are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: A light notebook (no dashboard) for the runners that execute whole notebooks.
LIGHT_NOTEBOOK = "00-contents.ipynb"


def _pytest(repo_root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=repo_root, capture_output=True, text=True, env=env)


def _code_cells(path: Path) -> int:
    return sum(c["cell_type"] == "code" for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def test_plain_pytest_checks_every_cell_of_every_notebook(repo_root):
    done = _pytest(repo_root, "--collect-only", "-q", "notebooks")
    assert done.returncode == 0, done.stdout + done.stderr
    collected = [line for line in done.stdout.splitlines() if ".ipynb::Cell " in line]
    notebooks = sorted((repo_root / "notebooks").glob("*.ipynb"))
    assert len(collected) == sum(_code_cells(p) for p in notebooks)
    assert {line.split("::")[0] for line in collected} == {f"notebooks/{p.name}" for p in notebooks}


def test_nbmake_is_not_doubled_by_nbval(repo_root):
    done = _pytest(repo_root, "--collect-only", "-q", "--nbmake", "notebooks")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ".ipynb::Cell " not in done.stdout  # nbval stays out of the way
    notebooks = sorted(p.name for p in (repo_root / "notebooks").glob("*.ipynb"))
    assert [line for line in done.stdout.splitlines() if ".ipynb::" in line] == [
        f"notebooks/{name}::{name}" for name in notebooks
    ]


@pytest.mark.slow
def test_nbmake_runs_a_notebook(repo_root):
    done = _pytest(repo_root, "--nbmake", f"notebooks/{LIGHT_NOTEBOOK}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


@pytest.mark.slow
def test_papermill_runs_a_notebook(repo_root, tmp_path):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(repo_root / "notebooks" / "08-analyse-it-yourself.ipynb"), str(out),
                               kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    errors = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors
    assert all(c["execution_count"] for c in cells if c["cell_type"] == "code")
