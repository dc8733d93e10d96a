"""Claims vs evidence: browse the nine article claims, each with its verdict and the plot that decides it.

:func:`claim_figure` is a pure builder (a :class:`runmuscles.claims.ClaimResult` in, ``go.Figure``
out); :class:`ClaimsBrowser` composes plain ipywidgets with one plot view that shows the
chosen claim's figure.

Examples
--------
>>> from runmuscles.apps.claims import ClaimsBrowser
>>> app = ClaimsBrowser()        # last line of a notebook cell displays it
>>> app.claim.value = 3          # show claim 3
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import activity
from .. import claims as _claims
from ..activation import load_activation
from ..gait import load_events, load_phases, load_strides
from ..muscles import load_muscles
from .plotview import PlotView

__all__ = ["VERDICT_STYLE", "ClaimsBrowser", "claim_figure", "source_label", "verdict_badge"]

#: Badge colours per verdict (colour-blind-safe; the verdict is always also written out).
VERDICT_STYLE = {
    "supported": ("#0072B2", "white"),
    "partly supported": ("#E69F00", "black"),
    "contradicted": ("#D55E00", "white"),
    "unsupported (our data cannot decide)": ("#BBBBBB", "black"),
}
REGION_COLOUR = {"stance": "#7c7b78", "float": "#00224e", "rest_of_swing": "#d9d9d9"}
_LINE_STYLES = ("solid", "dash", "dot", "dashdot")
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
_FONT = {"size": 15}


def source_label(source: str) -> str:
    """A running data set's label: its id and how many people and strides stand behind it.

    Examples
    --------
    >>> source_label("santuz2020_synergies")
    'santuz2020_synergies (30 people)'
    """
    return f"{source} ({activity.who(source, 'run')})"


def _names() -> dict[str, str]:
    return load_muscles()["name"].to_dict()


def verdict_badge(verdict: str) -> str:
    """HTML badge for a verdict (colour plus the verdict written out)."""
    bg, fg = VERDICT_STYLE[verdict]
    return (
        f"<span style='background:{bg};color:{fg};padding:0.15em 0.6em;border-radius:0.8em;"
        f"font-weight:bold;white-space:nowrap'>{escape(verdict)}</span>"
    )


def _shares_figure(result: _claims.ClaimResult) -> go.Figure:
    ev = result.evidence
    names = _names()
    labels = [f"{names.get(m, m)} · {source_label(s)}" for m, s in zip(ev["muscle"], ev["source"])]
    fig = go.Figure()
    for region in _claims.REGIONS:
        fig.add_bar(
            y=labels, x=ev[region].tolist(), orientation="h", name=_claims.REGION_LABEL[region],
            marker={"color": REGION_COLOUR[region]}, text=[f"{v:.0%}" for v in ev[region]],
            textposition="inside", insidetextanchor="middle",
            textfont={"color": "white" if region != "rest_of_swing" else "black"},
            hovertemplate="%{y}: %{x:.1%}<extra>" + _claims.REGION_LABEL[region] + "</extra>",
        )
    if "stance_time" in ev:
        fig.add_scatter(
            y=labels, x=ev["stance_time"].tolist(), mode="markers", name="stance duration (share of the cycle)",
            marker={"symbol": "line-ns", "size": 34, "line": {"width": 3, "color": "#E69F00"}},
            hovertemplate="stance lasts %{x:.0%} of the cycle<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=230 + 55 * len(ev),
        margin={"l": 20, "r": 20, "t": 110, "b": 50},
        xaxis={"range": [0, 1], "tickformat": ".0%", "title": "share of the activity area (area under activation)"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        shapes=[{"type": "line", "x0": _claims.MAINLY, "x1": _claims.MAINLY, "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"color": "black", "dash": "dot", "width": 2}}],
        annotations=[{"x": _claims.MAINLY, "yref": "paper", "y": 1.0, "yanchor": "bottom", "showarrow": False,
                      "text": "half", "font": {"size": 13}, "yshift": -18}],
        font=_FONT,
        plot_bgcolor="white",
    )
    return fig


def _curves_figure(result: _claims.ClaimResult) -> go.Figure:
    names = _names()
    sources = list(dict.fromkeys(result.evidence["source"]))
    fig = make_subplots(
        rows=len(sources), cols=1, shared_xaxes=True, vertical_spacing=0.12,
        subplot_titles=[source_label(s) for s in sources],
    )
    shapes = []
    for row, source in enumerate(sources, start=1):
        table = load_activation("run", source)
        ev = load_events("run", source)["percent"]
        to, cfs, cto = ev["toe_off"], ev["contralateral_foot_strike"], ev["contralateral_toe_off"]
        xref = "x" if row == 1 else f"x{row}"
        yref = "y domain" if row == 1 else f"y{row} domain"
        for a, b in ((to, cfs), (cto, 100.0)):
            shapes.append({"type": "rect", "xref": xref, "yref": yref, "x0": a, "x1": b, "y0": 0, "y1": 1,
                           "fillcolor": "#00224e", "opacity": 0.12, "line": {"width": 0}, "layer": "below"})
        if result.number in (5, 6):
            # claim 5: the first half of stance ("the beginning of the step"); claim 6: loading response
            lr = load_phases("run", source).loc["loading_response"]
            x0, x1 = (0.0, to / 2) if result.number == 5 else (float(lr["start"]), float(lr["end"]))
            shapes.append({"type": "rect", "xref": xref, "yref": yref, "x0": x0, "x1": x1, "y0": 0, "y1": 1,
                           "fillcolor": "#E69F00", "opacity": 0.15, "line": {"width": 0}, "layer": "below"})
        shapes.append({"type": "line", "xref": xref, "yref": "y" if row == 1 else f"y{row}", "x0": 0, "x1": 100,
                       "y0": _claims.ACTIVE, "y1": _claims.ACTIVE, "line": {"color": "black", "dash": "dot", "width": 1}})
        for k, m in enumerate(result.evidence.loc[result.evidence["source"] == source, "muscle"]):
            fig.add_scatter(
                x=list(range(101)), y=table[m].tolist(), mode="lines", name=names.get(m, m),
                legendgroup=m, showlegend=row == 1,
                line={"color": _COLOURS[k % 4], "dash": _LINE_STYLES[k % 4], "width": 3},
                hovertemplate="%{x} %: %{y:.2f}<extra>" + escape(names.get(m, m)) + "</extra>",
                row=row, col=1,
            )
        fig.update_yaxes(range=[0, 1.05], title_text="activation", row=row, col=1)
    fig.update_xaxes(range=[0, 100], dtick=10)
    orange = {5: "first half of stance", 6: "loading response"}
    fig.update_xaxes(title_text=f"% of the running cycle (dark bands: float; orange: {orange[result.number]})"
                     if result.number in orange else "% of the running cycle (dark bands: float = flight)",
                     row=len(sources), col=1)
    fig.update_layout(
        height=230 + 220 * len(sources), margin={"l": 70, "r": 20, "t": 90, "b": 60}, shapes=shapes,
        legend={"orientation": "h", "y": 0.99, "yanchor": "top", "x": 1, "xanchor": "right", "yref": "container"},
        font=_FONT, plot_bgcolor="white",
    )
    return fig


def _cadence_figure(result: _claims.ClaimResult) -> go.Figure:
    fig = go.Figure()
    lo, hi = _claims.CADENCE_PER_LEG_SPM
    for k, source in enumerate(result.evidence["source"]):
        s = load_strides("run", source)
        label = source_label(source)
        fig.add_box(
            x=s["cadence_spm"].tolist(), y=[label] * len(s), orientation="h", boxpoints="all", jitter=0.4,
            pointpos=0, marker={"color": _COLOURS[k % 4], "size": 8}, line={"color": _COLOURS[k % 4]},
            fillcolor="rgba(0,0,0,0)", name=label, text=s["unit"].astype(str).tolist(),
            hovertemplate="%{text}: %{x:.0f} steps/min<extra></extra>",
        )
    fig.update_layout(
        height=330, margin={"l": 20, "r": 20, "t": 40, "b": 50}, showlegend=False,
        xaxis={"title": "cadence [steps per minute, both feet]", "range": [130, 195]},
        yaxis={"automargin": True},
        shapes=[
            {"type": "rect", "xref": "x", "yref": "paper", "x0": lo, "x1": hi, "y0": 0, "y1": 1,
             "fillcolor": "#E69F00", "opacity": 0.15, "line": {"width": 0}, "layer": "below"},
            {"type": "line", "xref": "x", "yref": "paper", "x0": _claims.CADENCE_CLAIM_SPM,
             "x1": _claims.CADENCE_CLAIM_SPM, "y0": 0, "y1": 1, "line": {"color": "black", "width": 2, "dash": "dot"}},
        ],
        annotations=[{"x": _claims.CADENCE_CLAIM_SPM, "yref": "paper", "y": 1, "yanchor": "bottom", "showarrow": False,
                      "text": "claimed 180 (band: 85–90 per leg = 170–180)", "font": {"size": 13}}],
        font=_FONT,
        plot_bgcolor="white",
    )
    return fig


def _count_figure(result: _claims.ClaimResult) -> go.Figure:
    ev = result.evidence
    colours = ["#0072B2"] * (len(ev) - 2) + ["#7c7b78", "#D55E00"]
    fig = go.Figure(
        go.Bar(x=ev["muscles"].tolist(), y=ev["what"].tolist(), orientation="h", marker={"color": colours},
               text=ev["muscles"].tolist(), textposition="outside", hovertemplate="%{y}: %{x}<extra></extra>")
    )
    fig.update_layout(
        height=300, margin={"l": 20, "r": 40, "t": 30, "b": 50}, xaxis={"title": "number of muscles"},
        yaxis={"autorange": "reversed", "automargin": True}, font=_FONT, plot_bgcolor="white",
    )
    return fig


def _table_figure(result: _claims.ClaimResult) -> go.Figure:
    ev = result.evidence.copy()
    for col in ev.columns:
        if ev[col].dtype == bool:
            ev[col] = np.where(ev[col], "yes", "no")
    fig = go.Figure(
        go.Table(
            header={"values": [f"<b>{escape(str(c))}</b>" for c in ev.columns], "fill_color": "#e8e8e8",
                    "align": "left", "font": {"size": 14}},
            cells={"values": [ev[c].astype(str).tolist() for c in ev.columns], "align": "left", "font": {"size": 13},
                   "height": 28},
        )
    )
    fig.update_layout(height=140 + 62 * len(ev), margin={"l": 10, "r": 10, "t": 45, "b": 10}, font=_FONT)
    return fig


_KIND = {
    "shares": _shares_figure,
    "curves": _curves_figure,
    "cadence": _cadence_figure,
    "count": _count_figure,
    "table": _table_figure,
}


def claim_figure(result: _claims.ClaimResult) -> go.Figure:
    """The plot that decides one claim.

    Parameters
    ----------
    result : runmuscles.claims.ClaimResult
        From :func:`runmuscles.claims.assess_claim`.

    Returns
    -------
    plotly.graph_objects.Figure
        ``shares``: stacked bars of each muscle's activity area in stance, float and the rest of
        swing, one bar per data set; ``curves``: activation per data set with the float phases
        shaded and the "active" threshold; ``cadence``: each runner's (or stride's) cadence against
        180 steps/min; ``count``: muscle counts; ``table``: the evidence table.
    """
    if result.kind not in _KIND:
        raise ValueError(f"Unknown evidence kind {result.kind!r}. Valid: {', '.join(_KIND)}")
    fig = _KIND[result.kind](result)
    fig.update_layout(title={"text": f"Claim {result.number}: the evidence", "x": 0, "font": {"size": 16}})
    return fig


class ClaimsBrowser(widgets.VBox):
    """All nine claims with their verdicts; pick one to see its explanation and evidence.

    Parameters
    ----------
    claim : int
        Claim shown first (1..9).
    """

    def __init__(self, claim: int = 1) -> None:
        self.results = {r.number: r for r in _claims.assess_claims()}
        if claim not in self.results:
            raise ValueError(f"Unknown claim {claim!r}. Valid: {', '.join(map(str, self.results))}")
        self.overview = widgets.HTML(self._overview_html())
        self.claim = widgets.Dropdown(
            options=[(f"{n}. {r.claim}", n) for n, r in self.results.items()], value=claim,
            description="Claim", layout={"width": "100%", "max_width": "70em"},
        )
        self.detail = widgets.HTML()
        self.rule = widgets.HTML()
        self._figures = {n: claim_figure(r) for n, r in self.results.items()}
        self.view = PlotView(self._figures[claim], layout={"width": "100%"})
        self._show(claim)
        self._wire()
        super().__init__([self.overview, self.claim, self.detail, self.view, self.rule])
        self.add_class("rm-claims-app")

    def _overview_html(self) -> str:
        rows = "".join(
            f"<tr><td style='padding:0.2em 0.6em;vertical-align:top'>{n}</td>"
            f"<td style='padding:0.2em 0.6em'>{escape(r.claim)}</td>"
            f"<td style='padding:0.2em 0.6em'>{verdict_badge(r.verdict)}</td></tr>"
            for n, r in self.results.items()
        )
        return (
            "<table style='font-size:1.05em;border-collapse:collapse'>"
            "<tr><th style='text-align:left;padding:0.2em 0.6em'>#</th>"
            "<th style='text-align:left;padding:0.2em 0.6em'>What the articles say</th>"
            f"<th style='text-align:left;padding:0.2em 0.6em'>Verdict from our data</th></tr>{rows}</table>"
        )

    def _show(self, number: int) -> None:
        r = self.results[number]
        self.detail.value = (
            f"<div style='font-size:1.1em;max-width:70em'><p><b>Claim {r.number}:</b> “{escape(r.claim)}” "
            f"{verdict_badge(r.verdict)}</p><p>{escape(r.explanation)}</p>{self._parts_html(r)}</div>"
        )
        cites = "".join(f"<li>{escape(c)}</li>" for c in r.sources) or "<li>no data set used</li>"
        self.rule.value = (
            f"<div style='font-size:1.0em;max-width:70em'><p><b>How the verdict is decided:</b> {escape(r.rule)}</p>"
            f"<p><b>Data:</b></p><ul>{cites}</ul></div>"
        )
        self.view.show(self._figures[number])

    @staticmethod
    def _parts_html(r: _claims.ClaimResult) -> str:
        if len(r.parts) < 2:
            return ""
        items = "".join(f"<li>{escape(text)}: {verdict_badge(v)}</li>" for text, v in r.parts)
        return f"<p style='margin-bottom:0.2em'><b>Part by part:</b></p><ul style='margin-top:0'>{items}</ul>"

    def _wire(self) -> None:
        """Every observer in one place."""
        self.claim.observe(self._on_claim, names="value")

    def _on_claim(self, change: dict) -> None:
        self._show(change["new"])
