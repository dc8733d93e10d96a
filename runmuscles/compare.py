"""Walking versus running: the same muscles in both gaits on one time base (% of the gait cycle).

Everything here is a pure function of the shipped tables, so every number the walk-vs-run
notebook shows is computed (and tested) here: stance share, float and double-support phases,
peak timing and active windows per muscle, per-person spread, cadence and stride time.

**Amplitudes are not compared.** Each gait's activation is scaled to the muscle's own peak *in that
gait* (1.0 = "this muscle's own maximum during this activity"), so a curve that reaches 1.0 in both
gaits does not mean equal effort. What can be compared across gaits are scale-free quantities:
*when* the muscle peaks, *how long* it stays above a fraction of its own peak, and *where in the
cycle* its activity lies (share of the area under the curve in stance).

Examples
--------
>>> from runmuscles import compare
>>> summary = compare.gait_summary("run", "santuz2020_synergies")
>>> 30 < summary["toe_off"] < 45
True
>>> compare.peak_percent([0.0, 1.0, 0.5])
1.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import datasets
from ._resources import check_choice
from .activation import DEFAULT_THRESHOLD, MUSCLE_ORDER, load_activation, load_activation_sd, load_curves
from .gait import GAITS, load_events, load_phases, load_strides

__all__ = [
    "AMPLITUDE_CAN",
    "AMPLITUDE_CANNOT",
    "DEFAULT_PAIRING",
    "MUSCLE_ORDER",
    "PAIRINGS",
    "active_duration",
    "active_windows",
    "area_share",
    "circular_shift",
    "common_muscles",
    "gait_summary",
    "interval_mean",
    "key_findings",
    "mean_and_sd",
    "pairing_sources",
    "peak_percent",
    "person_curves",
    "person_peaks",
    "phase_ribbons",
    "stance_shares",
    "strides_table",
    "timing_shift",
    "timing_table",
]

#: Pairs of data sets to compare: id -> (running source, walking source, what the pair is). Who and how
#: fast come from each data set's registry entry (:func:`pairing_label`).
PAIRINGS: dict[str, tuple[str, str, str]] = {
    "santuz2020_synergies": ("santuz2020_synergies", "santuz2020_synergies", "The same people in both gaits"),
    "raw_emg": ("rajagopal2016", "santuz2020_raw", "Raw EMG, different people"),
    "rajagopal2016": ("rajagopal2016", "rajagopal2016", "Raw EMG, Rajagopal 2016"),
}


def pairing_label(pairing: str) -> str:
    """What a comparison shows, with who stands behind each gait and how fast they moved.

    Examples
    --------
    >>> pairing_label("raw_emg")
    'Raw EMG, different people: running Rajagopal 2016 · 1 runner, 6 strides · about 4 m/s; walking Santuz 2020, raw EMG · 1 walker, 5 strides · 1.4 m/s'
    """
    src = pairing_sources(pairing)
    run, walk = datasets.get(src["run"]), datasets.get(src["walk"])
    return f"{PAIRINGS[pairing][2]}: running {run.caption('run')}; walking {walk.caption('walk')}"


#: The default comparison: the only source with the same people in both gaits.
DEFAULT_PAIRING = "santuz2020_synergies"

#: What a comparison of walking and running activation can show (each gait is scaled to its own peak).
AMPLITUDE_CAN: tuple[str, ...] = (
    "when each muscle peaks and when it is active (timing, in % of the gait cycle)",
    "how long it stays above a fraction of its own peak (duration)",
    "where in the cycle its activity lies, e.g. the share of its activity area in stance (shape)",
)

#: What it cannot show.
AMPLITUDE_CANNOT: tuple[str, ...] = (
    "whether a muscle works harder in running than in walking: both curves reach 1.0 by construction",
    "whether one muscle works harder than another: each muscle is scaled to its own peak",
    "force, power or mechanical work: EMG shows electrical activity, not the force it produces",
)

_FINE = np.linspace(0.0, 100.0, 10001)  # 0.01 % grid for integrals over fractional phase boundaries
_PERCENT = np.arange(101, dtype=float)


def pairing_sources(pairing: str = DEFAULT_PAIRING) -> dict[str, str]:
    """Data set of each gait in a comparison.

    Parameters
    ----------
    pairing : str
        A key of :data:`PAIRINGS`.

    Returns
    -------
    dict
        ``{"run": source id, "walk": source id}``.

    Raises
    ------
    ValueError
        Unknown pairing (the message lists the valid ones).
    """
    check_choice("pairing", pairing, tuple(PAIRINGS))
    run, walk, _ = PAIRINGS[pairing]
    return {"run": run, "walk": walk}


def common_muscles(pairing: str = DEFAULT_PAIRING) -> list[str]:
    """Muscles measured in both gaits of a comparison, proximal to distal."""
    src = pairing_sources(pairing)
    both = set(load_activation("run", src["run"]).columns) & set(load_activation("walk", src["walk"]).columns)
    return [m for m in MUSCLE_ORDER if m in both] + sorted(both - set(MUSCLE_ORDER))


def _curve(curve: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    y = np.asarray(curve, dtype=float)
    if y.shape != (101,):
        raise ValueError(f"expected one value per 1 % of the gait cycle (101 values), got shape {y.shape}")
    return y


def peak_percent(curve: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Instant of the curve's maximum [% of the gait cycle].

    Parameters
    ----------
    curve : array-like
        Activation sampled at 0, 1, ..., N-1 % (normally 101 values, 0..100 %).

    Returns
    -------
    float
        The first percent at which the curve reaches its maximum.
    """
    y = np.asarray(curve, dtype=float)
    return float(np.nanargmax(y))


