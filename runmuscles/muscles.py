"""The muscle catalogue: what each running muscle is, what it does, and how well we know when it works.

The catalogue is a packaged table (``runmuscles/data/muscles.json``, described in
``runmuscles/data/muscles.md``). It names every muscle that popular articles on running mention,
the groups they belong to ("quads", "calves", "core", ...), the strength exercises the articles
recommend, and the published references used.

The evidence level of each muscle is *derived*, never typed by hand: a muscle is

* ``"measured"`` if a shipped activation table has running EMG for it,
* ``"reconstructed"`` if a shipped table has a running reconstruction (e.g. from muscle synergies),
* ``"literature"`` if the catalogue cites a published description of its timing in running,
* ``"not established"`` otherwise.

Gait-cycle convention: 0 % = right foot strike, 100 % = the next right foot strike.

Examples
--------
>>> from runmuscles.muscles import resolve_muscle, resolve_group, search_muscles
>>> resolve_muscle("Gastrocnemius medialis")
'gastrocnemius_medialis'
>>> resolve_group("quads")
['rectus_femoris', 'vastus_lateralis', 'vastus_medialis', 'vastus_intermedius']
>>> search_muscles("calves")
['gastrocnemius_medialis', 'gastrocnemius_lateralis', 'soleus']
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any

import pandas as pd

__all__ = [
    "EVIDENCE_LEVELS",
    "PHASES",
    "evidence_table",
    "exercises_for",
    "format_reference",
    "get_muscle",
    "load_catalogue",
    "load_exercises",
    "load_muscles",
    "load_references",
    "resolve_group",
    "resolve_muscle",
    "search_muscles",
]

#: Evidence levels, from strongest to weakest.
EVIDENCE_LEVELS: tuple[str, ...] = ("measured", "reconstructed", "literature", "not established")

#: Running sub-phases used as keys of each muscle's ``roles``, in stride order.
PHASES: tuple[str, ...] = (
    "loading_response",
    "mid_stance",
    "propulsion",
    "initial_swing",
    "mid_swing",
    "terminal_swing",
)

_MUSCLE_COLUMNS = [
    "name",
    "common_names",
    "group",
    "region",
    "location",
    "actions",
    "joints",
    "roles",
    "literature",
    "exercises",
    "injuries",
    "article_claims",
    "members",
]


# --------------------------------------------------------------------------- loading


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Any]:
    text = (files("runmuscles") / "data" / "muscles.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_catalogue() -> dict[str, Any]:
    """Return the whole catalogue as parsed from ``muscles.json``.

    Returns
    -------
    dict
        Keys ``schema_version``, ``gait_cycle``, ``muscles`` (list of dicts), ``groups``
        (group id -> list of muscle ids), ``group_aliases`` (alias -> group id), ``exercises``
        (list of dicts) and ``references`` (key -> dict). A fresh copy on every call, so
        changing it does not change what the other functions return.

    Notes
    -----
    The file format is documented in ``runmuscles/data/muscles.md``.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> len(cat["muscles"]) >= 30
    True
    """
    return copy.deepcopy(_catalogue())


def _coverage_from_activation() -> pd.DataFrame:
    # Imported here so that importing this module never loads the activation tables.
    from runmuscles import activation

    return activation.coverage()


def evidence_table(coverage: pd.DataFrame | None = None) -> pd.DataFrame:
    """Derive the evidence level and the data sets of every catalogue muscle.

    Parameters
    ----------
    coverage : pandas.DataFrame, optional
        Which muscles the shipped activation tables contain, with columns ``muscle``, ``gait``,
        ``source``, ``evidence`` (``"measured"`` or ``"reconstructed"``), ``n_people`` and
        ``n_strides``. Default: :func:`runmuscles.activation.coverage`.

    Returns
    -------
    pandas.DataFrame
        Indexed by muscle id (catalogue order), with columns ``evidence`` (one of
        :data:`EVIDENCE_LEVELS`), ``datasets`` (sorted list of the source ids that have the
        muscle in *running*; empty if none), ``recorded_with`` (ids of shared-electrode records,
        such as ``medial_hamstrings``, whose running data include this muscle) and
        ``evidence_note`` (that fact in words; empty if none).

    Notes
    -----
    Only rows with ``gait == "run"`` count. Walking data never makes a muscle "measured".
    A muscle is "measured" if any running row says measured, else "reconstructed" if any running
    row says reconstructed, else "literature" if the catalogue cites a running timing description
    for it, else "not established".

    Examples
    --------
    >>> import pandas as pd
    >>> cov = pd.DataFrame({"muscle": ["soleus"], "gait": ["run"], "source": ["lab_a"],
    ...                     "evidence": ["measured"], "n_people": [1], "n_strides": [6]})
    >>> evidence_table(cov).loc["soleus", "evidence"]
    'measured'
    >>> evidence_table(cov).loc["psoas_major", "evidence"]
    'not established'
    """
    if coverage is None:
        coverage = _coverage_from_activation()
    required = {"muscle", "gait", "source", "evidence"}
    missing = required - set(coverage.columns)
    if missing:
        raise ValueError(f"coverage table lacks columns {sorted(missing)}; it has {list(coverage.columns)}")
    run = coverage[coverage["gait"] == "run"]
    rows = []
    for m in _catalogue()["muscles"]:
        mine = run[run["muscle"] == m["id"]]
        levels = set(mine["evidence"])
        if "measured" in levels:
            evidence = "measured"
        elif "reconstructed" in levels:
            evidence = "reconstructed"
        elif any(entry["gait"] == "run" for entry in m["literature"]):
            evidence = "literature"
        else:
            evidence = "not established"
        datasets = sorted(mine.loc[mine["evidence"].isin(["measured", "reconstructed"]), "source"].unique())
        rows.append({"id": m["id"], "evidence": evidence, "datasets": [str(s) for s in datasets]})
    table = pd.DataFrame(rows).set_index("id")
    # A muscle that one electrode records only together with others (a "members" record) is not measured
    # on its own: say which shared recording holds it instead of lending it that recording's level.
    table["recorded_with"] = [[] for _ in range(len(table))]
    table["evidence_note"] = ""
    for m in _catalogue()["muscles"]:
        shared = table.loc[m["id"]]
        if not m.get("members") or not shared["datasets"]:
            continue
        for member in m["members"]:
            others = [x for x in m["members"] if x != member]
            table.at[member, "recorded_with"] = table.at[member, "recorded_with"] + [m["id"]]
            note = (f"In {', '.join(shared['datasets'])} it is recorded only together with {', '.join(others)} "
                    f"by one electrode ({m['name'].lower()}), not on its own.")
            table.at[member, "evidence_note"] = (table.at[member, "evidence_note"] + " " + note).strip()
    return table


def _muscle_frame() -> pd.DataFrame:
    records = [{"id": m["id"], **{c: m.get(c, []) for c in _MUSCLE_COLUMNS}} for m in _catalogue()["muscles"]]
    return pd.DataFrame.from_records(records).set_index("id")


@lru_cache(maxsize=1)
def _default_muscles() -> pd.DataFrame:
    return _muscle_frame().join(evidence_table())


def load_muscles(coverage: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load the muscle catalogue as a table, one row per muscle.

    Parameters
    ----------
    coverage : pandas.DataFrame, optional
        Passed to :func:`evidence_table`. Default: the shipped activation tables'
        :func:`runmuscles.activation.coverage` (cached after the first call).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``id`` (snake_case anatomical name), columns ``name``, ``common_names`` (list),
        ``group``, ``region``, ``location``, ``actions`` (list), ``joints`` (list of the joints it
        crosses), ``roles`` (dict phase -> what the muscle does in that phase, keys in :data:`PHASES`;
        for muscles with running EMG the activity word is computed by :mod:`runmuscles.activity`,
        and the text is empty where no data set shows it working), ``literature`` (list of dicts: ``gait``, ``windows`` as
        ``[start, end]`` in % of the gait cycle, ``description``, ``confidence``, ``reference``),
        ``exercises`` (list of exercise ids), ``injuries`` (list), ``article_claims`` (list),
        ``evidence`` and ``datasets``. A copy: changing it changes nothing else.

    Examples
    --------
    >>> muscles = load_muscles()
    >>> muscles.loc["soleus", "group"]
    'calves'
    """
    if coverage is None:
        return _default_muscles().copy()
    return _muscle_frame().join(evidence_table(coverage))


