"""Session-wide test settings: notebook checks for a plain ``pytest``, and the browser tests last.

``pytest`` (the README's ``./test.sh``) runs every notebook under ``notebooks/`` with nbval in lax mode: every
cell must run, outputs are compared only where a cell asks for it with ``# NBVAL_CHECK_OUTPUT`` (notebooks are
committed without outputs). Lax mode is switched on here rather than by a global ``--nbval-lax`` in
``addopts``, so ``pytest --nbmake notebooks/``, ``pytest --nbval`` and papermill work without special flags.
"""

from __future__ import annotations

import pytest


def nbval_lax_wanted(option) -> bool:
    """True when nbval is installed and no notebook runner (``--nbval``, ``--nbmake``) was chosen.

    Examples
    --------
    >>> from types import SimpleNamespace as Options
    >>> nbval_lax_wanted(Options(nbval=False, nbval_lax=False))
    True
    >>> nbval_lax_wanted(Options(nbval=False, nbval_lax=False, nbmake=True))
    False
    >>> nbval_lax_wanted(Options())  # nbval not installed
    False
    """
    if not hasattr(option, "nbval_lax"):
        return False
    return not (option.nbval or option.nbval_lax or getattr(option, "nbmake", False))


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Run the notebooks with ``--nbval-lax`` unless another notebook runner was requested."""
    if nbval_lax_wanted(config.option):
        config.option.nbval_lax = True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    They share one Playwright driver, whose event loop stays current in the main thread until the session
    ends; tests that run their own event loop (the apps' coalescing of bursts) must run before it starts.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)  # stable: order kept otherwise
