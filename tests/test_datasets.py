"""The data-set registry: one home for each data set's facts, shipped or registered."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import runmuscles
from runmuscles import datasets

#: The Rajagopal running trial: 6 strides of one runner (counted here from the strides table).
RAJAGOPAL_RUN_STRIDES = 6
#: People in the synergy data set.
SYNERGY_PEOPLE = 30


def test_counts_come_from_the_tables():
    """The people and strides the registry states are the units in the shipped per-stride tables."""
    for ds in datasets.all_datasets():
        for gait, rec in ds.gaits.items():
            units = len(runmuscles.load_strides(gait, ds.id))
            if rec.strides is None:
                assert rec.people == units
            else:
                assert (rec.people, rec.strides) == (1, units)
    assert datasets.get("rajagopal2016").who("run") == f"1 runner, {RAJAGOPAL_RUN_STRIDES} strides"
    assert datasets.get("santuz2020_synergies").who("run") == f"{SYNERGY_PEOPLE} people"


def test_notebooks_cite_what_the_registry_cites(repo_root):
    """A notebook that names a data set's DOI gives the title that belongs to it."""
    import json

    for path in sorted((repo_root / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for line in "".join(cell["source"]).splitlines():
                for ds in datasets.all_datasets():
                    for c in ds.citations:
                        if c.doi in line:
                            assert c.title in line, f"{path.name}: {line[:120]}"


def test_muscles_are_the_activation_columns():
    for ds in datasets.all_datasets():
        for gait, rec in ds.gaits.items():
            assert list(rec.muscles) == list(runmuscles.load_activation(gait, ds.id).columns)


def test_citations_belong_together():
    """The iScience DOI goes with its own title and authors, not with the 2018 Frontiers data-set paper."""
    for ds in datasets.all_datasets():
        for c in ds.citations:
            if c.doi == "10.1016/j.isci.2019.100796":
                assert c.title == "Neuromotor dynamics of human locomotion in challenging settings"
                assert c.journal.startswith("iScience") and c.year == 2020
                assert "Brüll L" in c.authors and "Schwenk M" in c.authors
            assert "open access data set" not in c.title.lower()


def test_readme_cites_what_the_registry_cites(repo_root):
    readme = " ".join(repo_root.joinpath("README.md").read_text(encoding="utf-8").split())
    for ds in datasets.all_datasets():
        for c in ds.citations:
            assert c.doi in readme, c.doi
            assert c.title in readme, c.title


def test_wrong_ids_list_the_valid_ones():
    with pytest.raises(ValueError, match="rajagopal2016"):
        datasets.get("nope")
    with pytest.raises(ValueError, match="santuz2020_raw"):
        datasets.resolve("walk", "nope")


def test_menus_and_captions_say_who():
    from runmuscles import compare
    from runmuscles.apps.explorer import GaitExplorer, explorer_payload

    for gait in datasets.GAITS:
        for label, sid in GaitExplorer._source_options(gait):
            assert datasets.get(sid).who(gait) in label
        for ds in datasets.for_gait(gait):
            payload = explorer_payload(gait, ds.id)
            assert payload["who"] == ds.who(gait)
    for key in compare.PAIRINGS:
        src = compare.pairing_sources(key)
        label = compare.pairing_label(key)
        assert datasets.get(src["run"]).who("run") in label
        assert datasets.get(src["walk"]).who("walk") in label


def test_source_info_is_a_copy():
    info = runmuscles.source_info("rajagopal2016", "run")
    info["people"] = 99
    info["muscles"].append("x")
    info["checks"]["sampling_rate_hz"] = 0
    again = runmuscles.source_info("rajagopal2016", "run")
    assert again["people"] == 1 and "x" not in again["muscles"] and again["checks"]["sampling_rate_hz"] == 1000.0
    listing = runmuscles.list_sources()
    listing.loc[0, "people"] = 99
    assert runmuscles.list_sources().loc[0, "people"] == 1


def _recording(sid: str = "my_trial") -> datasets.Dataset:
    """A recording's tables in the shipped layout, made from a shipped data set's own tables."""
    gait = "walk"
    tables = {(kind, gait): datasets.table(kind, gait, "santuz2020_raw") for kind in datasets.TABLE_KINDS}
    rec = datasets.GaitRecord(
        muscles=tuple(tables[("activation", gait)].columns), people=1, strides=5, subject="walker"
    )
    return datasets.Dataset(sid, "My trial", "An uploaded trial", "recording", (), "", {gait: rec}, tables=tables)


def test_a_registered_recording_travels_the_same_road():
    ds = datasets.register(_recording())
    try:
        assert "my_trial" in runmuscles.sources_for("walk")
        assert runmuscles.sources_for("walk")[-1] == "my_trial"
        a = runmuscles.load_activation("walk", "my_trial")
        pd.testing.assert_frame_equal(a, runmuscles.load_activation("walk", "santuz2020_raw"))
        a.iloc[:, 0] = np.nan  # a caller's change does not reach the registry
        assert not runmuscles.load_activation("walk", "my_trial").isna().any().any()
        assert len(runmuscles.load_phases("walk", "my_trial")) == len(runmuscles.load_phases("walk", "santuz2020_raw"))
        assert ds.who("walk") == "1 walker, 5 strides"
        assert runmuscles.source_info("my_trial", "walk")["evidence"] == "recording"
        with pytest.raises(ValueError, match="rajagopal2016"):  # it has no running curves
            runmuscles.load_activation("run", "my_trial")
    finally:
        datasets.unregister("my_trial")
    assert "my_trial" not in runmuscles.sources_for("walk")


def test_registration_is_checked():
    with pytest.raises(ValueError, match="shipped"):
        datasets.register(_recording("rajagopal2016"))
    incomplete = _recording()
    tables = dict(incomplete.tables)
    del tables[("phases", "walk")]
    with pytest.raises(ValueError, match=re.escape("phases (walk)")):
        datasets.register(datasets.Dataset(**{**incomplete.__dict__, "tables": tables}))
