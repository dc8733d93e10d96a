"""Every example in the package's docstrings runs and shows what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import runmuscles

#: Modules whose examples need a browser or a Voilà server (run by the browser tests instead).
_SKIP = {"runmuscles.testing"}

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(runmuscles.__path__, "runmuscles.") if m.name not in _SKIP
    and not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
