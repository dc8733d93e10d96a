"""Rebuilding from the raw files reproduces every shipped table byte for byte."""

from __future__ import annotations

import subprocess
import sys

import pytest

from runmuscles import build


@pytest.mark.slow
def test_rebuild_reproduces_shipped_tables(raw_dir, repo_root):
    problems = build.compare(raw_dir, repo_root / "runmuscles" / "data")
    assert problems == []


@pytest.mark.slow
def test_build_command_check_mode(repo_root):
    done = subprocess.run(
        [sys.executable, "-m", "runmuscles.build", "--check"], cwd=repo_root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tables reproduce exactly" in done.stdout


def test_build_command_explains_a_missing_raw_folder(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "runmuscles.build", "--raw", str(tmp_path / "nowhere"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "raw data folder" in done.stderr
