"""Walk vs run: the computed quantities against physiology, and the app without a kernel.

Expectations come from the gait literature summarised in the design notes (running stance roughly
30–45 % of the cycle, walking ~60 %; two float phases in running, two double-support phases in
walking; the calf peaks late in walking stance, at push-off, and around mid-stance in running),
not from this code's output.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from runmuscles import compare

RUN_STANCE_PERCENT = (30.0, 45.0)  # toe-off in running [% of the cycle]
WALK_STANCE_PERCENT = (58.0, 68.0)  # toe-off in walking [% of the cycle]
RUN_FLOAT_PERCENT = (10.0, 35.0)  # both float phases together [% of the cycle]
WALK_DOUBLE_SUPPORT_PERCENT = (15.0, 35.0)  # both double-support phases together [% of the cycle]
WALK_CADENCE_SPM = (90.0, 135.0)  # comfortable treadmill walking [steps/min]
RUN_CADENCE_SPM = (140.0, 200.0)  # recreational running [steps/min]
CALF = ("soleus", "gastrocnemius_medialis", "gastrocnemius_lateralis")
CALF_WALK_PEAK_IN_STANCE = 60.0  # walking: calf peaks in the last 40 % of stance (push-off) [% of stance]
CALF_RUN_PEAK_IN_STANCE = (20.0, 60.0)  # running: around mid-stance [% of stance]
HAMSTRINGS_LATE_SWING = (75.0, 100.0)  # both gaits: hamstrings peak in terminal swing [% of the cycle]
TA_NEAR_FOOT_STRIKE = 15.0  # tibialis anterior peaks within this of foot strike, both gaits [% of the cycle]


@pytest.fixture(scope="module")
def timing():
    """Peak timing table of the default comparison (same 30 people in both gaits)."""
    return compare.timing_table()


@pytest.mark.parametrize("pairing", list(compare.PAIRINGS))
def test_stance_shrinks_and_float_replaces_double_support(pairing):
    shares = compare.stance_shares(pairing)
    walk, run = shares.loc["walk"], shares.loc["run"]
    assert RUN_STANCE_PERCENT[0] <= run["toe_off"] <= RUN_STANCE_PERCENT[1]
    assert WALK_STANCE_PERCENT[0] <= walk["toe_off"] <= WALK_STANCE_PERCENT[1]
    assert RUN_FLOAT_PERCENT[0] <= run["float"] <= RUN_FLOAT_PERCENT[1] and run["double_support"] == 0
    assert WALK_DOUBLE_SUPPORT_PERCENT[0] <= walk["double_support"] <= WALK_DOUBLE_SUPPORT_PERCENT[1]
    assert walk["float"] == 0


@pytest.mark.parametrize("pairing", list(compare.PAIRINGS))
def test_cadence_rises_and_stride_time_falls(pairing):
    shares = compare.stance_shares(pairing)
    walk, run = shares.loc["walk"], shares.loc["run"]
    assert WALK_CADENCE_SPM[0] <= walk["cadence_spm"] <= WALK_CADENCE_SPM[1]
    assert RUN_CADENCE_SPM[0] <= run["cadence_spm"] <= RUN_CADENCE_SPM[1]
    assert run["stride_time_s"] < walk["stride_time_s"]
    # cadence is two steps per stride
    assert run["cadence_spm"] == pytest.approx(120 / run["stride_time_s"], rel=0.02)


def test_phase_ribbons_cover_the_cycle_in_both_gaits():
    ribbons = compare.phase_ribbons()
    for _gait, part in ribbons.groupby("gait"):
        assert part["start"].min() == 0 and part["end"].max() == 100
        assert np.allclose(part["start"].to_numpy()[1:], part["end"].to_numpy()[:-1])
    kinds = ribbons.groupby("gait")["support_kind"].apply(set)
    assert "float" in kinds["run"] and "double support" not in kinds["run"]
    assert "double support" in kinds["walk"] and "float" not in kinds["walk"]
    assert (ribbons.loc[ribbons["support_kind"] == "float", "gait"] == "run").all()
    assert (ribbons["support_kind"] == "float").sum() == 2


@pytest.mark.parametrize("muscle", CALF)
def test_calf_peak_moves_from_late_stance_to_mid_stance(timing, muscle):
    row = timing.loc[muscle]
    assert row["walk_peak_in_stance"] >= CALF_WALK_PEAK_IN_STANCE
    assert CALF_RUN_PEAK_IN_STANCE[0] <= row["run_peak_in_stance"] <= CALF_RUN_PEAK_IN_STANCE[1]
    assert row["shift"] < 0  # earlier in the cycle when running


@pytest.mark.parametrize("muscle", ["biceps_femoris", "semitendinosus"])
def test_hamstrings_peak_in_late_swing_in_both_gaits(timing, muscle):
    for gait in ("walk", "run"):
        assert HAMSTRINGS_LATE_SWING[0] <= timing.loc[muscle, f"{gait}_peak"] <= HAMSTRINGS_LATE_SWING[1]


def test_tibialis_anterior_peaks_near_foot_strike_in_both_gaits(timing):
    for gait in ("walk", "run"):
        peak = timing.loc["tibialis_anterior", f"{gait}_peak"]
        assert min(peak, 100 - peak) <= TA_NEAR_FOOT_STRIKE


def test_person_peaks_spread_and_match_people(timing):
    run = compare.person_peaks("run", "santuz2020_synergies", "soleus")
    walk = compare.person_peaks("walk", "santuz2020_synergies", "soleus")
    assert len(run) == len(walk) == 30 and list(run.index) == list(walk.index)
    assert run.median() < walk.median()


def test_active_windows_split_a_burst_across_foot_strike():
    y = np.zeros(101)
    y[90:] = 1.0
    y[:6] = 1.0
    assert compare.active_windows(y, 0.5) == [(0.0, 5.0), (90.0, 100.0)]
    assert compare.active_windows(np.zeros(101), 0.5) == []


def test_area_share_and_duration_of_known_curves():
    flat = np.ones(101)
    assert compare.area_share(flat, [(0, 40)]) == pytest.approx(0.4, abs=1e-3)
    assert compare.area_share(flat, [(0, 10), (90, 100)]) == pytest.approx(0.2, abs=1e-3)
    assert compare.active_duration(flat, 0.5) == pytest.approx(100.0)
    with pytest.raises(ValueError):
        compare.area_share(np.zeros(101), [(0, 50)])
    with pytest.raises(ValueError):
        compare.area_share(flat, [(50, 40)])


def test_circular_shift_takes_the_short_way_round():
    assert compare.circular_shift(95, 5) == 10
    assert compare.circular_shift(44, 15) == -29


def test_unknown_pairing_lists_the_valid_ones():
    with pytest.raises(ValueError, match="santuz2020_synergies"):
        compare.pairing_sources("nope")


def test_key_findings_state_the_computed_numbers():
    text = compare.key_findings()
    toe_off = compare.stance_shares().loc["run", "toe_off"]
    assert f"{toe_off:.0f} % running" in text and "calf" in text


def test_figures_are_pure_and_keep_their_trace_layout():
    from runmuscles.apps import walkrun

    data = walkrun.walkrun_data("soleus")
    a = walkrun.curves_figure(data)
    b = walkrun.curves_figure(walkrun.walkrun_data("tibialis_anterior"), show_people=False)
    assert isinstance(a, go.Figure) and [t.type for t in a.data] == [t.type for t in b.data]
    assert len(walkrun.phase_ribbon_figure(compare.phase_ribbons()).data) == len(walkrun.SUPPORT_COLOUR)
    assert len(walkrun.strides_figure(compare.strides_table()).data) == 4
    assert len(walkrun.peaks_figure(data).data) == 2


def test_app_constructs_and_follows_a_changed_selection():
    from runmuscles.apps.walkrun import WalkRunComparison

    app = WalkRunComparison(muscle="soleus")
    assert "Soleus" in app.curves.figure.layout.title.text and "Soleus" in app.muscle_text.value
    app.muscle.value = "tibialis_anterior"
    assert "Tibialis anterior" in app.curves.figure.layout.title.text
    assert "Tibialis anterior" in app.peaks.figure.layout.title.text
    before = app.summary.value
    app.pairing.value = "raw_emg"
    assert app.summary.value != before and app.muscle.value == "tibialis_anterior"
    assert "rajagopal2016" in next(t.name for t in app.curves.figure.data if t.name and "Running (" in t.name)
    app.threshold.value = 0.6
    assert "60%" in app.muscle_text.value
    assert app.message.value == ""


def test_walkrun_app_redraws_once_for_a_burst_of_changes(monkeypatch):
    import asyncio

    from runmuscles.apps import walkrun

    computed = []
    real = walkrun.walkrun_data
    monkeypatch.setattr(walkrun, "walkrun_data", lambda *a: computed.append(a) or real(*a))

    async def main():
        app = walkrun.WalkRunComparison()
        computed.clear()
        muscles = list(app.muscle.options)
        for k in range(40):
            app.muscle.value = muscles[k % len(muscles)][1]
            app.threshold.value = [0.3, 0.5][k % 2]
            await asyncio.sleep(0)
        await app.updates.settled()
        return app, muscles

    app, muscles = asyncio.run(main())
    assert computed == [(muscles[39 % len(muscles)][1], app.pairing.value, 0.5)]
    assert app.busy.value == ""
