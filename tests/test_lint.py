"""The code and the notebooks pass ruff with the project's rules (pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_ruff_is_clean(repo_root):
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    done = subprocess.run([ruff, "check", "runmuscles", "tests", "notebooks", "benchmarks"],
                          cwd=repo_root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
