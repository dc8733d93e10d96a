"""The body map's shapes and payload: every muscle drawn, mirrored, and never drawn as more than its evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import runmuscles
from runmuscles import bodymap
from runmuscles.style import activation_lut

REPO = Path(__file__).resolve().parents[1]

#: Muscles with a known evidence level in the shipped catalogue and tables.
MEASURED = "soleus"
RECONSTRUCTED_ONLY = "peroneus_longus"  # only in the synergy reconstruction
LITERATURE_ONLY = "external_oblique"  # Saunders et al. (2005) windows
NOT_ESTABLISHED = "psoas_major"

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def run_payload():
    """The map for the default running data set."""
    return bodymap.map_payload("run")


@pytest.fixture(scope="module")
def raw():
    """The shapes as stored."""
    return bodymap.load_body_map()


def test_every_catalogue_muscle_has_a_shape_on_a_view(raw):
    catalogue = runmuscles.load_muscles()
    for muscle in catalogue.index:
        views = [v for v in bodymap.VIEWS if raw["muscles"].get(muscle, {}).get(v)]
        assert views, f"{muscle} has no shape on any view"
    assert len(catalogue) == len(raw["muscles"])


def test_every_shape_names_a_catalogue_muscle(raw):
    catalogue = set(runmuscles.load_muscles().index)
    assert set(raw["muscles"]) <= catalogue
    for muscle, views in raw["muscles"].items():
        assert set(views) <= {*bodymap.VIEWS, "note"}, muscle
        for view in bodymap.VIEWS:
            for shape in views.get(view, []):
                assert len(shape) >= 3
                # right half of the body, inside the 1000-unit-tall figure
                assert all(0 <= x <= 200 and 0 <= y <= 1000 for x, y in shape), muscle


def test_an_unknown_muscle_in_the_shapes_is_refused(monkeypatch):
    stored = bodymap._raw()
    bad = {**stored, "muscles": {**stored["muscles"], "quadratus_imaginarius": {"front": [[[0, 0], [1, 0], [1, 1]]]}}}
    monkeypatch.setattr(bodymap, "_raw", lambda: bad)
    with pytest.raises(ValueError, match="quadratus_imaginarius"):
        bodymap.load_body_map()


def test_shapes_come_in_mirrored_pairs(run_payload):
    by_key = {(s["muscle"], s["view"], s["side"], k): s["d"] for k, s in _numbered(run_payload["shapes"])}
    rights = [key for key in by_key if key[2] == "r"]
    assert rights and len(rights) * 2 == len(by_key)
    for muscle, view, _, k in rights:
        right = np.array([float(v) for v in NUMBER.findall(by_key[(muscle, view, "r", k)])]).reshape(-1, 2)
        left = np.array([float(v) for v in NUMBER.findall(by_key[(muscle, view, "l", k)])]).reshape(-1, 2)
        np.testing.assert_allclose(left[:, 0], -right[:, 0], atol=0.051)
        np.testing.assert_allclose(left[:, 1], right[:, 1], atol=0.051)


def test_front_view_shows_the_right_side_on_the_viewers_left(run_payload):
    """Seen from the front, the body's right is on the viewer's left; from the back, on the right."""
    for shape in run_payload["shapes"]:
        xs = [float(v) for v in NUMBER.findall(shape["d"])[0::2]]
        mean_x = sum(xs) / len(xs)
        if abs(mean_x) < 2:
            continue
        expected = -1 if (shape["view"] == "front") == (shape["side"] == "r") else 1
        assert np.sign(mean_x) == expected, shape["muscle"]


def _numbered(shapes):
    seen: dict = {}
    for s in shapes:
        key = (s["muscle"], s["view"], s["side"])
        seen[key] = seen.get(key, -1) + 1
        yield seen[key], s


def test_payload_evidence_equals_the_catalogue(run_payload):
    catalogue = runmuscles.load_muscles()
    assert set(run_payload["muscles"]) == set(catalogue.index)
    for muscle, entry in run_payload["muscles"].items():
        assert entry["evidence"] == catalogue.loc[muscle, "evidence"]
        assert entry["name"] == catalogue.loc[muscle, "name"]


@pytest.mark.parametrize("source", runmuscles.activation.sources_for("run"))
def test_only_the_data_sets_own_columns_are_drawn_as_data(source):
    payload = bodymap.map_payload("run", source)
    columns = set(runmuscles.load_activation("run", source).columns)
    drawn = {m for m, e in payload["muscles"].items() if e["style"] == "data"}
    assert drawn == columns
    info = runmuscles.activation.source_info(source, "run")
    assert payload["source_evidence"] == info["evidence"]


def test_a_muscle_measured_elsewhere_says_so_and_is_not_filled(run_payload):
    entry = run_payload["muscles"][RECONSTRUCTED_ONLY]
    assert entry["style"] == "none"
    assert "not in this data set" in entry["note"] and "santuz2020_synergies" in entry["note"]
    table = runmuscles.load_activation("run")
    state = bodymap.map_state(run_payload, table, 20)
    assert state[RECONSTRUCTED_ONLY]["fill"] is None


def test_not_established_gets_no_fill_value(run_payload):
    table = runmuscles.load_activation("run")
    assert run_payload["muscles"][NOT_ESTABLISHED]["evidence"] == "not established"
    assert "not established" in run_payload["muscles"][NOT_ESTABLISHED]["note"]
    for p in range(101):
        state = bodymap.map_state(run_payload, table, p)[NOT_ESTABLISHED]
        assert state == {"style": "none", "level": None, "fill": None, "active": False}


def test_only_data_muscles_are_ever_filled(run_payload):
    table = runmuscles.load_activation("run")
    for p in (0, 15, 45, 90):
        for muscle, state in bodymap.map_state(run_payload, table, p).items():
            assert (state["fill"] is not None) == (muscle in table.columns), (muscle, p)


def test_fill_is_the_colour_table_at_the_measured_level(run_payload):
    table = runmuscles.load_activation("run")
    lut = activation_lut()
    for p in (0, 15, 45):
        state = bodymap.map_state(run_payload, table, p)
        for muscle in table.columns:
            level = float(table.loc[p, muscle])
            assert state[muscle]["level"] == pytest.approx(level, abs=1e-6)
            assert state[muscle]["fill"] == lut[int(np.floor(level * 100 + 0.5))]
            assert state[muscle]["active"] == (level >= runmuscles.DEFAULT_THRESHOLD)


def test_a_literature_muscle_is_active_only_inside_its_window(run_payload):
    catalogue = runmuscles.load_muscles()
    windows = [w for lit in catalogue.loc[LITERATURE_ONLY, "literature"] if lit["gait"] == "run" for w in lit["windows"]]
    assert windows  # the catalogue gives a published window
    table = runmuscles.load_activation("run")
    inside = [p for p in range(101) if any(a <= p <= b for a, b in windows)]
    assert 0 < len(inside) < 101
    for p in range(101):
        state = bodymap.map_state(run_payload, table, p)[LITERATURE_ONLY]
        assert state["active"] == (p in inside), p
        assert state["fill"] is None and state["level"] is None


def test_left_side_of_recorded_muscles_says_it_was_not_recorded(run_payload):
    entry = run_payload["muscles"][MEASURED]
    assert "left" in entry["left_note"] and "right leg" in entry["left_note"]


def test_every_data_set_records_the_right_leg():
    """The left-side note ('records the right leg only') must hold for every data set the map can show."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for _, row in runmuscles.list_sources().iterrows():
        text = f"{row['title']} {row['notes']}"
        table_row = next(line for line in readme.splitlines() if line.startswith(f"| `{row['source']}`"))
        assert "right leg" in text or "right-leg" in table_row, row["source"]


