"""The contents notebook is generated from the notebooks' titles and cites every data set."""

from __future__ import annotations

import json
import re
import shutil

import pytest

import runmuscles
from runmuscles import contents

#: Notebooks of this part of the suite, which must follow the common outline.
OUTLINED = [
    "00-contents.ipynb",
    "05-emg-to-activation.ipynb",
    "07-self-check-quiz.ipynb",
    "08-analyse-it-yourself.ipynb",
    "09-your-own-recording.ipynb",
]
OUTLINE = ["## Overview", "## Prerequisites", "## Summary", "## References"]


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _links_cell(folder) -> str:
    (cell,) = [c for c in _cells(folder / "00-contents.ipynb") if "notebook-links" in c["metadata"].get("tags", [])]
    return _text(cell)


def test_contents_is_up_to_date_with_every_notebook(repo_root):
    folder = repo_root / "notebooks"
    assert contents.is_up_to_date(folder), "run: python -m runmuscles.contents notebooks/"
    links = _links_cell(folder)
    targets = re.findall(r"\]\(([^)]+)\)", links)
    numbered = sorted(p.name for p in folder.glob("[0-9][0-9]-*.ipynb") if p.name != "00-contents.ipynb")
    assert targets == numbered  # every notebook, in order, nothing else
    for name in numbered:
        first = _text(next(c for c in _cells(folder / name) if c["cell_type"] == "markdown"))
        title = first.splitlines()[0].removeprefix("# ").replace("*", "")
        assert f"[{title}]({name})" in links


def test_links_are_relative_so_voila_and_jupyterlab_both_open_them(repo_root):
    for target in re.findall(r"\]\(([^)]+)\)", _links_cell(repo_root / "notebooks")):
        assert "/" not in target and ":" not in target
        assert (repo_root / "notebooks" / target).is_file()


def _notebook(cells: list[tuple[str, str]]) -> dict:
    return {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": text, **({"outputs": [], "execution_count": None}
                                                                  if kind == "code" else {})}
            for kind, text in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture
def toy_folder(tmp_path):
    """A notebooks folder with a contents notebook and two small numbered notebooks."""
    (tmp_path / "00-contents.ipynb").write_text(json.dumps({
        **_notebook([("markdown", "# Contents\n\nIntro."), ("markdown", "old links")]),
    }))
    nb = json.loads((tmp_path / "00-contents.ipynb").read_text())
    nb["cells"][1]["metadata"]["tags"] = ["notebook-links"]
    (tmp_path / "00-contents.ipynb").write_text(json.dumps(nb))
    (tmp_path / "02-b.ipynb").write_text(json.dumps(_notebook([("markdown", "# B *title*\n\nSecond one. More text.")])))
    (tmp_path / "01-a.ipynb").write_text(json.dumps(_notebook([("code", "x = 1"), ("markdown", "# A\n\nFirst one!")])))
    (tmp_path / "scratch.ipynb").write_text(json.dumps(_notebook([("markdown", "no title")])))
    return tmp_path


def test_notebook_titles_reads_titles_and_first_sentences(toy_folder):
    assert contents.notebook_titles(toy_folder) == [
        ("01-a.ipynb", "A", "First one!"),
        ("02-b.ipynb", "B title", "Second one."),
    ]


def test_write_contents_rewrites_only_the_links_cell(toy_folder):
    assert not contents.is_up_to_date(toy_folder)
    contents.write_contents(toy_folder)
    assert contents.is_up_to_date(toy_folder)
    cells = _cells(toy_folder / "00-contents.ipynb")
    assert _text(cells[0]) == "# Contents\n\nIntro."
    assert "[A](01-a.ipynb)" in _text(cells[1]) and "[B title](02-b.ipynb)" in _text(cells[1])
    # adding a notebook makes the contents stale until it is regenerated
    shutil.copy(toy_folder / "01-a.ipynb", toy_folder / "03-c.ipynb")
    assert not contents.is_up_to_date(toy_folder)
    assert contents.main([str(toy_folder), "--check"]) == 1
    assert contents.main([str(toy_folder)]) == 0
    assert contents.main([str(toy_folder), "--check"]) == 0


def test_a_notebook_without_a_title_is_reported(toy_folder):
    (toy_folder / "04-d.ipynb").write_text(json.dumps(_notebook([("markdown", "Just text.")])))
    with pytest.raises(ValueError, match="04-d.ipynb"):
        contents.notebook_titles(toy_folder)


def test_data_citations_name_every_source_and_doi():
    text = contents.data_citations()
    for row in runmuscles.list_sources().itertuples():
        assert f"`{row.source}`" in text
        assert f"https://doi.org/{row.doi}" in text
        assert row.citation.split("(")[0].strip() in text


@pytest.mark.parametrize("name", OUTLINED)
def test_notebooks_follow_the_outline_without_outputs_or_paths(repo_root, name):
    cells = _cells(repo_root / "notebooks" / name)
    assert _text(cells[0]).startswith("# ")
    markdown = "\n".join(_text(c) for c in cells if c["cell_type"] == "markdown")
    positions = [markdown.find(h) for h in OUTLINE]
    assert -1 not in positions and positions == sorted(positions), positions
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
            assert "sys.path" not in _text(cell) and "/" not in _text(cell)
    assert sum(_text(c).startswith("# ") for c in cells if c["cell_type"] == "markdown") == 1
