"""The explorer's payload and app, without a kernel or a browser."""

from __future__ import annotations

import json

import numpy as np
import pytest

import runmuscles
from runmuscles import body
from runmuscles.apps import GaitExplorer, explorer_payload

PAYLOAD_BUDGET_BYTES = 400_000  # one page load sends this once; keep it small


@pytest.fixture(scope="module")
def run_payload():
    """The default running payload."""
    return explorer_payload("run")


def test_payload_is_json_and_small(run_payload):
    size = len(json.dumps(run_payload))
    assert size < PAYLOAD_BUDGET_BYTES


def test_payload_activation_matches_the_table(run_payload):
    table = runmuscles.load_activation("run")
    assert set(run_payload["act"]) == set(table.columns)
    for muscle, values in run_payload["act"].items():
        np.testing.assert_allclose(values, table[muscle].to_numpy(), atol=5e-4)
        assert len(run_payload["sd"][muscle]) == 101


def test_measured_muscles_are_drawn_coloured_and_others_are_not(run_payload):
    measured = set(runmuscles.load_activation("run").columns)
    catalogue = runmuscles.load_muscles()
    for muscle, how in run_payload["drawn"].items():
        if muscle in measured:
            assert how["style"] == "data"
        else:
            assert how["style"] in {"literature", "none"}
            if how["style"] == "literature":
                assert catalogue.loc[muscle, "evidence"] == "literature"
                assert how["windows"]


def test_muscle_paths_move_with_the_pose(run_payload):
    frames = run_payload["body"]["frames"]
    start = np.array(frames[0]["muscles"]["soleus_r"])
    swing = np.array(frames[70]["muscles"]["soleus_r"])
    assert np.abs(start - swing).max() > 0.05  # metres: the shank moves through the stride
    assert frames[0]["muscles"]["soleus_r"] == [round(v, 3) for v in np.ravel(body.muscle_paths(0, "run")["soleus"])]


def test_jumps_follow_measured_events(run_payload):
    events = runmuscles.load_events("run")["percent"]
    jumps = {j["label"]: j["percent"] for j in run_payload["jumps"]}
    assert jumps["Foot strike"] == 0
    assert jumps["Toe-off"] == round(events["toe_off"])
    assert events["toe_off"] < jumps["Float"] < events["contralateral_foot_strike"]
    assert "Float" not in {j["label"] for j in explorer_payload("walk")["jumps"]}  # walking has no float


def test_walking_payload_has_a_later_toe_off(run_payload):
    walk = explorer_payload("walk")
    assert walk["events"]["toe_off"] > run_payload["events"]["toe_off"] + 15
    assert walk["gait_label"] == "Walking"


def test_app_switches_gait_and_source():
    app = GaitExplorer()
    assert app.view.data["gait"] == "run" and app.view.selected == "soleus"
    app.gait.value = "walk"
    assert app.view.data["gait"] == "walk"
    assert app.source.value == runmuscles.DEFAULT_SOURCES["walk"]
    app.source.value = "santuz2020_synergies"
    assert app.view.data["source"] == "santuz2020_synergies"
    app.threshold.value = 0.5
    assert app.view.threshold == 0.5
    app.muscle.value = "tibialis_anterior"
    assert app.view.selected == "tibialis_anterior"


def test_app_accepts_common_names_and_rejects_unknown_ones():
    assert GaitExplorer(muscle="Tibialis anterior").view.selected == "tibialis_anterior"
    with pytest.raises(ValueError, match="soleus"):
        GaitExplorer(muscle="bicepz femoralis")
    with pytest.raises(ValueError, match="'run', 'walk'"):
        GaitExplorer(gait="hop")


def test_percent_is_clamped():
    app = GaitExplorer()
    app.view.percent = 140
    assert app.view.percent == 100


def test_payload_carries_the_body_map_of_the_same_data_set(run_payload):
    assert run_payload["map"]["source"] == run_payload["source"]
    drawn = {m for m, e in run_payload["map"]["muscles"].items() if e["style"] == "data"}
    assert drawn == set(run_payload["act"])


def test_curve_menu_offers_every_muscle_of_the_body_map():
    app = GaitExplorer()
    values = [v for _, v in app.muscle.options]
    measured = list(runmuscles.load_activation("run").columns)
    assert set(values) == set(runmuscles.load_muscles().index)
    assert set(values[: len(measured)]) == set(measured)  # muscles with a curve first
    app.view.selected = "psoas_major"  # a click on the body map
    assert app.muscle.value == "psoas_major"
    label = dict((v, k) for k, v in app.muscle.options)["psoas_major"]
    assert "no curve here" in label
