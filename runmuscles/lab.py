"""The EMG lab: one raw running recording, processed step by step into the published activation curve.

The package ships one real recording (``runmuscles/data/lab_run_rajagopal2016.csv.gz``, described in
``runmuscles/data/lab.md``): the raw surface EMG of 11 right-leg muscles of the Rajagopal et al.
(2016) runner, sampled at 1 kHz, with the right and left ground reaction forces on the same clock.
:func:`process_lab` takes it through the steps of :mod:`runmuscles.emg` (band-pass, full-wave
rectification, low-pass envelope), cuts it into strides at the foot strikes that
:func:`runmuscles.gait.detect_contacts` finds in the vertical force, time-normalises each stride
and averages them. With the default settings the result is the shipped running table
(:func:`runmuscles.load_activation`), to the 5 decimals the table stores.

The figure builders at the end are pure: a :class:`LabResult` in, a plotly figure out.

Examples
--------
>>> from runmuscles import lab
>>> result = lab.process_lab(lab.load_lab_recording(), lab.LabSettings(muscle="soleus"))
>>> result.strides.shape
(6, 101)
>>> result.max_difference < 1e-5
True
"""

from __future__ import annotations

import inspect
import itertools
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from . import emg, gait
from ._resources import check_choice, data_file
from .activation import load_activation, load_activation_sd
from .style import COLORSCALE

__all__ = [
    "CONTACT_THRESHOLD_N",
    "GRF_COLUMNS",
    "LAB_FILE",
    "LAB_SOURCE",
    "SAMPLING_RATE_HZ",
    "LabRecording",
    "LabResult",
    "LabSettings",
    "average_figure",
    "cycle_figure",
    "grf_figure",
    "load_lab_recording",
    "process_lab",
    "signal_figure",
    "strides_figure",
    "time_figure",
]

#: Data set the lab recording comes from (see :mod:`runmuscles.datasets`).
LAB_SOURCE = "rajagopal2016"

#: The shipped lab recording (gzip-compressed CSV in ``runmuscles/data``).
LAB_FILE = "lab_run_rajagopal2016.csv.gz"

#: Sampling rate of the EMG [Hz]. The build checks it against the GRF (1000 Hz makes the calf
#: envelope follow the vertical force, r = 0.98; the 960 Hz of the processed copy does not).
SAMPLING_RATE_HZ = 1000.0

#: Contact threshold on the vertical GRF used for the shipped tables [N].
CONTACT_THRESHOLD_N = float(inspect.signature(gait.detect_contacts).parameters["threshold_n"].default)

#: GRF columns of the raw ``grf_run.mot`` -> columns of the lab table [N].
GRF_COLUMNS = {
    "R_ground_force_vy": "grf_right_vertical",
    "L_ground_force_vy": "grf_left_vertical",
    "R_ground_force_vx": "grf_right_fore_aft",
    "L_ground_force_vx": "grf_left_fore_aft",
}

#: Significant digits written for EMG: the raw CSV's own precision, so nothing is lost.
EMG_SIGNIFICANT_DIGITS = 6

#: Decimals written for forces [N].
GRF_DECIMALS = 2

_STEPS = ("raw", "bandpass", "rectified", "envelope")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class LabRecording:
    """The shipped raw running recording.

    Attributes
    ----------
    fs_hz : float
        EMG sampling rate [Hz].
    t : numpy.ndarray
        Sample times [s], ``k / fs_hz``.
    emg : pandas.DataFrame
        Raw EMG, one column per catalogue muscle id [unit not stated by the source, about +-2].
    grf : pandas.DataFrame
        Ground reaction forces on the EMG clock [N]: ``grf_right_vertical``, ``grf_left_vertical``,
        ``grf_right_fore_aft``, ``grf_left_fore_aft``; NaN where the force plates were not recording.
    """

    fs_hz: float
    t: np.ndarray
    emg: pd.DataFrame
    grf: pd.DataFrame

    @property
    def muscles(self) -> list[str]:
        """Catalogue ids of the EMG channels."""
        return list(self.emg.columns)


@lru_cache(maxsize=1)
def _read_lab_table() -> pd.DataFrame:
    from .readers import read_emg_csv

    return read_emg_csv(data_file(LAB_FILE), time_column="time_s")


