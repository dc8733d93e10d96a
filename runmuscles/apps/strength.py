"""Strength for runners: the articles' exercises, the muscles they load and when those muscles work.

Filter by a muscle or group ("calves", "hamstrings", "soleus") and/or by a stride phase. For each
exercise the table lists the muscles it loads and the phases of the running stride in which each
works (from the activation tables: at or above the threshold for at least a quarter of the phase,
see :func:`runmuscles.atlas.phase_activity`); muscles without running EMG show their evidence
level instead. The heatmap shows the share of each phase in which each listed muscle is active.

Examples
--------
>>> from runmuscles.apps.strength import StrengthExplorer
>>> app = StrengthExplorer()      # last line of a notebook cell displays it
>>> app.query.value = "calves"
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from .. import activation, atlas, muscles
from ..activation import DEFAULT_THRESHOLD
from ..plots import phase_activity_figure
from .a11y import SliderNames
from .coalesce import LatestOnly
from .plotview import PlotView

__all__ = ["StrengthExplorer", "strength_figure"]

_ANY = "any phase"


def strength_figure(
    selection: atlas.StrengthSelection,
    source: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_share: float = atlas.DEFAULT_MIN_SHARE,
) -> go.Figure:
    """Heatmap of the phase shares of the muscles (with running data) that the selection loads.

    Parameters
    ----------
    selection : runmuscles.atlas.StrengthSelection
        From :func:`runmuscles.atlas.select_exercises`.
    source : str, optional
        Running data set (default: the default running source).
    threshold, min_share : float
        As in :func:`runmuscles.atlas.exercise_muscle_map`.

    Returns
    -------
    plotly.graph_objects.Figure
        From :func:`runmuscles.plots.phase_activity_figure`; rows are the loaded muscles that the
        data set has (asked-for muscles first), columns the running phases.
    """
    source = source or activation.default_source("run")
    share = atlas.phase_activity("run", source, threshold)
    rows = selection.rows
    loaded = list(dict.fromkeys(rows.loc[rows["has_data"], "muscle"])) if len(rows) else []
    loaded.sort(key=lambda m: (m not in selection.muscles, list(share.index).index(m)))
    names = muscles.load_muscles()["name"].to_dict()
    short = activation.source_info(source, "run")["title"].split(":")[0]
    title = (
        f"When the loaded muscles work while running ({short}): share of each phase at ≥ {threshold:.0%} "
        f"of own peak; ● = works (≥ {min_share:.0%} of the phase)"
    )
    if not selection.exercises:
        title = "Nothing to show: no exercise matches the filter"
    elif not loaded:
        title = "None of the loaded muscles has running data in this data set"
    return phase_activity_figure(share.loc[loaded], min_share, names, atlas.PHASE_SHORT, title)


class StrengthExplorer(widgets.VBox):
    """The articles' strength exercises mapped to the muscles and stride phases they train.

    Attributes
    ----------
    query : ipywidgets.Combobox
        Muscle or group filter (empty: every muscle).
    phase : ipywidgets.Dropdown
        Stride phase filter.
    threshold : ipywidgets.FloatSlider
        Activity threshold, fraction of each muscle's own peak.
    source : ipywidgets.Dropdown
        Running data set used for the phase mapping.
    message, table : ipywidgets.HTML
        Feedback and the exercise table.
    view : runmuscles.apps.plotview.PlotView
        Phase-share heatmap (``view.figure`` is the plotly figure shown).
    """

    def __init__(self, query: str = "", phase: str | None = None) -> None:
        self.query = widgets.Combobox(
            value=query,
            options=atlas.search_labels(),
            placeholder="any muscle — or calves, hamstrings, soleus …",
            description="Muscle or group",
            ensure_option=False,
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="380px"),
        )
        self.phase = widgets.Dropdown(
            options=[(_ANY, "")] + [(atlas.PHASE_SHORT[p], p) for p in muscles.PHASES],
            value=phase or "",
            description="Stride phase",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="260px"),
        )
        self.threshold = widgets.FloatSlider(
            value=DEFAULT_THRESHOLD,
            min=0.1,
            max=0.9,
            step=0.05,
            description="Active at ≥ (own peak)",
            tooltip="Active at or above this share of the muscle's own peak",
            readout_format=".0%",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="360px"),
        )
        self.source = widgets.Dropdown(
            options=[
                (activation.source_info(s, "run")["title"].split(":")[0], s)
                for s in activation.sources_for("run")
            ],
            description="Data set",
            layout=widgets.Layout(width="320px"),
        )
        self.message = widgets.HTML(layout=widgets.Layout(min_height="24px"))
        first = atlas.select_exercises(query, phase or None, self.source.value, DEFAULT_THRESHOLD)
        self.view = PlotView(strength_figure(first, self.source.value, DEFAULT_THRESHOLD))
        self.table = widgets.HTML()
        self.busy = widgets.HTML(layout=widgets.Layout(min_width="6em"))
        self.updates = LatestOnly(self.refresh, status=self.busy)  # a burst of changes refreshes once
        controls = widgets.HBox(
            [self.query, self.phase, self.threshold, self.source, self.busy], layout=widgets.Layout(flex_flow="row wrap")
        )
        super().__init__([controls, self.message, self.view, self.table, SliderNames()], layout=widgets.Layout(width="100%"))
        self._wire()
        self.refresh(_draw=False)  # the view already shows this selection

    def _wire(self) -> None:
        for control in (self.query, self.phase, self.threshold, self.source):
            control.observe(self._on_change, names="value")

    def _on_change(self, change) -> None:
        self.updates.request()

    def refresh(self, _draw: bool = True) -> StrengthExplorer:
        """Recompute the selection from the controls and update the table and heatmap in place."""
        try:
            source = self.source.value
            threshold = float(self.threshold.value)
            selection = atlas.select_exercises(
                self.query.value, self.phase.value or None, source, threshold, atlas.DEFAULT_MIN_SHARE
            )
            found = atlas.find_muscles(self.query.value)
            colour = "#7a3b00" if found.kind == "none" or not selection.exercises else "#1b3a5c"
            self.message.value = (
                f"<span style='font-size:15px;color:{colour}'>{html.escape(selection.message)}</span>"
            )
            if _draw:
                self.view.show(strength_figure(selection, source, threshold))
            self.table.value = atlas.strength_table_html(selection, source, include_message=False)
        except Exception as err:  # noqa: BLE001 - a dashboard must never show a traceback
            self.message.value = (
                f"<span style='color:#7a3b00'>Could not update ({html.escape(str(err))}).</span>"
            )
        return self
