"""``runmuscles process``: a lab recording (C3D, CSV, OpenSim) to activation curves, events and a report.

Writes ``activation.csv`` and ``activation_sd.csv`` (index ``percent`` 0..100, one column per muscle:
the catalogue id where mapped, with ``_left``/``_right`` when both sides are written, the channel's own
label otherwise), ``events.csv`` (events in % of the cycle per side) and ``report.json`` (system,
rates, channels used and left out with reasons, event source, strides, warnings).

Exit status 0 on success; 2 with one line on stderr when the file cannot give a curve (what is
missing and how to supply it) or cannot be read (which row, column or channel).

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="runmuscles process")
>>> add_arguments(parser)
>>> args = parser.parse_args(["trial.c3d", "--map", "EMG 3=tibialis_anterior", "--out", "out"])
>>> args.map, args.side, args.gait
(['EMG 3=tibialis_anterior'], 'right', None)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``process`` command's arguments to ``parser``."""
    parser.add_argument("file", type=Path, help="the recording: .c3d, .csv/.txt/.tsv, or OpenSim .mot/.sto")
    parser.add_argument(
        "--contacts", type=Path, metavar="CSV",
        help="foot contacts: a CSV with columns touchdown_s,liftoff_s [s] and optionally side (right/left); "
        "used before any events in the file",
    )
    parser.add_argument(
        "--map", action="append", default=None, metavar="LABEL=MUSCLE",
        help="map a channel to a catalogue muscle, e.g. 'EMG 3=tibialis_anterior' or 'SO=soleus_left'; "
        "'LABEL=ignore' leaves a channel out (repeat for several channels)",
    )
    parser.add_argument("--side", choices=["right", "left", "both"], default="right",
                        help="whose cycle: 0 %% = that foot's strike (default: right)")
    parser.add_argument("--gait", choices=["walk", "run"], default=None,
                        help="the activity (default: from the stance share of the strides)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the output files")


def run(args: argparse.Namespace) -> int:
    """Process the recording named in ``args``; return the exit status."""
    from .process import RecordingError, process_recording, write_report

    try:
        result = process_recording(args.file, contacts=args.contacts, mapping=args.map, side=args.side, gait=args.gait)
    except RecordingError as error:
        if error.report:
            try:
                args.out.mkdir(parents=True, exist_ok=True)
                write_report({**error.report, "error": str(error)}, args.out)
            except OSError:
                pass
        print(f"runmuscles process: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"runmuscles process: {error}", file=sys.stderr)
        return 2
    try:
        written = result.write(args.out)
    except OSError as error:
        print(f"runmuscles process: cannot write to {args.out}: {error.strerror}", file=sys.stderr)
        return 2
    report = result.report
    for side in report["sides"]:
        events = report["events"][side]
        print(f"{side}: {events['strides']} stride(s) from {events['source']}")
    print(f"{len(report['channels_used'])} channel(s) used, {len(report['channels_left_out'])} left out; "
          f"{len(report['warnings'])} warning(s); wrote {', '.join(p.name for p in written)} to {args.out}")
    return 0