def load_lab_recording() -> LabRecording:
    """The raw running recording used by the EMG lab (see ``runmuscles/data/lab.md``).

    Returns
    -------
    LabRecording
        5590 samples at 1 kHz of 11 muscles, with the ground reaction forces.
    """
    table = _read_lab_table()
    grf_cols = list(GRF_COLUMNS.values())
    muscles = [c for c in table.columns if c not in grf_cols and c != "time_s"]
    t = np.arange(len(table)) / SAMPLING_RATE_HZ
    return LabRecording(SAMPLING_RATE_HZ, t, table[muscles].copy(), table[grf_cols].copy())


# --------------------------------------------------------------------------- processing


@dataclass(frozen=True)
class LabSettings:
    """Choices a student makes in the lab; the defaults are those of the shipped tables.

    Attributes
    ----------
    muscle : str
        Catalogue id of the channel.
    band_low_hz, band_high_hz : float
        Band-pass corner frequencies [Hz].
    envelope_hz : float
        Low-pass cut-off of the envelope [Hz].
    order : int
        Butterworth order of each filter (zero-phase).
    threshold_n : float
        Vertical-force threshold for foot contact [N].
    """

    muscle: str = "soleus"
    band_low_hz: float = emg.DEFAULT_SETTINGS.band_low_hz
    band_high_hz: float = emg.DEFAULT_SETTINGS.band_high_hz
    envelope_hz: float = emg.DEFAULT_SETTINGS.envelope_hz
    order: int = emg.DEFAULT_SETTINGS.order
    threshold_n: float = CONTACT_THRESHOLD_N

    @property
    def envelope_settings(self) -> emg.EnvelopeSettings:
        """The filter part as :class:`runmuscles.emg.EnvelopeSettings`."""
        return emg.EnvelopeSettings(self.band_low_hz, self.band_high_hz, self.envelope_hz, self.order)

    @property
    def is_default(self) -> bool:
        """True when every processing choice equals the shipped tables' (any muscle)."""
        return replace(self, muscle=LabSettings.muscle) == LabSettings()


@dataclass
class LabResult:
    """Every intermediate signal of the lab for one muscle and one set of settings.

    Attributes
    ----------
    settings : LabSettings
        The settings used.
    t : numpy.ndarray
        Sample times [s].
    raw, filtered, rectified, envelope : numpy.ndarray
        The raw EMG, after the band-pass (mean removed first), after full-wave rectification and
        after the low-pass (the linear envelope) [raw unit].
    grf_t, grf_right, grf_left : numpy.ndarray
        Times with force data [s] and the right and left vertical GRF there [N].
    strikes, offs : numpy.ndarray
        Right foot strikes and toe-offs detected from the force [s].
    stride_bounds : list of tuple
        (start, end) of each complete stride inside the recording [s].
    strides : numpy.ndarray
        Envelope of each stride on 0..100 % of the cycle, shape (strides, 101) [raw unit].
    mean, sd : numpy.ndarray
        Mean over strides scaled to its own peak (0..1) and the SD on the same scale.
    published, published_sd : numpy.ndarray
        The shipped table's curve and SD for this muscle (:func:`runmuscles.load_activation`).
    """

    settings: LabSettings
    t: np.ndarray
    raw: np.ndarray
    filtered: np.ndarray
    rectified: np.ndarray
    envelope: np.ndarray
    grf_t: np.ndarray
    grf_right: np.ndarray
    grf_left: np.ndarray
    strikes: np.ndarray
    offs: np.ndarray
    stride_bounds: list[tuple[float, float]]
    strides: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    published: np.ndarray
    published_sd: np.ndarray
    notes: list[str] = field(default_factory=list)

    @property
    def peak_percent(self) -> int:
        """Where the mean curve peaks [% of the gait cycle]."""
        return int(np.argmax(self.mean))

    @property
    def published_peak_percent(self) -> int:
        """Where the shipped curve peaks [% of the gait cycle]."""
        return int(np.argmax(self.published))

    @property
    def max_difference(self) -> float:
        """Largest absolute difference from the shipped curve [fraction of peak]."""
        return float(np.max(np.abs(self.mean - self.published)))


