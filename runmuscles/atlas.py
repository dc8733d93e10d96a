"""The muscle atlas and strength-for-runners logic: finding muscles, phase activity, exercise maps.

Pure functions only (tables in, tables or text out), so everything here is tested without a
kernel. The widget apps in :mod:`runmuscles.apps.atlas` and :mod:`runmuscles.apps.strength`
compose them.

Gait-cycle convention: 0 % = right foot strike, 100 % = its next foot strike. Activation is the
fraction of each muscle's *own* peak while running (1.0 = its own maximum during this activity,
not maximal effort), so different muscles' amplitudes are not compared here, only their timing.

A muscle **works in a phase** when its activation is at or above ``threshold`` (a fraction of its
own peak, default :data:`runmuscles.DEFAULT_THRESHOLD` = 0.3) for at least ``min_share`` of that
phase's duration (default :data:`DEFAULT_MIN_SHARE` = a quarter of the phase): with the defaults,
exactly the phases that :mod:`runmuscles.activity` calls "active" or "strongly active".

Examples
--------
>>> from runmuscles.atlas import phase_activity, working_phases
>>> share = phase_activity("run")
>>> "mid_stance" in working_phases(share)["soleus"]
True
>>> find_muscles("twins").kind
'group'
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd

from . import activation, activity, gait, muscles
from .activation import DEFAULT_THRESHOLD
from .activity import GRID_STEP, phase_share, working_phases

__all__ = [
    "DEFAULT_MIN_SHARE",
    "GRID_STEP",
    "PHASE_SHORT",
    "Lookup",
    "StrengthSelection",
    "default_run_source",
    "exercise_muscle_map",
    "find_muscles",
    "literature_windows",
    "muscle_card_html",
    "phase_activity",
    "phase_share",
    "run_sources_for",
    "search_labels",
    "select_exercises",
    "strength_table_html",
    "working_phases",
]

#: A muscle works in a phase when it is at or above the threshold for at least this share of the phase
#: (the suite's one rule for activity words, :mod:`runmuscles.activity`).
DEFAULT_MIN_SHARE = activity.MIN_SHARE

#: Short phase labels for figures and tables.
PHASE_SHORT = {
    "loading_response": "loading",
    "mid_stance": "mid-stance",
    "terminal_stance": "terminal stance",
    "propulsion": "propulsion",
    "pre_swing": "pre-swing",
    "initial_swing": "initial swing",
    "mid_swing": "mid-swing",
    "terminal_swing": "terminal swing",
}

_NOTE_PEAK = (
    "Activation 1.0 = this muscle's own peak while running (not maximal effort); "
    "amplitudes of different muscles are not comparable."
)
_DOSE_NOTE = (
    "Sets, reps and frequency are those the popular articles give; they come from those articles, "
    "not from training trials."
)


# --------------------------------------------------------------------------- finding muscles


@dataclass(frozen=True)
class Lookup:
    """What a search-box query found.

    Attributes
    ----------
    query : str
        The text typed.
    kind : {"all", "muscle", "group", "partial", "none"}
        ``all`` for an empty query, ``muscle`` for an exact muscle name, ``group`` for a group name
        or alias ("quads", "twins"), ``partial`` for a part of names, ``none`` when nothing matched.
    muscles : tuple of str
        Muscle ids found, in catalogue order (empty for ``none``).
    group : str or None
        Group id for ``kind == "group"``.
    suggestions : tuple of str
        Close matches (display names or group words) when nothing matched.
    message : str
        One plain sentence for the user.
    """

    query: str
    kind: str
    muscles: tuple[str, ...]
    group: str | None = None
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    message: str = ""


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(text).strip().lower())


def _labels() -> dict[str, str]:
    """Normalised label -> what to show for it (muscle display name or group word)."""
    cat = muscles.load_catalogue()
    labels: dict[str, str] = {}
    for m in cat["muscles"]:
        for label in [m["id"], m["name"], *m["common_names"]]:
            labels[_norm(label)] = m["name"]
    for gid in cat["groups"]:
        labels[_norm(gid)] = gid.replace("_", " ")
    for alias in cat["group_aliases"]:
        labels[_norm(alias)] = alias
    return labels


def search_labels() -> list[str]:
    """Words a search box can suggest: every muscle name, then group names and everyday group words."""
    cat = muscles.load_catalogue()
    names = [m["name"] for m in cat["muscles"]]
    groups = sorted({g.replace("_", " ") for g in cat["groups"]} | set(cat["group_aliases"]))
    return names + groups


def find_muscles(query: str) -> Lookup:
    """Find muscles from what a student types: an id, a name, a common name or a group word.

    Parameters
    ----------
    query : str
        E.g. ``"soleus"``, ``"glute max"``, ``"quads"``, ``"twins"``, ``"calves"``,
        ``"hip flexors"``, ``"glut"``. Case, spaces, hyphens and underscores do not matter.

    Returns
    -------
    Lookup
        Never raises for a wrong name: ``kind == "none"`` with close matches in ``suggestions``
        and a friendly ``message``.

    Examples
    --------
    >>> find_muscles("quads").muscles
    ('rectus_femoris', 'vastus_lateralis', 'vastus_medialis', 'vastus_intermedius')
    >>> find_muscles("solues").suggestions[0]
    'Soleus'
    """
    text = str(query or "").strip()
    catalogue = muscles.load_muscles()
    if not text:
        return Lookup(text, "all", tuple(catalogue.index), message="All muscles in the catalogue.")
    try:
        mid = muscles.resolve_muscle(text)
    except ValueError:
        pass
    else:
        return Lookup(text, "muscle", (mid,), message=f"{catalogue.loc[mid, 'name']}.")
    try:
        members = muscles.resolve_group(text)
    except ValueError:
        pass
    else:
        key = _norm(text)
        cat = muscles.load_catalogue()
        gid = next((g for g in cat["groups"] if _norm(g) == key), None)
        gid = gid or next(g for a, g in cat["group_aliases"].items() if _norm(a) == key)
        names = ", ".join(catalogue.loc[m, "name"] for m in members)
        return Lookup(
            text,
            "group",
            tuple(members),
            group=gid,
            message=f"“{text}” is a group of {len(members)} muscles ({names}): pick one below.",
        )
    hits = muscles.search_muscles(text)
    if hits:
        names = ", ".join(catalogue.loc[m, "name"] for m in hits[:8]) + (" …" if len(hits) > 8 else "")
        return Lookup(
            text,
            "partial",
            tuple(hits),
            message=f"{len(hits)} muscles match “{text}” ({names}): pick one below.",
        )
    labels = _labels()
    close = difflib.get_close_matches(_norm(text), list(labels), n=6, cutoff=0.6)
    suggestions = tuple(dict.fromkeys(labels[c] for c in close))[:4]
    hint = (
        f" Did you mean: {', '.join(suggestions)}?"
        if suggestions
        else " Try a name such as soleus, quads or calves."
    )
    return Lookup(
        text, "none", (), suggestions=suggestions, message=f"No muscle or group called “{text}”.{hint}"
    )


# --------------------------------------------------------------------------- phase activity


def phase_activity(
    gait_name: str = "run", source: str | None = None, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """Share of each stride phase in which each muscle of a data set is active.

    Parameters
    ----------
    gait_name : {"run", "walk"}
        Gait.
    source : str, optional
        Data set id (see :func:`runmuscles.list_sources`); default: the gait's default source.
    threshold : float
        Fraction of each muscle's own peak (0..1) at or above which it counts as active.

    Returns
    -------
    pandas.DataFrame
        Muscles x phases, fraction 0..1 of each phase (see :func:`phase_share`), with the phases
        of the same data set (:func:`runmuscles.load_phases`).

    Examples
    --------
    >>> share = phase_activity("run")
    >>> bool(share.loc["soleus", "mid_stance"] > share.loc["soleus", "mid_swing"])
    True
    """
    return _phase_activity(gait_name, source, float(threshold)).copy()


@lru_cache(maxsize=64)
def _phase_activity(gait_name: str, source: str | None, threshold: float) -> pd.DataFrame:
    table = activation.load_activation(gait_name, source)
    phases = gait.load_phases(gait_name, source)
    return phase_share(table, phases, threshold)


# --------------------------------------------------------------------------- data per muscle


def run_sources_for(muscle_id: str) -> list[str]:
    """Running data sets that have a curve for a muscle, the default running source first."""
    return [s for s in activation.sources_for("run") if muscle_id in _run_columns(s)]


@cache
def _run_columns(source: str) -> frozenset[str]:
    return frozenset(activation.load_activation("run", source).columns)


def default_run_source(muscle_id: str) -> str | None:
    """The running data set shown first for a muscle (``None`` when no data set has it)."""
    sources = run_sources_for(muscle_id)
    return sources[0] if sources else None


def _author_year(key: str) -> str:
    ref = muscles.load_references()[key]
    first = ref["authors"].split(",")[0].split(" ")[0]
    more = " et al." if "," in ref["authors"] or " and " in ref["authors"] else ""
    return f"{first}{more} {ref['year']}"


def literature_windows(muscle_id: str, gait_name: str = "run") -> list[dict]:
    """Published timing windows of a muscle, one entry per window.

    Returns
    -------
    list of dict
        ``start``, ``end`` [% of the gait cycle], ``reference`` (key), ``label`` (e.g.
        ``"Saunders et al. 2005 · low confidence"``), ``confidence`` and ``description``.
        Windows are coarse descriptions, never curves.
    """
    entry = muscles.load_muscles().loc[muscle_id]
    out = []
    for lit in entry["literature"]:
        if lit["gait"] != gait_name:
            continue
        label = f"{_author_year(lit['reference'])} · {lit['confidence']} confidence"
        for start, end in lit["windows"]:
            out.append(
                {
                    "start": float(start),
                    "end": float(end),
                    "reference": lit["reference"],
                    "label": label,
                    "confidence": lit["confidence"],
                    "description": lit["description"],
                }
            )
    return out


def _dataset_line(source: str) -> str:
    info = activation.source_info(source, "run")
    counts = info["who"] if info["strides"] else f"{info['who']} (one mean curve per person)"
    return f"{info['title']} — {info['evidence']}, {counts}"


# --------------------------------------------------------------------------- exercises


def exercise_muscle_map(
    source: str | None = None, threshold: float = DEFAULT_THRESHOLD, min_share: float = DEFAULT_MIN_SHARE
) -> pd.DataFrame:
    """Each exercise the articles recommend, the muscles it loads and the phases they work in.

    Parameters
    ----------
    source : str, optional
        Running data set (default: :data:`runmuscles.DEFAULT_SOURCES` ``["run"]``).
    threshold : float
        Activity threshold, fraction of each muscle's own peak (0..1).
    min_share : float
        Minimum share of a phase (0..1) for the muscle to count as working in it.

    Returns
    -------
    pandas.DataFrame
        One row per (exercise, muscle), columns ``exercise``, ``exercise_name``, ``muscle``,
        ``muscle_name``, ``evidence`` (catalogue level), ``has_data`` (the data set has a curve
        for it) and ``phases`` (phase ids where it works; empty list when ``has_data`` is False).
    """
    source = source or activation.default_source("run")
    share = phase_activity("run", source, threshold)
    works = working_phases(share, min_share)
    catalogue = muscles.load_muscles()
    rows = []
    for ex_id, ex in muscles.load_exercises().iterrows():
        for m in ex["muscles"]:
            rows.append(
                {
                    "exercise": ex_id,
                    "exercise_name": ex["name"],
                    "muscle": m,
                    "muscle_name": catalogue.loc[m, "name"],
                    "evidence": catalogue.loc[m, "evidence"],
                    "has_data": m in works,
                    "phases": list(works.get(m, [])),
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class StrengthSelection:
    """Exercises chosen by a muscle/group filter and a phase filter.

    Attributes
    ----------
    exercises : tuple of str
        Exercise ids in catalogue order.
    muscles : tuple of str
        Muscles the filter asked for (empty: no muscle filter).
    phase : str or None
        Phase filter.
    rows : pandas.DataFrame
        Rows of :func:`exercise_muscle_map` for the chosen exercises.
    message : str
        One plain sentence describing the selection (or why it is empty).
    """

    exercises: tuple[str, ...]
    muscles: tuple[str, ...]
    phase: str | None
    rows: pd.DataFrame
    message: str


def select_exercises(
    query: str = "",
    phase: str | None = None,
    source: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_share: float = DEFAULT_MIN_SHARE,
) -> StrengthSelection:
    """Exercises that load a muscle (or group) and/or train muscles that work in a stride phase.

    Parameters
    ----------
    query : str
        Muscle or group as typed ("soleus", "calves", "hip flexors"); empty: any muscle.
    phase : str, optional
        A running phase id (:data:`runmuscles.muscles.PHASES`); ``None``: any phase.
    source, threshold, min_share
        As in :func:`exercise_muscle_map`.

    Returns
    -------
    StrengthSelection
        With the phase filter, an exercise is kept when at least one muscle it loads (among the
        asked-for muscles, if any) works in that phase in the data set. A wrong muscle name gives
        an empty selection with a friendly message listing close matches.

    Raises
    ------
    ValueError
        For an unknown phase (the message lists the valid phases).
    """
    if phase is not None and phase not in muscles.PHASES:
        raise ValueError(f"Unknown phase {phase!r}. Valid phases: {', '.join(muscles.PHASES)}")
    table = exercise_muscle_map(source, threshold, min_share)
    found = find_muscles(query)
    if found.kind == "none":
        return StrengthSelection((), (), phase, table.iloc[0:0], found.message)
    wanted = found.muscles if found.kind != "all" else ()
    keep = table
    if wanted:
        keep = keep[keep["exercise"].isin(keep.loc[keep["muscle"].isin(wanted), "exercise"])]
    if phase is not None:
        hit = keep["phases"].map(lambda ps: phase in ps)
        if wanted:
            hit &= keep["muscle"].isin(wanted)
        keep = keep[keep["exercise"].isin(keep.loc[hit, "exercise"])]
    exercises = tuple(dict.fromkeys(keep["exercise"]))
    names = list(muscles.load_muscles().loc[list(wanted), "name"]) if wanted else []
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}" if names else ""
    n = len(exercises)
    noun = "exercise" if n == 1 else "exercises"
    if not exercises and phase is not None:
        message = (
            f"No exercise in the articles loads {what or 'a muscle'} that works in {PHASE_SHORT[phase]} in this "
            "data set. Muscles without running EMG cannot be mapped to a phase; try another phase or data set."
        )
    elif not exercises:
        message = f"The articles recommend no exercise for {what}."
    elif wanted and phase is not None:
        message = f"{n} {noun} load {what}, and in each at least one of these muscles works in {PHASE_SHORT[phase]}."
    elif phase is not None:
        message = f"{n} {noun} load at least one muscle that works in {PHASE_SHORT[phase]}."
    elif wanted:
        message = f"{n} {noun} load {what}."
    else:
        message = f"All {n} exercises the articles recommend."
    return StrengthSelection(exercises, tuple(wanted), phase, keep.reset_index(drop=True), message)


# --------------------------------------------------------------------------- HTML (text alternatives)

_EVIDENCE_STYLE = {
    "measured": ("#00204c", "white"),
    "reconstructed": ("#575c6d", "white"),
    "literature": ("#c3b369", "black"),
    "not established": ("#e8e8e8", "black"),
}


def _badge(level: str) -> str:
    bg, fg = _EVIDENCE_STYLE.get(level, ("#e8e8e8", "black"))
    return (
        f'<span class="rm-badge" style="background:{bg};color:{fg};padding:1px 8px;border-radius:9px;'
        f'font-size:0.85em;white-space:nowrap">{html.escape(level)}</span>'
    )


def _e(text: object) -> str:
    return html.escape(str(text))


def muscle_card_html(muscle_id: str, source: str | None = None) -> str:
    """The text of one muscle's atlas card, as HTML (also the text alternative to its figures).

    Parameters
    ----------
    muscle_id : str
        Catalogue id.
    source : str, optional
        Running data set whose curve is shown beside the card (named in the card).

    Returns
    -------
    str
        HTML with: group and other names, where it sits, its actions, its role phase by phase
        (with the phase's % range), evidence level with the data sets and sources, literature
        windows, exercises (with the articles' dose) and the injuries the articles link to it.
    """
    m = muscles.load_muscles().loc[muscle_id]
    phases = gait.load_phases("run", source if source in run_sources_for(muscle_id) else None)
    parts = ['<div class="rm-card" style="font-size:15px;line-height:1.45;max-width:1100px">']
    names = ", ".join(m["common_names"]) or "—"
    parts.append(
        f"<h3 style='margin:4px 0'>{_e(m['name'])} {_badge(m['evidence'])}</h3>"
        f"<p style='margin:2px 0;color:#444'>Group: <b>{_e(m['group'].replace('_', ' '))}</b> · "
        f"region: {_e(m['region'])} · also called: {_e(names)}</p>"
    )
    parts.append(f"<p><b>Where it is.</b> {_e(m['location'])}</p>")
    parts.append("<p><b>What it does.</b> " + _e("; ".join(m["actions"])) + ".</p>")

    rows = []
    for pid in muscles.PHASES:
        span = ""
        if pid in phases.index:
            span = f" ({phases.loc[pid, 'start']:.0f}–{phases.loc[pid, 'end']:.0f} %)"
        rows.append(
            f"<tr><td style='padding:2px 10px 2px 0;white-space:nowrap'><b>{_e(PHASE_SHORT[pid])}</b>{span}</td>"
            f"<td>{_e(activity.role_text(muscle_id, pid, m['roles'].get(pid, 'not established')))}</td></tr>"
        )
    parts.append("<p style='margin-bottom:2px'><b>Its role in the running stride</b></p>")
    parts.append("<table style='border-collapse:collapse'>" + "".join(rows) + "</table>")
    if run_sources_for(muscle_id):
        parts.append(
            f"<p style='color:#444'>Activity words are computed from each data set's mean curve: <i>active</i> "
            f"when it is at or above {100 * activity.ACTIVE:.0f} % of the muscle's own peak, <i>strongly "
            f"active</i> at or above {100 * activity.STRONG:.0f} %, for at least {100 * activity.MIN_SHARE:.0f} % "
            f"of the phase; <i>switching on/off</i> when it crosses {100 * activity.ACTIVE:.0f} % within the "
            "phase. The words after the dash say what the muscle does there.</p>"
        )

    parts.append(f"<p><b>How we know.</b> Evidence level: {_badge(m['evidence'])}. ")
    sources = run_sources_for(muscle_id)
    if sources:
        lines = "".join(
            f"<li>{_e(_dataset_line(s))}. {_e(activation.source_info(s, 'run')['citation'])}</li>" for s in sources
        )
        parts.append(f"Running data sets with this muscle:</p><ul style='margin-top:0'>{lines}</ul>")
        parts.append(f"<p style='color:#444'>{_e(_NOTE_PEAK)}</p>")
    else:
        alone = " on its own" if m.get("evidence_note") else ""
        parts.append(f"No running EMG of this muscle{alone} in our data sets.</p>")
    if m.get("evidence_note"):
        parts.append(f"<p>{_e(m['evidence_note'])}</p>")
    windows = [lit for lit in m["literature"] if lit["gait"] == "run"]
    for lit in windows:
        spans = ", ".join(f"{a:g}–{b:g} %" for a, b in lit["windows"])
        parts.append(
            f"<p>Published timing (a window, not a measured curve): {_e(spans)} of the cycle, "
            f"{_e(lit['confidence'])} confidence. {_e(lit['description'])}<br>"
            f"<i>Source:</i> {_e(muscles.format_reference(lit['reference']))}</p>"
        )
    if m["evidence"] == "not established":
        parts.append(
            "<p><b>Not established.</b> We have no running EMG of this muscle alone and no checked published "
            "timing for it, so no curve or window is drawn: when it works during running is not established here. "
            "The roles above marked “inferred” come from its anatomy, not from measurements.</p>"
        )

    ex = muscles.exercises_for(muscle_id)
    if len(ex):
        items = "".join(
            f"<li><b>{_e(row['name'])}</b> ({_e(', '.join(row['variants']))}): {_e(row['sets_reps'])}; "
            f"{_e(row['frequency'])}</li>"
            for _, row in ex.iterrows()
        )
        parts.append(
            f"<p style='margin-bottom:2px'><b>Exercises the articles recommend</b></p><ul>{items}</ul>"
        )
        parts.append(f"<p style='color:#444'>{_e(_DOSE_NOTE)}</p>")
    if m["injuries"]:
        items = "".join(f"<li>{_e(i)}</li>" for i in m["injuries"])
        parts.append(
            f"<p style='margin-bottom:2px'><b>Injuries the articles link to it</b> "
            f"(their claims, not established causes)</p><ul>{items}</ul>"
        )
    parts.append("</div>")
    return "".join(parts)


def strength_table_html(
    selection: StrengthSelection, source: str | None = None, include_message: bool = True
) -> str:
    """The exercises of a :class:`StrengthSelection` as an HTML table.

    Columns: exercise (and variants), the muscles it loads with the stride phases in which each
    works (or its evidence level when the data set has no curve for it), and the articles' dose.
    ``include_message=False`` leaves out the selection's message (an app that shows it elsewhere).
    """
    source = source or activation.default_source("run")
    title = activation.source_info(source, "run")["title"]
    if not selection.exercises:
        return f"<p style='font-size:15px'>{_e(selection.message)}</p>" if include_message else ""
    ex = muscles.load_exercises()
    head = (
        "<tr style='text-align:left;border-bottom:2px solid #555'><th style='padding:4px'>Exercise</th>"
        "<th style='padding:4px'>Muscles it loads → stride phases where they work</th>"
        "<th style='padding:4px'>Dose (from the articles)</th></tr>"
    )
    body = []
    for ex_id in selection.exercises:
        row = ex.loc[ex_id]
        items = []
        for _, r in selection.rows[selection.rows["exercise"] == ex_id].iterrows():
            name = _e(r["muscle_name"])
            if r["muscle"] in selection.muscles:
                name = f"<b>{name}</b>"
            if r["has_data"]:
                when = ", ".join(PHASE_SHORT[p] for p in r["phases"]) or "below the threshold in every phase"
                if selection.phase and selection.phase in r["phases"]:
                    when = when.replace(
                        PHASE_SHORT[selection.phase], f"<u>{PHASE_SHORT[selection.phase]}</u>"
                    )
                items.append(f"<li>{name}: {when}</li>")
            else:
                items.append(f"<li>{name}: no curve in this data set — {_badge(r['evidence'])}</li>")
        body.append(
            "<tr style='vertical-align:top;border-bottom:1px solid #ccc'>"
            f"<td style='padding:4px'><b>{_e(row['name'])}</b><br><span style='color:#555'>"
            f"{_e(', '.join(row['variants']))}</span></td>"
            f"<td style='padding:4px'><ul style='margin:0;padding-left:18px'>{''.join(items)}</ul></td>"
            f"<td style='padding:4px'>{_e(row['sets_reps'])}<br>{_e(row['frequency'])}</td></tr>"
        )
    return (
        f"<p style='font-size:15px;margin:4px 0'>{_e(selection.message) + ' ' if include_message else ''}"
        f"Phases from: {_e(title)}.</p>"
        "<table style='border-collapse:collapse;font-size:15px;width:100%'>"
        + head
        + "".join(body)
        + "</table>"
        f"<p style='color:#444;font-size:14px'>{_e(_DOSE_NOTE)} The muscle list of each exercise follows the "
        "articles and the muscles' actions, not EMG of the exercise.</p>"
    )
