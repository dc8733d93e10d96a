"""Shared fixtures for the runmuscles test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from runmuscles.testing import chromium_args, find_chromium

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (tests may read its ``data/raw``; the package never does)."""
    return REPO


@pytest.fixture(scope="session")
def raw_dir(repo_root: Path) -> Path:
    """The raw data folder that ``python -m runmuscles.build`` reads."""
    return repo_root / "data" / "raw"


@pytest.fixture(scope="session")
def playwright_instance():
    """The Playwright driver (sync API), one for the session: the browser and hub tests share it (a second
    sync driver cannot start while one runs)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """A headless Chromium, found by :func:`find_chromium`."""
    try:
        executable = find_chromium(playwright_instance)
    except FileNotFoundError as error:
        pytest.fail(str(error))
    browser = playwright_instance.chromium.launch(executable_path=executable, args=chromium_args())
    yield browser
    browser.close()
