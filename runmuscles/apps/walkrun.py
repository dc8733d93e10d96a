"""Walk vs run: the same muscles in both gaits on one time base, with the numbers that compare them.

Figure builders are pure functions (data in, ``go.Figure`` out, no kernel needed);
:class:`WalkRunComparison` composes plain ipywidgets with one :class:`~runmuscles.apps.plotview.PlotView` per view and
updates them in place when the muscle, the data sets or the threshold change.

Examples
--------
>>> from runmuscles.apps.walkrun import WalkRunComparison
>>> app = WalkRunComparison(muscle="soleus")   # last line of a notebook cell displays it
>>> app.muscle.value = "tibialis_anterior"     # every view follows
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import compare
from ..activation import DEFAULT_THRESHOLD
from ..muscles import load_muscles
from ..style import GAIT_LABEL
from .a11y import SliderNames
from .coalesce import LatestOnly
from .plotview import PlotView

__all__ = [
    "GAIT_COLOUR",
    "WalkRunComparison",
    "curves_figure",
    "peaks_figure",
    "phase_ribbon_figure",
    "shift_figure",
    "strides_figure",
    "walkrun_data",
]

#: Colour-blind-safe colours (Okabe-Ito blue and vermillion); walking is also dashed.
GAIT_COLOUR = {"run": "#0072B2", "walk": "#D55E00"}
_DASH = {"run": "solid", "walk": "dash"}

#: Ribbon colours per kind of support (cividis samples: dark = no foot down).
SUPPORT_COLOUR = {
    "stance, one foot down": "#7c7b78",
    "double support": "#c3b369",
    "float (no foot down)": "#00224e",
    "swing, other foot down": "#d9d9d9",
}
_FONT = {"size": 15}


def _category(kind: str, support_kind: str) -> str:
    if support_kind == "float":
        return "float (no foot down)"
    if support_kind == "double support":
        return "double support"
    return "stance, one foot down" if kind == "stance" else "swing, other foot down"


def _muscle_names() -> dict[str, str]:
    return load_muscles()["name"].to_dict()


def phase_ribbon_figure(ribbons: pd.DataFrame) -> go.Figure:
    """Phase ribbons of both gaits, running above walking.

    Parameters
    ----------
    ribbons : pandas.DataFrame
        As returned by :func:`runmuscles.compare.phase_ribbons`.

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar trace per kind of support; x in % of the gait cycle.
    """
    ribbons = ribbons.assign(category=[_category(k, s) for k, s in zip(ribbons["kind"], ribbons["support_kind"])])
    fig = go.Figure()
    for cat, colour in SUPPORT_COLOUR.items():
        part = ribbons[ribbons["category"] == cat]
        fig.add_bar(
            y=[GAIT_LABEL[g] for g in part["gait"]],
            x=(part["end"] - part["start"]).round(1).tolist(),
            base=part["start"].tolist(),
            orientation="h",
            name=cat,
            marker={"color": colour, "line": {"color": "white", "width": 1}},
            customdata=np.column_stack([part["name"], part["start"], part["end"]]) if len(part) else None,
            hovertemplate="%{customdata[0]}: %{customdata[1]:.1f}–%{customdata[2]:.1f} %<extra>%{fullData.name}</extra>",
        )
    annotations = []
    for g in ("run", "walk"):
        part = ribbons[ribbons["gait"] == g]
        to = float(part.loc[part["kind"] == "stance", "end"].max())
        annotations.append(
            {"x": to, "y": GAIT_LABEL[g], "text": f"toe-off {to:.0f} %", "showarrow": True, "arrowhead": 0,
             "ax": 0, "ay": -22, "font": {"size": 13}, "bgcolor": "white"}
        )
    fig.update_layout(
        barmode="overlay",
        height=250,
        margin={"l": 90, "r": 20, "t": 70, "b": 40},
        xaxis={"range": [0, 100], "title": "% of the gait cycle (0 = right foot strike)", "dtick": 10},
        yaxis={"categoryorder": "array", "categoryarray": ["Walking", "Running"]},
        legend={"orientation": "h", "y": 1.45, "x": 0},
        annotations=annotations,
        font=_FONT,
        plot_bgcolor="white",
    )
    return fig


def walkrun_data(
    muscle: str, pairing: str = compare.DEFAULT_PAIRING, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, Any]:
    """Everything the per-muscle views draw, for one muscle and one pair of data sets.

    Returns
    -------
    dict
        ``muscle``, ``name``, ``pairing``, ``threshold`` and, per gait (``"run"``, ``"walk"``): ``source``,
        ``mean``, ``sd`` (101 values each), ``persons`` (DataFrame, units x 101), ``peaks`` (Series of
        per-unit peak %), ``toe_off`` [%] and ``timing`` (a row of :func:`runmuscles.compare.timing_shift`).
    """
    sources = compare.pairing_sources(pairing)
    timing = compare.timing_shift(muscle, pairing, threshold)
    out: dict[str, Any] = {
        "muscle": muscle,
        "name": _muscle_names().get(muscle, muscle),
        "pairing": pairing,
        "threshold": threshold,
    }
    for g, source in sources.items():
        mean, sd = compare.mean_and_sd(g, source, muscle)
        out[g] = {
            "source": source,
            "mean": mean,
            "sd": sd,
            "persons": compare.person_curves(g, source, muscle),
            "peaks": compare.person_peaks(g, source, muscle),
            "toe_off": float(timing.loc[g, "toe_off"]),
            "timing": timing.loc[g],
        }
    return out


def _joined(table: pd.DataFrame) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    x = [float(c) for c in table.columns]
    for _, row in table.iterrows():
        xs += x + [None]
        ys += [float(v) for v in row.to_numpy()] + [None]
    return xs, ys


def curves_figure(data: dict[str, Any], show_people: bool = True) -> go.Figure:
    """One muscle's activation in walking and running on one time base.

    Each gait: mean curve, ± 1 SD band, each person's (or stride's) curve, the peak and the active
    windows (bars under the curves). Vertical lines mark each gait's toe-off.

    Parameters
    ----------
    data : dict
        From :func:`walkrun_data`.
    show_people : bool
        Draw each person's curve (faint).

    Returns
    -------
    plotly.graph_objects.Figure
        Ten traces (five per gait, walking first), always in the same order, so an app can update
        them in place.
    """
    x = list(range(101))
    fig = go.Figure()
    shapes = []
    lane = {"walk": -0.1, "run": -0.18}
    for g in ("walk", "run"):
        d = data[g]
        colour = GAIT_COLOUR[g]
        lo = np.clip(d["mean"] - d["sd"], 0, None)
        hi = d["mean"] + d["sd"]
        fig.add_scatter(
            x=x + x[::-1], y=list(hi) + list(lo[::-1]), fill="toself", fillcolor=colour, opacity=0.18,
            line={"width": 0}, hoverinfo="skip", name=f"{GAIT_LABEL[g]} ± 1 SD", showlegend=True,
        )
        px, py = _joined(d["persons"]) if show_people else ([], [])
        unit = "people" if len(d["persons"]) > 6 else "strides"
        fig.add_scatter(
            x=px, y=py, mode="lines", line={"color": colour, "width": 0.7, "dash": _DASH[g]}, opacity=0.35,
            hoverinfo="skip", name=f"{GAIT_LABEL[g]}: each of {len(d['persons'])} {unit}", connectgaps=False,
        )
        fig.add_scatter(
            x=x, y=list(d["mean"]), mode="lines", line={"color": colour, "width": 3.5, "dash": _DASH[g]},
            name=f"{GAIT_LABEL[g]} ({d['source']})", hovertemplate="%{x} %: %{y:.2f}<extra></extra>",
        )
        peak = float(d["timing"]["peak"])
        fig.add_scatter(
            x=[peak], y=[float(d["mean"][int(peak)])], mode="markers+text",
            marker={"color": colour, "size": 13, "symbol": "diamond", "line": {"color": "white", "width": 1}},
            text=[f"peak {peak:.0f} %"], textposition="top center", textfont={"color": colour, "size": 14},
            name=f"{GAIT_LABEL[g]} peak", showlegend=False,
        )
        wx: list[float | None] = []
        wy: list[float | None] = []
        for a, b in d["timing"]["windows"]:
            wx += [a, b, None]
            wy += [lane[g], lane[g], None]
        fig.add_scatter(
            x=wx, y=wy, mode="lines", line={"color": colour, "width": 9}, connectgaps=False,
            name=f"{GAIT_LABEL[g]}: active ≥ {data['threshold']:.0%}", showlegend=False,
            hovertemplate="active %{x} %<extra></extra>",
        )
        shapes.append(
            {"type": "line", "x0": d["toe_off"], "x1": d["toe_off"], "y0": -0.22, "y1": 1.25,
             "line": {"color": colour, "width": 2, "dash": "dot"}}
        )
    annotations = [
        {"x": data[g]["toe_off"], "y": 1.25, "text": f"{GAIT_LABEL[g].lower()} toe-off", "showarrow": False,
         "xanchor": "left" if g == "walk" else "right", "yanchor": "bottom", "font": {"color": GAIT_COLOUR[g], "size": 13}}
        for g in ("walk", "run")
    ]
    annotations.append(
        {"x": 100, "y": -0.14, "xanchor": "left", "text": "active", "showarrow": False, "font": {"size": 12}}
    )
    fig.update_layout(
        title={"text": f"{data['name']}: walking vs running (each scaled to its own peak in that gait)", "x": 0},
        height=430,
        margin={"l": 60, "r": 60, "t": 60, "b": 50},
        xaxis={"range": [0, 100], "title": "% of the gait cycle (0 = right foot strike)", "dtick": 10},
        yaxis={"range": [-0.24, 1.35], "title": "activation (1 = own peak)", "tickvals": [0, 0.25, 0.5, 0.75, 1]},
        legend={"orientation": "h", "y": -0.22, "x": 0},
        shapes=shapes,
        annotations=annotations,
        font=_FONT,
        plot_bgcolor="white",
    )
    return fig


def peaks_figure(data: dict[str, Any]) -> go.Figure:
    """Peak instant of each person (or stride) in both gaits: where the peak falls, and how much it varies.

    Returns
    -------
    plotly.graph_objects.Figure
        Two box traces with every point (walking, running); x in % of the gait cycle.
    """
    fig = go.Figure()
    for g in ("walk", "run"):
        peaks = data[g]["peaks"]
        fig.add_box(
            x=peaks.tolist(), y=[GAIT_LABEL[g]] * len(peaks), orientation="h", boxpoints="all", jitter=0.4,
            pointpos=0, marker={"color": GAIT_COLOUR[g], "size": 7}, line={"color": GAIT_COLOUR[g]},
            fillcolor="rgba(0,0,0,0)", name=GAIT_LABEL[g], text=peaks.index.tolist(),
            hovertemplate="%{text}: peak at %{x} %<extra></extra>",
        )
    fig.update_layout(
        title={"text": f"{data['name']}: peak timing of each person (or stride)", "x": 0},
        height=240,
        margin={"l": 90, "r": 20, "t": 50, "b": 45},
        xaxis={"range": [0, 100], "title": "% of the gait cycle", "dtick": 10},
        yaxis={"categoryorder": "array", "categoryarray": ["Walking", "Running"]},
        showlegend=False,
        font=_FONT,
        plot_bgcolor="white",
    )
    return fig


def shift_figure(timing: pd.DataFrame, selected: str | None = None) -> go.Figure:
    """Peak of every muscle in walking and running, joined by a line: which bursts move.

    Parameters
    ----------
    timing : pandas.DataFrame
        From :func:`runmuscles.compare.timing_table`.
    selected : str, optional
        Muscle id to highlight.

    Returns
    -------
    plotly.graph_objects.Figure
        Four traces: joining lines, walking peaks, running peaks, highlight ring.
    """
    names = _muscle_names()
    labels = [names.get(m, m) for m in timing.index]
    lx: list[float | None] = []
    ly: list[str | None] = []
    for lab, (w, r) in zip(labels, timing[["walk_peak", "run_peak"]].to_numpy()):
        shift = compare.circular_shift(w, r)
        if 0 <= w + shift <= 100:
            lx += [w, r, None]
            ly += [lab, lab, None]
        else:  # the shorter way round the cycle crosses foot strike (0 % = 100 %)
            edge = 100.0 if shift > 0 else 0.0
            lx += [w, edge, None, 100.0 - edge, r, None]
            ly += [lab, lab, None, lab, lab, None]
    fig = go.Figure()
    fig.add_scatter(x=lx, y=ly, mode="lines", line={"color": "#999999", "width": 2}, hoverinfo="skip",
                    showlegend=False, connectgaps=False)
    for g in ("walk", "run"):
        fig.add_scatter(
            x=timing[f"{g}_peak"].tolist(), y=labels, mode="markers", name=f"{GAIT_LABEL[g]} peak",
            marker={"color": GAIT_COLOUR[g], "size": 12, "symbol": "circle" if g == "run" else "square"},
            hovertemplate="%{y}: %{x} %<extra>" + GAIT_LABEL[g] + "</extra>",
        )
    sel = timing.loc[[selected]] if selected in timing.index else timing.iloc[:0]
    fig.add_scatter(
        x=sel["walk_peak"].tolist() + sel["run_peak"].tolist(), y=[names.get(m, m) for m in sel.index] * 2,
        mode="markers", marker={"size": 22, "color": "rgba(0,0,0,0)", "line": {"color": "black", "width": 2}},
        name="selected", hoverinfo="skip", showlegend=False,
    )
    fig.update_layout(
        title={"text": "Peak of each muscle: walking → running", "x": 0},
        height=120 + 28 * len(timing),
        margin={"l": 190, "r": 20, "t": 50, "b": 45},
        xaxis={"range": [0, 100], "title": "% of the gait cycle", "dtick": 10},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": 1.08, "x": 0},
        font=_FONT,
        plot_bgcolor="white",
    )
    return fig


def strides_figure(strides: pd.DataFrame) -> go.Figure:
    """Cadence and stride time of every person (or stride) in both gaits.

    Parameters
    ----------
    strides : pandas.DataFrame
        From :func:`runmuscles.compare.strides_table`.

    Returns
    -------
    plotly.graph_objects.Figure
        Two panels (cadence [steps/min], stride time [s]); four box traces with every point.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Cadence [steps/min]", "Stride time [s]"),
                        horizontal_spacing=0.14)
    for col, key in ((1, "cadence_spm"), (2, "stride_time_s")):
        for g in ("walk", "run"):
            part = strides[strides["gait"] == g]
            fig.add_box(
                y=part[key].tolist(), x=[GAIT_LABEL[g]] * len(part), boxpoints="all", jitter=0.4, pointpos=0,
                marker={"color": GAIT_COLOUR[g], "size": 7}, line={"color": GAIT_COLOUR[g]},
                fillcolor="rgba(0,0,0,0)", name=GAIT_LABEL[g], showlegend=False, text=part["unit"].tolist(),
                hovertemplate="%{text}: %{y:.3r}<extra></extra>", row=1, col=col,
            )
    fig.update_layout(height=320, margin={"l": 60, "r": 20, "t": 50, "b": 40}, font=_FONT, plot_bgcolor="white")
    return fig


