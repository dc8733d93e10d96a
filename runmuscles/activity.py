"""Activity words: how active a muscle is in a stride phase, computed from its curve.

This is the one home of the words the suite uses for activity ("little activity", "active",
"strongly active") and of the rule behind them, so the explorer, the atlas cards, the
strength-for-runners map and the claims say the same thing about the same curve. In a phase (or
any window of the cycle) a muscle is

* **active** when its activation is at or above :data:`ACTIVE` (= :data:`runmuscles.DEFAULT_THRESHOLD`,
  30 % of its own peak) for at least :data:`MIN_SHARE` (a quarter) of the window;
* **strongly active** when it is at or above :data:`STRONG` (60 % of its own peak) for at least
  a quarter of the window;
* **little activity** otherwise.

Within a window the curve may cross :data:`ACTIVE`: it is **switching on** when it starts the
window below the threshold and ends it at or above, **switching off** in the opposite case, and
has a **brief burst** when it crosses the threshold only inside the window. These are added to
the level ("active, switching off"), never replace it.

Every data set that measures a muscle gets its own word, with that data set's own phase
boundaries (:func:`runmuscles.load_phases`); where the data sets disagree, the text says so.
What a muscle *does* in a phase (its function, "brakes the swinging leg") is written by hand in
the catalogue (``roles``) and kept apart from these words.

Examples
--------
>>> from runmuscles import activity
>>> activity.level(0.5)
'active'
>>> activity.level(0.1)
'little activity'
>>> table = activity.phase_levels("run", "rajagopal2016")
>>> table.loc[("soleus", "mid_stance"), "level"]
'strongly active'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from .activation import DEFAULT_THRESHOLD, load_activation, source_info, sources_for
from .gait import load_phases

__all__ = [
    "ACTIVE",
    "CHANGES",
    "GRID_STEP",
    "LEVELS",
    "MIN_SHARE",
    "STRONG",
    "change",
    "describe",
    "is_active",
    "level",
    "muscle_levels",
    "phase_levels",
    "phase_share",
    "role_text",
    "share_above",
    "who",
    "window_levels",
    "working_phases",
]

#: "Active": at or above this fraction of the muscle's own peak (the suite's threshold) ...
ACTIVE: float = DEFAULT_THRESHOLD
#: "Strongly active": at or above this fraction of the muscle's own peak ...
STRONG: float = 0.6
#: ... for at least this share of the phase (or window).
MIN_SHARE: float = 0.25
#: The activity levels, weakest first.
LEVELS: tuple[str, ...] = ("little activity", "active", "strongly active")
#: What the curve does within a window, relative to :data:`ACTIVE`.
CHANGES: tuple[str, ...] = ("", "switching on", "switching off", "brief burst")
#: Resolution of the share computations [% of the gait cycle]: phase boundaries are fractional
#: (e.g. toe-off at 35.8 %), so the 1 % activation table is interpolated linearly onto this grid.
GRID_STEP: float = 0.1

_PERCENT = np.arange(101, dtype=float)
_GRID = np.round(np.arange(0.0, 100.0 + GRID_STEP / 2, GRID_STEP), 6)


def _on_grid(curve) -> np.ndarray:
    y = np.asarray(curve, dtype=float)
    if y.shape != (101,):
        raise ValueError(f"expected 101 activation values (0..100 % of the cycle), got shape {y.shape}")
    return np.interp(_GRID, _PERCENT, y)


def _inside(intervals: Sequence[tuple[float, float]]) -> np.ndarray:
    mask = np.zeros_like(_GRID, dtype=bool)
    for start, end in intervals:
        mask |= (_GRID >= start) & (_GRID < end)
    return mask


def share_above(
    curve: Sequence[float] | np.ndarray | pd.Series, intervals: Sequence[tuple[float, float]], threshold: float
) -> float:
    """Share of some windows of the cycle during which a curve is at or above ``threshold``.

    Parameters
    ----------
    curve : array-like
        101 values, activation at 0..100 % of the gait cycle [fraction of the muscle's own peak].
    intervals : sequence of (float, float)
        Windows ``[start, end)`` [% of the cycle].
    threshold : float
        Fraction of the muscle's own peak (0..1).

    Returns
    -------
    float
        Fraction (0..1) of the windows' duration, on a :data:`GRID_STEP` grid.

    Examples
    --------
    >>> import numpy as np
    >>> round(share_above(np.linspace(0, 1, 101), [(0, 100)], 0.5), 2)
    0.5
    """
    mask = _inside(intervals)
    if not mask.any():
        raise ValueError(f"the windows {list(intervals)} are empty")
    return float((_on_grid(curve)[mask] >= threshold).mean())


def level(active_share: float, strong_share: float = 0.0) -> str:
    """The activity word from the shares of a window spent at or above :data:`ACTIVE` and :data:`STRONG`.

    Examples
    --------
    >>> level(0.9, 0.25), level(0.25), level(0.2)
    ('strongly active', 'active', 'little activity')
    """
    if strong_share >= MIN_SHARE:
        return LEVELS[2]
    if active_share >= MIN_SHARE:
        return LEVELS[1]
    return LEVELS[0]


def is_active(word: str) -> bool:
    """Whether an activity word (from :func:`level` or :func:`window_levels`) means active or strongly active."""
    return word.split(",")[0].strip() in LEVELS[1:]


def change(at_start: float, at_end: float, peak: float) -> str:
    """How the curve crosses :data:`ACTIVE` within a window (one of :data:`CHANGES`).

    Parameters
    ----------
    at_start, at_end, peak : float
        Activation at the window's start, at its end and its highest value inside it [fraction of
        the muscle's own peak].

    Examples
    --------
    >>> change(0.1, 0.5, 0.5), change(0.5, 0.1, 0.5), change(0.1, 0.1, 0.4), change(0.5, 0.5, 0.9)
    ('switching on', 'switching off', 'brief burst', '')
    """
    if at_start < ACTIVE <= at_end:
        return "switching on"
    if at_start >= ACTIVE > at_end:
        return "switching off"
    if at_start < ACTIVE and at_end < ACTIVE and peak >= ACTIVE:
        return "brief burst"
    return ""


def window_levels(curve: Sequence[float] | np.ndarray | pd.Series, intervals: Sequence[tuple[float, float]]) -> dict:
    """Level, change and the numbers behind them, for one curve in some windows of the cycle.

    Parameters
    ----------
    curve : array-like
        101 values, activation at 0..100 % of the gait cycle [fraction of the muscle's own peak].
    intervals : sequence of (float, float)
        Windows ``[start, end)`` [% of the cycle]; the change is read from the first window's start
        to the last window's end.

    Returns
    -------
    dict
        ``active_share`` and ``strong_share`` (fractions of the windows at or above :data:`ACTIVE`
        and :data:`STRONG`), ``mean``, ``at_start``, ``at_end``, ``peak`` (fractions of the muscle's
        own peak), ``level`` (:data:`LEVELS`), ``change`` (:data:`CHANGES`) and ``word`` (both).

    Examples
    --------
    >>> import numpy as np
    >>> window_levels(np.linspace(0, 1, 101), [(50, 100)])["word"]
    'strongly active'
    >>> window_levels(np.linspace(0, 1, 101), [(0, 38)])["word"]
    'little activity, switching on'
    """
    y = np.asarray(curve, dtype=float)
    values = _on_grid(y)[_inside(intervals)]
    if not values.size:
        raise ValueError(f"the windows {list(intervals)} are empty")
    at_start = float(np.interp(intervals[0][0], _PERCENT, y))
    at_end = float(np.interp(intervals[-1][1], _PERCENT, y))
    out = {
        "active_share": float((values >= ACTIVE).mean()),
        "strong_share": float((values >= STRONG).mean()),
        "mean": float(values.mean()),
        "at_start": at_start,
        "at_end": at_end,
        "peak": float(max(values.max(), at_end)),
    }
    out["level"] = level(out["active_share"], out["strong_share"])
    out["change"] = change(at_start, at_end, out["peak"])
    out["word"] = out["level"] + (f", {out['change']}" if out["change"] else "")
    return out


def phase_share(table: pd.DataFrame, phases: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Share of each phase during which each muscle is at or above ``threshold``.

    Parameters
    ----------
    table : pandas.DataFrame
        Activation indexed by percent of the gait cycle [%] (0..100), one column per muscle,
        values 0..1 of each muscle's own peak (as :func:`runmuscles.load_activation`).
    phases : pandas.DataFrame
        Indexed by phase id with ``start`` and ``end`` [% of the gait cycle]
        (as :func:`runmuscles.load_phases`).
    threshold : float
        Fraction of each muscle's own peak (0..1) at or above which it counts as active.

    Returns
    -------
    pandas.DataFrame
        Muscles (rows, table order) x phases (columns, phase order), values 0..1: the fraction
        of the phase's duration with activation >= ``threshold``. The activation is interpolated
        linearly onto a :data:`GRID_STEP` grid; each phase covers ``[start, end)``.

    Raises
    ------
    ValueError
        If ``threshold`` is outside 0..1.
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold is a fraction of each muscle's own peak, 0..1; got {threshold!r}")
    x = table.index.to_numpy(dtype=float)
    above = {m: np.interp(_GRID, x, table[m].to_numpy(dtype=float)) >= threshold for m in table.columns}
    rows = {}
    for m, on in above.items():
        shares = {}
        for pid, row in phases.iterrows():
            inside = (_GRID >= row["start"]) & (_GRID < row["end"])
            shares[pid] = float(on[inside].mean()) if inside.any() else float("nan")
        rows[m] = shares
    out = pd.DataFrame.from_dict(rows, orient="index")[list(phases.index)]
    out.index.name = "muscle"
    out.columns.name = "phase"
    return out


def working_phases(share: pd.DataFrame, min_share: float = MIN_SHARE) -> dict[str, list[str]]:
    """Phases in which each muscle works: share of the phase above threshold >= ``min_share``.

    With the default threshold and ``min_share`` these are the phases whose :func:`level` is
    active or strongly active.

    Parameters
    ----------
    share : pandas.DataFrame
        Output of :func:`phase_share`.
    min_share : float
        Minimum fraction (0..1) of a phase the muscle must be active for.

    Returns
    -------
    dict of str to list of str
        Muscle id -> phase ids in stride order (empty list: it never works for long enough).
    """
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share is a fraction of a phase, in (0, 1]; got {min_share!r}")
    return {m: [p for p in share.columns if share.loc[m, p] >= min_share] for m in share.index}


def phase_levels(
    gait: str = "run",
    source: str | None = None,
    table: pd.DataFrame | None = None,
    phases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The activity word of every muscle of a data set in every phase of that data set.

    Parameters
    ----------
    gait : {"run", "walk"}
        Gait.
    source : str, optional
        Data set id; default: the gait's default source.
    table, phases : pandas.DataFrame, optional
        Activation (as :func:`runmuscles.load_activation`) and phases (as
        :func:`runmuscles.load_phases`, with ``start`` and ``end`` in %); default: the data set's own.

    Returns
    -------
    pandas.DataFrame
        Index (``muscle``, ``phase``); columns ``start``, ``end`` [% of the cycle] and those of
        :func:`window_levels`.
    """
    if table is None and phases is None:
        return _shipped_levels(gait, source).copy()
    table = load_activation(gait, source) if table is None else table
    phases = load_phases(gait, source) if phases is None else phases
    return _levels(table, phases)


@lru_cache(maxsize=16)
def _shipped_levels(gait: str, source: str | None) -> pd.DataFrame:
    return _levels(load_activation(gait, source), load_phases(gait, source))


def _levels(table: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for m in table.columns:
        y = table[m].to_numpy(dtype=float)
        for pid, ph in phases.iterrows():
            start, end = float(ph["start"]), float(ph["end"])
            rows.append({"muscle": m, "phase": pid, "start": start, "end": end,
                         **window_levels(y, [(start, end)])})
    return pd.DataFrame(rows).set_index(["muscle", "phase"])


def muscle_levels(muscle: str, gait: str = "run") -> pd.DataFrame:
    """One muscle's activity word in every phase, for every data set that measures it.

    Returns
    -------
    pandas.DataFrame
        Index (``source``, ``phase``), columns as in :func:`phase_levels`; empty when no data set
        of this gait measures the muscle.
    """
    return _muscle_levels(muscle, gait).copy()


@lru_cache(maxsize=256)
def _muscle_levels(muscle: str, gait: str) -> pd.DataFrame:
    parts = {}
    for source in sources_for(gait):
        levels = _shipped_levels(gait, source)
        if muscle in levels.index.get_level_values("muscle"):
            parts[source] = levels.loc[muscle]
    if not parts:
        return pd.DataFrame(columns=["start", "end", "active_share", "level", "change", "word"])
    return pd.concat(parts, names=["source", "phase"])


def who(source: str, gait: str = "run") -> str:
    """How many people and strides stand behind a data set's curve, e.g. ``"1 runner, 6 strides"``.

    Examples
    --------
    >>> who("santuz2020_synergies")
    '30 people'
    """
    info = source_info(source, gait)
    person = {"run": "runner", "walk": "walker"}[gait]
    if info["people"] == 1:
        strides = info.get("strides") or 0
        return f"1 {person}, {int(strides)} stride{'s' if strides != 1 else ''}"
    return f"{int(info['people'])} people"


def describe(muscle: str, phase: str, gait: str = "run", source: str | None = None) -> str:
    """The computed activity word of a muscle in a phase, saying where data sets disagree.

    Parameters
    ----------
    muscle, phase : str
        Muscle id and phase id (a row of :func:`runmuscles.load_phases`).
    gait : {"run", "walk"}
        Gait.
    source : str, optional
        The data set shown: its word comes first, then any data set whose level differs from it. Without
        it, every data set is named.

    Returns
    -------
    str
        E.g. ``"strongly active in rajagopal2016 (1 runner, 6 strides) and santuz2020_synergies
        (30 people)"``; empty when no data set of this gait measures the muscle.

    Examples
    --------
    >>> describe("biceps_femoris", "loading_response")
    'little activity in rajagopal2016 (1 runner, 6 strides), but active in santuz2020_synergies (30 people)'
    >>> describe("gluteus_maximus", "loading_response", source="rajagopal2016")
    'active; but strongly active in santuz2020_synergies (30 people)'
    """
    levels = _muscle_levels(muscle, gait)
    if levels.empty:
        return ""
    rows = levels.xs(phase, level="phase")

    def named(s: str) -> str:
        extra = f"; {rows.loc[s, 'change']}" if rows.loc[s, "change"] else ""
        return f"{s} ({who(s, gait)}{extra})"

    if source is not None and source in rows.index:
        others = [s for s in rows.index if s != source and rows.loc[s, "level"] != rows.loc[source, "level"]]
        head = rows.loc[source, "word"]
        if not others:
            return head
        return head + "; but " + ", ".join(f"{rows.loc[s, 'level']} in {s} ({who(s, gait)})" for s in others)
    groups: dict[str, list[str]] = {}
    for s in rows.index:
        groups.setdefault(rows.loc[s, "level"], []).append(s)
    parts = [f"{lvl} in {' and '.join(named(s) for s in ss)}" for lvl, ss in groups.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", but " + parts[-1]


def role_text(muscle: str, phase: str, function: str, gait: str = "run", source: str | None = None) -> str:
    """Computed activity word plus the catalogue's hand-written function, for one muscle and phase.

    Muscles no data set measures keep the catalogue's text as it is (it states its own evidence).
    With ``source``, the function is left out when that data set never reaches :data:`ACTIVE` in the
    phase and no other data set calls the muscle active there.

    Examples
    --------
    >>> role_text("psoas_major", "mid_stance", "not established")
    'not established'
    """
    word = describe(muscle, phase, gait, source)
    if not word:
        return function
    rows = _muscle_levels(muscle, gait).xs(phase, level="phase")
    if source in rows.index:
        # the task is shown where this data set reaches the threshold, or another one says it is active
        here = rows.loc[source, "peak"] >= ACTIVE
        elsewhere = (rows.drop(index=source)["level"] != LEVELS[0]).any()
        if not (here or elsewhere):
            return word
    return f"{word} — {function}" if function else word