# --------------------------------------------------------------------------- names


def _norm(text: str) -> str:
    text = re.sub(r"[\s_\-]+", " ", str(text).strip().lower())
    return text.replace("’", "'")


@lru_cache(maxsize=1)
def _muscle_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for m in _catalogue()["muscles"]:
        for label in [m["id"], m["name"], *m["common_names"]]:
            lookup[_norm(label)] = m["id"]
    return lookup


@lru_cache(maxsize=1)
def _group_lookup() -> dict[str, str]:
    cat = _catalogue()
    lookup = {_norm(g): g for g in cat["groups"]}
    lookup.update({_norm(alias): g for alias, g in cat["group_aliases"].items()})
    return lookup


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _muscle_ids() -> list[str]:
    return [m["id"] for m in _catalogue()["muscles"]]


def resolve_muscle(name: str) -> str:
    """Return the muscle id for an id, a display name or a common name.

    Parameters
    ----------
    name : str
        E.g. ``"gluteus_maximus"``, ``"Gluteus maximus"``, ``"glute max"``. Case, spaces,
        hyphens and underscores do not matter.

    Returns
    -------
    str
        The muscle id.

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the valid ids and close matches), or if it
        names a group of muscles such as ``"quads"`` (use :func:`resolve_group`).

    Examples
    --------
    >>> resolve_muscle("glute max")
    'gluteus_maximus'
    >>> resolve_muscle("Tibialis-Anterior")
    'tibialis_anterior'
    """
    key = _norm(name)
    muscles = _muscle_lookup()
    if key in muscles:
        return muscles[key]
    groups = _group_lookup()
    if key in groups:
        members = _catalogue()["groups"][groups[key]]
        raise ValueError(
            f"{name!r} names a group of muscles ({groups[key]}: {', '.join(members)}); "
            "use resolve_group() for groups"
        )
    raise ValueError(f"Unknown muscle {name!r}.{_did_you_mean(key, muscles)} Valid ids: {', '.join(_muscle_ids())}")


