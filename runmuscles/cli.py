"""The ``runmuscles`` command: one entry point, one sub-command per task.

Each sub-command lives in the module that does the work; that module provides
``add_arguments(parser)`` and ``run(args) -> int``. A module that sets ``ACCEPTS_EXTRA_ARGS = True``
receives the options it does not declare in ``args.extra_args`` (``runmuscles serve`` passes them to
Voilà); any other command rejects them.

Examples
--------
>>> from runmuscles.cli import main
>>> main(["--version"])  # doctest: +ELLIPSIS
runmuscles ...
0
"""

from __future__ import annotations

import argparse
import importlib
import sys

__all__ = ["COMMANDS", "main"]

#: Sub-command -> (module that implements it, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "export": ("runmuscles.site", "write the suite as a static site (HTML/JS/CSS, no server needed) into a folder"),
    "process": ("runmuscles.recordings.command", "process a lab recording (C3D, CSV, OpenSim) into activation curves"),
    "serve": ("runmuscles.server", "serve the notebook suite as Voilà dashboards (any Voilà option may follow)"),
    "notebooks": ("runmuscles.notebooks", "copy the notebooks into a folder, to edit and run them"),
}


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="runmuscles",
        description="Which muscles work during running, moment by moment, from measured EMG.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(_module=module)
        importlib.import_module(module).add_arguments(command)
    parser.set_defaults(_version=__version__)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``runmuscles`` command with ``argv`` (default: the process's arguments); return the exit code."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        module = getattr(args, "_module", None)
        if module is None or not getattr(importlib.import_module(module), "ACCEPTS_EXTRA_ARGS", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.extra_args = extra
    if args.version:
        print(f"runmuscles {args._version}")
        return 0
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    return int(importlib.import_module(args._module).run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
