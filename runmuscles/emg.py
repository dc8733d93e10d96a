"""Raw EMG to activation: filtering, rectification, linear envelope, time normalisation.

The pipeline follows the usual surface-EMG linear-envelope recipe: a zero-phase band-pass
(removes movement artefact and high-frequency noise), full-wave rectification and a
zero-phase low-pass that leaves the envelope. Each stride is then cut at the foot strikes,
time-normalised to 0..100 % of the gait cycle (101 points), and the strides are averaged.

Missing samples are never filtered silently: one ``NaN`` would spread through the zero-phase
filters into the whole envelope. :func:`linear_envelope` refuses a signal with a missing or
non-finite sample and names the channel and the time; :func:`fill_gaps` fills short gaps (up to
:data:`MAX_GAP_S`, 10 ms) by linear interpolation and reports how many samples it filled, and
refuses longer gaps and gaps at either end. :func:`summarise_strides` refuses a stride with a
missing point.

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
    "MAX_GAP_S",
    "EnvelopeSettings",
    "DEFAULT_SETTINGS",
    "bandpass",
    "rectify",
    "lowpass",
    "fill_gaps",
    "linear_envelope",
    "time_normalise",
    "cut_strides",
    "summarise_strides",
    "alignment_score",
    "PERCENT",
]

#: Gait-cycle axis of every table: 0..100 % in steps of 1 % (101 points).
PERCENT = np.arange(101)

#: Longest gap of missing samples that :func:`fill_gaps` interpolates [s]. 10 ms is a tenth of the
#: period of the 10 Hz envelope cut-off, so a straight line across it cannot change the envelope's
#: shape; a longer gap is lost signal and must be dealt with by the user.
MAX_GAP_S = 0.010


def _channel_name(k: int, channels) -> str:
    return repr(channels[k]) if channels is not None else str(k)


def _check_finite(x: np.ndarray, fs: float, t0: float, channels) -> None:
    """Raise at the first missing or non-finite sample, naming the channel and the time [s]."""
    bad = ~np.isfinite(x)
    if not bad.any():
        return
    x2 = bad.reshape(len(bad), -1)
    k = int(np.argmax(x2.any(axis=0)))  # first channel with a bad sample
    i = int(np.argmax(x2[:, k]))
    value = x.reshape(len(x), -1)[i, k]
    kind = "missing (NaN)" if np.isnan(value) else f"not finite ({value})"
    raise ValueError(
        f"channel {_channel_name(k, channels)}: sample {i} at t = {t0 + i / fs:.3f} s is {kind} "
        f"({int(x2[:, k].sum())} such samples in this channel); fill gaps up to {MAX_GAP_S * 1000:g} ms "
        "with runmuscles.emg.fill_gaps, or leave the channel out"
    )


def fill_gaps(
    x: np.ndarray,
    fs: float,
    max_gap_s: float = MAX_GAP_S,
    t0: float = 0.0,
    channels: list[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Fill short runs of missing samples by linear interpolation, and say how many were filled.

    Parameters
    ----------
    x : numpy.ndarray
        Signal, samples first (1-D or 2-D) [any unit]; ``NaN`` or ``inf`` marks a missing sample.
    fs : float
        Sampling rate [Hz].
    max_gap_s : float
        Longest gap filled [s]; default :data:`MAX_GAP_S`.
    t0 : float
        Time of the first sample [s], used in messages.
    channels : list of str, optional
        Channel names, used in messages.

    Returns
    -------
    filled : numpy.ndarray
        A copy of ``x`` with every gap filled.
    n_filled : numpy.ndarray
        Samples filled per channel (shape ``(channels,)``; a 0-d array for 1-D input).

    Raises
    ------
    ValueError
        A gap longer than ``max_gap_s`` or at the start or end of the signal (nothing to
        interpolate from), naming the channel and the time range [s].

    Examples
    --------
    >>> filled, n = fill_gaps(np.array([0.0, np.nan, 2.0, 3.0]), fs=1000.0)
    >>> filled.tolist(), int(n)
    ([0.0, 1.0, 2.0, 3.0], 1)
    """
    x = np.array(x, dtype=float)
    flat = x.reshape(len(x), -1)
    counts = np.zeros(flat.shape[1], dtype=int)
    longest = int(np.floor(max_gap_s * fs + 1e-9))
    idx = np.arange(len(flat))
    for k in range(flat.shape[1]):
        bad = ~np.isfinite(flat[:, k])
        if not bad.any():
            continue
        edges = np.diff(np.concatenate([[0], bad.astype(int), [0]]))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # [start, end)
        for a, b in zip(starts, ends):
            where = f"channel {_channel_name(k, channels)}: {b - a} missing samples at t = {t0 + a / fs:.3f}–{t0 + (b - 1) / fs:.3f} s"
            if a == 0 or b == len(flat):
                raise ValueError(f"{where}, at the {'start' if a == 0 else 'end'} of the signal: nothing to interpolate "
                                 "from; trim the recording")
            if b - a > longest:
                raise ValueError(f"{where}: longer than {max_gap_s * 1000:g} ms, too long to interpolate")
        good = ~bad
        flat[bad, k] = np.interp(idx[bad], idx[good], flat[good, k])
        counts[k] = int(bad.sum())
    return flat.reshape(x.shape), (counts if x.ndim > 1 else counts[0])


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


