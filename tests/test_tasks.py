"""The check functions of "Analyse it yourself" accept right answers, reject wrong ones with a hint, never raise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runmuscles
from runmuscles import tasks

CALF = ["soleus", "gastrocnemius_medialis", "gastrocnemius_lateralis"]
#: Where the single runner's soleus peaks [% of the cycle] (the explorer and the atlas show it in early stance).
SOLEUS_RUN_PEAK_PERCENT = 10
#: Where the hamstrings peak in running: terminal swing, braking the leg before landing [% of the cycle].
HAMSTRINGS_RUN_PEAK_RANGE = (85, 92)


def _float_rows(source=None) -> np.ndarray:
    """Rows of the activation table inside the two float phases, found from the events here (not by tasks)."""
    ev = runmuscles.load_events("run", source)["percent"]
    pct = runmuscles.load_activation("run", source).index.to_numpy()
    return ((pct > ev["toe_off"]) & (pct < ev["contralateral_foot_strike"])) | (pct > ev["contralateral_toe_off"])


def test_feedback_shows_as_markdown_and_text():
    right, wrong = tasks.Feedback(True, "Fine."), tasks.Feedback(False, "Off.", "Try this.")
    assert right._repr_markdown_().startswith("✅ **Right.** Fine.") and "Hint" not in right._repr_markdown_()
    assert "**Not yet.** Off." in wrong._repr_markdown_() and "*Hint:* Try this." in wrong._repr_markdown_()
    assert str(wrong) == "Not yet. Off.\nHint: Try this."


@pytest.mark.parametrize("check", [tasks.check_peaks, tasks.check_stance, tasks.check_calf_in_flight,
                                   tasks.check_compare])
@pytest.mark.parametrize("answer", [None, "soleus", [1, 2], {"soleus": "early"}, pd.DataFrame(), True])
def test_no_answer_or_a_wrong_type_gets_a_hint_not_an_error(check, answer):
    feedback = check(answer)
    assert not feedback.correct
    assert feedback.hint


# -- when does each muscle peak?

@pytest.mark.parametrize("gait", runmuscles.GAITS)
def test_peaks_from_the_table_are_right_for_every_data_set(gait):
    for source in runmuscles.sources_for(gait):
        table = runmuscles.load_activation(gait, source)
        peaks = {m: int(np.argmax(table[m].to_numpy())) for m in table.columns}
        feedback = tasks.check_peaks(peaks, gait, source)
        assert feedback.correct, feedback
        assert source in feedback.message


def test_peak_feedback_states_the_findings_of_the_explorer():
    feedback = tasks.check_peaks(runmuscles.load_activation("run").idxmax())
    assert feedback.correct
    assert f"soleus at {SOLEUS_RUN_PEAK_PERCENT} %" not in feedback.message  # soleus peaks in stance ...
    for hamstring in ["medial_hamstrings", "biceps_femoris"]:  # ... the runner's hamstrings in terminal swing
        assert f"{hamstring} at " in feedback.message and "terminal swing" in feedback.message
    assert runmuscles.load_activation("run")["soleus"].idxmax() == SOLEUS_RUN_PEAK_PERCENT
    lo, hi = HAMSTRINGS_RUN_PEAK_RANGE
    assert lo <= runmuscles.load_activation("run")["biceps_femoris"].idxmax() <= hi


def test_peaks_one_percent_off_or_across_foot_strike_are_accepted():
    peaks = runmuscles.load_activation("run").idxmax().astype(float)
    peaks["soleus"] += 1
    peaks["tibialis_anterior"] = (peaks["tibialis_anterior"] + 4) % 100  # 97 % -> 1 %: 4 % away, too far
    assert not tasks.check_peaks(peaks).correct
    peaks["tibialis_anterior"] = (peaks["tibialis_anterior"] - 3.5) % 100  # 97.5 %
    assert tasks.check_peaks(peaks).correct


def test_wrong_peaks_are_named():
    peaks = runmuscles.load_activation("run").idxmax()
    peaks["soleus"] = 60
    feedback = tasks.check_peaks(peaks)
    assert not feedback.correct and "soleus: you have 60 %" in feedback.message


def test_maxima_instead_of_instants_get_their_own_hint():
    feedback = tasks.check_peaks(runmuscles.load_activation("run").max())
    assert not feedback.correct and ".idxmax()" in feedback.hint


def test_a_partial_or_misspelt_answer_says_what_is_missing():
    partial = tasks.check_peaks({"soleus": SOLEUS_RUN_PEAK_PERCENT})
    assert not partial.correct and "10 muscles are missing" in partial.message
    misspelt = tasks.check_peaks({"solues": SOLEUS_RUN_PEAK_PERCENT})
    assert not misspelt.correct and "solues" in misspelt.message and "soleus" in misspelt.hint


def test_a_wrong_gait_or_data_set_lists_the_valid_ones():
    assert "run, walk" in tasks.check_peaks({}, gait="jog").hint
    feedback = tasks.check_stance(30, source="nope")
    assert not feedback.correct and all(s in feedback.hint for s in runmuscles.sources_for("run"))


# -- how long is stance?

@pytest.mark.parametrize("gait", runmuscles.GAITS)
def test_stance_is_toe_off(gait):
    toe_off = float(runmuscles.load_events(gait).loc["toe_off", "percent"])
    assert tasks.check_stance(toe_off, gait).correct
    assert tasks.check_stance(np.float64(toe_off + 0.9), gait).correct
    assert not tasks.check_stance(toe_off + 3, gait).correct


def test_stance_feedback_tells_running_from_walking():
    run = tasks.check_stance(runmuscles.load_events("run").loc["toe_off", "percent"])
    walk = tasks.check_stance(runmuscles.load_events("walk").loc["toe_off", "percent"], "walk")
    assert "well under half" in run.message and "more than half" in walk.message


def test_swing_or_a_fraction_instead_of_stance_gets_its_own_message():
    toe_off = float(runmuscles.load_events("run").loc["toe_off", "percent"])
    assert "*off* the ground" in tasks.check_stance(100 - toe_off).message
    assert "fraction" in tasks.check_stance(toe_off * 0.01).message


# -- is the calf silent in flight?

@pytest.mark.parametrize("source", runmuscles.sources_for("run"))
def test_calf_means_over_float_rows_are_right_and_below_threshold(source):
    table = runmuscles.load_activation("run", source)
    means = table.loc[_float_rows(source), CALF].mean()
    assert (means < runmuscles.DEFAULT_THRESHOLD).all()  # the finding of claim 3
    feedback = tasks.check_calf_in_flight(means, source)
    assert feedback.correct, feedback
    assert "nearly silent in flight" in feedback.message


def test_calf_means_over_the_whole_cycle_or_stance_are_wrong():
    table = runmuscles.load_activation("run")
    whole = tasks.check_calf_in_flight(table[CALF].mean())
    assert not whole.correct and "include stance" in whole.message
    assert not tasks.check_calf_in_flight(table.loc[~_float_rows(), CALF].mean()).correct
    assert "Missing calf muscles: soleus" in tasks.check_calf_in_flight(table[CALF[1:]].mean()).message
    assert "above 1" in tasks.check_calf_in_flight(100 * table.loc[_float_rows(), CALF].mean()).message


# -- compare two data sets

def test_compare_peaks_across_data_sets():
    answer = {s: runmuscles.load_activation("run", s)["soleus"].idxmax() for s in runmuscles.sources_for("run")}
    feedback = tasks.check_compare(answer)
    assert feedback.correct and all(s in feedback.message for s in answer)
    assert feedback.message.count("in stance") == len(answer)  # both data sets: the calf peaks in stance
    off = dict(answer, **{runmuscles.sources_for("run")[-1]: 60})
    assert not tasks.check_compare(off).correct
    one = {k: answer[k] for k in list(answer)[:1]}
    assert "Missing data sets" in tasks.check_compare(one).message


def test_compare_unknown_muscle_lists_valid_ones():
    feedback = tasks.check_compare({}, muscle="psoas")
    assert not feedback.correct and "soleus" in feedback.hint


def test_float_intervals_follow_the_events():
    ev = runmuscles.load_events("run")["percent"]
    (a, b), (c, d) = tasks.float_intervals()
    assert (a, b, c, d) == (ev["toe_off"], ev["contralateral_foot_strike"], ev["contralateral_toe_off"], 100.0)


def test_show_puts_the_figure_in_a_widget_for_voila_and_jupyterlab():
    import plotly.express as px

    from runmuscles.apps.plotview import PlotView

    fig = px.line(runmuscles.load_activation("run")[CALF])
    view = tasks.show(fig)
    assert isinstance(view, PlotView) and view.figure is fig
    assert view.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"][0]["name"] == CALF[0]
