"""The muscle atlas: find a muscle by any name and read its card.

A search box accepts ids, names, common names and group words ("quads", "twins", "calves",
"hip flexors"); a group or a partial name fills the muscle menu with its members, a wrong name
shows close matches. The card shows where the muscle sits (highlighted on the runner), its
actions, its running activation curve with spread, phases and toe-off for each data set that
has it, its role phase by phase, the evidence behind it, exercises and the injuries the
articles link to it.

Examples
--------
>>> from runmuscles.apps.atlas import MuscleAtlas
>>> app = MuscleAtlas()            # last line of a notebook cell displays it
>>> app.search.value = "twins"     # the menu now lists the two gastrocnemius heads
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from .. import activation, atlas, body, gait, muscles
from ..plots import activation_curve_figure
from .bodymap import BodyMapView, body_map_data
from .plotview import PlotView

__all__ = ["MuscleAtlas", "atlas_figures", "map_instant"]

_BODY_SIZE = {"width": 330, "height": 420}


def _spread_label(source: str) -> str:
    info = activation.source_info(source, "run")
    if info.get("strides"):
        return f"spread: ±1 SD across {info['strides']} strides"
    return f"spread: ±1 SD across {info['people']} people"


def _short(source: str) -> str:
    return activation.source_info(source, "run")["title"].split(":")[0]


def atlas_figures(muscle_id: str, source: str | None = None) -> tuple[go.Figure, go.Figure]:
    """The two figures of a muscle's card: the runner with the muscle highlighted, and its curve.

    Parameters
    ----------
    muscle_id : str
        Catalogue id.
    source : str, optional
        Running data set; default (or when the data set lacks the muscle): the first running data
        set that has it (:func:`runmuscles.atlas.default_run_source`).

    Returns
    -------
    body_figure, curve_figure : plotly.graph_objects.Figure
        The runner is posed at the muscle's peak (or mid-stance when there is no curve). The curve
        figure comes from :func:`runmuscles.plots.activation_curve_figure`; literature windows are
        shaded rectangles; with no curve and no window it says "not established".
    """
    entry = muscles.load_muscles().loc[muscle_id]
    sources = atlas.run_sources_for(muscle_id)
    if source not in sources:
        source = sources[0] if sources else None
    windows = atlas.literature_windows(muscle_id, "run")
    phases = gait.load_phases("run", source)
    events = gait.load_events("run", source)
    if source is not None:
        curve = activation.load_activation("run", source)[muscle_id]
        sd = activation.load_activation_sd("run", source)[muscle_id]
        info = activation.source_info(source, "run")
        title = f"{entry['name']} while running — {info['evidence']}, {_short(source)}"
        curve_fig = activation_curve_figure(
            curve, sd, phases, events.loc["toe_off", "percent"], windows, title, _spread_label(source)
        )
        peak = float(curve.idxmax())
        pose_at, act = peak, {muscle_id: float(curve.loc[round(peak)])}
        body_title = f"{entry['name']} at its peak ({peak:.0f} % of the cycle)"
    else:
        if windows:
            title = f"{entry['name']} while running — published timing only (literature)"
            empty = "No measured curve: shaded = published window"
            pose_at = windows[0]["start"] + (windows[0]["end"] - windows[0]["start"]) / 2
        else:
            title = f"{entry['name']} while running — not established"
            empty = "Not established: no running EMG and no published timing in our sources"
            pose_at = float(phases.loc["mid_stance", ["start", "end"]].mean())
        curve_fig = activation_curve_figure(
            None, None, phases, events.loc["toe_off", "percent"], windows, title, empty_text=empty
        )
        act = {}
        body_title = f"{entry['name']} (pose at {pose_at:.0f} % of the cycle)"
    has_path = muscle_id in body.muscle_paths(pose_at, "run")
    lit = [muscle_id] if (source is None and windows) else []
    body_fig = body.runner_figure(pose_at, "run", act, highlight=[muscle_id], literature=lit)
    if not has_path:
        body_title = f"No drawing for the {entry['name'].lower()} on this runner"
        body_fig.add_annotation(
            x=0,
            y=1.0,
            text="no drawing for<br>this muscle",
            showarrow=False,
            font={"size": 16, "color": "#555"},
            bgcolor="rgba(255,255,255,0.85)",
        )
    # the curve beside it gives the value; the runner's colour bar would crowd this small view
    body_fig.update_traces(marker_showscale=False, selector={"name": "colorbar"})
    body_fig.update_layout(title={"text": body_title, "font": {"size": 13}}, **_BODY_SIZE)
    return body_fig, curve_fig


def map_instant(muscle_id: str, source: str | None = None) -> tuple[str, int, str]:
    """Which data set and instant the atlas's body map shows for a muscle, and a caption saying so.

    Parameters
    ----------
    muscle_id : str
        Catalogue id.
    source : str, optional
        Running data set of the card (None when no running data set has the muscle).

    Returns
    -------
    map_source : str
        ``source``, or the default running data set when there is none.
    percent : int
        The muscle's peak in ``source``; else the middle of its first published window; else
        mid-stance of ``map_source``.
    caption : str
        One line naming the instant and why it was chosen.

    Examples
    --------
    >>> map_instant("soleus", "rajagopal2016")[0]
    'rajagopal2016'
    >>> map_instant("psoas_major")[2].startswith("Psoas major: no running data")
    True
    """
    name = muscles.load_muscles().loc[muscle_id, "name"]
    map_source = source or activation.default_source("run")
    if source is not None:
        peak = int(activation.load_activation("run", source)[muscle_id].idxmax())
        return map_source, peak, f"{name} at its peak: {peak} % of the stride ({_short(source)})"
    windows = atlas.literature_windows(muscle_id, "run")
    if windows:
        first = windows[0]
        at = round((first["start"] + first["end"]) / 2)
        return map_source, at, (
            f"{name}: inside its published window at {at} % of the stride; other muscles: {_short(map_source)}"
        )
    at = round(float(gait.load_phases("run", map_source).loc["mid_stance", ["start", "end"]].mean()))
    return map_source, at, f"{name}: no running data; map at mid-stance, {at} % ({_short(map_source)})"


class MuscleAtlas(widgets.VBox):
    """One card per muscle: find it, see where it is, when it works while running and how we know.

    Parameters
    ----------
    muscle : str
        Muscle shown first (any name :func:`runmuscles.resolve_muscle` accepts).

    Attributes
    ----------
    search : ipywidgets.Combobox
        Free text: a muscle, a group word or part of a name.
    choice : ipywidgets.Dropdown
        The muscle shown (options: the search's matches, or every muscle).
    source : ipywidgets.Dropdown
        Running data set of the curve (only those that have the muscle).
    message, card : ipywidgets.HTML
        Search feedback; the card's text.
    body_view, curve_view : PlotView
        The runner and the activation curve (``.figure`` holds the plotly figure shown).
    map_view : BodyMapView
        Front and back body map at the muscle's peak (or in its window), the muscle highlighted;
        clicking another muscle on it shows that muscle's card.
    """

    def __init__(self, muscle: str = "soleus") -> None:
        catalogue = muscles.load_muscles()
        self._names = catalogue["name"].to_dict()
        self.search = widgets.Combobox(
            options=atlas.search_labels(),
            placeholder="soleus, quads, twins, calves, hip flexors …",
            description="Find a muscle",
            ensure_option=False,
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="380px"),
        )
        self.choice = widgets.Dropdown(
            options=self._options(catalogue.index), description="Muscle", layout=widgets.Layout(width="340px")
        )
        self.source = widgets.Dropdown(description="Data set", layout=widgets.Layout(width="360px"))
        self.message = widgets.HTML(layout=widgets.Layout(min_height="28px"))
        asked = atlas.find_muscles(muscle)
        first = asked.muscles[0] if asked.muscles else "soleus"
        body_fig, curve_fig = atlas_figures(first)
        self.body_view = PlotView(body_fig, layout=widgets.Layout(width="350px"))
        self.curve_view = PlotView(curve_fig, layout=widgets.Layout(flex="1 1 560px", min_width="520px"))
        self.map_view = BodyMapView(layout=widgets.Layout(width="330px"))
        self.card = widgets.HTML()
        self._busy = False
        self._shown = (first, atlas.default_run_source(first))
        controls = widgets.HBox(
            [self.search, self.choice, self.source], layout=widgets.Layout(flex_flow="row wrap")
        )
        figures = widgets.HBox(
            [self.map_view, self.body_view, self.curve_view],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        super().__init__([controls, self.message, figures, self.card], layout=widgets.Layout(width="100%"))
        self._wire()
        self.show(first)
        if asked.kind == "none":
            self._say(asked.message, "warn")

    # ------------------------------------------------------------------ wiring

    def _wire(self) -> None:
        self.search.observe(self._on_search, names="value")
        self.choice.observe(self._on_choice, names="value")
        self.source.observe(self._on_source, names="value")
        self.map_view.observe(self._on_map, names="selected")

    def _options(self, ids) -> list[tuple[str, str]]:
        return [(self._names[m], m) for m in ids]

    def _say(self, text: str, kind: str = "info") -> None:
        colour = {"info": "#1b3a5c", "warn": "#7a3b00"}[kind]
        self.message.value = f"<span style='font-size:15px;color:{colour}'>{html.escape(text)}</span>"

    # ------------------------------------------------------------------ handlers

    def _on_search(self, change) -> None:
        try:
            found = atlas.find_muscles(change["new"])
            if found.kind == "none":
                self._say(found.message, "warn")
                return
            self._say(found.message if found.kind != "muscle" else "")
            self._busy = True
            try:
                self.choice.options = self._options(found.muscles)
                self.choice.value = found.muscles[0]
            finally:
                self._busy = False
            self._show_selected()
        except Exception as err:  # noqa: BLE001 - a dashboard must never show a traceback
            self._say(f"Something went wrong with that search ({err}); try another name.", "warn")

    def _on_choice(self, change) -> None:
        if not self._busy and change["new"]:
            self._show_selected()

    def _on_source(self, change) -> None:
        if not self._busy and change["new"]:
            self._render(self.choice.value, change["new"])

    def _on_map(self, change) -> None:
        if change["new"] and change["new"] != self.choice.value:
            self.show(change["new"])

    # ------------------------------------------------------------------ drawing

    def show(self, muscle: str) -> MuscleAtlas:
        """Show a muscle's card (any accepted name); a wrong name shows a friendly message."""
        found = atlas.find_muscles(muscle)
        if found.kind == "none" or not found.muscles:
            self._say(found.message, "warn")
            return self
        mid = found.muscles[0]
        self._busy = True
        try:
            if mid not in dict(self.choice.options).values():
                self.choice.options = self._options(muscles.load_muscles().index)
            self.choice.value = mid
        finally:
            self._busy = False
        self._show_selected()
        return self

    def _show_selected(self) -> None:
        mid = self.choice.value
        sources = atlas.run_sources_for(mid)
        self._busy = True
        try:
            if sources:
                self.source.options = [(_short(s), s) for s in sources]
                self.source.value = sources[0]
                self.source.disabled = len(sources) == 1
            else:
                self.source.options = [("no running data for this muscle", "")]
                self.source.value = ""
                self.source.disabled = True
        finally:
            self._busy = False
        self._render(mid, sources[0] if sources else None)

    def _render(self, mid: str, source: str | None) -> None:
        try:
            if (mid, source) != self._shown:
                body_fig, curve_fig = atlas_figures(mid, source)
                self.body_view.show(body_fig)
                self.curve_view.show(curve_fig)
                self._shown = (mid, source)
            map_source, percent, caption = map_instant(mid, source)
            with self.map_view.hold_sync():
                self.map_view.data = body_map_data("run", map_source)
                self.map_view.percent = percent
                self.map_view.caption = caption
                self.map_view.selected = mid
            self.card.value = atlas.muscle_card_html(mid, source)
        except Exception as err:  # noqa: BLE001 - a dashboard must never show a traceback
            self._say(f"Could not draw this muscle ({err}).", "warn")
