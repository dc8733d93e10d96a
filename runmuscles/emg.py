"""Raw EMG to activation: filtering, rectification, linear envelope, time normalisation.

The pipeline follows the usual surface-EMG linear-envelope recipe: a zero-phase band-pass
(removes movement artefact and high-frequency noise), full-wave rectification and a
zero-phase low-pass that leaves the envelope. Each stride is then cut at the foot strikes,
time-normalised to 0..100 % of the gait cycle (101 points), and the strides are averaged.

Examples
--------
>>> import numpy as np
>>> from runmuscles import emg
>>> fs = 1000.0
>>> t = np.arange(0, 2, 1 / fs)
>>> raw = np.random.default_rng(0).normal(size=t.size) * (1 + np.sin(2 * np.pi * t))
>>> env = emg.linear_envelope(raw, fs)
>>> env.shape == raw.shape
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

__all__ = [
    "EnvelopeSettings",
    "DEFAULT_SETTINGS",
    "bandpass",
    "rectify",
    "lowpass",
    "linear_envelope",
    "time_normalise",
    "cut_strides",
    "summarise_strides",
    "alignment_score",
    "PERCENT",
]

#: Gait-cycle axis of every table: 0..100 % in steps of 1 % (101 points).
PERCENT = np.arange(101)


@dataclass(frozen=True)
class EnvelopeSettings:
    """Filter settings of the linear envelope.

    Attributes
    ----------
    band_low_hz, band_high_hz : float
        Band-pass corner frequencies [Hz] applied to the raw signal.
    envelope_hz : float
        Low-pass cut-off [Hz] applied after rectification.
    order : int
        Butterworth order of each filter (applied forwards and backwards, so zero-phase).
    """

    band_low_hz: float = 20.0
    band_high_hz: float = 450.0
    envelope_hz: float = 10.0
    order: int = 4


#: Settings used for every shipped table (see ``runmuscles/data/activation.md``).
DEFAULT_SETTINGS = EnvelopeSettings()


def _check_fs(fs: float, cutoff: float) -> None:
    if not fs > 0:
        raise ValueError(f"sampling rate must be positive, got {fs!r} Hz")
    if not 0 < cutoff < fs / 2:
        raise ValueError(f"cut-off {cutoff} Hz must lie between 0 and the Nyquist frequency {fs / 2} Hz")


def bandpass(x: np.ndarray, fs: float, low_hz: float = 20.0, high_hz: float = 450.0, order: int = 4) -> np.ndarray:
    """Zero-phase Butterworth band-pass filter.

    Parameters
    ----------
    x : numpy.ndarray
        Raw EMG, 1-D (samples) or 2-D (samples x channels) [any unit].
    fs : float
        Sampling rate [Hz].
    low_hz, high_hz : float
        Corner frequencies [Hz]. ``high_hz`` is lowered to 95 % of the Nyquist frequency
        when the sampling rate is too low for it.
    order : int
        Filter order.

    Returns
    -------
    numpy.ndarray
        Filtered signal, same shape and unit as ``x``.
    """
    high_hz = min(high_hz, 0.95 * fs / 2)
    _check_fs(fs, low_hz)
    _check_fs(fs, high_hz)
    if low_hz >= high_hz:
        raise ValueError(f"band-pass low corner {low_hz} Hz must be below the high corner {high_hz} Hz")
    sos = signal.butter(order, [low_hz, high_hz], btype="bandpass", fs=fs, output="sos")
    return signal.sosfiltfilt(sos, np.asarray(x, dtype=float), axis=0)


def rectify(x: np.ndarray) -> np.ndarray:
    """Full-wave rectification (absolute value) [same unit as ``x``]."""
    return np.abs(np.asarray(x, dtype=float))


def lowpass(x: np.ndarray, fs: float, cutoff_hz: float = 10.0, order: int = 4) -> np.ndarray:
    """Zero-phase Butterworth low-pass filter.

    Parameters
    ----------
    x : numpy.ndarray
        Signal (samples first).
    fs : float
        Sampling rate [Hz].
    cutoff_hz : float
        Cut-off frequency [Hz].
    order : int
        Filter order.
    """
    _check_fs(fs, cutoff_hz)
    sos = signal.butter(order, cutoff_hz, btype="lowpass", fs=fs, output="sos")
    return signal.sosfiltfilt(sos, np.asarray(x, dtype=float), axis=0)


def linear_envelope(x: np.ndarray, fs: float, settings: EnvelopeSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """Linear envelope of raw EMG: band-pass, full-wave rectify, low-pass.

    The mean is removed first. Small negative values that the low-pass can leave are set to 0.

    Parameters
    ----------
    x : numpy.ndarray
        Raw EMG, samples first [any unit].
    fs : float
        Sampling rate [Hz].
    settings : EnvelopeSettings
        Filter settings.

    Returns
    -------
    numpy.ndarray
        Envelope, same shape and unit as ``x``, non-negative.
    """
    x = np.asarray(x, dtype=float)
    x = x - np.nanmean(x, axis=0)
    filtered = bandpass(x, fs, settings.band_low_hz, settings.band_high_hz, settings.order)
    env = lowpass(rectify(filtered), fs, settings.envelope_hz, settings.order)
    return np.clip(env, 0.0, None)


def time_normalise(t: np.ndarray, x: np.ndarray, start: float, end: float, n: int = 101) -> np.ndarray:
    """Resample one stride to ``n`` points from ``start`` to ``end`` (linear interpolation).

    Parameters
    ----------
    t : numpy.ndarray
        Sample times [s], increasing.
    x : numpy.ndarray
        Signal, samples first (1-D or 2-D).
    start, end : float
        Stride boundaries [s], e.g. two successive foot strikes of the same foot.
    n : int
        Number of points; 101 gives 0, 1, ..., 100 % of the cycle.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)`` or ``(n, channels)``.
    """
    t = np.asarray(t, dtype=float)
    if not (t[0] <= start < end <= t[-1]):
        raise ValueError(f"stride {start:.3f}-{end:.3f} s lies outside the signal ({t[0]:.3f}-{t[-1]:.3f} s)")
    grid = np.linspace(start, end, n)
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        return np.interp(grid, t, x)
    return np.column_stack([np.interp(grid, t, x[:, k]) for k in range(x.shape[1])])


def cut_strides(t: np.ndarray, x: np.ndarray, strikes: np.ndarray, n: int = 101) -> np.ndarray:
    """Cut a signal into strides between successive foot strikes and time-normalise each.

    Parameters
    ----------
    t : numpy.ndarray
        Sample times [s].
    x : numpy.ndarray
        Signal, samples first.
    strikes : numpy.ndarray
        Foot-strike times of one foot [s]; strides not fully inside the signal are dropped.
    n : int
        Points per stride.

    Returns
    -------
    numpy.ndarray
        Shape ``(strides, n)`` or ``(strides, n, channels)``.
    """
    strikes = np.asarray(strikes, dtype=float)
    pairs = [(a, b) for a, b in zip(strikes[:-1], strikes[1:]) if a >= t[0] and b <= t[-1]]
    if not pairs:
        raise ValueError("no complete stride between the given foot strikes lies inside the signal")
    return np.stack([time_normalise(t, x, a, b, n) for a, b in pairs])


def summarise_strides(strides: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and spread over strides (or people), scaled to the mean's own peak.

    Parameters
    ----------
    strides : numpy.ndarray
        Shape ``(units, points)`` or ``(units, points, channels)``.

    Returns
    -------
    mean, sd : numpy.ndarray
        Mean over units divided by its peak (so each channel's maximum is exactly 1) and the
        sample standard deviation (``ddof=1``) divided by the same factor; the SD is 0 when
        there is a single unit. Shape ``(points,)`` or ``(points, channels)``.
    """
    strides = np.asarray(strides, dtype=float)
    mean = strides.mean(axis=0)
    sd = strides.std(axis=0, ddof=1) if strides.shape[0] > 1 else np.zeros_like(mean)
    peak = mean.max(axis=0)
    if np.any(peak <= 0):
        raise ValueError("a channel has no positive activity; it cannot be scaled to its peak")
    return mean / peak, sd / peak