def linear_envelope(
    x: np.ndarray,
    fs: float,
    settings: EnvelopeSettings = DEFAULT_SETTINGS,
    t0: float = 0.0,
    channels: list[str] | None = None,
) -> np.ndarray:
    """Linear envelope of raw EMG: band-pass, full-wave rectify, low-pass.

    The mean is removed first. Small negative values that the low-pass can leave are set to 0.
    Every sample must be present: fill short gaps first with :func:`fill_gaps`.

    Parameters
    ----------
    x : numpy.ndarray
        Raw EMG, samples first [any unit].
    fs : float
        Sampling rate [Hz].
    settings : EnvelopeSettings
        Filter settings.
    t0 : float
        Time of the first sample [s], used in messages.
    channels : list of str, optional
        Channel names, used in messages.

    Returns
    -------
    numpy.ndarray
        Envelope, same shape and unit as ``x``, non-negative.

    Raises
    ------
    ValueError
        A missing (``NaN``) or infinite sample, naming the channel and the time [s].
    """
    x = np.asarray(x, dtype=float)
    _check_finite(x, fs, t0, channels)
    x = x - x.mean(axis=0)
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


def summarise_strides(strides: np.ndarray, channels: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Mean and spread over strides (or people), scaled to the mean's own peak.

    Parameters
    ----------
    strides : numpy.ndarray
        Shape ``(units, points)`` or ``(units, points, channels)``; every value must be finite.
    channels : list of str, optional
        Channel names, used in messages.

    Returns
    -------
    mean, sd : numpy.ndarray
        Mean over units divided by its peak (so each channel's maximum is exactly 1) and the
        sample standard deviation (``ddof=1``) divided by the same factor; the SD is 0 when
        there is a single unit. Shape ``(points,)`` or ``(points, channels)``.

    Raises
    ------
    ValueError
        No stride, a missing or non-finite value (naming the stride, the point and the channel:
        a mean over the others would silently change what the curve stands for), or a channel
        without positive activity.
    """
    strides = np.asarray(strides, dtype=float)
    if strides.ndim < 2 or strides.shape[0] == 0:
        raise ValueError(f"no stride to summarise (shape {strides.shape})")
    bad = ~np.isfinite(strides)
    if bad.any():
        unit, point, *rest = np.argwhere(bad)[0]
        channel = f", channel {_channel_name(int(rest[0]), channels)}" if rest else ""
        raise ValueError(
            f"stride {unit + 1} of {strides.shape[0]}, point {point} of the cycle{channel} is "
            f"{strides[tuple(np.argwhere(bad)[0])]} ({int(bad.sum())} missing or non-finite values); "
            "leave that stride out or fill its gaps before averaging"
        )
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
