"""Your own lab recording through the pipeline of the shipped tables.

Read a C3D, CSV or OpenSim file (:func:`read_recording`), find its EMG channels and their muscles
(:mod:`~runmuscles.recordings.channels`), its foot strikes (:mod:`~runmuscles.recordings.events`),
and compute activation, spread, events and phases per side (:func:`process_recording`). The
``runmuscles process`` command (:mod:`~runmuscles.recordings.command`) does the same from a shell.

The names below are imported on first use, so that ``runmuscles --help`` does not load the filters.

Examples
--------
>>> from runmuscles.recordings import parse_label
>>> parse_label("Voltage.LVL")
('vastus_lateralis', 'left', 'label abbreviation VL')
"""

from __future__ import annotations

import importlib

#: Public name -> module that defines it.
_EXPORTS = {
    "ABBREVIATIONS": "channels",
    "AMBIGUOUS": "channels",
    "ChannelInfo": "channels",
    "Quality": "channels",
    "assess_signal": "channels",
    "parse_label": "channels",
    "parse_mapping": "channels",
    "EventSearch": "events",
    "FootEvents": "events",
    "find_events": "events",
    "RecordingError": "process",
    "RecordingResult": "process",
    "SideResult": "process",
    "describe_channels": "process",
    "process_recording": "process",
    "ForcePlate": "read",
    "Recording": "read",
    "read_contacts": "read",
    "read_recording": "read",
    "read_table": "read",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, *globals()])
