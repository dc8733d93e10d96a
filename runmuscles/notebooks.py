"""Editable copies of the notebook suite: ``runmuscles notebooks DIR``.

The notebooks ship inside the package (``runmuscles.suite``, see :func:`runmuscles.serving.suite_dir`),
so a ``pip install`` user can copy them, open them in JupyterLab, change them, and serve the copy with
``runmuscles serve DIR``. Existing files are never overwritten unless asked.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     written = copy_notebooks(pathlib.Path(tmp) / "course")
...     [p.name for p in written][:2]
['00-contents.ipynb', '01-gait-cycle-explorer.ipynb']
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .serving import suite_dir

__all__ = ["add_arguments", "copy_notebooks", "packaged_notebooks", "run"]


def packaged_notebooks() -> list[Path]:
    """The notebooks of the suite, in reading order."""
    return sorted(suite_dir().glob("*.ipynb"))


def copy_notebooks(destination: str | Path, overwrite: bool = False) -> list[Path]:
    """Copy every notebook of the suite into ``destination`` (created if needed).

    Parameters
    ----------
    destination : str or Path
        Folder to copy into.
    overwrite : bool
        Replace notebooks that already exist there (default: refuse, listing them).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    FileExistsError
        If a notebook already exists in ``destination`` and ``overwrite`` is false (nothing is written).
    """
    destination = Path(destination)
    sources = packaged_notebooks()
    clashes = [destination / p.name for p in sources if (destination / p.name).exists()]
    if clashes and not overwrite:
        names = ", ".join(p.name for p in clashes)
        raise FileExistsError(
            f"{destination} already has {names}: choose another folder, or pass --overwrite to replace them"
        )
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        target = destination / source.name
        shutil.copyfile(source, target)
        written.append(target)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``runmuscles notebooks``."""
    parser.add_argument("folder", type=Path, help="folder to copy the notebooks into (created if needed)")
    parser.add_argument("--overwrite", action="store_true", help="replace notebooks already in the folder")


def run(args: argparse.Namespace) -> int:
    """Copy the notebooks; print what was written and how to use it; return the exit code."""
    try:
        written = copy_notebooks(args.folder, overwrite=args.overwrite)
    except (FileExistsError, OSError) as error:
        print(f"runmuscles notebooks: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    print(
        f"runmuscles: {len(written)} notebooks in {args.folder}. Open them with `jupyter lab {args.folder}`, "
        f"or serve them as dashboards with `runmuscles serve {args.folder}`."
    )
    return 0