def process_lab(recording: LabRecording, settings: LabSettings = LabSettings()) -> LabResult:
    """Run the activation pipeline on one muscle of the lab recording.

    Parameters
    ----------
    recording : LabRecording
        From :func:`load_lab_recording`.
    settings : LabSettings
        Muscle, filter corners [Hz] and contact threshold [N].

    Returns
    -------
    LabResult
        Every step's signal, the detected events, the strides and the averaged curve.

    Raises
    ------
    ValueError
        Unknown muscle, filter corners outside 0..Nyquist or in the wrong order, or no complete
        stride at this contact threshold.
    """
    check_choice("muscle", settings.muscle, recording.muscles)
    fs = recording.fs_hz
    t = recording.t
    raw = recording.emg[settings.muscle].to_numpy(dtype=float)
    envelope = emg.linear_envelope(raw, fs, settings.envelope_settings)
    # the same steps one by one, to show them (linear_envelope removes the mean first)
    s = settings.envelope_settings
    filtered = emg.bandpass(raw - raw.mean(), fs, s.band_low_hz, s.band_high_hz, s.order)
    rectified = emg.rectify(filtered)

    has_force = recording.grf["grf_right_vertical"].notna().to_numpy()
    grf_t = t[has_force]
    right = recording.grf["grf_right_vertical"].to_numpy()[has_force]
    left = recording.grf["grf_left_vertical"].to_numpy()[has_force]
    strikes, offs = gait.detect_contacts(grf_t, right, threshold_n=settings.threshold_n)
    bounds = [(a, b) for a, b in itertools.pairwise(strikes)]
    if not bounds:
        raise ValueError(
            f"no complete stride: the right vertical force crosses {settings.threshold_n:g} N fewer than twice"
        )
    strides = emg.cut_strides(t, envelope, strikes)
    mean, sd = emg.summarise_strides(strides)
    published = load_activation("run", LAB_SOURCE)[settings.muscle].to_numpy()
    published_sd = load_activation_sd("run", LAB_SOURCE)[settings.muscle].to_numpy()
    return LabResult(
        settings, t, raw, filtered, rectified, envelope, grf_t, right, left, strikes, offs, bounds,
        strides, mean, sd, published, published_sd,
    )


# --------------------------------------------------------------------------- figures

_DARK, _MID, _LIGHT = sample_colorscale(COLORSCALE, [0.0, 0.45, 0.8])
_STANCE_FILL = "rgba(120, 120, 120, 0.15)"
_AXIS_TIME = "time [s]"
_AXIS_CYCLE = "gait cycle [% from right foot strike]"


def _stance_shapes(result: LabResult) -> list[dict]:
    """Grey bands over the right foot's contacts (foot strike to toe-off)."""
    shapes = []
    if len(result.offs) and (not len(result.strikes) or result.offs[0] < result.strikes[0]):
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": result.grf_t[0], "x1": result.offs[0], "y0": 0, "y1": 1,
                           "fillcolor": _STANCE_FILL, "line_width": 0, "layer": "below"})
    for a in result.strikes:
        after = result.offs[result.offs > a]
        b = after[0] if len(after) else result.grf_t[-1]
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": a, "x1": b, "y0": 0, "y1": 1,
                           "fillcolor": _STANCE_FILL, "line_width": 0, "layer": "below"})
    return shapes


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 260) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font_size": 15},
        height=height,
        margin={"l": 70, "r": 20, "t": 40, "b": 45},
        template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        font_size=13,
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def signal_figure(result: LabResult, step: str, window: tuple[float, float] | None = None) -> go.Figure:
    """One processing step against time, with the right foot's stance shaded.

    Parameters
    ----------
    result : LabResult
        From :func:`process_lab`.
    step : {"raw", "bandpass", "rectified", "envelope"}
        Which signal to draw; the band-pass shows the raw signal behind the filtered one and the
        envelope shows the rectified signal behind it.
    window : tuple of float, optional
        Visible time range [s]; default the whole recording.

    Returns
    -------
    plotly.graph_objects.Figure
        Always two traces (the background one may be empty), so a widget can update them in place.
    """
    check_choice("step", step, _STEPS)
    s = result.settings
    t = result.t.astype(np.float32)
    empty = np.array([], dtype=np.float32)
    back, front, back_name, front_name, title = {
        "raw": (empty, result.raw, "", "raw EMG", "Raw signal (as recorded)"),
        "bandpass": (result.raw - result.raw.mean(), result.filtered, "raw (mean removed)", "band-passed",
                     f"Band-pass {s.band_low_hz:g}–{s.band_high_hz:g} Hz"),
        "rectified": (empty, result.rectified, "", "rectified", "Full-wave rectified (absolute value)"),
        "envelope": (result.rectified, result.envelope, "rectified", "envelope",
                     f"Linear envelope: low-pass {s.envelope_hz:g} Hz"),
    }[step]
    fig = go.Figure()
    fig.add_scattergl(x=t if len(back) else empty, y=np.asarray(back, dtype=np.float32), name=back_name,
                      line={"color": _LIGHT, "width": 1}, showlegend=bool(len(back)), hoverinfo="skip")
    width = 2.5 if step == "envelope" else 1
    fig.add_scattergl(x=t, y=np.asarray(front, dtype=np.float32), name=front_name,
                      line={"color": _DARK, "width": width}, showlegend=bool(len(back)))
    _layout(fig, title, _AXIS_TIME, "EMG [raw unit]")
    fig.update_layout(shapes=_stance_shapes(result))
    fig.update_xaxes(range=list(window) if window else [float(t[0]), float(t[-1])])
    return fig


