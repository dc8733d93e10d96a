"""Data sets: every source of activation curves, shipped or uploaded, as one kind of object.

A :class:`Dataset` holds what the product says about a data set — its id and label, the gaits it
covers, how many people and strides stand behind each curve, the speed, the kind of evidence
(raw EMG processed here, a reconstruction from published synergies, or a user's own recording)
and its citations — and gives access to its tables. The shipped data sets are described in
``runmuscles/data/sources.json``, which ``python -m runmuscles.build`` writes from one module per
source under :mod:`runmuscles.build`; this module only reads it. A user's recording
(:mod:`runmuscles.recordings`) is added with :func:`register` and lives in the Python process
that added it (one kernel, one user) until :func:`unregister`; it is never written to disk here.

Every loader (:func:`runmuscles.load_activation`, :func:`runmuscles.load_phases`, ...) and every
app takes these facts from here; nothing else states them.

Examples
--------
>>> from runmuscles import datasets
>>> ds = datasets.get("rajagopal2016")
>>> ds.who("run")
'1 runner, 6 strides'
>>> datasets.get("santuz2020_synergies").who("run")
'30 people'
>>> datasets.get("santuz2020_synergies").evidence
'reconstructed'
>>> [d.id for d in datasets.for_gait("walk")][0]
'santuz2020_raw'
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from ._resources import check_choice, read_csv, read_json

__all__ = [
    "DEFAULT_SOURCES",
    "EVIDENCE_KINDS",
    "GAITS",
    "TABLE_KINDS",
    "Citation",
    "Dataset",
    "GaitRecord",
    "all_datasets",
    "default_source",
    "for_gait",
    "get",
    "ids",
    "register",
    "resolve",
    "table",
    "unregister",
]

#: Gaits the product knows.
GAITS = ("run", "walk")

#: The default data set per gait. Running: ``rajagopal2016``, the only running data here computed
#: from raw EMG (one runner, 6 strides, 11 muscles). Walking: ``santuz2020_raw``, raw EMG of
#: 13 muscles over 5 strides (the ``rajagopal2016`` walk has a single stride and 10 muscles).
DEFAULT_SOURCES = {"run": "rajagopal2016", "walk": "santuz2020_raw"}

#: Kind of evidence -> how the product names it.
EVIDENCE_KINDS = {
    "measured": "raw EMG processed here",
    "reconstructed": "reconstructed from published muscle synergies",
    "recording": "your recording, processed here",
}

#: Tables every data set provides per gait, and the shipped file that holds each.
#: ``{gait}`` and ``{source}`` are filled in; the long tables hold every data set and are filtered.
TABLE_KINDS = {
    "activation": "activation_{gait}_{source}.csv",
    "activation_sd": "activation_sd_{gait}_{source}.csv",
    "curves": "curves_{gait}_{source}.csv",
    "phases": "phases.csv",
    "events": "events.csv",
    "strides": "strides.csv",
}


@dataclass(frozen=True)
class Citation:
    """A reference: the authors, title, journal and DOI that belong together.

    Examples
    --------
    >>> Citation("Doe J", 2020, "A title", "A Journal 1:2", "10.1/x").text()
    'Doe J (2020). A title. A Journal 1:2. doi:10.1/x'
    """

    authors: str
    year: int
    title: str
    journal: str
    doi: str = ""

    def text(self) -> str:
        """The citation as one line of text."""
        doi = f" doi:{self.doi}" if self.doi else ""
        return f"{self.authors} ({self.year}). {self.title}. {self.journal}.{doi}"

    def short(self) -> str:
        """First author and year, e.g. ``Rajagopal et al. 2016``."""
        first = self.authors.split(",")[0].split(" ")[0]
        return f"{first} et al. {self.year}" if "," in self.authors else f"{first} {self.year}"


@dataclass(frozen=True)
class GaitRecord:
    """What stands behind one data set's curves for one gait.

    Attributes
    ----------
    muscles : tuple of str
        Column ids of the activation table (catalogue ids, or a channel's own label).
    people : int
        Number of people.
    strides : int or None
        Strides averaged (one person); None when the curve is a mean over people.
    subject : str
        Who: ``runner``, ``walker`` or ``person`` (used in "1 runner, 6 strides").
    speed_m_s : float or None
        Speed [m/s], None when not stated by the source.
    speed_text : str
        The speed as the product writes it ("2.8 m/s", "about 4 m/s", "free speed").
    channels : dict
        Raw channel label -> column id.
    notes : str
        Caveats shown with the data.
    checks : dict
        Results of the checks run while processing the raw data.
    """

    muscles: tuple[str, ...]
    people: int
    strides: int | None
    subject: str = "person"
    speed_m_s: float | None = None
    speed_text: str = ""
    channels: Mapping[str, str] = field(default_factory=dict)
    notes: str = ""
    checks: Mapping[str, Any] = field(default_factory=dict)

    @property
    def unit(self) -> str:
        """``stride`` when the spread is across one person's strides, ``person`` across people."""
        return "stride" if self.strides is not None else "person"

    def who(self) -> str:
        """How many people and strides stand behind a curve: ``1 runner, 6 strides``, ``30 people``."""
        if self.people == 1:
            n = self.strides or 0
            return f"1 {self.subject}, {n} stride{'s' if n != 1 else ''}"
        return f"{self.people} people"


@dataclass(frozen=True)
class Dataset:
    """One data set: its facts and, for a user's recording, its tables.

    Attributes
    ----------
    id : str
        Id used by every loader (``source=`` argument).
    label : str
        Short name for menus and legends ("Rajagopal 2016").
    title : str
        One-line description.
    evidence : {"measured", "reconstructed", "recording"}
        Kind of evidence (see :data:`EVIDENCE_KINDS`).
    citations : tuple of Citation
        What to cite; the first is the data set's own reference.
    licence : str
        Reuse terms as far as they are known.
    gaits : dict
        Gait -> :class:`GaitRecord`.
    settings : dict
        Processing settings (band-pass, envelope low-pass, filter order) for EMG processed here.
    tables : dict or None
        For a registered recording: ``(kind, gait)`` -> table, in the shipped tables' layout;
        None for shipped data sets (read from the package).
    """

    id: str
    label: str
    title: str
    evidence: str
    citations: tuple[Citation, ...]
    licence: str
    gaits: Mapping[str, GaitRecord]
    settings: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[tuple[str, str], pd.DataFrame] | None = field(default=None, repr=False, compare=False)

    @property
    def citation(self) -> str:
        """The data set's own reference as text (empty for a recording without one)."""
        return self.citations[0].text() if self.citations else ""

    @property
    def doi(self) -> str:
        """DOI of the data set's own reference."""
        return self.citations[0].doi if self.citations else ""

    def record(self, gait: str) -> GaitRecord:
        """The :class:`GaitRecord` of one gait (``ValueError`` naming the valid gaits)."""
        check_choice("gait", gait, self.gaits)
        return self.gaits[gait]

    def who(self, gait: str) -> str:
        """``1 runner, 6 strides`` or ``30 people``: who stands behind the curves of ``gait``."""
        return self.record(gait).who()

    def caption(self, gait: str) -> str:
        """Label, who and speed, e.g. ``Rajagopal 2016 · 1 runner, 6 strides · about 4 m/s``."""
        rec = self.record(gait)
        parts = [self.label, rec.who()] + ([rec.speed_text] if rec.speed_text else [])
        return " · ".join(parts)

    def evidence_text(self) -> str:
        """The kind of evidence in words (see :data:`EVIDENCE_KINDS`)."""
        return EVIDENCE_KINDS[self.evidence]


def _citation(raw: Mapping[str, Any]) -> Citation:
    return Citation(raw["authors"], int(raw["year"]), raw["title"], raw["journal"], raw.get("doi", ""))


def _from_json(sid: str, entry: Mapping[str, Any]) -> Dataset:
    gaits = {
        g: GaitRecord(
            muscles=tuple(info["muscles"]),
            people=int(info["people"]),
            strides=None if info["strides"] is None else int(info["strides"]),
            subject=info["subject"],
            speed_m_s=info["speed_m_s"],
            speed_text=info["speed_text"],
            channels=MappingProxyType(dict(info["channels"])),
            notes=info["notes"],
            checks=MappingProxyType(copy.deepcopy(info["checks"])),
        )
        for g, info in entry["gaits"].items()
    }
    return Dataset(
        id=sid,
        label=entry["label"],
        title=entry["title"],
        evidence=entry["evidence"],
        citations=tuple(_citation(c) for c in entry["citations"]),
        licence=entry["licence"],
        gaits=MappingProxyType(gaits),
        settings=MappingProxyType(copy.deepcopy(entry["settings"])),
    )


def _shipped() -> dict[str, Dataset]:
    return {sid: _from_json(sid, entry) for sid, entry in read_json("sources.json").items()}


_SHIPPED: dict[str, Dataset] | None = None
#: Data sets added in this Python process (a user's recordings); never shared with another process.
_REGISTERED: dict[str, Dataset] = {}


def _registry() -> dict[str, Dataset]:
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = _shipped()
    return {**_SHIPPED, **_REGISTERED}


def all_datasets() -> list[Dataset]:
    """Every data set: the shipped ones, then the recordings registered in this process."""
    return list(_registry().values())


def ids() -> list[str]:
    """Ids of every data set."""
    return list(_registry())


def get(source: str) -> Dataset:
    """The data set with id ``source`` (``ValueError`` listing the valid ids)."""
    registry = _registry()
    check_choice("source", source, registry)
    return registry[source]


def for_gait(gait: str) -> list[Dataset]:
    """Data sets with curves for ``gait``, the gait's default first, then shipped, then recordings."""
    check_choice("gait", gait, GAITS)
    found = [d for d in _registry().values() if gait in d.gaits]
    return sorted(found, key=lambda d: (d.id != DEFAULT_SOURCES[gait], d.evidence == "recording"))


def default_source(gait: str) -> str:
    """The default data set id for ``gait`` (see :data:`DEFAULT_SOURCES`)."""
    check_choice("gait", gait, GAITS)
    return DEFAULT_SOURCES[gait]


def resolve(gait: str, source: str | None) -> str:
    """The data set id to use for ``gait``: ``source`` if it has that gait, the default if None.

    Raises
    ------
    ValueError
        Unknown gait or a data set without that gait (the message lists the valid ones).
    """
    check_choice("gait", gait, GAITS)
    if source is None:
        return DEFAULT_SOURCES[gait]
    check_choice("source", source, [d.id for d in for_gait(gait)])
    return source


def table(kind: str, gait: str, source: str | None = None) -> pd.DataFrame:
    """One of a data set's tables, as a new DataFrame (callers may modify it).

    Parameters
    ----------
    kind : str
        One of :data:`TABLE_KINDS`.
    gait : {"run", "walk"}
        Gait.
    source : str, optional
        Data set id; default: the gait's default.

    Returns
    -------
    pandas.DataFrame
        The table in the shipped layout: ``activation``/``activation_sd`` indexed by ``percent``
        (0..100) with a column per muscle; ``curves`` with ``unit``, ``percent`` and muscles;
        ``phases``, ``events``, ``strides`` without the ``gait`` and ``source`` columns.
    """
    check_choice("table", kind, TABLE_KINDS)
    source = resolve(gait, source)
    ds = get(source)
    if ds.tables is not None:
        return ds.tables[(kind, gait)].copy()
    data = read_csv(TABLE_KINDS[kind].format(gait=gait, source=source))
    if kind in ("activation", "activation_sd"):
        data = data.set_index("percent")
        data.index.name = "percent"
        data.columns.name = "muscle"
    elif kind in ("phases", "events", "strides"):
        data = data[(data["gait"] == gait) & (data["source"] == source)].drop(columns=["gait", "source"])
    return data


def register(dataset: Dataset) -> Dataset:
    """Add a user's recording to this process's registry (replacing one with the same id).

    The data set must carry its tables (every kind of :data:`TABLE_KINDS` for each of its gaits)
    and may not reuse a shipped id.

    Raises
    ------
    ValueError
        A shipped id, a missing table, or a kind of evidence other than ``recording``.
    """
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = _shipped()
    if dataset.id in _SHIPPED:
        raise ValueError(f"{dataset.id!r} is a shipped data set; choose another id for a recording")
    if dataset.evidence != "recording" or dataset.tables is None:
        raise ValueError("only a recording with its own tables can be registered")
    missing = [f"{k} ({g})" for g in dataset.gaits for k in TABLE_KINDS if (k, g) not in dataset.tables]
    if missing:
        raise ValueError(f"recording {dataset.id!r} lacks tables: {', '.join(missing)}")
    tables = MappingProxyType({key: value.copy() for key, value in dataset.tables.items()})
    _REGISTERED[dataset.id] = replace(dataset, tables=tables)
    return _REGISTERED[dataset.id]


def unregister(source: str) -> None:
    """Remove a recording added with :func:`register` (``ValueError`` if it is not one)."""
    check_choice("registered recording", source, _REGISTERED)
    del _REGISTERED[source]