def active_windows(
    curve: Sequence[float] | np.ndarray | pd.Series, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[float, float]]:
    """Stretches of the cycle where the activation is at or above ``threshold``.

    Parameters
    ----------
    curve : array-like
        101 values, activation at 0..100 % of the gait cycle, scaled to the muscle's own peak.
    threshold : float
        Fraction of the muscle's own peak (0..1).

    Returns
    -------
    list of (float, float)
        ``(start, end)`` in % of the gait cycle, both inclusive, in cycle order. A burst that spans
        foot strike (e.g. 88 % to 8 % of the next cycle) appears as two windows, one ending at
        100 and one starting at 0.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.zeros(101); y[10:21] = 1.0
    >>> active_windows(y, 0.5)
    [(10.0, 20.0)]
    """
    on = _curve(curve) >= threshold
    windows: list[tuple[float, float]] = []
    start = None
    for k, flag in enumerate(on):
        if flag and start is None:
            start = k
        if not flag and start is not None:
            windows.append((float(start), float(k - 1)))
            start = None
    if start is not None:
        windows.append((float(start), 100.0))
    return windows


def active_duration(curve: Sequence[float] | np.ndarray | pd.Series, threshold: float = DEFAULT_THRESHOLD) -> float:
    """Share of the gait cycle spent at or above ``threshold`` of the muscle's own peak [% of the cycle]."""
    y = _curve(curve)
    return float(100.0 * np.mean(np.interp(_FINE, _PERCENT, y)[:-1] >= threshold))


def _mask(intervals: Sequence[tuple[float, float]]) -> np.ndarray:
    mask = np.zeros(_FINE.size - 1, dtype=bool)
    mid = (_FINE[:-1] + _FINE[1:]) / 2
    for a, b in intervals:
        if not 0 <= a <= b <= 100:
            raise ValueError(f"an interval must lie in 0..100 % with start <= end, got {(a, b)}")
        mask |= (mid >= a) & (mid < b)
    return mask


def area_share(curve: Sequence[float] | np.ndarray | pd.Series, intervals: Sequence[tuple[float, float]]) -> float:
    """Share of the area under an activation curve that lies inside some intervals of the cycle.

    Parameters
    ----------
    curve : array-like
        101 values, activation at 0..100 % of the gait cycle.
    intervals : sequence of (float, float)
        ``(start, end)`` in % of the cycle, 0 <= start <= end <= 100; boundaries may be fractional.

    Returns
    -------
    float
        Fraction (0..1) of the area under the (linearly interpolated) curve over 0..100 %.

    Notes
    -----
    The area is the integral of the activation over time in % of the cycle. It says *when* a
    muscle's activity lies; it is not force or mechanical work.

    Examples
    --------
    >>> import numpy as np
    >>> round(area_share(np.ones(101), [(0, 40)]), 3)
    0.4
    """
    y = np.interp(_FINE, _PERCENT, _curve(curve))
    seg = (y[:-1] + y[1:]) / 2
    total = seg.sum()
    if total <= 0:
        raise ValueError("the curve has no area (all zero)")
    return float(seg[_mask(intervals)].sum() / total)


