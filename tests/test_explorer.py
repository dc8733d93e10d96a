"""The explorer's payload and app, without a kernel or a browser."""

from __future__ import annotations

import dataclasses
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


def test_the_page_gets_the_payload_as_one_buffer_of_json():
    """The payload travels as bytes (a binary buffer of the widget message), so neither ipywidgets nor the server
    walks or decodes its thousands of values; the page decodes exactly the payload."""
    from ipywidgets.widgets.widget import _remove_buffers

    app = GaitExplorer()
    state, paths, buffers = _remove_buffers(app.view.get_state())
    assert "payload" not in state and paths == [["payload"]]
    assert json.loads(bytes(buffers[0])) == app.view.data == explorer_payload("run")
    assert "data" not in app.view.keys
    app.gait.value = "walk"
    assert json.loads(app.view.payload)["gait"] == "walk"


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


# ------------------------------------------------------------------ values from the browser are checked


@pytest.fixture
def app_and_sent(monkeypatch):
    """An explorer app and the state keys its view sends back to the browser."""
    app = GaitExplorer()
    sent: list[list[str]] = []
    original = type(app.view).send_state

    def record(self, key=None):
        sent.append(sorted([key] if isinstance(key, str) else list(key or [])))
        return original(self, key=key)

    monkeypatch.setattr(type(app.view), "send_state", record)
    return app, sent


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), "37", None, True, [5], {"a": 1}])
def test_browser_cannot_set_a_nonsense_percent(app_and_sent, bad):
    app, sent = app_and_sent
    app.view.set_state({"percent": 42})
    app.view.set_state({"percent": bad})
    assert app.view.percent == 42
    assert ["percent"] in sent  # the kept value is sent back, so the page shows it


def test_browser_numbers_out_of_range_are_clamped_and_sent_back(app_and_sent):
    app, sent = app_and_sent
    app.view.set_state({"percent": 140.6, "threshold": 1e9, "speed": -2.0})
    assert (app.view.percent, app.view.threshold, app.view.speed) == (100, 0.9, 0.1)
    assert app.threshold.value == 0.9  # the slider follows the view
    assert sent and set(sent[-1]) == {"percent", "threshold", "speed"}
    app.view.set_state({"threshold": float("nan"), "speed": float("inf")})
    assert (app.view.threshold, app.view.speed) == (0.9, 0.1)
    app.view.set_state({"percent": 37.4, "threshold": 0.5, "speed": 0.5})  # good values are taken as sent
    assert (app.view.percent, app.view.threshold, app.view.speed) == (37, 0.5, 0.5)


def test_browser_cannot_select_an_unknown_muscle_or_replace_the_data(app_and_sent):
    app, sent = app_and_sent
    before = app.view.data
    for bad in ["<img src=x onerror=alert(1)>", "quadriceps", 7, None, ""]:
        app.view.set_state({"selected": bad})
        assert app.view.selected == "soleus" and app.muscle.value == "soleus"
    app.view.set_state({"selected": "tibialis_anterior"})
    assert app.muscle.value == "tibialis_anterior"
    payload = app.view.payload
    app.view.set_state({"payload": b'{"muscles": "garbage"}', "playing": "yes"})
    assert app.view.data is before and app.view.payload == payload and app.view.playing is False
    assert ["payload", "playing"] in sent
    app.view.set_state({"data": {"muscles": "garbage"}})  # not a state the page has: ignored
    assert app.view.data is before


def test_python_side_refuses_nonsense_with_a_clear_error():
    import traitlets

    app = GaitExplorer()
    with pytest.raises(traitlets.TraitError, match="finite"):
        app.view.threshold = float("nan")
    with pytest.raises(traitlets.TraitError, match="unknown muscle 'bicepz'.*soleus"):
        app.view.selected = "bicepz"
    app.view.speed = 50
    assert app.view.speed == 1.0


def test_load_error_text_is_escaped(monkeypatch):
    from runmuscles.apps import explorer

    app = GaitExplorer()

    def broken(gait_name, source):
        raise ValueError("<img src=x onerror=alert(1)>")

    monkeypatch.setattr(explorer, "explorer_payload", broken)
    app._load("run", "rajagopal2016")
    assert "<img" not in app.message.value and "&lt;img src=x onerror=alert(1)&gt;" in app.message.value


