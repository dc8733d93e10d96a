"""Packaging: the two dependency lists agree, and the built wheel works outside the checkout (tables,
``runmuscles notebooks`` and ``runmuscles serve``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from runmuscles.testing import ServerCommand, free_port

#: Libraries whose internals the project relies on: each must have a version range.
RANGED = {"voila", "anywidget", "plotly", "ipywidgets", "jupyterlab", "jupyterlab_widgets"}


def _requirements(lines) -> dict[str, SpecifierSet]:
    out = {}
    for line in lines:
        requirement = Requirement(line.strip())
        out[requirement.name.lower()] = requirement.specifier
    return out


def _pyproject(repo_root) -> dict[str, SpecifierSet]:
    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return _requirements(project["dependencies"])


def _environment_yml(repo_root) -> dict[str, SpecifierSet]:
    conda, in_deps = [], False
    for line in (repo_root / "environment.yml").read_text(encoding="utf-8").splitlines():
        if re.match(r"^\S", line):
            in_deps = line.startswith("dependencies:")
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+\s*[<>=!~0-9.,*\s]*)$", line)
        if in_deps and m:
            conda.append(m.group(1))
    deps = _requirements(conda)
    deps.pop("python", None)
    deps.pop("pip", None)
    return deps


def test_environment_yml_agrees_with_pyproject(repo_root):
    """Same names and the same version ranges in both lists."""
    pip_deps, conda_deps = _pyproject(repo_root), _environment_yml(repo_root)
    assert set(conda_deps) == set(pip_deps)
    assert {n: str(s) for n, s in conda_deps.items()} == {n: str(s) for n, s in pip_deps.items()}


def test_libraries_used_from_the_inside_have_ranges_that_hold_here(repo_root):
    deps = _pyproject(repo_root)
    for name in RANGED:
        spec = deps[name]
        assert any(s.operator in ("<", "~=", "==") for s in spec), f"{name} has no upper bound: {spec}"
        assert version(name) in spec, f"installed {name} {version(name)} is outside {spec}"
    # CVE-2024-30265 (local file inclusion through /static) is fixed in Voilà 0.5.6
    assert "0.5.5" not in deps["voila"] and "0.5.6" in deps["voila"]


@pytest.fixture(scope="module")
def installed(repo_root, tmp_path_factory):
    """A fresh venv outside the checkout with runmuscles installed from a freshly built wheel.

    The dependencies come from this test environment's site-packages (added as a path, so its
    editable install of runmuscles is not picked up); runmuscles itself only from the wheel.
    Returns the venv's folder; ``venv/bin/runmuscles`` is the installed command.
    """
    tmp_path = tmp_path_factory.mktemp("wheel")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(repo_root)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("runmuscles-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # the venv's own pip installs the wheel, console script included, as for a user
    subprocess.run([py, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _env():
    """The environment of the installed command: no PYTHONPATH; the dependencies' data files (Voilà's own
    templates and the widget extensions) from this environment, where they were installed with them."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JUPYTER_PATH")}
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return env


@pytest.mark.slow
def test_wheel_installs_and_loads_every_table(installed, tmp_path):
    """Load every table from the installed wheel."""
    py = installed / "bin" / "python"
    script = (
        "import runmuscles, pathlib\n"
        "assert 'venv' in runmuscles.__file__, runmuscles.__file__\n"
        "for g in runmuscles.GAITS:\n"
        "    for s in runmuscles.sources_for(g):\n"
        "        a = runmuscles.load_activation(g, s); runmuscles.load_activation_sd(g, s)\n"
        "        runmuscles.load_phases(g, s); runmuscles.load_events(g, s); runmuscles.load_curves(g, s)\n"
        "        assert a.shape[0] == 101\n"
        "assert len(runmuscles.load_muscles()) >= 25\n"
        "import runmuscles.recordings.command\n"
        "print('ok', runmuscles.__file__)\n"
    )
    done = subprocess.run([py, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")


def _quiet_env() -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE (which makes distutils warn that it skips byte-compiling)."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONDONTWRITEBYTECODE", "PYTHONPATH"}}


def _setuptools_warnings(output: str) -> list[str]:
    """Lines of a build log that are warnings, or the ``!!`` fences around setuptools' warning blocks."""
    return [line for line in output.splitlines() if re.search(r"warning|^\s*!!\s*$", line, re.IGNORECASE)]


