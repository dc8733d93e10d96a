"""The EMG lab: one raw running recording, processed step by step into the published activation curve.

The package ships one real recording (``runmuscles/data/lab_run_rajagopal2016.csv.gz``, described in
``runmuscles/data/lab.md``): the raw surface EMG of 11 right-leg muscles of the Rajagopal et al.
(2016) runner, sampled at 1 kHz, with the right and left ground reaction forces on the same clock.
:func:`process_lab` takes it through the steps of :mod:`runmuscles.emg` (band-pass, full-wave
rectification, low-pass envelope), cuts it into strides at the foot strikes that
:func:`runmuscles.gait.detect_contacts` finds in the vertical force, time-normalises each stride
and averages them. With the default settings the result is the shipped running table
(:func:`runmuscles.load_activation`), to the 5 decimals the table stores.

The figure builders at the end are pure: a :class:`LabResult` in, a plotly figure out. The time plots
(steps 1-5, one figure each) carry only the samples inside their time window, at most :data:`MAX_POINTS`
per trace (:func:`decimate_minmax` keeps every peak), so a figure stays small whatever the window.

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
import plotly.io as pio
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
    "MAX_POINTS",
    "SAMPLING_RATE_HZ",
    "LabRecording",
    "LabResult",
    "LabSettings",
    "average_figure",
    "cycle_figure",
    "decimate_minmax",
    "grf_figure",
    "load_lab_recording",
    "process_lab",
    "signal_figure",
    "strides_figure",
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
#: plotly_white as far as the lab's figures use it: its page, axis and text styling without its defaults for trace
#: types the lab never draws, which would add 6 KB to every figure sent to the page.
_TEMPLATE = go.layout.Template(layout={
    key: value for key, value in pio.templates["plotly_white"].layout.to_plotly_json().items()
    if key in ("autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor", "plot_bgcolor",
               "xaxis", "yaxis", "shapedefaults", "annotationdefaults", "title")
})
_STANCE_FILL = "rgba(120, 120, 120, 0.15)"
_AXIS_TIME = "time [s]"
_AXIS_CYCLE = "gait cycle [% from right foot strike]"

#: Most points a time plot draws per trace: about two per pixel column of a plot 1000 px wide, enough to draw
#: every peak and trough the screen can show (see :func:`decimate_minmax`).
MAX_POINTS = 2000


def decimate_minmax(y: np.ndarray, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of the samples that draw a signal with at most ``max_points`` points, keeping every peak.

    A plot cannot show more than about two points per pixel column; more only cost bytes on the way
    to the page. When ``y`` has more than ``max_points`` samples they are split into consecutive
    buckets of ``ceil(n / ((max_points - 2) // 2))`` samples, and each bucket keeps its smallest and its
    largest sample, so a line through the kept samples reaches every peak and trough of the signal
    (a min/max decimation). The first and the last sample are kept too, so the line spans the whole range.

    Parameters
    ----------
    y : numpy.ndarray
        Samples (1-D, finite), evenly spaced or not.
    max_points : int
        Most indices returned (at least 4).

    Returns
    -------
    numpy.ndarray
        Increasing indices into ``y``: every index when ``len(y) <= max_points``. Index the sample times
        with them too (``t[keep], y[keep]``), so every point drawn is an original sample.

    Examples
    --------
    >>> y = np.zeros(10_000)
    >>> y[1234], y[8765] = 5.0, -3.0  # two one-sample spikes
    >>> keep = decimate_minmax(y, max_points=100)
    >>> len(keep) <= 100, 1234 in keep, 8765 in keep
    (True, True, True)
    >>> decimate_minmax(np.arange(5.0)).tolist()  # few samples: all kept
    [0, 1, 2, 3, 4]
    """
    y = np.asarray(y)
    n = len(y)
    if n <= max_points:
        return np.arange(n)
    if max_points < 4:
        raise ValueError(f"max_points must be at least 4, not {max_points}")
    size = -(-n // ((max_points - 2) // 2))  # samples per bucket, rounded up
    buckets = -(-n // size)
    # pad the last bucket with the last sample: argmin/argmax return the first occurrence, a real sample
    padded = np.concatenate([y, np.full(buckets * size - n, y[-1])]).reshape(buckets, size)
    start = np.arange(buckets) * size
    return np.unique(np.concatenate([[0, n - 1], start + padded.argmin(axis=1), start + padded.argmax(axis=1)]))


def _visible(t: np.ndarray, window: tuple[float, float] | None) -> slice:
    """The samples inside ``window`` [s], and the next one beyond an edge that falls between samples (so the
    lines reach the plot's edges)."""
    if window is None:
        return slice(0, len(t))
    lo, hi = window
    start = max(int(np.searchsorted(t, lo, side="right")) - 1, 0)
    stop = min(int(np.searchsorted(t, hi, side="left")) + 1, len(t))
    return slice(start, stop)


def _screen_xy(t: np.ndarray, y: np.ndarray, visible: slice) -> dict:
    """The visible part of a signal, decimated for the screen, as a trace's ``x`` and ``y`` (float32).

    Evenly spaced samples that are all kept go as ``x0`` and ``dx`` instead of ``x``: half the bytes.
    """
    t, y = t[visible], np.asarray(y)[visible]
    keep = decimate_minmax(y)
    if len(keep) == len(y) and len(t) > 1:
        steps = np.diff(t)
        if np.allclose(steps, steps[0], rtol=1e-9, atol=0):
            return {"x0": float(t[0]), "dx": float(steps[0]), "y": y.astype(np.float32)}
    return {"x": t[keep].astype(np.float32), "y": y[keep].astype(np.float32)}


def _x_range(result: LabResult, window: tuple[float, float] | None) -> list[float]:
    return [float(v) for v in window] if window else [float(result.t[0]), float(result.t[-1])]


def _stance_shapes(result: LabResult, window: tuple[float, float] | None = None) -> list[dict]:
    """Grey bands over the right foot's contacts (foot strike to toe-off) that overlap the window [s]."""
    spans = []
    if len(result.offs) and (not len(result.strikes) or result.offs[0] < result.strikes[0]):
        spans.append((result.grf_t[0], result.offs[0]))
    for a in result.strikes:
        after = result.offs[result.offs > a]
        spans.append((a, after[0] if len(after) else result.grf_t[-1]))
    lo, hi = window or (-np.inf, np.inf)
    return [{"type": "rect", "xref": "x", "yref": "paper", "x0": float(a), "x1": float(b), "y0": 0, "y1": 1,
             "fillcolor": _STANCE_FILL, "line_width": 0, "layer": "below"}
            for a, b in spans if b >= lo and a <= hi]


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 260) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "font_size": 15},
        height=height,
        margin={"l": 70, "r": 20, "t": 40, "b": 45},
        template=_TEMPLATE,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        font_size=13,
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