def grf_figure(result: LabResult, window: tuple[float, float] | None = None) -> go.Figure:
    """Vertical ground reaction forces, the contact threshold and the detected right-foot events.

    Returns
    -------
    plotly.graph_objects.Figure
        Five traces: right force, left force, threshold, foot strikes, toe-offs.
    """
    thr = result.settings.threshold_n
    fig = go.Figure()
    fig.add_scattergl(x=result.grf_t, y=result.grf_right, name="right foot", line={"color": _DARK, "width": 2})
    fig.add_scattergl(x=result.grf_t, y=result.grf_left, name="left foot",
                      line={"color": _MID, "width": 1.5, "dash": "dot"})
    fig.add_scatter(x=[result.grf_t[0], result.grf_t[-1]], y=[thr, thr], name=f"threshold {thr:g} N",
                    mode="lines", line={"color": "#b2182b", "width": 1.5, "dash": "dash"})
    fig.add_scatter(x=result.strikes, y=np.full(len(result.strikes), thr), name="right foot strike",
                    mode="markers", marker={"symbol": "triangle-up", "size": 12, "color": _DARK,
                                                "line": {"color": "white", "width": 1}})
    fig.add_scatter(x=result.offs, y=np.full(len(result.offs), thr), name="right toe-off",
                    mode="markers", marker={"symbol": "triangle-down", "size": 12, "color": _LIGHT,
                                                "line": {"color": _DARK, "width": 1}})
    _layout(fig, f"Stride segmentation: {len(result.stride_bounds)} complete strides between right foot strikes",
            _AXIS_TIME, "vertical force [N]")
    t = result.t
    fig.update_xaxes(range=list(window) if window else [float(t[0]), float(t[-1])])
    return fig


def strides_figure(result: LabResult) -> go.Figure:
    """Every stride's envelope on 0..100 % of the gait cycle (one trace, strides separated by gaps)."""
    n = result.strides.shape[1]
    x = np.tile(np.append(emg.PERCENT[:n].astype(float), np.nan), len(result.strides))
    y = np.concatenate([np.append(s, np.nan) for s in result.strides])
    fig = go.Figure()
    fig.add_scatter(x=x, y=y, mode="lines", name=f"{len(result.strides)} strides",
                    line={"color": _MID, "width": 1.5}, connectgaps=False)
    _layout(fig, f"Time-normalised: each of {len(result.strides)} strides on 0–100 %",
            _AXIS_CYCLE, "envelope [raw unit]")
    fig.update_xaxes(range=[0, 100])
    return fig


def average_figure(result: LabResult, muscle_name: str | None = None) -> go.Figure:
    """Mean ± SD over strides scaled to the muscle's own peak, over the shipped table's curve.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces: SD band (upper, lower), mean, shipped curve, both peaks.
    """
    x = emg.PERCENT.astype(float)
    name = muscle_name or result.settings.muscle
    fig = go.Figure()
    fig.add_scatter(x=x, y=result.mean + result.sd, mode="lines", line={"width": 0}, showlegend=False,
                    hoverinfo="skip")
    fig.add_scatter(x=x, y=np.clip(result.mean - result.sd, 0, None), mode="lines", line={"width": 0},
                    fill="tonexty", fillcolor="rgba(124, 123, 120, 0.3)", name="± SD over strides",
                    hoverinfo="skip")
    fig.add_scatter(x=x, y=result.mean, mode="lines", name="your settings", line={"color": _DARK, "width": 3})
    fig.add_scatter(x=x, y=result.published, mode="lines", name="published table",
                    line={"color": "#b2182b", "width": 2, "dash": "dash"})
    fig.add_scatter(x=[result.peak_percent, result.published_peak_percent], y=[1.0, 1.0], mode="markers+text",
                    text=[f"{result.peak_percent} %", f"{result.published_peak_percent} %"],
                    textposition=["top left", "top right"], marker={"size": 10, "color": [_DARK, "#b2182b"]},
                    name="peaks", showlegend=False)
    _layout(fig, f"{name}: mean of the strides, scaled to its own peak", _AXIS_CYCLE,
            "activation [fraction of own peak]", height=320)
    fig.update_xaxes(range=[0, 100])
    fig.update_yaxes(range=[0, 1.35])
    return fig


