"""Static figure builders for the atlas and strength views: data in, plotly figure out (no kernel).

Every figure states what the activation scale means: 1.0 is the muscle's own peak during the
activity, not maximal effort. Colours come from the cividis scale
(:data:`runmuscles.style.COLORSCALE`). Literature timing is drawn as shaded windows (layout
shapes named ``"literature:<reference>"``), never as a curve.

Examples
--------
>>> import runmuscles
>>> from runmuscles.plots import activation_curve_figure
>>> act, sd = runmuscles.load_activation("run"), runmuscles.load_activation_sd("run")
>>> fig = activation_curve_figure(act["soleus"], sd["soleus"], runmuscles.load_phases("run"), toe_off=35.8)
>>> [t.name for t in fig.data]
['spread (±1 SD)', 'mean activation']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .style import COLORSCALE, PHASE_LABELS, activation_lut

__all__ = ["activation_curve_figure", "phase_activity_figure"]

_LUT = activation_lut()
_LINE = _LUT[0]  # darkest cividis blue
_BAND = "rgba(0, 32, 76, 0.22)"
_STANCE_FILL = "rgba(120, 120, 120, 0.10)"
_SWING_FILL = "rgba(255, 255, 255, 0)"
_WINDOW_FILL = "rgba(235, 205, 60, 0.45)"  # the light end of cividis
_WINDOW_LINE = "#7c6a1b"
Y_TITLE = "activation (1.0 = this muscle's<br>own peak while running)"
X_TITLE = "% of the gait cycle (0 = right foot strike)"


def activation_curve_figure(
    curve: pd.Series | None,
    sd: pd.Series | None,
    phases: pd.DataFrame,
    toe_off: float | None = None,
    windows: Iterable[Mapping] = (),
    title: str = "",
    spread_label: str = "spread (±1 SD)",
    empty_text: str = "No running curve for this muscle",
    height: int = 400,
) -> go.Figure:
    """One muscle's running activation over the gait cycle, with its spread, phases and toe-off.

    Parameters
    ----------
    curve : pandas.Series or None
        Mean activation indexed by percent of the gait cycle [%] (0..100), values 0..1 of the
        muscle's own peak. ``None`` when no data set has the muscle: no curve is drawn.
    sd : pandas.Series or None
        Spread (SD across strides or people) on the same scale; the band is mean ± SD clipped
        to 0..1.2. ``None`` or all zeros: the band collapses onto the curve.
    phases : pandas.DataFrame
        Indexed by phase id with ``start``, ``end`` [% cycle] and ``kind`` (stance/swing).
    toe_off : float, optional
        Toe-off [% cycle], drawn as a dashed vertical line.
    windows : iterable of mapping
        Published timing windows: ``start``, ``end`` [% cycle], ``label`` (source and confidence)
        and ``reference``. Drawn as shaded rectangles (shapes), never as a curve.
    title : str
        Figure title.
    spread_label : str
        Legend name of the spread band (say across what: strides or people).
    empty_text : str
        Shown in the plot area when ``curve`` is None.
    height : int
        Figure height [px].

    Returns
    -------
    plotly.graph_objects.Figure
        Always exactly two traces, with or without data (a muscle with no curve keeps the same legend): ``spread``
        (a filled polygon) and ``mean activation`` (empty when ``curve`` is None). Phase bands,
        toe-off and literature windows are layout shapes named ``phase:<id>``, ``toe_off`` and
        ``literature:<reference>``.
    """
    fig = go.Figure()
    if curve is not None:
        x = curve.index.to_numpy(dtype=float)
        y = curve.to_numpy(dtype=float)
        s = np.zeros_like(y) if sd is None else sd.reindex(curve.index).fillna(0).to_numpy(dtype=float)
        upper = np.clip(y + s, 0, 1.2)
        lower = np.clip(y - s, 0, 1.2)
        band_x = np.concatenate([x, x[::-1]])
        band_y = np.concatenate([upper, lower[::-1]])
    else:
        x = y = band_x = band_y = np.array([])
    fig.add_trace(
        go.Scatter(
            x=band_x,
            y=band_y,
            fill="toself",
            fillcolor=_BAND,
            line={"width": 0},
            mode="lines",
            name=spread_label,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            line={"color": _LINE, "width": 3},
            name="mean activation",
            hovertemplate="%{x:.0f} %% of the cycle: %{y:.2f} of own peak<extra></extra>",
        )
    )
    shapes: list[dict] = []
    annotations: list[dict] = []
    for pid, row in phases.iterrows():
        shapes.append(
            {
                "type": "rect",
                "name": f"phase:{pid}",
                "xref": "x",
                "yref": "paper",
                "x0": float(row["start"]),
                "x1": float(row["end"]),
                "y0": 0,
                "y1": 1,
                "fillcolor": _STANCE_FILL if row.get("kind", "stance") == "stance" else _SWING_FILL,
                "line": {"width": 0.5, "color": "#bbbbbb"},
                "layer": "below",
            }
        )
        annotations.append(
            {
                "x": (float(row["start"]) + float(row["end"])) / 2,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": PHASE_LABELS.get(str(pid), str(pid)),
                "showarrow": False,
                "font": {"size": 11, "color": "#333"},
            }
        )
    windows = list(windows)
    labelled: dict[str, int] = {}  # one label per source, on its widest window
    for k, w in enumerate(windows):
        ref = str(w.get("reference", k))
        if (
            ref not in labelled
            or w["end"] - w["start"] > windows[labelled[ref]]["end"] - windows[labelled[ref]]["start"]
        ):
            labelled[ref] = k
    for k, w in enumerate(windows):
        shapes.append(
            {
                "type": "rect",
                "name": f"literature:{w.get('reference', k)}",
                "xref": "x",
                "yref": "y",
                "x0": float(w["start"]),
                "x1": float(w["end"]),
                "y0": 0,
                "y1": 1.0,
                "fillcolor": _WINDOW_FILL,
                "line": {"width": 1.5, "color": _WINDOW_LINE, "dash": "dot"},
                "layer": "below",
            }
        )
        if k in labelled.values():
            annotations.append(
                {
                    "x": (float(w["start"]) + float(w["end"])) / 2,
                    "y": 0.45 - 0.2 * list(labelled.values()).index(k),
                    "xref": "x",
                    "yref": "y",
                    "text": f"published window{'s' if len(windows) > 1 else ''}<br>{w.get('label', '')}",
                    "showarrow": False,
                    "font": {"size": 11, "color": "#3d3510"},
                    "bgcolor": "rgba(255,255,255,0.8)",
                }
            )
    if toe_off is not None:
        shapes.append(
            {
                "type": "line",
                "name": "toe_off",
                "xref": "x",
                "yref": "paper",
                "x0": float(toe_off),
                "x1": float(toe_off),
                "y0": 0,
                "y1": 1,
                "line": {"color": "#222", "width": 2, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "x": float(toe_off),
                "y": 0.02,
                "xref": "x",
                "yref": "paper",
                "text": "toe-off",
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 12},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    if curve is None:
        annotations.append(
            {
                "x": 50,
                "y": 0.85 if windows else 0.5,
                "xref": "x",
                "yref": "y",
                "text": empty_text,
                "showarrow": False,
                "font": {"size": 14, "color": "#555"},
            }
        )
    fig.update_layout(
        template="simple_white",
        height=height,
        margin={"l": 70, "r": 20, "t": 80, "b": 90},
        title={"text": title, "font": {"size": 15}, "y": 0.98, "yanchor": "top"},
        shapes=shapes,
        annotations=annotations,
        legend={"orientation": "h", "x": 0, "y": -0.3, "yanchor": "top", "font": {"size": 12}},
        xaxis={"title": X_TITLE, "range": [0, 100], "dtick": 10},
        yaxis={"title": Y_TITLE, "range": [0, 1.2], "dtick": 0.25},
        showlegend=True,
    )
    return fig


def phase_activity_figure(
    share: pd.DataFrame,
    min_share: float,
    labels: Mapping[str, str] | None = None,
    phase_names: Mapping[str, str] | None = None,
    title: str = "",
    height: int | None = None,
) -> go.Figure:
    """Heatmap of the share of each phase in which each muscle is active.

    Parameters
    ----------
    share : pandas.DataFrame
        Muscles x phases, values 0..1 (from :func:`runmuscles.atlas.phase_share`).
    min_share : float
        Cells at or above it are marked "works" (●) in their text.
    labels : mapping, optional
        Muscle id -> display name.
    phase_names : mapping, optional
        Phase id -> display name.
    title : str
        Figure title.
    height : int, optional
        Figure height [px]; default grows with the number of muscles.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``Heatmap`` trace named ``phase share`` (cividis, 0..1), muscles top to bottom in
        the order given. An empty ``share`` gives the trace with no cells.
    """
    labels = dict(labels or {})
    phase_names = dict(phase_names or {})
    z = share.to_numpy(dtype=float)
    text = [[f"{v:.0%}" + (" ●" if v >= min_share else "") for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[phase_names.get(p, p) for p in share.columns],
            y=[labels.get(m, m) for m in share.index],
            zmin=0,
            zmax=1,
            colorscale=COLORSCALE,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},
            name="phase share",
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": "share of the<br>phase active"},
                "thickness": 12,
                "tickformat": ".0%",
            },
            hovertemplate="%{y} in %{x}: active for %{z:.0%} of the phase<extra></extra>",
        )
    )
    fig.update_layout(
        template="simple_white",
        height=height or max(220, 120 + 28 * len(share.index)),
        margin={"l": 170, "r": 20, "t": 95, "b": 20},
        title={
            "text": title,
            "font": {"size": 14},
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 10},
        },
        yaxis={"autorange": "reversed", "tickfont": {"size": 13}},
        xaxis={"side": "top", "tickfont": {"size": 13}},
    )
    return fig