def _did_you_mean(key: str, lookup: dict[str, str]) -> str:
    """" Did you mean 'a', 'b'?" for the closest names in ``lookup`` (normalised name -> id), or ""."""
    close = _unique(lookup[c] for c in difflib.get_close_matches(key, list(lookup), n=6, cutoff=0.6))
    return f" Did you mean {', '.join(map(repr, close[:3]))}?" if close else ""


def resolve_group(name: str) -> list[str]:
    """Return the muscle ids of a group, from its id or an alias.

    Parameters
    ----------
    name : str
        E.g. ``"quads"``, ``"quadriceps"``, ``"calves"``, ``"twins"`` (the two gastrocnemius
        heads), ``"hip flexors"``, ``"glutes"``, ``"core"``, ``"abs"``. Case, spaces, hyphens and
        underscores do not matter.

    Returns
    -------
    list of str
        Muscle ids, in the group's order.

    Raises
    ------
    ValueError
        If the name is not a group or alias; the message lists the valid group ids.

    Examples
    --------
    >>> resolve_group("twins")
    ['gastrocnemius_medialis', 'gastrocnemius_lateralis']
    """
    key = _norm(name)
    groups = _group_lookup()
    if key in groups:
        return list(_catalogue()["groups"][groups[key]])
    valid = sorted(_catalogue()["groups"])
    raise ValueError(f"Unknown muscle group {name!r}.{_did_you_mean(key, groups)} Valid groups: {', '.join(valid)}")


def search_muscles(query: str) -> list[str]:
    """Find muscles by (part of) a muscle name or group name, for a search box.

    Parameters
    ----------
    query : str
        Free text, e.g. ``"quads"``, ``"glut"``, ``"soleus"``. Case, spaces, hyphens and
        underscores do not matter.

    Returns
    -------
    list of str
        Muscle ids in catalogue order. An exact muscle name gives that muscle; an exact group
        name gives its members; otherwise every muscle whose id, name, common names, group or
        group aliases contain the query. An empty query returns every muscle; no match gives
        an empty list.

    Examples
    --------
    >>> search_muscles("quads")
    ['rectus_femoris', 'vastus_lateralis', 'vastus_medialis', 'vastus_intermedius']
    >>> search_muscles("glute")
    ['gluteus_maximus', 'gluteus_medius', 'gluteus_minimus']
    """
    key = _norm(query)
    ids = _muscle_ids()
    if not key:
        return ids
    muscles, groups = _muscle_lookup(), _group_lookup()
    if key in muscles:
        return [muscles[key]]
    if key in groups:
        members = set(_catalogue()["groups"][groups[key]])
        return [i for i in ids if i in members]
    hits = {mid for label, mid in muscles.items() if key in label}
    for label, gid in groups.items():
        if key in label:
            hits.update(_catalogue()["groups"][gid])
    return [i for i in ids if i in hits]


