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
from typing import TYPE_CHECKING

from . import datasets
from .datasets import DEFAULT_SOURCES

if TYPE_CHECKING:  # pandas is imported where a table is built: the explorer's kernel never needs it
    import pandas as pd

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

#: Display order of the measured muscles: hip, thigh, shank (proximal to distal), so bursts read as a wave.
MUSCLE_ORDER: tuple[str, ...] = (
    "gluteus_maximus",
    "gluteus_medius",
    "tensor_fasciae_latae",
    "rectus_femoris",
    "vastus_lateralis",
    "vastus_medialis",
    "biceps_femoris",
    "medial_hamstrings",
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
    """The data sets behind the activation tables (see :mod:`runmuscles.datasets`).

    Returns
    -------
    pandas.DataFrame
        One row per (source, gait) with ``label``, ``evidence``, ``people``, ``strides``, ``who``
        ("1 runner, 6 strides"), ``speed`` (as written, e.g. "2.8 m/s"), ``muscles`` (count),
        ``title``, ``citation``, ``doi`` and ``notes``. A new table on every call.
    """
    rows = []
    for ds in datasets.all_datasets():
        for gait, rec in ds.gaits.items():
            rows.append(
                {
                    "source": ds.id,
                    "gait": gait,
                    "label": ds.label,
                    "evidence": ds.evidence,
                    "people": rec.people,
                    "strides": rec.strides,
                    "who": rec.who(),
                    "speed": rec.speed_text,
                    "muscles": len(rec.muscles),
                    "title": ds.title,
                    "citation": ds.citation,
                    "doi": ds.doi,
                    "notes": rec.notes,
                }
            )
    import pandas as pd

    return pd.DataFrame(rows)


def sources_for(gait: str) -> list[str]:
    """Source ids with a table for ``gait`` (default source first)."""
    return [d.id for d in datasets.for_gait(gait)]


def default_source(gait: str) -> str:
    """The default source id for ``gait`` (see :data:`DEFAULT_SOURCES`)."""
    return datasets.default_source(gait)


def resolve_source(gait: str, source: str | None) -> str:
    """The source id to use for ``gait``: ``source`` if it has that gait, the default if None.

    Raises
    ------
    ValueError
        Unknown gait or a source without that gait (the message lists the valid ones).
    """
    return datasets.resolve(gait, source)


def source_info(source: str, gait: str = "run") -> dict:
    """Facts of one data set for one gait, as a new dict (changing it changes nothing else).

    Returns
    -------
    dict
        ``source``, ``gait``, ``label``, ``title``, ``evidence``, ``citation``, ``doi``, ``citations``
        (every reference as text), ``licence``, ``settings``, ``muscles``, ``channels``, ``people``,
        ``strides``, ``unit``, ``who``, ``subject``, ``speed_m_s``, ``speed`` (as written), ``notes``
        and ``checks``.
    """
    source = resolve_source(gait, source)
    ds = datasets.get(source)
    rec = ds.record(gait)
    return copy.deepcopy(
        {
            "source": source,
            "gait": gait,
            "label": ds.label,
            "title": ds.title,
            "evidence": ds.evidence,
            "citation": ds.citation,
            "doi": ds.doi,
            "citations": [c.text() for c in ds.citations],
            "licence": ds.licence,
            "settings": dict(ds.settings),
            "muscles": list(rec.muscles),
            "channels": dict(rec.channels),
            "people": rec.people,
            "strides": rec.strides,
            "unit": rec.unit,
            "who": rec.who(),
            "subject": rec.subject,
            "speed_m_s": rec.speed_m_s,
            "speed": rec.speed_text,
            "notes": rec.notes,
            "checks": dict(rec.checks),
        }
    )


def _table(prefix: str, gait: str, source: str | None) -> pd.DataFrame:
    return datasets.table(prefix, gait, source)


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
    return datasets.table("curves", gait, source)


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
        Columns ``muscle``, ``gait``, ``source``, ``evidence`` (``measured``, ``reconstructed`` or
        ``recording``), ``n_people`` and ``n_strides`` (None for per-person sources).
    """
    rows = []
    for ds in datasets.all_datasets():
        for gait, rec in ds.gaits.items():
            for muscle in rec.muscles:
                rows.append(
                    {
                        "muscle": muscle,
                        "gait": gait,
                        "source": ds.id,
                        "evidence": ds.evidence,
                        "n_people": rec.people,
                        "n_strides": rec.strides,
                    }
                )
    import pandas as pd

    return pd.DataFrame(rows)