def interval_mean(curve: Sequence[float] | np.ndarray | pd.Series, intervals: Sequence[tuple[float, float]]) -> float:
    """Mean activation inside some intervals of the cycle [fraction of the muscle's own peak]."""
    y = np.interp(_FINE, _PERCENT, _curve(curve))
    seg = (y[:-1] + y[1:]) / 2
    mask = _mask(intervals)
    if not mask.any():
        raise ValueError(f"the intervals {list(intervals)} are empty")
    return float(seg[mask].mean())


def _support_kind(support: str) -> str:
    if support.startswith("float"):
        return "float"
    if support.startswith("double"):
        return "double support"
    return "single support"


def phase_ribbons(pairing: str = DEFAULT_PAIRING) -> pd.DataFrame:
    """The phases of both gaits, for ribbons drawn one above the other.

    Returns
    -------
    pandas.DataFrame
        One row per phase with ``gait``, ``source``, ``phase``, ``name``, ``kind`` (stance/swing),
        ``support``, ``support_kind`` (``single support``, ``double support`` or ``float``),
        ``start``, ``end`` [% of the gait cycle] and ``start_measured``, ``end_measured``.
    """
    rows = []
    for gait_name, source in pairing_sources(pairing).items():
        phases = load_phases(gait_name, source).reset_index()
        phases.insert(0, "source", source)
        phases.insert(0, "gait", gait_name)
        phases["support_kind"] = phases["support"].map(_support_kind)
        rows.append(phases)
    cols = ["gait", "source", "phase", "name", "kind", "support", "support_kind", "start", "end",
            "start_measured", "end_measured"]
    return pd.concat(rows, ignore_index=True)[cols]


def gait_summary(gait: str = "run", source: str | None = None) -> dict[str, float | int | bool | str]:
    """Stance share, float or double-support time, stride time and cadence of one gait.

    Parameters
    ----------
    gait : {"run", "walk"}
        Gait.
    source : str, optional
        Data set; default: the gait's default source.

    Returns
    -------
    dict
        ``toe_off`` and ``toe_off_sd`` [% of the cycle, mean and SD over strides or people],
        ``stance`` and ``swing`` [% of the cycle], ``float`` [% of the cycle with no foot on the
        ground: toe-off to the other foot's strike plus the other foot's toe-off to the next strike;
        0 for walking], ``double_support`` [% of the cycle with both feet down; 0 for running],
        ``contralateral_measured`` (False when the other foot's events are placed by symmetry),
        ``n`` (strides or people), ``stride_time_s`` and ``stride_time_sd_s`` [s],
        ``cadence_spm``, ``cadence_sd_spm``, ``cadence_min_spm``, ``cadence_max_spm`` [steps/min].
    """
    check_choice("gait", gait, GAITS)
    ev = load_events(gait, source)
    to = float(ev.loc["toe_off", "percent"])
    cfs = float(ev.loc["contralateral_foot_strike", "percent"])
    cto = float(ev.loc["contralateral_toe_off", "percent"])
    if gait == "run":
        flt, double = (cfs - to) + (100.0 - cto), 0.0
    else:
        flt, double = 0.0, cto + (to - cfs)
    strides = load_strides(gait, source)
    cad = strides["cadence_spm"]
    return {
        "gait": gait,
        "toe_off": to,
        "toe_off_sd": float(ev.loc["toe_off", "sd"]),
        "stance": to,
        "swing": 100.0 - to,
        "float": flt,
        "double_support": double,
        "contralateral_measured": bool(ev.loc["contralateral_foot_strike", "measured"])
        and bool(ev.loc["contralateral_toe_off", "measured"]),
        "n": int(ev.loc["toe_off", "n"]),
        "stride_time_s": float(strides["stride_time_s"].mean()),
        "stride_time_sd_s": float(strides["stride_time_s"].std(ddof=1)) if len(strides) > 1 else 0.0,
        "cadence_spm": float(cad.mean()),
        "cadence_sd_spm": float(cad.std(ddof=1)) if len(cad) > 1 else 0.0,
        "cadence_min_spm": float(cad.min()),
        "cadence_max_spm": float(cad.max()),
    }


