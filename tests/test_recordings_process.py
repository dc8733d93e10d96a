"""A recording through the pipeline: every lab file, the Santuz upload against the shipped curves, special channels."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import runmuscles
from runmuscles.recordings import RecordingError, process_recording

HERE = Path(__file__).parent / "data" / "recordings"
SANTUZ = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_emg.csv"
SANTUZ_CONTACTS = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_cycles.csv"

#: The Santuz labels that are ambiguous in general labs, mapped as the shipped table maps them. The other
#: seven (RF VM VL ST BF TA PL) are read from the labels.
SANTUZ_MAPPING = [
    "ME=gluteus_medius",
    "MA=gluteus_maximus",
    "FL=tensor_fasciae_latae",
    "GM=gastrocnemius_medialis",
    "GL=gastrocnemius_lateralis",
    "SO=soleus",
]
#: The shipped tables are written with 5 decimals.
TABLE_TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def santuz(raw_dir):
    """The Santuz walking CSV processed as an upload, with its contacts table and the mapping above."""
    return process_recording(raw_dir / SANTUZ, contacts=raw_dir / SANTUZ_CONTACTS, mapping=SANTUZ_MAPPING)


def test_santuz_upload_reproduces_the_shipped_walking_curves(santuz):
    shipped = runmuscles.load_activation("walk", "santuz2020_raw")
    shipped_sd = runmuscles.load_activation_sd("walk", "santuz2020_raw")
    assert sorted(santuz.activation.columns) == sorted(shipped.columns)
    assert list(santuz.activation.index) == list(shipped.index) == list(range(101))
    np.testing.assert_allclose(santuz.activation[shipped.columns].to_numpy(), shipped.to_numpy(), atol=TABLE_TOLERANCE)
    np.testing.assert_allclose(santuz.activation_sd[shipped.columns].to_numpy(), shipped_sd.to_numpy(), atol=TABLE_TOLERANCE)


def test_santuz_upload_reproduces_the_shipped_events_and_phases(santuz):
    shipped = runmuscles.load_events("walk", "santuz2020_raw")
    ours = santuz.events.set_index("event")
    for event in shipped.index:
        assert ours.loc[event, "percent"] == pytest.approx(shipped.loc[event, "percent"], abs=TABLE_TOLERANCE)
        assert bool(ours.loc[event, "measured"]) == bool(shipped.loc[event, "measured"])
        assert ours.loc[event, "n"] == shipped.loc[event, "n"]
    shipped_phases = runmuscles.load_phases("walk", "santuz2020_raw")
    ours_phases = santuz.phases.set_index("phase")
    pd.testing.assert_frame_equal(ours_phases.loc[shipped_phases.index, ["start", "end"]], shipped_phases[["start", "end"]])
    report = santuz.report
    assert report["events"]["right"]["source"] == "contacts table" and report["events"]["right"]["strides"] == 5
    assert report["gait"]["value"] == "walk" and "stance share" in report["gait"]["how"]


def test_santuz_without_a_mapping_keeps_ambiguous_labels(raw_dir):
    result = process_recording(raw_dir / SANTUZ, contacts=raw_dir / SANTUZ_CONTACTS)
    columns = set(result.activation.columns)
    assert {"ME", "MA", "FL", "GM", "GL", "SO"} <= columns
    assert {"rectus_femoris", "vastus_medialis", "tibialis_anterior", "peroneus_longus"} <= columns
    assert any("SO: not mapped" in w and "--map 'SO=MUSCLE'" in w for w in result.report["warnings"])


#: Every lab file: expected (strides per side, muscles mapped, event source) or the exit-2 message.
EXPECTED = {
    "vicon-nexus_walk_gaitalytics.c3d": ({"right": 2, "left": 2}, 12, "file events"),
    "vicon-nexus_walk_btk-pig-flatfoot.c3d": ({"right": 3, "left": 2}, 8, "file events"),
    "motion-analysis_walk_c3dorg-sample10_type2.c3d": ({"right": 2, "left": 1}, 4, "markers (Zeni et al. 2008)"),
    "motion-analysis_walk_c3dorg-sample10_type4.c3d": ({"right": 2, "left": 1}, 4, "markers (Zeni et al. 2008)"),
    "vicon-nexus_treadmill-walk_no-emg_gaitalytics.c3d": "no usable EMG channel (mains pick-up, not EMG)",
    "bts-elite_emg-only_no-events_btk.c3d": "no right or left foot strikes to cut strides at",
    "csv_single-channel_no-header_bmclab.csv": "no right or left foot strikes to cut strides at",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_lab_file(name):
    expected = EXPECTED[name]
    if isinstance(expected, str):
        with pytest.raises(RecordingError) as error:
            process_recording(HERE / name, side="both")
        message = str(error.value)
        assert expected in message and "\n" not in message
        assert ("--contacts" in message) == ("foot strikes" in expected)
        return
    strides, mapped, source = expected
    result = process_recording(HERE / name, side="both")
    report = result.report
    assert {s: report["events"][s]["strides"] for s in report["sides"]} == strides
    assert all(report["events"][s]["source"] == source for s in report["sides"])
    assert sum(1 for c in report["channels_used"] if c["muscle"]) == mapped
    activation = result.activation
    assert activation.shape[0] == 101 and activation.index.name == "percent"
    assert np.allclose(activation.max(), 1.0) and (activation.min() >= 0).all()
    assert all(c.endswith(("_right", "_left")) for c, m in zip(activation.columns, _muscles(result)) if m)


def _muscles(result):
    return [c.muscle for side in result.sides.values() for c in side.channels]


def test_type2_and_type4_give_the_same_curves():
    a = process_recording(HERE / "motion-analysis_walk_c3dorg-sample10_type2.c3d", side="both")
    b = process_recording(HERE / "motion-analysis_walk_c3dorg-sample10_type4.c3d", side="both")
    pd.testing.assert_frame_equal(a.activation, b.activation)
    pd.testing.assert_frame_equal(a.events, b.events)


def test_unusable_channels_are_reported_with_reasons():
    result = process_recording(HERE / "vicon-nexus_walk_gaitalytics.c3d")
    reasons = {c["label"]: c["reason"] for c in result.report["channels_left_out"]}
    assert reasons["Voltage.15"].startswith("not EMG") and "on/off" in reasons["Voltage.15"]
    assert reasons["Voltage.FootswitchA"] == "foot switch channel"
    assert "Voltage.RTA" not in reasons


def _synthetic_csv(path: Path, rate: float, channels: dict[str, np.ndarray]) -> None:
    t = np.arange(len(next(iter(channels.values())))) / rate
    pd.DataFrame({"time": t, **channels}).to_csv(path, index=False)


def _bursts(rate: float, seconds: float = 6.0, centre: float = 0.3, seed: int = 0) -> np.ndarray:
    t = np.arange(0, seconds, 1 / rate)
    return np.random.default_rng(seed).normal(size=t.size) * (0.05 + np.exp(-(((t % 1.0) - centre) / 0.06) ** 2))


STRIDES = {"right": (np.arange(0.0, 6.0), np.arange(0.0, 5.0) + 0.62)}


def test_noise_is_never_drawn_as_muscle_activity(tmp_path):
    path = tmp_path / "noise.csv"
    rate = 1000.0
    _synthetic_csv(path, rate, {"R_TA": _bursts(rate), "R_SOL": np.random.default_rng(5).normal(size=6000)})
    result = process_recording(path, contacts=STRIDES, gait="walk")
    assert list(result.activation.columns) == ["tibialis_anterior"]
    (left_out,) = result.report["channels_left_out"]
    assert left_out["label"] == "R_SOL" and "noise" in left_out["reason"]


def test_rectified_channels_skip_band_pass_and_rectification(tmp_path):
    path = tmp_path / "rectified.csv"
    rate = 1000.0
    raw = _bursts(rate, centre=0.4)
    _synthetic_csv(path, rate, {"R_TA": raw, "R_VL": np.abs(raw)})
    result = process_recording(path, contacts=STRIDES, gait="walk")
    used = {c["label"]: c for c in result.report["channels_used"]}
    assert used["R_VL"]["signal"] == "rectified" and "low-pass only" in used["R_VL"]["processing"]
    assert used["R_TA"]["signal"] == "raw"
    # both peak where the bursts are (40 % of the stride)
    assert abs(int(result.activation["vastus_lateralis"].idxmax()) - 40) <= 2
    assert abs(int(result.activation["tibialis_anterior"].idxmax()) - 40) <= 2


def test_low_sampling_rate_lowers_the_band_pass(tmp_path):
    path = tmp_path / "slow.csv"
    rate = 500.0
    _synthetic_csv(path, rate, {"R_TA": _bursts(rate)})
    result = process_recording(path, contacts=STRIDES, gait="walk")
    assert result.report["settings"]["band_pass_hz"] == [20.0, 237.5]
    assert any("237.5 Hz" in w for w in result.report["warnings"])
    assert abs(int(result.activation["tibialis_anterior"].idxmax()) - 30) <= 2


def test_explicit_mapping_for_unlabelled_channels(tmp_path):
    path = tmp_path / "unlabelled.csv"
    rate = 1000.0
    _synthetic_csv(path, rate, {"EMG 1": _bursts(rate), "EMG 2": _bursts(rate, centre=0.7, seed=1)})
    result = process_recording(path, contacts=STRIDES, mapping=["EMG 1=tibialis_anterior", "EMG 2=soleus"], gait="walk")
    assert list(result.activation.columns) == ["tibialis_anterior", "soleus"]
    with pytest.raises(ValueError, match="no channel 'EMG 9' to map; its channels are: EMG 1, EMG 2"):
        process_recording(path, contacts=STRIDES, mapping=["EMG 9=soleus"])


def test_bad_arguments():
    with pytest.raises(ValueError, match="valid sides"):
        process_recording(HERE / "vicon-nexus_walk_gaitalytics.c3d", side="middle")
    with pytest.raises(ValueError, match="valid gaits"):
        process_recording(HERE / "vicon-nexus_walk_gaitalytics.c3d", gait="hop")


@pytest.mark.parametrize("module", ["read", "channels", "events", "process", "command", "__init__"])
def test_docstring_examples_run(module):
    name = "runmuscles.recordings" + ("" if module == "__init__" else f".{module}")
    failures, tried = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_left_cycle_starts_at_the_left_foot_strike():
    result = process_recording(HERE / "vicon-nexus_walk_gaitalytics.c3d", side="left")
    phases = result.phases.set_index("phase")
    assert phases.loc["mid_stance", "support"] == "single support (left foot)"
    assert phases.loc["initial_swing", "support"] == "single support (right foot)"
    events = result.events.set_index("event")
    # the other foot's events come from the file too, so they are measured, not placed by convention
    assert bool(events.loc["contralateral_foot_strike", "measured"])
    assert 40 < events.loc["contralateral_foot_strike", "percent"] < 60
    assert set(result.activation.columns) >= {"tibialis_anterior", "rectus_femoris"}
    assert all(c["side"] == "left" for c in result.report["channels_used"])


def test_contact_columns_in_a_csv(tmp_path):
    """A CSV with a 0/1 contact column per foot: strides come from it, and it is not taken for EMG."""
    rate = 1000.0
    t = np.arange(0, 6, 1 / rate)
    path = tmp_path / "with_contacts.csv"
    _synthetic_csv(path, rate, {
        "R_TA": _bursts(rate),
        "contact_right": ((t % 1.0) < 0.62).astype(float),
        "contact_left": (((t - 0.5) % 1.0) < 0.62).astype(float),
    })
    result = process_recording(path, side="both", gait="walk")
    assert result.report["events"]["right"]["source"] == "contact columns"
    # the right foot is down from the first sample, so its first strike is at 1 s: strikes at 1..5 s
    assert result.report["events"]["right"]["strides"] == 4
    events = result.sides["right"].events
    assert events.loc["toe_off", "percent"] == pytest.approx(62.0, abs=0.2)
    assert events.loc["contralateral_foot_strike", "percent"] == pytest.approx(50.0, abs=0.2)
    left_out = {c["label"]: c["reason"] for c in result.report["channels_left_out"]}
    assert left_out == {"contact_right": "foot switch channel", "contact_left": "foot switch channel"}