def _compose(parts: list[go.Figure], rows: int, cols: int, titles: list[str], **kwargs) -> go.Figure:
    """Put single-view figures into one figure of subplots (traces, axis titles, ranges and shapes)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, **kwargs)
    for k, part in enumerate(parts):
        row, col = k // cols + 1, k % cols + 1
        for trace in part.data:
            fig.add_trace(trace, row=row, col=col)
        fig.update_xaxes(range=part.layout.xaxis.range, row=row, col=col)
        if part.layout.yaxis.range is not None:
            fig.update_yaxes(range=part.layout.yaxis.range, row=row, col=col)
        fig.update_yaxes(title_text=part.layout.yaxis.title.text, row=row, col=col)
        suffix = "" if k == 0 else str(k + 1)
        for shape in part.layout.shapes:
            fig.add_shape(shape.update(xref=f"x{suffix}", yref=f"y{suffix} domain"))
    fig.update_layout(template="plotly_white", font_size=13, margin={"l": 80, "r": 20, "t": 40, "b": 50})
    for k, title in enumerate(fig.layout.annotations):  # titles start at their panel's left edge
        axis = fig.layout["xaxis" if k == 0 else f"xaxis{k + 1}"]
        title.update(x=axis.domain[0], xanchor="left", font_size=15)
    return fig


def time_figure(result: LabResult, window: tuple[float, float] | None = None) -> go.Figure:
    """Steps 1-5 against time in one figure: raw, band-passed, rectified, envelope, vertical force.

    The five panels share the time axis (zooming one zooms all) and the right foot's stance is
    shaded in the EMG panels. Built from :func:`signal_figure` and :func:`grf_figure`.

    Returns
    -------
    plotly.graph_objects.Figure
        Thirteen traces in a fixed order, so a widget can update them in place.
    """
    s = result.settings
    parts = [signal_figure(result, step, window) for step in _STEPS] + [grf_figure(result, window)]
    titles = [
        "1 · Raw EMG, as recorded (grey: right foot on the ground)",
        f"2 · Band-passed {s.band_low_hz:g}–{s.band_high_hz:g} Hz (light: raw with its mean removed)",
        "3 · Full-wave rectified",
        f"4 · Envelope: low-pass {s.envelope_hz:g} Hz (light: rectified)",
        (f"5 · Vertical force, right (dark) and left (dotted); threshold {s.threshold_n:g} N (dashed); "
        f"▲ right foot strikes, ▼ toe-offs: {len(result.stride_bounds)} strides"),
    ]
    fig = _compose(parts, 5, 1, titles, shared_xaxes=True, vertical_spacing=0.05)
    fig.update_layout(height=1000, showlegend=False)
    fig.update_yaxes(title_text="EMG", row=1)
    fig.update_yaxes(title_text="EMG", row=2)
    fig.update_yaxes(title_text="|EMG|", row=3)
    fig.update_yaxes(title_text="envelope", row=4)
    fig.update_yaxes(title_text="force [N]", row=5)
    fig.update_xaxes(title_text=_AXIS_TIME, row=5)
    return fig


def cycle_figure(result: LabResult, muscle_name: str | None = None) -> go.Figure:
    """Steps 6-7 side by side: every time-normalised stride, then their mean ± SD over the published curve.

    Built from :func:`strides_figure` and :func:`average_figure`.

    Returns
    -------
    plotly.graph_objects.Figure
        Six traces in a fixed order, so a widget can update them in place.
    """
    name = muscle_name or result.settings.muscle
    titles = [
        f"6 · Each of {len(result.strides)} strides on 0–100 % of the cycle",
        f"7 · {name}: mean ± SD, scaled to its own peak",
    ]
    fig = _compose([strides_figure(result), average_figure(result, name)], 1, 2, titles, horizontal_spacing=0.1)
    fig.update_layout(height=420, legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "right", "x": 1})
    fig.update_xaxes(title_text=_AXIS_CYCLE)
    fig.update_yaxes(title_text="envelope [raw unit]", col=1)
    fig.update_yaxes(title_text="fraction of own peak", col=2)
    return fig