def _f(v: float, digits: int = 0) -> str:
    return f"{v:.{digits}f}"


class WalkRunComparison(widgets.VBox):
    """Walking vs running for one muscle at a time, on one time base.

    Parameters
    ----------
    muscle : str
        Muscle id shown first (default: soleus).
    pairing : str
        Data sets to compare, a key of :data:`runmuscles.compare.PAIRINGS`.
    threshold : float
        "Active" threshold as a fraction of each muscle's own peak (0..1).
    """

    def __init__(
        self,
        muscle: str = "soleus",
        pairing: str = compare.DEFAULT_PAIRING,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        compare.pairing_sources(pairing)  # validates with a clear message
        names = _muscle_names()
        self.pairing = widgets.Dropdown(
            options=[(compare.pairing_label(key), key) for key in compare.PAIRINGS], value=pairing,
            description="Data", layout={"width": "46em"},
        )
        muscles = compare.common_muscles(pairing)
        self.muscle = widgets.Dropdown(
            options=[(names.get(m, m), m) for m in muscles], value=muscle if muscle in muscles else muscles[-1],
            description="Muscle", layout={"width": "22em"},
        )
        self.threshold = widgets.FloatSlider(
            value=threshold, min=0.1, max=0.9, step=0.05, description="Active ≥", readout_format=".0%",
            continuous_update=False, layout={"width": "20em"},
            tooltip="Active at or above this share of the muscle's own peak",
        )
        self.show_people = widgets.Checkbox(value=True, description="Each person's curve", indent=False)
        self.summary = widgets.HTML()
        self.muscle_text = widgets.HTML()
        self.message = widgets.HTML()
        self.honesty = widgets.HTML(self._honesty_html())
        self.busy = widgets.HTML(layout={"min_width": "6em"})
        self._dirty: set[str] = set()  # "pairing", "threshold", "muscle": what changed since the last update
        self.updates = LatestOnly(self._update, status=self.busy)
        # Empty views; the two draw methods fill them (pairing first: it computes the timing table).
        self.ribbons, self.curves, self.peaks, self.shift, self.strides = (PlotView() for _ in range(5))
        self._draw_pairing()
        self._draw_muscle()
        self._wire()
        toolbar = widgets.HBox(
            [self.pairing, self.muscle, self.threshold, self.show_people, self.busy],
            layout={"flex_flow": "row wrap", "align_items": "center"},
        )
        super().__init__(
            [
                toolbar,
                self.message,
                self.summary,
                self.ribbons,
                self.curves,
                self.muscle_text,
                self.peaks,
                self.honesty,
                widgets.HBox([self.shift, self.strides], layout={"flex_flow": "row wrap"}),
                SliderNames(),
            ]
        )
        self.add_class("rm-walkrun-app")

    # ----- drawing -------------------------------------------------------------------------------
    def _draw_pairing(self) -> None:
        pairing = self.pairing.value
        shares = compare.stance_shares(pairing)
        w, r = shares.loc["walk"], shares.loc["run"]
        sym = "" if r["contralateral_measured"] else " (the other foot's events placed by symmetry)"
        self.summary.value = (
            "<div style='font-size:1.05em'>"
            f"<b>Stance</b> (foot on the ground) lasts <b>{_f(w['toe_off'])} %</b> of the cycle in walking "
            f"(SD {_f(w['toe_off_sd'], 1)}) and <b>{_f(r['toe_off'])} %</b> in running (SD {_f(r['toe_off_sd'], 1)}). "
            f"Walking has two <b>double-support</b> phases (both feet down), {_f(w['double_support'])} % of the cycle "
            f"in all; running has two <b>float</b> phases (no foot down), {_f(r['float'])} % in all{sym}. "
            f"<b>Cadence</b>: {_f(w['cadence_spm'])} steps/min walking, {_f(r['cadence_spm'])} running "
            f"(stride time {_f(w['stride_time_s'], 2)} s vs {_f(r['stride_time_s'], 2)} s; "
            f"{int(w['n'])} and {int(r['n'])} {'people' if r['n'] > 6 else 'strides'}).</div>"
        )
        self.ribbons.show(phase_ribbon_figure(compare.phase_ribbons(pairing)))
        self._timing = compare.timing_table(pairing, self.threshold.value)  # _draw_muscle draws the shift
        self.strides.show(strides_figure(compare.strides_table(pairing)))

    def _draw_muscle(self) -> None:
        try:
            data = walkrun_data(self.muscle.value, self.pairing.value, self.threshold.value)
        except Exception as exc:  # noqa: BLE001 -- never show a traceback on a dashboard
            self.message.value = f"<p style='color:#b00'>Could not compute this comparison: {escape(str(exc))}</p>"
            return
        self.message.value = ""
        self.curves.show(curves_figure(data, self.show_people.value))
        self.peaks.show(peaks_figure(data))
        self.shift.show(shift_figure(self._timing, self.muscle.value))
        self.muscle_text.value = self._muscle_html(data)

    @staticmethod
    def _windows(windows: list[tuple[float, float]]) -> str:
        return ", ".join(f"{a:.0f}–{b:.0f} %" for a, b in windows) or "none"

    def _muscle_html(self, data: dict[str, Any]) -> str:
        w, r = data["walk"]["timing"], data["run"]["timing"]
        phase = {k: v.replace("_", " ") for k, v in (("walk", w["peak_phase"]), ("run", r["peak_phase"]))}

        def where(t: pd.Series) -> str:
            if np.isnan(t["peak_in_stance"]):
                return "in swing"
            return f"at {t['peak_in_stance']:.0f} % of stance"

        pw, pr = data["walk"]["peaks"], data["run"]["peaks"]
        shift = compare.circular_shift(float(w["peak"]), float(r["peak"]))
        return (
            "<div style='font-size:1.05em'>"
            f"<b>{escape(data['name'])}</b> peaks at <b>{w['peak']:.0f} %</b> of the walking cycle ({phase['walk']}, "
            f"{where(w)}) and at <b>{r['peak']:.0f} %</b> of the running cycle ({phase['run']}, {where(r)}): "
            f"a shift of {shift:+.0f} % of the cycle. Active (≥ {data['threshold']:.0%} of its own peak) for "
            f"{w['active']:.0f} % of the walking cycle ({self._windows(w['windows'])}) and {r['active']:.0f} % of the "
            f"running cycle ({self._windows(r['windows'])}). Stance holds {w['stance_share']:.0%} of its activity "
            f"area in walking and {r['stance_share']:.0%} in running. "
            f"Person by person the peak falls at {pw.median():.0f} % walking (middle half {pw.quantile(0.25):.0f}–"
            f"{pw.quantile(0.75):.0f} %) and {pr.median():.0f} % running ({pr.quantile(0.25):.0f}–"
            f"{pr.quantile(0.75):.0f} %).</div>"
        )

    @staticmethod
    def _honesty_html() -> str:
        can = "".join(f"<li>{escape(x)}</li>" for x in compare.AMPLITUDE_CAN)
        cannot = "".join(f"<li>{escape(x)}</li>" for x in compare.AMPLITUDE_CANNOT)
        return (
            "<div style='font-size:1.0em'><b>Amplitude: what these curves can and cannot say.</b> Each gait is "
            "scaled to the muscle's own peak in that gait, so both curves reach 1.0. They show:"
            f"<ul>{can}</ul>They cannot show:<ul>{cannot}</ul></div>"
        )

    # ----- wiring --------------------------------------------------------------------------------
    def _wire(self) -> None:
        """Every observer in one place."""
        self.pairing.observe(self._on_pairing, names="value")
        self.muscle.observe(self._on_muscle, names="value")
        self.threshold.observe(self._on_threshold, names="value")
        self.show_people.observe(self._on_muscle, names="value")

    def _on_pairing(self, change: dict) -> None:
        names = _muscle_names()
        muscles = compare.common_muscles(change["new"])
        keep = self.muscle.value if self.muscle.value in muscles else muscles[-1]
        self.muscle.unobserve(self._on_muscle, names="value")
        self.muscle.options = [(names.get(m, m), m) for m in muscles]
        self.muscle.value = keep
        self.muscle.observe(self._on_muscle, names="value")
        self._request("pairing")

    def _on_muscle(self, change: dict) -> None:
        self._request("muscle")

    def _on_threshold(self, change: dict) -> None:
        self._request("threshold")

    def _request(self, what: str) -> None:
        """A burst of changes redraws once, with the controls' values after it."""
        self._dirty.add(what)
        self.updates.request()

    def _update(self) -> None:
        dirty, self._dirty = self._dirty, set()
        if "pairing" in dirty:
            self._draw_pairing()  # also recomputes the timing table at the current threshold
        elif "threshold" in dirty:
            self._timing = compare.timing_table(self.pairing.value, self.threshold.value)
        self._draw_muscle()