@pytest.mark.slow
def test_building_sdist_and_wheel_prints_no_warning(repo_root, tmp_path):
    """``python -m build`` (sdist, then a wheel from it) shows every line setuptools prints: none may warn."""
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path), str(repo_root)],
                          capture_output=True, text=True, env=_quiet_env())
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert not _setuptools_warnings(output), "\n".join(_setuptools_warnings(output))
    assert len(list(tmp_path.glob("runmuscles-*.whl"))) == 1 and len(list(tmp_path.glob("runmuscles-*.tar.gz"))) == 1


@pytest.mark.slow
def test_editable_install_prints_no_warning(repo_root, tmp_path):
    """``pip install -e .`` in verbose mode (so the build backend's output is shown) warns about nothing.

    setuptools closes every editable install of a flat layout with an ``InformationOnly`` note ("be careful
    with folders ... with the same name as your package"); that note is allowed, nothing else is.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = subprocess.run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-v", "--no-deps", "--no-compile", "--disable-pip-version-check",
         "--target", site, "-e", str(repo_root)],
        capture_output=True, text=True, env=_quiet_env(), cwd=tmp_path,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    backend = output[output.find("Preparing editable metadata"):]  # pip's own index notices come before
    note = re.search(r"\S*: (InformationOnly|BuildBackendWarning): Editable installation\.", backend)
    if note:  # drop that one note (pip >= 25 labels it BuildBackendWarning), up to its closing fence
        end = backend.find("!!", backend.find("!!", note.start()) + 2)
        backend = backend[:note.start()] + backend[end + 2:]
    assert not _setuptools_warnings(backend), "\n".join(_setuptools_warnings(backend))
    assert "runmuscles" in " ".join(p.name for p in Path(site).iterdir())


@pytest.mark.slow
def test_wheel_exports_the_static_site(repo_root, tmp_path):
    """The wheel carries the static site's assets: ``runmuscles export`` from an installed wheel writes every page."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(repo_root)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("runmuscles-*.whl")
    site = tmp_path / "lib"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
           "PYTHONPATH": os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]])}
    script = (
        "import runmuscles, sys\n"
        "assert runmuscles.__file__.startswith(sys.argv[1]), runmuscles.__file__\n"
        "from runmuscles.cli import main\n"
        "sys.exit(main(['export', 'out']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(site)], cwd=tmp_path, capture_output=True, text=True,
                          env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("index.html", "explorer.html", "atlas.html", "assets/explorer.css", "assets/site.js",
                 "assets/plotly.min.js", "data/explorer.js"):
        assert (tmp_path / "out" / name).is_file(), name


@pytest.mark.slow
def test_installed_command_copies_the_notebooks(installed, tmp_path, repo_root):
    target = tmp_path / "my-course"
    done = subprocess.run([installed / "bin" / "runmuscles", "notebooks", str(target)], cwd=tmp_path,
                          capture_output=True, text=True, env=_env())
    print(done.stdout)
    assert done.returncode == 0, done.stderr
    copied = sorted(p.name for p in target.glob("*.ipynb"))
    assert copied == sorted(p.name for p in (repo_root / "notebooks").glob("*.ipynb"))
    assert f"runmuscles serve {target}" in done.stdout


@pytest.mark.slow
def test_installed_command_serves_the_suite(installed, tmp_path):
    """`runmuscles serve --port P` from the wheel: the packaged suite, with the packaged template."""
    port = free_port()
    server = ServerCommand([installed / "bin" / "runmuscles", "serve", "--port", str(port)], tmp_path,
                           env=_env(), log_path=tmp_path / "serve.log")
    try:
        start = server.start(r"runmuscles: start at (\S+)\n").group(1)
        print(server.log())
        assert start == f"http://127.0.0.1:{port}/voila/render/01-gait-cycle-explorer.ipynb", server.log()
        assert str(installed) in server.log()  # the suite served is the installed one
        with urllib.request.urlopen(start, timeout=240) as response:
            assert response.status == 200
            page = response.read().decode()
        assert 'id="jupyter-config-data"' in page and "rm-fault" in page  # the runmuscles template
        assert "cdn.jsdelivr.net" not in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as response:
            listing = response.read().decode()
        assert "start here" in listing and "05-emg-to-activation.ipynb" in listing
    finally:
        server.stop()
