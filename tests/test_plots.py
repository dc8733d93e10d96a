"""Static figure builders of the atlas and strength views (no kernel)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runmuscles
from runmuscles.plots import activation_curve_figure, phase_activity_figure

#: A published window as the catalogue gives it (external oblique, around the right foot strike).
WINDOW = {
    "start": 0.0,
    "end": 10.0,
    "reference": "saunders2005",
    "label": "Saunders et al. 2005 · low confidence",
}


@pytest.fixture(scope="module")
def run_tables() -> dict:
    """Default running activation, its SD, phases and toe-off."""
    return {
        "act": runmuscles.load_activation("run"),
        "sd": runmuscles.load_activation_sd("run"),
        "phases": runmuscles.load_phases("run"),
        "toe_off": float(runmuscles.load_events("run").loc["toe_off", "percent"]),
    }


def _shape_names(fig) -> list[str]:
    return [s.name for s in fig.layout.shapes]


def test_curve_has_mean_and_spread_band(run_tables):
    fig = activation_curve_figure(
        run_tables["act"]["soleus"], run_tables["sd"]["soleus"], run_tables["phases"], run_tables["toe_off"]
    )
    spread, mean = fig.data
    assert mean.name == "mean activation"
    assert len(mean.x) == 101 and max(mean.y) == pytest.approx(1.0)
    assert spread.fill == "toself"
    # the band encloses the mean: upper edge above, lower edge below it
    upper, lower = np.asarray(spread.y[:101]), np.asarray(spread.y[101:])[::-1]
    assert (upper >= np.asarray(mean.y) - 1e-9).all() and (lower <= np.asarray(mean.y) + 1e-9).all()
    assert (upper - lower).max() > 0, "the running source has several strides, so the band has width"


def test_curve_has_phase_bands_and_toe_off(run_tables):
    fig = activation_curve_figure(
        run_tables["act"]["soleus"], run_tables["sd"]["soleus"], run_tables["phases"], run_tables["toe_off"]
    )
    names = _shape_names(fig)
    assert [n for n in names if n.startswith("phase:")] == [f"phase:{p}" for p in run_tables["phases"].index]
    toe = [s for s in fig.layout.shapes if s.name == "toe_off"]
    assert len(toe) == 1 and toe[0].x0 == pytest.approx(run_tables["toe_off"])
    assert "own peak" in fig.layout.yaxis.title.text


def test_literature_window_is_a_shape_not_a_curve(run_tables):
    fig = activation_curve_figure(
        None, None, run_tables["phases"], run_tables["toe_off"], [WINDOW], "External oblique"
    )
    assert "literature:saunders2005" in _shape_names(fig)
    window = next(s for s in fig.layout.shapes if s.name == "literature:saunders2005")
    assert (window.x0, window.x1) == (0.0, 10.0)
    # no trace carries a y-curve: no measured curve is drawn for a literature-only muscle
    assert all(len(t.y) == 0 for t in fig.data)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "Saunders et al. 2005" in texts and "low confidence" in texts


def test_no_data_keeps_two_empty_traces_and_says_so(run_tables):
    fig = activation_curve_figure(None, None, run_tables["phases"], empty_text="Not established")
    assert len(fig.data) == 2 and all(len(t.x) == 0 for t in fig.data)
    assert any(a.text == "Not established" for a in fig.layout.annotations)


def test_phase_activity_heatmap_marks_working_cells():
    share = pd.DataFrame(
        {"mid_stance": [0.9, 0.1], "mid_swing": [0.0, 0.5]}, index=["soleus", "tibialis_anterior"]
    )
    fig = phase_activity_figure(share, 0.25, {"soleus": "Soleus"})
    (heat,) = fig.data
    assert heat.type == "heatmap" and (heat.zmin, heat.zmax) == (0, 1)
    assert list(heat.y) == ["Soleus", "tibialis_anterior"]
    assert heat.text[0][0].endswith("●") and not heat.text[0][1].endswith("●")
    assert heat.text[1][1].endswith("●")
