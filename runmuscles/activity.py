"""Activity words: how active a muscle is in a stride phase, computed from its curve.

This is the one home of the words the suite uses for activity ("little activity", "active",
"strongly active") and of the rule behind them, so the explorer, the atlas cards and the claims
say the same thing about the same curve:

* a muscle is **active** in a phase (or any window of the cycle) when its mean activation there is
  at or above :data:`ACTIVE` (= :data:`runmuscles.DEFAULT_THRESHOLD`, 30 % of its own peak);
* **strongly active** when that mean is at or above :data:`STRONG` (60 % of its own peak);
* **little activity** otherwise.

Within a phase the curve may cross :data:`ACTIVE`: it is **switching on** when it starts the phase
below the threshold and ends it at or above, **switching off** in the opposite case, and has a
**brief burst** when it crosses the threshold only inside the phase. These are added to the level
("little activity, switching on"), never replace it.

Every data set that measures a muscle gets its own word, with that data set's own phase
boundaries (:func:`runmuscles.load_phases`); where the data sets disagree, the text says so.
What a muscle *does* in a phase (its function, "brakes the swinging leg") is written by hand in
the catalogue (``roles``) and kept apart from these words.

Examples
--------
>>> from runmuscles import activity
>>> activity.level(0.45)
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
from .compare import interval_mean
from .gait import load_phases

__all__ = [
    "ACTIVE",
    "CHANGES",
    "LEVELS",
    "STRONG",
    "change",
    "describe",
    "is_active",
    "level",
    "muscle_levels",
    "phase_levels",
    "role_text",
    "who",
    "window_levels",
]

#: "Active": mean activation at or above this fraction of the muscle's own peak (the suite's threshold).
ACTIVE: float = DEFAULT_THRESHOLD
#: "Strongly active": mean activation at or above this fraction of the muscle's own peak.
STRONG: float = 0.6
#: The activity levels, weakest first.
LEVELS: tuple[str, ...] = ("little activity", "active", "strongly active")
#: What the curve does within a window, relative to :data:`ACTIVE`.
CHANGES: tuple[str, ...] = ("", "switching on", "switching off", "brief burst")

_PERCENT = np.arange(101, dtype=float)


def level(mean: float) -> str:
    """The activity word for a mean activation [fraction of the muscle's own peak].

    Examples
    --------
    >>> level(0.6), level(0.3), level(0.29)
    ('strongly active', 'active', 'little activity')
    """
    if mean >= STRONG:
        return LEVELS[2]
    if mean >= ACTIVE:
        return LEVELS[1]
    return LEVELS[0]


def is_active(word: str) -> bool:
    """Whether an activity word (from :func:`level` or :func:`describe`) means active or strongly active."""
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


def window_levels(curve: Sequence[float] | np.ndarray | pd.Series, start: float, end: float) -> dict:
    """Mean, edges, peak, level and change of one curve inside one window of the cycle.

    Parameters
    ----------
    curve : array-like
        101 values, activation at 0..100 % of the gait cycle [fraction of the muscle's own peak].
    start, end : float
        Window [% of the gait cycle], 0 <= start < end <= 100.

    Returns
    -------
    dict
        ``mean``, ``at_start``, ``at_end``, ``peak`` (fractions of the muscle's own peak),
        ``level`` (:data:`LEVELS`), ``change`` (:data:`CHANGES`) and ``word`` (level and change).

    Examples
    --------
    >>> import numpy as np
    >>> window_levels(np.linspace(0, 1, 101), 50, 100)["word"]
    'strongly active'
    >>> window_levels(np.linspace(0, 1, 101), 0, 40)["word"]
    'little activity, switching on'
    """
    y = np.asarray(curve, dtype=float)
    grid = np.linspace(start, end, max(int(round((end - start) * 10)) + 1, 2))
    inside = np.interp(grid, _PERCENT, y)
    mean = interval_mean(y, [(start, end)])
    out = {
        "mean": mean,
        "at_start": float(inside[0]),
        "at_end": float(inside[-1]),
        "peak": float(inside.max()),
        "level": level(mean),
    }
    out["change"] = change(out["at_start"], out["at_end"], out["peak"])
    out["word"] = out["level"] + (f", {out['change']}" if out["change"] else "")
    return out


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
            rows.append({"muscle": m, "phase": pid, "start": start, "end": end, **window_levels(y, start, end)})
    return pd.DataFrame(rows).set_index(["muscle", "phase"])


def muscle_levels(muscle: str, gait: str = "run") -> pd.DataFrame:
    """One muscle's activity word in every phase, for every data set that measures it.

    Returns
    -------
    pandas.DataFrame
        Index (``source``, ``phase``), columns as in :func:`phase_levels`; empty when no data set
        of this gait measures the muscle.
    """
    parts = {}
    for source in sources_for(gait):
        levels = phase_levels(gait, source)
        if muscle in levels.index.get_level_values("muscle"):
            parts[source] = levels.loc[muscle]
    if not parts:
        return pd.DataFrame(columns=["start", "end", "mean", "level", "change", "word"])
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
        The data set shown: its word comes first, then any data set that disagrees with it. Without
        it, every data set is named.

    Returns
    -------
    str
        E.g. ``"strongly active in rajagopal2016 (1 runner, 6 strides) and santuz2020_synergies
        (30 people)"`` or ``"active (mean 41 % of its peak); little activity in ..."``; empty when no
        data set measures the muscle.

    Examples
    --------
    >>> describe("gluteus_maximus", "loading_response")
    'active in rajagopal2016 (1 runner, 6 strides), but strongly active in santuz2020_synergies (30 people)'
    >>> describe("gluteus_maximus", "mid_stance", source="rajagopal2016")
    'strongly active (mean 90 % of its peak); the same level in every data set that measures it'
    """
    levels = muscle_levels(muscle, gait)
    if levels.empty:
        return ""
    rows = levels.xs(phase, level="phase")

    def named(s: str) -> str:
        extra = f"; {rows.loc[s, 'change']}" if rows.loc[s, "change"] else ""
        return f"{s} ({who(s, gait)}{extra})"

    if source is not None and source in rows.index:
        head = f"{rows.loc[source, 'word']} (mean {100 * rows.loc[source, 'mean']:.0f} % of its peak)"
        others = [s for s in rows.index if s != source and rows.loc[s, "level"] != rows.loc[source, "level"]]
        if not others:
            return head if len(rows) == 1 else f"{head}; the same level in every data set that measures it"
        return head + "; but " + ", ".join(f"{rows.loc[s, 'level']} in {named(s)}" for s in others)
    groups: dict[str, list[str]] = {}
    for s in rows.index:
        groups.setdefault(rows.loc[s, "level"], []).append(s)
    parts = [f"{lvl} in {' and '.join(named(s) for s in ss)}" for lvl, ss in groups.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", but " + parts[-1]


def role_text(muscle: str, phase: str, function: str, gait: str = "run", source: str | None = None) -> str:
    """Computed activity word plus the catalogue's hand-written function, for one muscle and phase.

    Muscles no data set measures keep the catalogue's text as it is (it states its own evidence).

    Examples
    --------
    >>> role_text("psoas_major", "mid_stance", "not established")
    'not established'
    """
    word = describe(muscle, phase, gait, source)
    if not word:
        return function
    return f"{word} — {function}" if function else word
