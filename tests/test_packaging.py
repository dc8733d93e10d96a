"""Packaging: the two dependency lists agree, and the built wheel works outside the checkout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def _names(requirements):
    return {re.split(r"[<>=!~\[ ;]", r.strip())[0].lower() for r in requirements if r.strip()}


def test_environment_yml_agrees_with_pyproject(repo_root):
    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_deps = _names(project["dependencies"])
    conda, in_deps = [], False
    for line in (repo_root / "environment.yml").read_text(encoding="utf-8").splitlines():
        if re.match(r"^\S", line):
            in_deps = line.startswith("dependencies:")
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+)", line)
        if in_deps and m:
            conda.append(m.group(1))
    conda_deps = _names(conda) - {"python", "pip"}
    assert conda_deps == pip_deps


@pytest.mark.slow
def test_wheel_installs_and_loads_every_table(repo_root, tmp_path):
    """Build a wheel, install it in a fresh venv outside the checkout, load every table there.

    The dependencies come from this test environment's site-packages (added as a path, so its
    editable install of runmuscles is not picked up); runmuscles itself only from the wheel.
    """
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(repo_root)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("runmuscles-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, str(wheel)],
                   check=True, capture_output=True)
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
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
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([py, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env)
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
