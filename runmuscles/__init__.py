"""runmuscles: which muscles work during running, moment by moment, from measured EMG.

The public API loads the shipped tables (built from raw EMG by ``python -m runmuscles.build``):

>>> import runmuscles
>>> runmuscles.load_activation("run").shape
(101, 11)
>>> runmuscles.active_at(15, "run").index[0] in runmuscles.load_muscles().index
True
"""

from .activation import (
    DEFAULT_SOURCES,
    DEFAULT_THRESHOLD,
    active_at,
    coverage,
    list_sources,
    load_activation,
    load_activation_sd,
    load_curves,
    source_info,
    sources_for,
)
from .gait import GAITS, load_events, load_phases, load_strides, phase_at
from .muscles import get_muscle, load_exercises, load_muscles, resolve_group, resolve_muscle, search_muscles

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "DEFAULT_SOURCES",
    "DEFAULT_THRESHOLD",
    "GAITS",
    "active_at",
    "coverage",
    "get_muscle",
    "list_sources",
    "load_activation",
    "load_activation_sd",
    "load_curves",
    "load_events",
    "load_exercises",
    "load_muscles",
    "load_phases",
    "load_strides",
    "phase_at",
    "resolve_group",
    "resolve_muscle",
    "search_muscles",
    "source_info",
    "sources_for",
]