def test_walking_map_uses_walking_windows_only():
    payload = bodymap.map_payload("walk")
    entry = payload["muscles"][LITERATURE_ONLY]
    assert entry["style"] == "none" and not entry["windows"]  # its window is published for running only
    assert "for running" in entry["note"]


def test_payload_is_json_and_small(run_payload):
    assert len(json.dumps(run_payload)) < 80_000


def test_wrong_source_lists_the_valid_ones():
    with pytest.raises(ValueError, match="rajagopal2016"):
        bodymap.map_payload("run", "nope")


def test_state_refuses_a_percent_outside_the_cycle(run_payload):
    with pytest.raises(ValueError, match="0..100"):
        bodymap.map_state(run_payload, runmuscles.load_activation("run"), 101)


def test_licence_and_credit_are_stated(raw):
    assert raw["licence"] == "CC0-1.0"
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert "body_map.json" in readme and "CC0" in readme


# --------------------------------------------------------------------------- the widget of the atlas


def test_widget_data_carries_the_data_sets_activation():
    from runmuscles.apps.bodymap import BodyMapView, body_map_data

    data = body_map_data("run", "santuz2020_synergies")
    table = runmuscles.load_activation("run", "santuz2020_synergies")
    assert set(data["act"]) == set(table.columns)
    for muscle, values in data["act"].items():
        np.testing.assert_allclose(values, table[muscle].to_numpy(), atol=5e-4)
    assert data["lut"] == activation_lut()
    view = BodyMapView.for_source("run", percent=140, selected=MEASURED)
    assert view.percent == 100  # clipped to the cycle
    assert view.data["map"]["source"] == runmuscles.activation.default_source("run")
