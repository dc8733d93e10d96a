"""Activation tables: which muscles are active at each 1 % of the gait cycle, per data set.

Activation is the EMG linear envelope, time-normalised per stride, averaged over strides
(and people where a data set has several) and scaled to the muscle's own peak in that
condition: 1.0 means "this muscle's own maximum during this activity", not maximal effort,
and amplitudes of different muscles are not comparable.

Examples
--------
>>> import runmuscles
>>> table = runmuscles.load_activation("run")
>>> table.shape[0]
101
>>> bool(table.max().eq(1.0).all())
True
"""

from __future__ import annotations

import copy

import pandas as pd

from ._resources import check_choice, read_csv, read_json
from .gait import GAITS

__all__ = [
    "DEFAULT_SOURCES",
    "DEFAULT_THRESHOLD",
    "MUSCLE_ORDER",
    "list_sources",
    "resolve_source",
    "sources_for",
    "default_source",
    "source_info",
    "load_activation",
    "load_activation_sd",
    "load_curves",
    "active_at",
    "coverage",
]

#: The default data set per gait. Running: ``rajagopal2016``, the only running data here computed
#: from raw EMG (one runner, 6 strides, 11 muscles). Walking: ``santuz2020_raw``, raw EMG of
#: 13 muscles over 5 strides (the ``rajagopal2016`` walk has a single stride and 10 muscles).
#: ``santuz2020_synergies`` covers 30 people in both gaits but is reconstructed from synergies.
DEFAULT_SOURCES = {"run": "rajagopal2016", "walk": "santuz2020_raw"}

#: Display order of the measured muscles: hip, thigh, shank (proximal to distal), so bursts read as a wave.
MUSCLE_ORDER: tuple[str, ...] = (
    "gluteus_maximus",
    "gluteus_medius",
    "tensor_fasciae_latae",
    "rectus_femoris",
    "vastus_lateralis",
    "vastus_medialis",
    "biceps_femoris",
    "semitendinosus",
    "tibialis_anterior",
    "peroneus_longus",
    "gastrocnemius_medialis",
    "gastrocnemius_lateralis",
    "soleus",
)

#: Default "active" threshold: a fraction of the muscle's own peak.
DEFAULT_THRESHOLD = 0.3


def list_sources() -> pd.DataFrame:
    """The data sets behind the activation tables.

    Returns
    -------
    pandas.DataFrame
        One row per (source, gait) with ``evidence``, ``people``, ``strides``, ``muscles``
        (count), ``title``, ``citation``, ``doi`` and ``notes``.
    """
    rows = []
    for sid, entry in read_json("sources.json").items():
        for gait, info in entry["gaits"].items():
            rows.append(
                {
                    "source": sid,
                    "gait": gait,
                    "evidence": entry["evidence"],
                    "people": info["people"],
                    "strides": info["strides"],
                    "muscles": len(info["muscles"]),
                    "title": entry["title"],
                    "citation": entry["citation"],
                    "doi": entry["doi"],
                    "notes": info["notes"],
                }
            )
    return pd.DataFrame(rows)


def sources_for(gait: str) -> list[str]:
    """Source ids with a table for ``gait`` (default source first)."""
    check_choice("gait", gait, GAITS)
    ids = [sid for sid, entry in read_json("sources.json").items() if gait in entry["gaits"]]
    return sorted(ids, key=lambda s: s != DEFAULT_SOURCES[gait])


def default_source(gait: str) -> str:
    """The default source id for ``gait`` (see :data:`DEFAULT_SOURCES`)."""
    check_choice("gait", gait, GAITS)
    return DEFAULT_SOURCES[gait]


def resolve_source(gait: str, source: str | None) -> str:
    """The source id to use for ``gait``: ``source`` if it has that gait, the default if None.

    Raises
    ------
    ValueError
        Unknown gait or a source without that gait (the message lists the valid ones).
    """
    check_choice("gait", gait, GAITS)
    if source is None:
        return DEFAULT_SOURCES[gait]
    check_choice("source", source, sources_for(gait))
    return source


