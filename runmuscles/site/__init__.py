"""The static site: ``runmuscles export DIR`` writes the suite as plain HTML, JS and CSS.

The site needs no Python and no server at view time: open ``DIR/index.html`` from a folder or copy
the folder to any static web space (a university web space, GitHub Pages). See
:mod:`runmuscles.site.export` for what it contains and what it leaves out.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_arguments", "export_site", "run"]


def export_site(directory: str | Path) -> list[Path]:
    """Write the static site into ``directory``; see :func:`runmuscles.site.export.export_site`."""
    from .export import export_site as _export

    return _export(directory)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``runmuscles export``."""
    parser.add_argument("directory", type=Path, help="folder to write the site into (created if needed)")


def run(args: argparse.Namespace) -> int:
    """``runmuscles export DIR``: write the site and say where it is; a clear message instead of a traceback."""
    from .export import site_size

    try:
        written = export_site(args.directory)
    except (OSError, NotADirectoryError) as error:
        print(f"runmuscles export: could not write the site: {error}")
        return 1
    index = (args.directory / "index.html").resolve()
    print(
        f"Wrote {len(written)} files ({site_size(args.directory) / 2**20:.1f} MB) to {args.directory}.\n"
        f"Open {index.as_uri()} in a browser, or copy the folder to a web space (no server code needed)."
    )
    return 0