def test_explorer_js_draws_only_checked_values(run_payload, tmp_path, repo_root):
    """explorer.js, run by Node against a minimal DOM, ignores or clamps every nonsense model value."""
    import re
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    from runmuscles.apps.explorer import view_script

    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(run_payload), encoding="utf-8")
    module = tmp_path / "stride_view.mjs"  # the view's module as the widget loads it (body map + explorer)
    module.write_text(view_script(), encoding="utf-8")
    result = subprocess.run(
        [node, str(repo_root / "tests" / "js" / "explorer_guard.mjs"), str(module), str(payload)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["initial"]["bad"] == []
    for case in report["cases"]:
        assert case["error"] is None and case["bad"] == [], case
        assert re.fullmatch(r"(\d|[1-9]\d|100) % of the stride", case["percent"]), case
        assert case["source"].startswith("Data: Rajagopal 2016"), case  # a broken payload leaves the drawing as it was
    shown = {(c["key"], c["value"]): c["percent"] for c in report["cases"]}
    assert shown[("percent", "NaN")] == "37 % of the stride" and shown[("percent", "1000000000")] == "100 % of the stride"


def test_a_burst_of_gait_and_data_set_changes_loads_one_payload(monkeypatch):
    import asyncio

    from runmuscles.apps import explorer

    loaded = []
    real = explorer.explorer_payload
    monkeypatch.setattr(explorer, "explorer_payload", lambda g, s: loaded.append((g, s)) or real(g, s))

    async def main():
        app = GaitExplorer()
        loaded.clear()
        for k in range(50):
            app.gait.value = "walk" if k % 2 == 0 else "run"
            await asyncio.sleep(0)
        app.source.value = "santuz2020_synergies"
        await app.updates.settled()
        return app

    app = asyncio.run(main())
    assert loaded == [("run", "santuz2020_synergies")]
    assert app.view.data["gait"] == "run" and app.view.data["source"] == "santuz2020_synergies"
    assert app.busy.value == ""


# ---------------------------------------------------------------------------------------------------- shipped payloads


@pytest.mark.parametrize(
    ("gait_name", "source"),
    [(g, d.id) for d in runmuscles.datasets.all_datasets() for g in d.gaits],
)
def test_shipped_payload_is_what_the_tables_give_now(gait_name, source):
    """The payload file a dashboard reads equals a fresh computation from the tables and catalogue (after any
    edit to them, ``python -m runmuscles.build`` must be run)."""
    from runmuscles.apps.explorer import compute_payload, payload_file

    shipped = json.loads((runmuscles._resources.data_file(payload_file(gait_name, source))).read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(compute_payload(gait_name, source)))
    assert explorer_payload(gait_name, source) == shipped


def test_each_payload_is_a_new_object():
    first = explorer_payload("run")
    first["act"]["soleus"][0] = 99.0
    first["muscles"].clear()
    second = explorer_payload("run")
    assert second["act"]["soleus"][0] != 99.0 and second["muscles"]


def test_a_registered_recording_is_computed_and_its_payload_is_read_from_no_file(monkeypatch):
    """With a recording registered, every payload is computed in the kernel (the shipped files describe the
    shipped registry only)."""
    from runmuscles import datasets
    from runmuscles.apps import explorer

    computed = []
    real = explorer.compute_payload
    monkeypatch.setattr(explorer, "compute_payload", lambda g, s: computed.append((g, s)) or real(g, s))
    explorer_payload("walk")
    assert computed == []
    base = datasets.get("santuz2020_raw")
    tables = {(k, "walk"): datasets.table(k, "walk", "santuz2020_raw") for k in datasets.TABLE_KINDS}
    recording = datasets.register(dataclasses.replace(base, id="test_recording", evidence="recording", tables=tables))
    try:
        payload = explorer_payload("walk", recording.id)
        explorer_payload("walk")
    finally:
        datasets.unregister(recording.id)
    assert computed == [("walk", "test_recording"), ("walk", "santuz2020_raw")]
    assert payload["source"] == "test_recording" and payload["evidence"] == "recording"
