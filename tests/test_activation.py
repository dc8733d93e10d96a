"""The shipped activation tables and the public API that reads them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runmuscles
from runmuscles.readers import read_mot

# Published running EMG (Rajagopal et al. 2016 processed envelopes in the repository's raw data;
# Cappellini et al. 2006; Novacheck 1998): calf muscles work in stance, hamstrings peak in late swing.
CALF = ["soleus", "gastrocnemius_medialis", "gastrocnemius_lateralis"]
HAMSTRINGS = ["medial_hamstrings", "biceps_femoris"]  # the runner's two hamstring electrodes
LATE_SWING = (75, 100)  # % of the running cycle


def all_tables():
    for gait in runmuscles.GAITS:
        for source in runmuscles.sources_for(gait):
            yield gait, source


@pytest.mark.parametrize("gait,source", list(all_tables()))
def test_table_schema(gait, source):
    table = runmuscles.load_activation(gait, source)
    sd = runmuscles.load_activation_sd(gait, source)
    assert list(table.index) == list(range(101))
    assert table.notna().all().all() and sd.notna().all().all()
    assert ((table >= 0) & (table <= 1)).all().all()
    assert (table.max() == 1.0).all()
    assert (sd >= 0).all().all()
    assert list(sd.columns) == list(table.columns)
    assert set(table.columns) <= set(runmuscles.load_muscles().index)


def test_defaults_are_documented_sources():
    assert runmuscles.load_activation("run").equals(runmuscles.load_activation("run", "rajagopal2016"))
    assert runmuscles.load_activation("walk").equals(runmuscles.load_activation("walk", "santuz2020_raw"))


def test_errors_list_the_valid_choices():
    with pytest.raises(ValueError, match="'run', 'walk'"):
        runmuscles.load_activation("sprint")
    with pytest.raises(ValueError, match="santuz2020_synergies"):
        runmuscles.load_activation("run", "santuz2020_raw")
    with pytest.raises(ValueError, match="0..1"):
        runmuscles.active_at(10, threshold=30)


def test_active_at_is_sorted_and_thresholded():
    table = runmuscles.load_activation("run")
    for percent in (0, 15, 37, 88):
        active = runmuscles.active_at(percent, "run", threshold=0.3)
        expected = table.loc[percent][table.loc[percent] >= 0.3]
        assert set(active.index) == set(expected.index)
        assert list(active.values) == sorted(active.values, reverse=True)
    half = runmuscles.active_at(10.5, "run", threshold=0.0)
    mid = (table.loc[10] + table.loc[11]) / 2
    assert half["soleus"] == pytest.approx(mid["soleus"])


def test_running_calf_in_stance_hamstrings_in_late_swing():
    table = runmuscles.load_activation("run")
    toe_off = runmuscles.load_events("run").loc["toe_off", "percent"]
    for muscle in CALF:
        assert table[muscle].idxmax() < toe_off
        assert table[muscle].loc[55:80].max() < 0.3  # silent through mid-swing
    for muscle in HAMSTRINGS:
        assert LATE_SWING[0] <= table[muscle].idxmax() <= LATE_SWING[1]


def test_spread_exists_where_there_are_several_strides():
    assert runmuscles.load_activation_sd("run").to_numpy().max() > 0
    info = runmuscles.source_info("rajagopal2016", "walk")
    assert info["strides"] == 1
    assert runmuscles.load_activation_sd("walk", "rajagopal2016").to_numpy().max() == 0


def test_curves_average_back_to_the_table():
    for gait, source in all_tables():
        curves = runmuscles.load_curves(gait, source)
        table = runmuscles.load_activation(gait, source)
        mean = curves.drop(columns="unit").groupby("percent").mean()
        np.testing.assert_allclose(mean.to_numpy(), table.to_numpy(), atol=2e-4)


def test_coverage_matches_tables():
    cov = runmuscles.coverage()
    for gait, source in all_tables():
        listed = set(cov[(cov.gait == gait) & (cov.source == source)].muscle)
        assert listed == set(runmuscles.load_activation(gait, source).columns)
    assert set(cov[cov.source == "santuz2020_synergies"].evidence) == {"reconstructed"}


def test_envelopes_agree_with_the_authors_processed_envelopes(raw_dir):
    """Our pipeline on the raw EMG against the envelopes the data set's authors processed.

    The authors' file stores a 1/960 s time step; the raw file and the GRF check say 1 kHz, so the
    authors' samples are placed at index / 1000 s. Both are cut at the same measured foot strikes.
    """
    authors = pd.read_csv(raw_dir / "rajagopal2016" / "emg_run_processed_by_authors.csv")
    grf = read_mot(raw_dir / "rajagopal2016" / "grf_run.mot")
    strikes, _ = runmuscles.gait.detect_contacts(grf["time"].to_numpy(), grf["R_ground_force_vy"].to_numpy())
    from runmuscles import emg

    t = np.arange(len(authors)) / 1000.0
    strikes = strikes[(strikes > 0) & (strikes < t[-1])]
    names = {"SOL": "soleus", "GASMED": "gastrocnemius_medialis", "GASLAT": "gastrocnemius_lateralis",
             "TA": "tibialis_anterior", "SM": "medial_hamstrings", "BFLH": "biceps_femoris", "VL": "vastus_lateralis",
             "VM": "vastus_medialis", "RF": "rectus_femoris", "GMAX": "gluteus_maximus", "GMED": "gluteus_medius"}
    theirs, _ = emg.summarise_strides(emg.cut_strides(t, authors[list(names)].to_numpy(), strikes))
    ours = runmuscles.load_activation("run")[list(names.values())].to_numpy()
    for k, muscle in enumerate(names.values()):
        r = np.corrcoef(theirs[:, k], ours[:, k])[0, 1]
        assert r > 0.9, f"{muscle}: r = {r:.2f}"


def test_source_info_and_list_sources_hand_out_copies():
    """One caller's change to the metadata never reaches another caller."""
    listing = runmuscles.list_sources()
    info = runmuscles.source_info("rajagopal2016", "run")
    n_muscles = len(info["muscles"])
    info["muscles"].append("not_a_muscle")
    info["notes"] = "changed"
    for value in info.values():
        if isinstance(value, dict):
            value["changed"] = True
    listing.loc[:, "people"] = -1
    again = runmuscles.source_info("rajagopal2016", "run")
    assert len(again["muscles"]) == n_muscles and "not_a_muscle" not in again["muscles"]
    assert again["notes"] != "changed"
    assert not any(isinstance(v, dict) and "changed" in v for v in again.values())
    fresh = runmuscles.list_sources()
    assert (fresh["people"] > 0).all()
    assert fresh.loc[(fresh["source"] == "rajagopal2016") & (fresh["gait"] == "run"), "muscles"].item() == n_muscles