def alignment_score(
    envelope: np.ndarray,
    n_samples_rate: float,
    force: np.ndarray,
    t_force: np.ndarray,
    t0: float = 0.0,
    max_lag_s: float = 0.15,
) -> tuple[float, float]:
    """How well an EMG envelope follows a force signal under an assumed sampling rate.

    Used to check a recording's sampling rate against measured events instead of trusting a
    stored time column: the envelope of a muscle that works in stance (e.g. soleus) must rise
    and fall with the vertical ground reaction force, leading it by an electromechanical delay.

    Parameters
    ----------
    envelope : numpy.ndarray
        1-D envelope, one value per sample.
    n_samples_rate : float
        Assumed sampling rate [Hz]; sample ``k`` is placed at ``t0 + k / rate``.
    force : numpy.ndarray
        Force signal [N].
    t_force : numpy.ndarray
        Its sample times [s].
    t0 : float
        Time of the first EMG sample [s].
    max_lag_s : float
        Largest lag searched in both directions [s].

    Returns
    -------
    r, lag_s : float
        Best Pearson correlation and the lag at which it occurs [s]; a positive lag means the
        EMG leads the force.
    """
    t_emg = t0 + np.arange(len(envelope)) / n_samples_rate
    best = (-np.inf, 0.0)
    for lag in np.arange(-max_lag_s, max_lag_s + 1e-9, 0.005):
        inside = (t_force - lag >= t_emg[0]) & (t_force - lag <= t_emg[-1])
        if inside.sum() < 100:
            continue
        e = np.interp(t_force[inside] - lag, t_emg, envelope)
        r = float(np.corrcoef(e, force[inside])[0, 1])
        if r > best[0]:
            best = (r, float(round(lag, 3)))
    return best