#: Height of each time plot (steps 1-5) [px].
_TIME_HEIGHT = 230


def signal_figure(result: LabResult, step: str, window: tuple[float, float] | None = None) -> go.Figure:
    """One processing step against time, with the right foot's stance shaded.

    Only the samples inside the time window are drawn (and the next one beyond each edge), and at most
    :data:`MAX_POINTS` of them per trace (:func:`decimate_minmax`), so the figure stays small whatever
    the window; a window of up to 2 s at 1 kHz keeps every sample.

    Parameters
    ----------
    result : LabResult
        From :func:`process_lab`.
    step : {"raw", "bandpass", "rectified", "envelope"}
        Which signal to draw; the band-pass shows the raw signal (mean removed) behind the filtered one and
        the envelope shows the rectified signal behind it, both light.
    window : tuple of float, optional
        Visible time range [s]; default the whole recording.

    Returns
    -------
    plotly.graph_objects.Figure
        Always two traces (the background one may be empty), titled with the step's number ("4 · Envelope:
        low-pass 10 Hz (light: rectified)").

    Examples
    --------
    >>> result = process_lab(load_lab_recording())
    >>> fig = signal_figure(result, "envelope", (1.0, 2.0))
    >>> fig.layout.title.text
    '4 · Envelope: low-pass 10 Hz (light: rectified)'
    >>> len(fig.data[1].y)  # every sample from 1.0 s to 2.0 s at 1 kHz
    1001
    """
    check_choice("step", step, _STEPS)
    s = result.settings
    empty = np.array([], dtype=np.float32)
    back, front, y_title, title = {
        "raw": (None, result.raw, "EMG [raw unit]", "1 · Raw EMG, as recorded (grey: right foot on the ground)"),
        "bandpass": (result.raw - result.raw.mean(), result.filtered, "EMG [raw unit]",
                     f"2 · Band-passed {s.band_low_hz:g}–{s.band_high_hz:g} Hz (light: raw with its mean removed)"),
        "rectified": (None, result.rectified, "|EMG| [raw unit]", "3 · Full-wave rectified"),
        "envelope": (result.rectified, result.envelope, "envelope [raw unit]",
                     f"4 · Envelope: low-pass {s.envelope_hz:g} Hz (light: rectified)"),
    }[step]
    visible = _visible(result.t, window)
    fig = go.Figure()
    fig.add_scatter(**(_screen_xy(result.t, back, visible) if back is not None else {"x": empty, "y": empty}),
                    mode="lines", line={"color": _LIGHT, "width": 1}, hoverinfo="skip")
    fig.add_scatter(**_screen_xy(result.t, front, visible), mode="lines",
                    line={"color": _DARK, "width": 2.5 if step == "envelope" else 1})
    _layout(fig, title, _AXIS_TIME, y_title, height=_TIME_HEIGHT)
    fig.update_layout(shapes=_stance_shapes(result, window), showlegend=False)
    fig.update_xaxes(range=_x_range(result, window))
    return fig


