"""The contents notebook: links to every notebook, generated from their titles, and data citations.

The links cell of ``00-contents.ipynb`` (the markdown cell tagged :data:`LINKS_TAG`) is rewritten
from the notebooks' own ``#`` titles and first sentences, so it is never kept by hand::

    python -m runmuscles.contents notebooks/

Links are relative (``01-gait-cycle-explorer.ipynb``): JupyterLab opens them as notebooks and
Voilà, serving the folder, renders them as dashboards at ``/voila/render/<name>``.

Examples
--------
>>> from runmuscles.contents import data_citations
>>> "doi:10.1109/TBME.2016.2586891" in data_citations()
True
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

__all__ = [
    "CONTENTS_NOTEBOOK",
    "LINKS_TAG",
    "data_citations",
    "is_up_to_date",
    "links_markdown",
    "main",
    "notebook_titles",
    "write_contents",
]

#: File name of the contents notebook.
CONTENTS_NOTEBOOK = "00-contents.ipynb"

#: Cell tag marking the generated links cell.
LINKS_TAG = "notebook-links"

_NUMBERED = re.compile(r"^\d\d-.+\.ipynb$")
_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)", re.DOTALL)


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _plain(markdown: str) -> str:
    """Markdown emphasis, code and links reduced to plain text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def notebook_titles(folder: str | Path) -> list[tuple[str, str, str]]:
    """Title and first sentence of every numbered notebook in ``folder`` except the contents itself.

    Parameters
    ----------
    folder : str or pathlib.Path
        The notebooks folder.

    Returns
    -------
    list of (str, str, str)
        ``(file name, title, first sentence)`` in file-name order. The title is the first
        markdown cell's ``#`` heading; the first sentence is taken from the paragraph after it.

    Raises
    ------
    ValueError
        When a notebook does not start with a markdown cell holding a ``#`` title and a sentence.
    """
    rows = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        if not _NUMBERED.match(path.name) or path.name == CONTENTS_NOTEBOOK:
            continue
        cells = [c for c in _read(path)["cells"] if c["cell_type"] == "markdown"]
        text = _source(cells[0]).strip() if cells else ""
        lines = text.splitlines()
        if not lines or not lines[0].startswith("# "):
            raise ValueError(f"{path.name}: the first markdown cell must start with a '# ' title")
        title = _plain(lines[0][2:])
        body = "\n".join(lines[1:]).strip().split("\n\n")[0]
        match = _SENTENCE.match(_plain(body))
        if not match:
            raise ValueError(f"{path.name}: no sentence after the title")
        rows.append((path.name, title, match.group(1)))
    return rows


def links_markdown(folder: str | Path) -> str:
    """The links cell's markdown: one line per notebook (number, linked title, first sentence)."""
    lines = ["## The notebooks", ""]
    for name, title, sentence in notebook_titles(folder):
        lines.append(f"- **{name[:2]} · [{title}]({name})** — {sentence}")
    return "\n".join(lines)


def _links_cell(nb: dict, path: Path) -> dict:
    tagged = [c for c in nb["cells"] if LINKS_TAG in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ValueError(f"{path.name}: expected exactly one cell tagged {LINKS_TAG!r}, found {len(tagged)}")
    return tagged[0]


def is_up_to_date(folder: str | Path) -> bool:
    """Whether the links cell of ``00-contents.ipynb`` matches the notebooks' current titles."""
    path = Path(folder) / CONTENTS_NOTEBOOK
    return _source(_links_cell(_read(path), path)) == links_markdown(folder)


def write_contents(folder: str | Path) -> Path:
    """Rewrite the links cell of ``00-contents.ipynb`` in ``folder`` from the notebooks' titles.

    Only that cell changes; the file keeps nbformat's layout (1-space indent, trailing newline).

    Returns
    -------
    pathlib.Path
        The contents notebook.
    """
    path = Path(folder) / CONTENTS_NOTEBOOK
    nb = _read(path)
    _links_cell(nb, path)["source"] = links_markdown(folder).splitlines(keepends=True)
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def data_citations() -> str:
    """How to cite the data sets behind the tables, as markdown (from :mod:`runmuscles.datasets`).

    Returns
    -------
    str
        One bullet per data set: its references with DOI links, evidence level, the gaits it covers
        and who stands behind the curves.
    """
    from . import datasets

    lines = []
    for ds in datasets.all_datasets():
        covers = "; ".join(
            f"{'running' if g == 'run' else 'walking'}: {len(rec.muscles)} muscles, {rec.who()}"
            for g, rec in ds.gaits.items()
        )
        refs = " ".join(
            f"{c.text().removesuffix(f' doi:{c.doi}')} [doi:{c.doi}](https://doi.org/{c.doi})." for c in ds.citations
        )
        lines.append(f"- {refs} *{ds.evidence.capitalize()}*: {ds.evidence_text()} ({covers}); data set id `{ds.id}`.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m runmuscles.contents notebooks/``."""
    parser = argparse.ArgumentParser(prog="python -m runmuscles.contents", description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="the notebooks folder")
    parser.add_argument("--check", action="store_true", help="only report whether the contents are up to date")
    args = parser.parse_args(argv)
    if not (args.folder / CONTENTS_NOTEBOOK).is_file():
        parser.error(f"{args.folder / CONTENTS_NOTEBOOK} not found")
    if args.check:
        ok = is_up_to_date(args.folder)
        print("contents up to date" if ok else "contents out of date: run python -m runmuscles.contents " + str(args.folder))
        return 0 if ok else 1
    print(f"wrote {write_contents(args.folder)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