def _phase_of(percent: float, phases: pd.DataFrame) -> str:
    inside = phases[(phases["start"] <= percent) & (percent < phases["end"])]
    return str(inside.index[0] if len(inside) else phases.index[-1])


def circular_shift(a: float, b: float) -> float:
    """Shift from ``a`` to ``b`` on the cyclic gait cycle [% of the cycle], in (-50, 50].

    >>> circular_shift(95, 5)
    10.0
    """
    d = (b - a) % 100.0
    return d - 100.0 if d > 50.0 else d


def timing_shift(
    muscle: str, pairing: str = DEFAULT_PAIRING, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """Scale-free timing of one muscle in both gaits.

    Parameters
    ----------
    muscle : str
        Muscle id (a column of both gaits' activation tables).
    pairing : str
        A key of :data:`PAIRINGS`.
    threshold : float
        "Active" threshold as a fraction of the muscle's own peak.

    Returns
    -------
    pandas.DataFrame
        Index ``gait`` (``walk``, ``run``) with ``source``, ``peak`` [% of the cycle], ``peak_phase``
        (phase id), ``toe_off`` [% of the cycle], ``peak_in_stance`` [% of stance, NaN when the peak is
        in swing], ``windows`` (list of active windows, % of the cycle), ``active`` [% of the cycle at or
        above the threshold] and ``stance_share`` (fraction of the activity area in stance).
    """
    if muscle not in common_muscles(pairing):
        raise ValueError(f"{muscle!r} is not measured in both gaits of {pairing!r}. Valid: {common_muscles(pairing)}")
    rows = []
    for gait_name in ("walk", "run"):
        source = pairing_sources(pairing)[gait_name]
        y = load_activation(gait_name, source)[muscle].to_numpy()
        to = float(load_events(gait_name, source).loc["toe_off", "percent"])
        peak = peak_percent(y)
        rows.append(
            {
                "gait": gait_name,
                "source": source,
                "peak": peak,
                "peak_phase": _phase_of(peak, load_phases(gait_name, source)),
                "toe_off": to,
                "peak_in_stance": 100.0 * peak / to if peak <= to else np.nan,
                "windows": active_windows(y, threshold),
                "active": active_duration(y, threshold),
                "stance_share": area_share(y, [(0.0, to)]),
            }
        )
    return pd.DataFrame(rows).set_index("gait")


def timing_table(pairing: str = DEFAULT_PAIRING, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Peak timing and its shift from walking to running for every muscle measured in both gaits.

    Returns
    -------
    pandas.DataFrame
        Index ``muscle`` with ``walk_peak``, ``run_peak`` [% of the cycle], ``shift`` (run minus walk
        on the circular cycle, in (-50, 50] %), ``walk_peak_phase``, ``run_peak_phase``,
        ``walk_peak_in_stance``, ``run_peak_in_stance`` [% of stance], ``walk_active``, ``run_active``
        [% of the cycle above the threshold] and ``walk_stance_share``, ``run_stance_share``.
    """
    rows = []
    for m in common_muscles(pairing):
        t = timing_shift(m, pairing, threshold)
        row: dict[str, float | str] = {"muscle": m}
        for g in ("walk", "run"):
            for key in ("peak", "peak_phase", "peak_in_stance", "active", "stance_share"):
                row[f"{g}_{key}"] = t.loc[g, key]
        row["shift"] = circular_shift(float(t.loc["walk", "peak"]), float(t.loc["run", "peak"]))
        rows.append(row)
    return pd.DataFrame(rows).set_index("muscle")


def stance_shares(pairing: str = DEFAULT_PAIRING) -> pd.DataFrame:
    """Toe-off, stance and the float or double-support share of the cycle in both gaits.

    Returns
    -------
    pandas.DataFrame
        Index ``gait`` (``walk``, ``run``); the columns of :func:`gait_summary` plus ``source``.
    """
    rows = []
    for gait_name in ("walk", "run"):
        source = pairing_sources(pairing)[gait_name]
        rows.append({**gait_summary(gait_name, source), "source": source})
    return pd.DataFrame(rows).set_index("gait")


def person_curves(gait: str, source: str | None, muscle: str) -> pd.DataFrame:
    """Each person's (or stride's) curve of one muscle.

    Returns
    -------
    pandas.DataFrame
        Index ``unit`` (person id or stride number, as text), columns 0..100 [% of the cycle],
        values on the scale of :func:`runmuscles.load_activation`.
    """
    curves = load_curves(gait, source)
    if muscle not in curves.columns:
        raise ValueError(f"{muscle!r} is not in the {gait} data of {source!r}")
    table = curves.assign(unit=curves["unit"].astype(str)).pivot(index="unit", columns="percent", values=muscle)
    return table.loc[sorted(table.index, key=lambda u: (len(u), u))]


def person_peaks(gait: str, source: str | None, muscle: str) -> pd.Series:
    """Peak instant of one muscle for each person (or stride) [% of the gait cycle]."""
    table = person_curves(gait, source, muscle)
    peaks = pd.Series(table.to_numpy().argmax(axis=1).astype(float), index=table.index, name="peak")
    return peaks


def strides_table(pairing: str = DEFAULT_PAIRING) -> pd.DataFrame:
    """Stride time, cadence and toe-off of every stride (or person) in both gaits.

    Returns
    -------
    pandas.DataFrame
        Columns ``gait``, ``source``, ``unit``, ``stride_time_s`` [s], ``cadence_spm`` [steps/min]
        and ``toe_off`` [% of the cycle].
    """
    rows = []
    for gait_name in ("walk", "run"):
        source = pairing_sources(pairing)[gait_name]
        t = load_strides(gait_name, source).assign(gait=gait_name, source=source)
        t["unit"] = t["unit"].astype(str)
        rows.append(t)
    return pd.concat(rows, ignore_index=True)[["gait", "source", "unit", "stride_time_s", "cadence_spm", "toe_off"]]


def mean_and_sd(gait: str, source: str | None, muscle: str) -> tuple[np.ndarray, np.ndarray]:
    """Mean activation and its SD (across strides or people) of one muscle, 0..100 %."""
    return (
        load_activation(gait, source)[muscle].to_numpy(),
        load_activation_sd(gait, source)[muscle].to_numpy(),
    )


def key_findings(pairing: str = DEFAULT_PAIRING) -> str:
    """The main walk-vs-run numbers of one comparison, as Markdown (computed, so prose cannot drift).

    Returns
    -------
    str
        A bullet list: stance share, float and double support, cadence, and the peak shift of the
        calf muscles and tibialis anterior where both gaits measure them.
    """
    shares = stance_shares(pairing)
    w, r = shares.loc["walk"], shares.loc["run"]
    timing = timing_table(pairing)
    lines = [
        f"- **Stance shrinks**: toe-off at {w['toe_off']:.0f} % of the cycle walking, {r['toe_off']:.0f} % running.",
        (f"- **Double support becomes float**: walking has {w['double_support']:.0f} % of the cycle with both feet "
        f"down; running has {r['float']:.0f} % with no foot down, in two float phases."),
        (f"- **Cadence rises**: {w['cadence_spm']:.0f} steps/min walking vs {r['cadence_spm']:.0f} running "
        f"(stride time {w['stride_time_s']:.2f} s vs {r['stride_time_s']:.2f} s)."),
    ]
    calf = [m for m in ("soleus", "gastrocnemius_medialis", "gastrocnemius_lateralis") if m in timing.index]
    if calf:
        t = timing.loc[calf]
        lines.append(
            f"- **The calf peaks earlier**: at {t['walk_peak_in_stance'].min():.0f}–{t['walk_peak_in_stance'].max():.0f} "
            f"% of stance walking (late stance, push-off) but {t['run_peak_in_stance'].min():.0f}–"
            f"{t['run_peak_in_stance'].max():.0f} % of stance running (around mid-stance, while the leg takes the load)."
        )
    if "tibialis_anterior" in timing.index:
        t = timing.loc["tibialis_anterior"]
        lines.append(
            f"- **Tibialis anterior** peaks at {t['walk_peak']:.0f} % walking and {t['run_peak']:.0f} % running: "
            "around foot strike in both gaits, but in running mostly just *before* the foot lands."
        )
    return "\n".join(lines)
