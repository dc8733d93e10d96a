"""runmuscles: which muscles work during running, moment by moment, from measured EMG.

The public API loads the shipped tables (built from raw EMG by ``python -m runmuscles.build``):

>>> import runmuscles
>>> runmuscles.load_activation("run").shape
(101, 11)
>>> runmuscles.active_at(15, "run").index[0] in runmuscles.load_muscles().index
True
"""

from __future__ import annotations

import importlib

#: Where each public name lives. Submodules are imported on first use, so ``import runmuscles``
#: is cheap and a dashboard's kernel loads only what its app needs (the explorer's needs no pandas).
_EXPORTS = {
    "activation": (
        "DEFAULT_SOURCES", "DEFAULT_THRESHOLD", "active_at", "coverage", "list_sources", "load_activation",
        "load_activation_sd", "load_curves", "source_info", "sources_for",
    ),
    "gait": ("GAITS", "load_events", "load_phases", "load_strides", "phase_at"),
    "muscles": (
        "get_muscle", "load_exercises", "load_muscles", "resolve_group", "resolve_muscle", "search_muscles",
    ),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__version__ = "0.1.0"

__all__ = ["__version__", *sorted(_HOME, key=str.lower)]


def __getattr__(name: str):
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value  # found once
        return value
    try:
        return importlib.import_module(f".{name}", __name__)  # a submodule, e.g. runmuscles.datasets
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