def source_info(source: str, gait: str = "run") -> dict:
    """Metadata of one data set for one gait: citation, DOI, evidence, counts, notes, checks."""
    source = resolve_source(gait, source)
    entry = read_json("sources.json")[source]
    info = {k: v for k, v in entry.items() if k != "gaits"} | entry["gaits"][gait] | {"source": source, "gait": gait}
    return copy.deepcopy(info)  # a copy: the caller's changes must not reach the cached metadata


def _table(prefix: str, gait: str, source: str | None) -> pd.DataFrame:
    source = resolve_source(gait, source)
    table = read_csv(f"{prefix}_{gait}_{source}.csv").set_index("percent")
    table.index.name = "percent"
    table.columns.name = "muscle"
    return table


def load_activation(gait: str = "run", source: str | None = None) -> pd.DataFrame:
    """Activation of each measured muscle over the gait cycle.

    Parameters
    ----------
    gait : {"run", "walk"}
        Gait.
    source : str, optional
        Data set id (see :func:`list_sources`). Default: ``rajagopal2016`` for running (the only
        running data computed here from raw EMG) and ``santuz2020_raw`` for walking (raw EMG,
        13 muscles, 5 strides).

    Returns
    -------
    pandas.DataFrame
        Index ``percent`` 0..100 [% of the gait cycle, 0 = right foot strike], one column per
        muscle id, values in [0, 1] where 1 is the muscle's own peak in this condition.

    Raises
    ------
    ValueError
        Unknown gait or source (the message lists the valid ones).
    """
    return _table("activation", gait, source)


def load_activation_sd(gait: str = "run", source: str | None = None) -> pd.DataFrame:
    """Spread of the activation: SD across strides (one person) or across people.

    Same layout and scale as :func:`load_activation`. A source with a single stride has SD 0
    everywhere (no spread can be computed); check ``source_info(...)["strides"]``.
    """
    return _table("activation_sd", gait, source)


def load_curves(gait: str = "run", source: str | None = None) -> pd.DataFrame:
    """Every stride's (or person's) curve on the scale of :func:`load_activation`.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit`` (stride number or person id), ``percent`` and one column per muscle.
    """
    source = resolve_source(gait, source)
    return read_csv(f"curves_{gait}_{source}.csv")


def active_at(
    percent: float, gait: str = "run", threshold: float = DEFAULT_THRESHOLD, source: str | None = None
) -> pd.Series:
    """Muscles at or above ``threshold`` of their own peak at one instant, strongest first.

    Parameters
    ----------
    percent : float
        Instant in % of the gait cycle (0..100); fractional values are interpolated linearly.
    gait : {"run", "walk"}
        Gait.
    threshold : float
        Fraction of each muscle's own peak (0..1) at or above which it counts as active.
    source : str, optional
        Data set id; default as in :func:`load_activation`.

    Returns
    -------
    pandas.Series
        Activation (0..1) indexed by muscle id, sorted descending; empty when none is active.

    Examples
    --------
    >>> import runmuscles
    >>> "soleus" in runmuscles.active_at(15, "run").index
    True
    """
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must lie in 0..100 % of the gait cycle, got {percent!r}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold is a fraction of each muscle's peak, 0..1; got {threshold!r}")
    table = load_activation(gait, source)
    lo = int(percent // 1)
    hi = min(lo + 1, 100)
    frac = percent - lo
    row = table.loc[lo] * (1 - frac) + table.loc[hi] * frac
    row = row[row >= threshold].sort_values(ascending=False)
    row.name = f"{percent} %"
    return row


def coverage() -> pd.DataFrame:
    """Which muscles each data set covers.

    Returns
    -------
    pandas.DataFrame
        Columns ``muscle``, ``gait``, ``source``, ``evidence`` (``measured`` or
        ``reconstructed``), ``n_people`` and ``n_strides`` (None for per-person sources).
    """
    rows = []
    for sid, entry in read_json("sources.json").items():
        for gait, info in entry["gaits"].items():
            for muscle in info["muscles"]:
                rows.append(
                    {
                        "muscle": muscle,
                        "gait": gait,
                        "source": sid,
                        "evidence": entry["evidence"],
                        "n_people": info["people"],
                        "n_strides": info["strides"],
                    }
                )
    return pd.DataFrame(rows)
