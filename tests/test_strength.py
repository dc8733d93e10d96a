"""Phase activity and the strength-for-runners mapping.

Expectations come from running physiology, not from this code's output: the calf (soleus,
gastrocnemius) supports and propels the body in stance and is quiet in swing; the hamstrings brake
the swinging leg in terminal swing; tibialis anterior lifts the foot through swing; the vasti
absorb the landing in the loading response.
"""

from __future__ import annotations

import pandas as pd
import pytest

import runmuscles
from runmuscles import atlas
from runmuscles.apps.strength import StrengthExplorer, strength_figure

RUN_SOURCES = ("rajagopal2016", "santuz2020_synergies")
CALF = ("soleus", "gastrocnemius_medialis", "gastrocnemius_lateralis")
HAMSTRINGS_MEASURED = ("biceps_femoris", "medial_hamstrings", "semitendinosus")  # whichever a source has
VASTI = ("vastus_lateralis", "vastus_medialis")


@pytest.fixture(scope="module", params=RUN_SOURCES)
def works(request) -> dict[str, list[str]]:
    """Phases in which each muscle works, per running data set, at the default threshold and share."""
    return atlas.working_phases(atlas.phase_activity("run", request.param))


# --------------------------------------------------------------------------- phase_share on a toy table


def test_phase_share_counts_the_fraction_of_each_phase_above_threshold():
    percent = pd.Index(range(101), name="percent")
    table = pd.DataFrame({"a": [1.0 if p < 50 else 0.0 for p in percent]}, index=percent)
    phases = pd.DataFrame({"start": [0.0, 25.0, 75.0], "end": [25.0, 75.0, 100.0]}, index=["p1", "p2", "p3"])
    share = atlas.phase_share(table, phases, threshold=0.3)
    assert share.loc["a", "p1"] == pytest.approx(1.0)
    assert share.loc["a", "p2"] == pytest.approx(0.5, abs=0.01)  # active 25-49.x % of a 25-75 % phase
    assert share.loc["a", "p3"] == 0.0
    assert list(share.columns) == ["p1", "p2", "p3"]


def test_threshold_outside_0_1_is_refused():
    with pytest.raises(ValueError, match="0..1"):
        atlas.phase_activity("run", threshold=1.5)
    with pytest.raises(ValueError, match="min_share"):
        atlas.working_phases(atlas.phase_activity("run"), min_share=0)


def test_phase_activity_covers_every_muscle_and_phase():
    share = atlas.phase_activity("run")
    assert set(share.index) == set(runmuscles.load_activation("run").columns)
    assert list(share.columns) == list(runmuscles.load_phases("run").index)
    assert ((share >= 0) & (share <= 1)).all().all()


def test_higher_threshold_never_adds_activity():
    low, high = atlas.phase_activity("run", threshold=0.2), atlas.phase_activity("run", threshold=0.6)
    assert (high <= low).all().all()


# --------------------------------------------------------------------------- named expectations


def test_soleus_works_in_mid_stance_and_propulsion_not_in_swing(works):
    assert {"mid_stance", "propulsion"} <= set(works["soleus"])
    assert not {"initial_swing", "mid_swing"} & set(works["soleus"])


def test_calf_is_quiet_in_the_float_after_toe_off(works):
    for m in CALF:
        assert "initial_swing" not in works[m], m
        assert "mid_stance" in works[m], m


def test_hamstrings_work_in_terminal_swing(works):
    for m in [m for m in HAMSTRINGS_MEASURED if m in works]:
        assert "terminal_swing" in works[m], m
        assert "initial_swing" not in works[m], m


def test_tibialis_anterior_works_through_swing(works):
    assert {"initial_swing", "mid_swing"} <= set(works["tibialis_anterior"])


def test_vasti_absorb_the_landing(works):
    for m in VASTI:
        assert "loading_response" in works[m], m
        assert "initial_swing" not in works[m], m


# --------------------------------------------------------------------------- exercise mapping


def test_every_exercise_muscle_pair_is_mapped_or_has_an_evidence_level():
    table = atlas.exercise_muscle_map()
    assert set(table["exercise"]) == set(runmuscles.load_exercises().index)
    no_data = table[~table["has_data"]]
    assert (no_data["phases"].map(len) == 0).all()
    assert set(no_data["evidence"]) <= {"reconstructed", "literature", "not established"}
    psoas = table[table["muscle"] == "psoas_major"]
    assert not psoas["has_data"].any() and (psoas["evidence"] == "not established").all()


