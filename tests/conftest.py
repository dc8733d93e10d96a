"""Shared fixtures for the runmuscles test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (tests may read its ``data/raw``; the package never does)."""
    return REPO


@pytest.fixture(scope="session")
def raw_dir(repo_root: Path) -> Path:
    """The raw data folder that ``python -m runmuscles.build`` reads."""
    return repo_root / "data" / "raw"
