"""Integrity of the shipped tables and of the raw data's provenance."""

from __future__ import annotations

import json
import re
from pathlib import Path

from runmuscles import _resources

RAW_SOURCES = ["rajagopal2016", "santuz2020-synergies", "musclesynergies-walking",
               "exotendon-running-kinematics", "opensim-models"]


def test_checksums_match_shipped_files():
    sums = _resources.read_json("checksums.json")
    assert len(sums) >= 20
    for name, digest in sums.items():
        assert _resources.sha256_of(name) == digest, f"{name} changed without a rebuild"


def test_every_shipped_table_is_checksummed(repo_root):
    sums = _resources.read_json("checksums.json")
    shipped = {p.name for p in (repo_root / "runmuscles" / "data").iterdir() if p.name.endswith((".csv", ".csv.gz", ".json"))}
    hand_written = {"checksums.json", "muscles.json", "body_map.json"}
    assert shipped - hand_written == set(sums)


def test_raw_sources_have_provenance(raw_dir):
    for folder in RAW_SOURCES:
        card = (raw_dir / folder / "SOURCE.md").read_text(encoding="utf-8")
        assert re.search(r"(?i)licen[cs]e", card), folder
        assert re.search(r"(?i)citation|cite", card), folder
    readme = (raw_dir.parent / "README.md").read_text(encoding="utf-8")
    for folder in RAW_SOURCES:
        assert folder in readme


def test_every_source_cites_a_doi():
    for sid, entry in _resources.read_json("sources.json").items():
        assert entry["citations"], sid
        for citation in entry["citations"]:
            assert re.fullmatch(r"10\.\d{4,}/\S+", citation["doi"]), sid
        assert entry["evidence"] in {"measured", "reconstructed"}


def test_package_never_reads_outside_its_data(repo_root):
    """No module refers to the repository's data/ or to folders beside the checkout."""
    for path in (repo_root / "runmuscles").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/datasets" not in text, path
        if path.parent.name != "build" and path.name != "readers.py":  # the build step reads data/raw
            assert 'Path("data")' not in text and "data/raw" not in text, path


def test_notebooks_are_committed_clean(repo_root):
    for nb_path in (repo_root / "notebooks").glob("*.ipynb"):
        nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
        assert "widgets" not in nb.get("metadata", {}), nb_path.name
        for cell in nb["cells"]:
            assert not cell.get("outputs"), f"{nb_path.name} has outputs"
            assert "sys.path" not in "".join(cell["source"]), nb_path.name


def test_every_notebook_follows_the_suite_outline(repo_root):
    """One `#` title, then overview, prerequisites, the interactive part, summary and references."""
    for nb_path in sorted((repo_root / "notebooks").glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        titles = [line for line in markdown.splitlines() if re.match(r"# \S", line)]
        assert len(titles) == 1, f"{nb_path.name}: {titles}"
        assert "Prerequisites" in markdown, nb_path.name
        assert re.search(r"^## Summary", markdown, re.M), nb_path.name
        assert re.search(r"^## References", markdown, re.M), nb_path.name
        assert any(c["cell_type"] == "code" for c in nb["cells"]), nb_path.name


def test_activation_datacard_agrees_with_the_package():
    """The card that the loaders' docstrings point to exists and states the settings the build used."""
    import runmuscles
    from runmuscles import emg

    card = _resources.data_file("activation.md").read_text(encoding="utf-8")
    s = emg.DEFAULT_SETTINGS
    assert f"band-pass {s.band_low_hz:g}–{s.band_high_hz:g} Hz" in card
    assert f"low-pass {s.envelope_hz:g} Hz" in card and f"order {s.order}" in card
    assert f"{runmuscles.DEFAULT_THRESHOLD:g} of that peak" in card
    for name in _resources.read_json("checksums.json"):
        stem = name.split("_")[0]
        if stem in {"activation", "curves"}:
            assert name.startswith(("activation_", "curves_")) and (
                "activation_<gait>_<source>.csv" in card or "curves_<gait>_<source>.csv" in card)
        elif name in {"events.csv", "phases.csv", "strides.csv", "sources.json"}:
            assert f"`{name}`" in card, name
    for module in ("gait.py", "emg.py"):
        text = (Path(runmuscles.__file__).parent / module).read_text(encoding="utf-8")
        for ref in re.findall(r"runmuscles/data/(\w+\.md)", text):
            assert _resources.data_file(ref).is_file(), f"{module} points to a missing card {ref}"
