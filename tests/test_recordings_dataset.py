"""A processed recording becomes one more data set: the loaders, the explorer and its pose take it like a shipped one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runmuscles
from runmuscles import datasets
from runmuscles.recordings import process_recording
from runmuscles.recordings.dataset import recording_dataset

SANTUZ = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_emg.csv"
SANTUZ_CONTACTS = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_cycles.csv"
#: The six Santuz labels that general labs use for other muscles, mapped as the shipped table maps them.
SANTUZ_MAPPING = ["ME=gluteus_medius", "MA=gluteus_maximus", "FL=tensor_fasciae_latae",
                  "GM=gastrocnemius_medialis", "GL=gastrocnemius_lateralis", "SO=soleus"]
#: The shipped tables are written with 5 decimals.
TABLE_TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def registered(raw_dir):
    """The Santuz walking trial processed as an upload and registered for this process; removed afterwards."""
    result = process_recording(raw_dir / SANTUZ, contacts=raw_dir / SANTUZ_CONTACTS, mapping=SANTUZ_MAPPING)
    ds = datasets.register(recording_dataset(result, dataset_id="upload_santuz", label="Class trial"))
    yield ds
    datasets.unregister("upload_santuz")


def test_an_upload_travels_the_shipped_road(registered):
    assert "upload_santuz" in runmuscles.sources_for("walk")
    assert registered.who("walk") == datasets.get("santuz2020_raw").who("walk")
    shipped = runmuscles.load_activation("walk", "santuz2020_raw")
    mine = runmuscles.load_activation("walk", "upload_santuz")[shipped.columns]
    assert np.abs(mine.to_numpy() - shipped.to_numpy()).max() <= TABLE_TOLERANCE
    ev = runmuscles.load_events("walk", "upload_santuz")["percent"]
    assert ev["toe_off"] == pytest.approx(runmuscles.load_events("walk", "santuz2020_raw").loc["toe_off", "percent"], abs=1e-4)
    curves = runmuscles.load_curves("walk", "upload_santuz")
    assert curves["unit"].nunique() == registered.record("walk").strides
    pd.testing.assert_index_equal(runmuscles.load_phases("walk", "upload_santuz").index,
                                  runmuscles.load_phases("walk", "santuz2020_raw").index)
    assert runmuscles.source_info("upload_santuz", "walk")["evidence"] == "recording"


def test_the_explorer_shows_an_upload_as_one_more_data_set(registered):
    from runmuscles.apps.explorer import GaitExplorer, explorer_payload

    assert "upload_santuz" in [sid for _, sid in GaitExplorer._source_options("walk")]
    payload = explorer_payload("walk", "upload_santuz")
    assert payload["who"] == "1 walker, 5 strides" and payload["evidence"] == "recording"
    assert payload["body"]["warp"]["data"][1:4] == sorted(
        float(runmuscles.load_events("walk", "upload_santuz").loc[e, "percent"])
        for e in ("toe_off", "contralateral_foot_strike", "contralateral_toe_off"))
    app = GaitExplorer(gait="walk", source="upload_santuz")
    assert app.view.data["source"] == "upload_santuz"


def test_unmapped_channels_stay_out_of_the_views(raw_dir):
    result = process_recording(raw_dir / SANTUZ, contacts=raw_dir / SANTUZ_CONTACTS)  # no mapping
    ds = recording_dataset(result, dataset_id="partial")
    assert "SO" not in ds.record("walk").muscles and "soleus" not in ds.record("walk").muscles
    assert "SO" in ds.record("walk").notes


def test_a_recording_with_no_mapped_muscle_says_what_to_map(tmp_path):
    t = np.arange(0, 6, 1 / 1000.0)
    burst = np.random.default_rng(0).normal(size=t.size) * (0.05 + np.exp(-(((t % 1.0) - 0.1) / 0.05) ** 2))
    path = tmp_path / "trial.csv"
    pd.DataFrame({"time": t, "EMG 3": burst}).to_csv(path, index=False)
    strikes = np.arange(0.0, 6.0)
    result = process_recording(path, contacts={"right": (strikes, strikes[:-1] + 0.6)}, gait="walk")
    with pytest.raises(ValueError, match="EMG 3"):
        recording_dataset(result)