def test_calf_raise_trains_stance_muscles():
    table = atlas.exercise_muscle_map()
    soleus = table[(table["exercise"] == "calf_raise") & (table["muscle"] == "soleus")].iloc[0]
    assert "propulsion" in soleus["phases"] and "mid_swing" not in soleus["phases"]


def test_filter_by_group_and_phase():
    calves = atlas.select_exercises("calves")
    assert "calf_raise" in calves.exercises and "plank" not in calves.exercises
    in_propulsion = atlas.select_exercises("calves", "propulsion")
    assert "calf_raise" in in_propulsion.exercises
    # the calf does not work in mid-swing: no calf exercise is kept for that phase
    assert atlas.select_exercises("calves", "mid_swing").exercises == ()
    hams_late = atlas.select_exercises("hamstrings", "terminal_swing")
    assert {"deadlift", "hip_thrust"} <= set(hams_late.exercises)


def test_filter_by_phase_alone_and_no_filter():
    swing = atlas.select_exercises("", "mid_swing")
    assert "toe_raise" in swing.exercises  # tibialis anterior works through swing
    assert len(atlas.select_exercises().exercises) == len(runmuscles.load_exercises())


def test_wrong_muscle_name_gives_a_message_not_an_error():
    sel = atlas.select_exercises("hamstrngs")
    assert sel.exercises == () and "hamstrings" in sel.message


def test_unknown_phase_is_refused():
    with pytest.raises(ValueError, match="Valid phases"):
        atlas.select_exercises("calves", "flight")


def test_table_shows_dose_with_its_origin_and_unmapped_muscles_with_evidence():
    html = atlas.strength_table_html(atlas.select_exercises("hip flexors"))
    assert "8–12 reps" in html and "not from training trials" in html
    assert "Psoas major" in html and "not established" in html


def test_strength_figure_lists_loaded_measured_muscles_asked_first():
    fig = strength_figure(atlas.select_exercises("hamstrings"))
    (heat,) = fig.data
    assert set(heat.y[:2]) == {"Biceps femoris", "Medial hamstrings"}  # the measured ones
    assert "Psoas major" not in heat.y


# --------------------------------------------------------------------------- app (no kernel)


@pytest.fixture(scope="module")
def app() -> StrengthExplorer:
    """One strength explorer, shared by the app tests."""
    return StrengthExplorer()


def test_app_reacts_to_filters(app):
    everything = app.table.value
    assert "Squat" in everything and "Plank" in everything
    app.query.value = "calves"
    assert "Calf raise" in app.table.value and "Plank" not in app.table.value
    assert "Soleus" in app.view.figure.data[0].y
    app.phase.value = "mid_swing"
    assert "No exercise" in app.message.value
    app.phase.value = ""
    app.query.value = ""


def test_app_threshold_and_source_change_the_heatmap(app):
    app.query.value = "hamstrings"
    z = [list(r) for r in app.view.figure.data[0].z]
    app.threshold.value = 0.7
    assert [list(r) for r in app.view.figure.data[0].z] != z
    app.source.value = "santuz2020_synergies"
    assert "Santuz" in app.view.figure.layout.title.text
    app.threshold.value = 0.3
    app.source.value = "rajagopal2016"
    app.query.value = ""


def test_app_wrong_name_shows_a_friendly_message(app):
    app.query.value = "qwerty"
    assert "No muscle or group" in app.message.value
    assert "Traceback" not in app.table.value
    app.query.value = ""


@pytest.mark.parametrize("attack", ["<img src=x onerror=alert(1)>", "quads <script>alert(1)</script>"])
def test_query_text_is_escaped_in_every_message(app, attack):
    app.query.value = attack
    shown = app.message.value + app.table.value
    assert "<img" not in shown and "<script" not in shown
    assert "&lt;" in shown


def test_a_burst_of_changes_refreshes_once_with_the_last_values(monkeypatch):
    import asyncio

    calls = []
    real = atlas.select_exercises
    monkeypatch.setattr(atlas, "select_exercises", lambda *a, **k: calls.append(a) or real(*a, **k))

    async def main():
        app = StrengthExplorer()
        calls.clear()
        for k in range(60):
            app.query.value = ["calves", "quads", "hamstrings"][k % 3]
            app.threshold.value = [0.2, 0.4, 0.6][k % 3]
            if k % 10 == 0:
                await asyncio.sleep(0)
        await app.updates.settled()
        return app

    app = asyncio.run(main())
    assert len(calls) == 1 and calls[0][0] == "hamstrings" and calls[0][3] == 0.6  # the last change: k = 59
    assert app.busy.value == ""