def get_muscle(name: str, coverage: pd.DataFrame | None = None) -> pd.Series:
    """Return one muscle's row of :func:`load_muscles`.

    Parameters
    ----------
    name : str
        Id, display name or common name (see :func:`resolve_muscle`).
    coverage : pandas.DataFrame, optional
        Passed to :func:`load_muscles`.

    Returns
    -------
    pandas.Series
        Named by the muscle id.

    Examples
    --------
    >>> get_muscle("outer quad")["name"]
    'Vastus lateralis'
    """
    return load_muscles(coverage).loc[resolve_muscle(name)]


# --------------------------------------------------------------------------- exercises, references


def load_exercises() -> pd.DataFrame:
    """Load the strength exercises the source articles recommend.

    Returns
    -------
    pandas.DataFrame
        Indexed by exercise ``id``, columns ``name``, ``variants`` (list), ``muscles`` (list of
        muscle ids), ``sets_reps``, ``frequency`` and ``notes``.

    Examples
    --------
    >>> "squat" in load_exercises().index
    True
    """
    return pd.DataFrame.from_records(copy.deepcopy(_catalogue()["exercises"])).set_index("id")


def exercises_for(muscle: str) -> pd.DataFrame:
    """Return the exercises that train a muscle, or any muscle of a group.

    Parameters
    ----------
    muscle : str
        A muscle (see :func:`resolve_muscle`) or a group (see :func:`resolve_group`).

    Returns
    -------
    pandas.DataFrame
        The matching rows of :func:`load_exercises`, in catalogue order.

    Raises
    ------
    ValueError
        If the name is neither a muscle nor a group.

    Examples
    --------
    >>> "calf_raise" in exercises_for("soleus").index
    True
    """
    try:
        wanted = {resolve_muscle(muscle)}
    except ValueError:
        if _norm(muscle) not in _group_lookup():
            raise
        wanted = set(resolve_group(muscle))
    ex = load_exercises()
    return ex[ex["muscles"].map(lambda ms: bool(wanted.intersection(ms)))]


def load_references() -> dict[str, dict[str, Any]]:
    """Return the bibliography of the catalogue.

    Returns
    -------
    dict
        Key (e.g. ``"saunders2005"``) -> dict with ``authors``, ``year``, ``title``, ``journal``,
        and where known ``volume``, ``number``, ``pages``, ``doi``, ``pmid``, plus ``used_for``
        and ``checked`` (what was read to check it).

    Examples
    --------
    >>> load_references()["saunders2005"]["year"]
    2005
    """
    return copy.deepcopy(_catalogue()["references"])


def format_reference(key: str) -> str:
    """Format one reference as a single line.

    Parameters
    ----------
    key : str
        A key of :func:`load_references`.

    Returns
    -------
    str
        ``"Authors (year). Title. Journal volume(number):pages. doi:..."``.

    Raises
    ------
    ValueError
        If the key is unknown; the message lists the valid keys.

    Examples
    --------
    >>> format_reference("novacheck1998")
    'Novacheck TF (1998). The biomechanics of running. Gait & Posture 7(1):77–95. doi:10.1016/S0966-6362(97)00038-6'
    """
    refs = _catalogue()["references"]
    if key not in refs:
        raise ValueError(f"Unknown reference {key!r}. Valid keys: {', '.join(sorted(refs))}")
    r = refs[key]
    source = r["journal"]
    if r.get("volume"):
        source += f" {r['volume']}"
        if r.get("number"):
            source += f"({r['number']})"
        if r.get("pages"):
            source += f":{r['pages']}"
    text = f"{r['authors']} ({r['year']}). {r['title']}. {source}."
    if r.get("doi"):
        text += f" doi:{r['doi']}"
    return text