def grf_figure(result: LabResult, window: tuple[float, float] | None = None) -> go.Figure:
    """Vertical ground reaction forces, the contact threshold and the detected right-foot events.

    Like :func:`signal_figure`, only what lies inside the time window is drawn, at most
    :data:`MAX_POINTS` points per force.

    Parameters
    ----------
    result : LabResult
        From :func:`process_lab`.
    window : tuple of float, optional
        Visible time range [s]; default the whole recording.

    Returns
    -------
    plotly.graph_objects.Figure
        Five traces: right force, left force, threshold, foot strikes, toe-offs.
    """
    s = result.settings
    thr = s.threshold_n
    lo, hi = _x_range(result, window)
    visible = _visible(result.grf_t, window)
    strikes = result.strikes[(result.strikes >= lo) & (result.strikes <= hi)]
    offs = result.offs[(result.offs >= lo) & (result.offs <= hi)]
    fig = go.Figure()
    fig.add_scatter(**_screen_xy(result.grf_t, result.grf_right, visible), name="right foot", mode="lines",
                    line={"color": _DARK, "width": 2})
    fig.add_scatter(**_screen_xy(result.grf_t, result.grf_left, visible), name="left foot", mode="lines",
                    line={"color": _MID, "width": 1.5, "dash": "dot"})
    fig.add_scatter(x=[max(lo, float(result.grf_t[0])), min(hi, float(result.grf_t[-1]))], y=[thr, thr],
                    name=f"threshold {thr:g} N", mode="lines", line={"color": "#b2182b", "width": 1.5, "dash": "dash"})
    fig.add_scatter(x=strikes, y=np.full(len(strikes), thr), name="right foot strike",
                    mode="markers", marker={"symbol": "triangle-up", "size": 12, "color": _DARK,
                                            "line": {"color": "white", "width": 1}})
    fig.add_scatter(x=offs, y=np.full(len(offs), thr), name="right toe-off",
                    mode="markers", marker={"symbol": "triangle-down", "size": 12, "color": _LIGHT,
                                            "line": {"color": _DARK, "width": 1}})
    title = (f"5 · Vertical force, right (dark) and left (dotted); threshold {thr:g} N (dashed); "
             f"▲ right foot strikes, ▼ toe-offs: {len(result.stride_bounds)} strides")
    _layout(fig, title, _AXIS_TIME, "force [N]", height=_TIME_HEIGHT)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(range=[lo, hi])
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
    fig.update_layout(template=_TEMPLATE, font_size=13, margin={"l": 80, "r": 20, "t": 40, "b": 50})
    for k, title in enumerate(fig.layout.annotations):  # titles start at their panel's left edge
        axis = fig.layout["xaxis" if k == 0 else f"xaxis{k + 1}"]
        title.update(x=axis.domain[0], xanchor="left", font_size=15)
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
