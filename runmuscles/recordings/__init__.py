"""Your own lab recording through the pipeline of the shipped tables.

Read a C3D, CSV or OpenSim file (:func:`read_recording`), find its EMG channels and their muscles
(:mod:`~runmuscles.recordings.channels`), its foot strikes (:mod:`~runmuscles.recordings.events`),
and compute activation, spread, events and phases per side (:func:`process_recording`). The
``runmuscles process`` command (:mod:`~runmuscles.recordings.command`) does the same from a shell.

Examples
--------
>>> from runmuscles.recordings import parse_label
>>> parse_label("Voltage.LVL")
('vastus_lateralis', 'left', 'label abbreviation VL')
"""

from .channels import (
    ABBREVIATIONS,
    AMBIGUOUS,
    ChannelInfo,
    Quality,
    assess_signal,
    parse_label,
    parse_mapping,
)
from .events import EventSearch, FootEvents, find_events
from .process import RecordingError, RecordingResult, SideResult, describe_channels, process_recording
from .read import ForcePlate, Recording, read_contacts, read_recording, read_table

__all__ = [
    "ABBREVIATIONS",
    "AMBIGUOUS",
    "ChannelInfo",
    "EventSearch",
    "FootEvents",
    "ForcePlate",
    "Quality",
    "Recording",
    "RecordingError",
    "RecordingResult",
    "SideResult",
    "assess_signal",
    "describe_channels",
    "find_events",
    "parse_label",
    "parse_mapping",
    "process_recording",
    "read_contacts",
    "read_recording",
    "read_table",
]
