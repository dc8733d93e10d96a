"""Foot strikes and toe-offs of a recording, from the best source it offers.

Sources, in the order they are tried for each foot (the first that gives at least one complete
stride is used, and the result says which):

1. **Given by the user**: a contacts table (``touchdown_s,liftoff_s[,side]``) or times typed in.
2. **The file's own events**: the C3D ``EVENT`` group (``Foot Strike`` / ``Foot Off`` with a
   ``Right``/``Left`` context, and the usual synonyms), whatever the layout of ``EVENT:TIMES`` and
   whether the times count from the start of the capture or from the first frame; or contact
   columns (``contact_right``, ``L footswitch``: high while the foot is on the ground).
3. **Force plates**: the vertical ground reaction force of every plate (the vertical axis is the one
   carrying body weight, whatever the lab's convention), contacts above 20 N
   (:func:`runmuscles.gait.detect_contacts`), each contact given to the foot whose heel and toe
   markers stand over the centre of pressure. A plate stride counts only when the other foot
   struck exactly once in it (no step missed off the plates).
4. **Heel and toe markers** (Zeni, Richards & Higginson 2008): foot strike where the heel is
   furthest ahead of the pelvis, toe-off where the toe is furthest behind it, along the direction
   the foot points; strides across marker gaps are not used.

References
----------
Zeni JA Jr, Richards JG, Higginson JS (2008). Two simple methods for determining gait events during
treadmill and overground walking using kinematic data. *Gait & Posture* 27(4):710-714.
doi:10.1016/j.gaitpost.2007.07.007

Examples
--------
>>> import numpy as np
>>> ev = FootEvents("right", np.array([1.0, 2.0, 3.0]), np.array([1.6, 2.6]), "typed-in times")
>>> ev.pairs()
[(1.0, 2.0), (2.0, 3.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy import signal

from .. import gait
from .read import Recording

__all__ = [
    "SIDES",
    "FootEvents",
    "EventSearch",
    "file_events",
    "plate_events",
    "marker_events",
    "column_events",
    "given_events",
    "find_events",
    "vertical_axis",
]

SIDES = ("right", "left")

#: Shortest and longest plausible stride [s].
STRIDE_RANGE_S = (0.3, 4.0)
#: Contact threshold of the vertical force [N] and shortest contact [s] (as for the shipped data).
CONTACT_THRESHOLD_N = 20.0
MIN_CONTACT_S = 0.1
#: A plate that never carries this much [N] is taken as unused.
PLATE_LOADED_N = 100.0

_STRIKE = re.compile(r"(foot ?strike|heel ?strike|initial ?contact|touch ?down|foot ?contact|^[rl]?(hs|ic|fs)$)", re.I)
_OFF = re.compile(r"(foot ?off|toe ?off|lift ?off|^[rl]?(to|fo)$)", re.I)


@dataclass
class FootEvents:
    """Foot strikes and toe-offs of one foot from one source.

    Attributes
    ----------
    side : str
        ``right`` or ``left``.
    strikes, offs : numpy.ndarray
        Event times on the recording's clock [s], sorted.
    source : str
        Where they came from (``file events``, ``force plates``, ``markers (Zeni et al. 2008)``,
        ``contacts table``, ``typed-in times``).
    detail : str
        More about the source (which group, which plates, which markers).
    breaks : list of tuple
        Time spans [s] in which events may have been missed (marker gaps); no stride crosses them.
    needs_alternation : bool
        Only strides in which the other foot struck exactly once count (force plates).
    """

    side: str
    strikes: np.ndarray
    offs: np.ndarray
    source: str
    detail: str = ""
    breaks: list[tuple[float, float]] = field(default_factory=list)
    needs_alternation: bool = False

    def pairs(self, other: FootEvents | None = None, span: tuple[float, float] | None = None) -> list[tuple[float, float]]:
        """Complete strides: successive strikes with a toe-off between them.

        Parameters
        ----------
        other : FootEvents, optional
            The other foot's events from the same source (used when ``needs_alternation``).
        span : tuple of float, optional
            Only strides inside this time span [s] (the EMG record).
        """
        strikes = np.sort(np.asarray(self.strikes, dtype=float))
        offs = np.asarray(self.offs, dtype=float)
        out = []
        for a, b in zip(strikes[:-1], strikes[1:]):
            if not STRIDE_RANGE_S[0] <= b - a <= STRIDE_RANGE_S[1]:
                continue
            if not np.any((offs > a) & (offs < b)):
                continue
            if any(lo < b and hi > a for lo, hi in self.breaks):
                continue
            if self.needs_alternation:
                if other is None or np.sum((other.strikes > a) & (other.strikes < b)) != 1:
                    continue
            if span is not None and not (span[0] <= a and b <= span[1]):
                continue
            out.append((float(a), float(b)))
        return out


@dataclass
class EventSearch:
    """What each source gave, per foot.

    Attributes
    ----------
    found : dict
        Source name -> side -> FootEvents.
    notes : dict
        Source name -> why it gave nothing, or what it gave.
    """

    found: dict[str, dict[str, FootEvents]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def choose(self, side: str, span: tuple[float, float]) -> tuple[FootEvents | None, dict[str, str]]:
        """The first source with a complete stride of ``side`` inside ``span``, and why the others were not used."""
        tried: dict[str, str] = {}
        for source, by_side in self.found.items():
            events = by_side.get(side)
            if events is None:
                tried[source] = f"no {side}-foot events"
                continue
            pairs = events.pairs(by_side.get(_other(side)), span)
            if pairs:
                return events, tried
            tried[source] = (
                f"{len(events.strikes)} {side} foot strike(s), {len(events.offs)} toe-off(s), but no complete stride "
                "inside the EMG record"
            )
        for source, note in self.notes.items():
            tried.setdefault(source, note)
        return None, tried


def _other(side: str) -> str:
    return "left" if side == "right" else "right"


def _side_of(text: str) -> str | None:
    text = text.strip().lower()
    if text.startswith(("right", "rt")) or re.match(r"^r[\s_.]", text) or re.match(r"^r(hs|ic|fs|to|fo)$", text):
        return "right"
    if text.startswith(("left", "lt")) or re.match(r"^l[\s_.]", text) or re.match(r"^l(hs|ic|fs|to|fo)$", text):
        return "left"
    return None


def file_events(rec: Recording) -> tuple[dict[str, FootEvents], str]:
    """Foot strikes and toe-offs stored in the file.

    Returns
    -------
    events : dict
        Side -> FootEvents (sides without any event are absent).
    note : str
        What was found, including a time-origin correction when one was needed.
    """
    if not rec.events:
        return {}, "the file has no events"
    rows = []
    for ev in rec.events:
        kind = "strike" if _STRIKE.search(ev.label) else "off" if _OFF.search(ev.label) else None
        side = _side_of(ev.context) or _side_of(ev.label)
        if kind and side:
            rows.append((side, kind, ev.time))
    if not rows:
        labels = sorted({f"{e.context} {e.label}".strip() for e in rec.events})
        return {}, f"the file's events are not foot strikes or toe-offs with a side: {labels}"
    times = np.array([r[2] for r in rows])
    start, end = rec.t0, rec.t0 + rec.duration
    inside = np.mean((times >= start) & (times <= end))
    shifted = np.mean((times + rec.t0 >= start) & (times + rec.t0 <= end))
    note = f"{len(rows)} events of the file"
    if shifted > inside:
        times = times + rec.t0
        note += f" (times counted from the first frame; shifted by {rec.t0:.3f} s)"
    out = {}
    for side in SIDES:
        strikes = np.sort([t for (s, k, _), t in zip(rows, times) if s == side and k == "strike"])
        offs = np.sort([t for (s, k, _), t in zip(rows, times) if s == side and k == "off"])
        if len(strikes) or len(offs):
            out[side] = FootEvents(side, np.asarray(strikes, float), np.asarray(offs, float), "file events", note)
    return out, note


_CONTACT_COLUMN = re.compile(r"(foot ?switch|footsw|contact|stance)", re.I)


def column_events(rec: Recording) -> tuple[dict[str, FootEvents], str]:
    """Foot strikes and toe-offs from contact columns (``contact_right``, ``R footswitch`` ...): high = on the ground.

    The threshold is half-way between the signal's low and high levels (5th and 95th percentiles);
    contacts shorter than 0.1 s are ignored. A column must name its side.
    """
    out, used = {}, []
    t = rec.time()
    for k, label in enumerate(rec.labels):
        if not _CONTACT_COLUMN.search(label):
            continue
        words = set(re.split(r"[\s_.\-]+", label.strip().lower()))
        side = "right" if words & {"r", "right", "rt"} else "left" if words & {"l", "left", "lt"} else None
        x = np.asarray(rec.analog[k], dtype=float)
        lo, hi = np.percentile(x, [5, 95])
        if side is None or hi - lo <= 0:
            continue
        strikes, offs = gait.detect_contacts(t, x - (lo + hi) / 2, 0.0, MIN_CONTACT_S)
        if len(strikes) or len(offs):
            out[side] = FootEvents(side, strikes, offs, "contact columns", f"column {label!r}")
            used.append(label)
    return out, "" if out else "no contact or foot-switch column with a side and on/off changes"


def vertical_axis(plates) -> tuple[int, float]:
    """Lab axis (0, 1, 2) that carries body weight on the plates, and the sign that makes the load positive.

    The vertical axis is the one with the largest force range over all plates; its sign is that of
    the largest load, so a lab with Z down or Y up is read the same way.
    """
    ranges = np.zeros(3)
    extreme = np.zeros(3)
    for plate in plates:
        f = plate.force
        ranges += np.nanmax(f, axis=1) - np.nanmin(f, axis=1)
        big = np.where(np.abs(np.nanmax(f, axis=1)) >= np.abs(np.nanmin(f, axis=1)), np.nanmax(f, axis=1), np.nanmin(f, axis=1))
        extreme = np.where(np.abs(big) > np.abs(extreme), big, extreme)
    axis = int(np.argmax(ranges))
    return axis, float(np.sign(extreme[axis]) or 1.0)


def plate_vertical_forces(rec: Recording) -> list[tuple[int, np.ndarray]]:
    """(plate number, vertical force [N], baseline removed) for every loaded plate."""
    if not rec.plates:
        return []
    axis, sign = vertical_axis(rec.plates)
    out = []
    for plate in rec.plates:
        fv = sign * plate.force[axis]
        if not np.isfinite(fv).any() or np.nanmax(fv) - np.nanmin(fv) < PLATE_LOADED_N:
            continue
        base = float(np.nanpercentile(fv, 5))
        out.append((plate.number, np.nan_to_num(fv - base)))
    return out


def _feet(rec: Recording) -> dict[str, dict[str, np.ndarray]] | None:
    """Heel, toe and pelvis markers per side, or None when the file lacks them."""
    names = {re.sub(r"[^A-Z0-9]", "", k.upper()): k for k in rec.markers}

    def pick(options):
        for option in options:
            if option in names:
                return rec.markers[names[option]]
        return None

    pelvis_parts = [pick([p]) for p in ("SACR", "SACRUM", "VSAC", "S1")]
    pelvis = next((p for p in pelvis_parts if p is not None), None)
    if pelvis is None:
        parts = [pick([n]) for n in ("LPSI", "RPSI", "LPSIS", "RPSIS", "LASI", "RASI", "LASIS", "RASIS")]
        parts = [p for p in parts if p is not None]
        if len(parts) < 2:
            return None
        pelvis = np.mean(parts, axis=0)
    feet = {}
    for side, s in (("right", "R"), ("left", "L")):
        heel = pick([f"{s}HEE", f"{s}HEEL", f"{s}CAL", f"{s}CALC", f"{s}HEE1", f"{s}FCC"])
        toe = pick([f"{s}TOE", f"{s}MT2", f"{s}MT1", f"{s}FM2", f"{s}FM1", f"{s}MT5", f"{s}FM5", f"{s}TOE1", f"{s}MH1", f"{s}D2M"])
        if heel is None or toe is None:
            return None
        feet[side] = {"heel": heel, "toe": toe}
    feet["pelvis"] = {"centre": pelvis}
    return feet


def _marker_axes(feet) -> tuple[int, float, int, float]:
    """(vertical axis, sign, forward axis, sign) from the markers: up is pelvis above heel, forward is heel to toe."""
    heel = np.concatenate([feet[s]["heel"] for s in SIDES], axis=1)
    toe = np.concatenate([feet[s]["toe"] for s in SIDES], axis=1)
    pelvis = np.concatenate([feet["pelvis"]["centre"]] * 2, axis=1)
    up = np.nanmean(pelvis - heel, axis=1)
    v = int(np.nanargmax(np.abs(up)))
    along = np.nanmean(toe - heel, axis=1)
    along[v] = 0.0
    f = int(np.nanargmax(np.abs(along)))
    return v, float(np.sign(up[v])), f, float(np.sign(along[f]))


def marker_events(rec: Recording) -> tuple[dict[str, FootEvents], str]:
    """Foot strikes and toe-offs from heel, toe and pelvis markers (Zeni et al. 2008)."""
    if not rec.markers:
        return {}, "the file has no markers"
    feet = _feet(rec)
    if feet is None:
        return {}, "no heel, toe and pelvis markers (e.g. RHEE, RTOE, LHEE, LTOE and SACR or the ASIS/PSIS markers)"
    v, _, f, sign = _marker_axes(feet)
    t = rec.marker_time()
    rate = rec.marker_rate
    pelvis = feet["pelvis"]["centre"][f]
    out = {}
    for side in SIDES:
        heel = sign * (feet[side]["heel"][f] - pelvis)
        toe = sign * (feet[side]["toe"][f] - pelvis)
        valid = np.isfinite(heel) & np.isfinite(toe)
        strikes, offs, breaks = [], [], []
        # contiguous runs of valid frames; events only inside them, strides never across gaps
        edges = np.flatnonzero(np.diff(np.concatenate([[0], valid.astype(int), [0]])))
        runs = list(zip(edges[::2], edges[1::2]))
        for (a, b), nxt in zip(runs, runs[1:] + [(len(t), len(t))]):
            if b < len(t):
                breaks.append((float(t[b - 1]), float(t[min(nxt[0], len(t) - 1)])))
            if b - a < max(5, int(0.3 * rate)):
                continue
            for series, store, flip in ((heel, strikes, 1.0), (toe, offs, -1.0)):
                seg = flip * series[a:b]
                span = float(np.ptp(seg))
                if span <= 0:
                    continue
                peaks, _ = signal.find_peaks(seg, distance=max(1, int(0.35 * rate)), prominence=0.3 * span)
                store.extend(t[a + peaks])
        if valid.any() and runs and runs[0][0] > 0:
            breaks.insert(0, (float(t[0]), float(t[runs[0][0]])))
        if strikes or offs:
            out[side] = FootEvents(
                side, np.sort(strikes), np.sort(offs), "markers (Zeni et al. 2008)",
                "heel and toe relative to the pelvis along the walking direction", breaks,
            )
    return out, "" if out else "the markers show no foot strikes"


def plate_events(rec: Recording) -> tuple[dict[str, FootEvents], str]:
    """Foot strikes and toe-offs from the force plates, each contact given to a foot by the markers."""
    forces = plate_vertical_forces(rec)
    if not rec.plates:
        return {}, "the file has no force plates"
    if not forces:
        return {}, "no force plate was loaded"
    feet = _feet(rec)
    if feet is None:
        return {}, "force plates found, but which foot stood on them cannot be told without heel and toe markers"
    v, _, _, _ = _marker_axes(feet)
    horizontal = [k for k in range(3) if k != v]
    t = rec.time()
    tm = rec.marker_time()
    found = {s: ([], []) for s in SIDES}
    unassigned = 0
    plates_used = set()
    for number, fv in forces:
        strikes, offs = gait.detect_contacts(t, fv, CONTACT_THRESHOLD_N, MIN_CONTACT_S)
        cop = rec.plates[number - 1].cop
        contacts = [(s, offs[offs > s][0] if np.any(offs > s) else None) for s in strikes]
        contacts += [(None, o) for o in offs if not np.any((strikes < o) & (strikes > o - 10))]
        for s, o in contacts:
            a = s if s is not None else max(t[0], o - 0.3)
            b = o if o is not None else min(t[-1], s + 0.3)
            mid = (t >= a + (b - a) / 3) & (t <= b - (b - a) / 3)
            if not mid.any():
                continue
            where = np.nanmedian(cop[:, mid], axis=1)
            k = int(np.clip(np.searchsorted(tm, (a + b) / 2), 0, len(tm) - 1))
            dist = {}
            for side in SIDES:
                foot = (feet[side]["heel"][:, k] + feet[side]["toe"][:, k]) / 2
                dist[side] = float(np.hypot(*(where[horizontal] - foot[horizontal])))
            near = min(dist, key=dist.get)
            if not np.isfinite(dist[near]) or dist[near] > 300 or dist[_other(near)] - dist[near] < 50:
                unassigned += 1
                continue
            plates_used.add(number)
            if s is not None:
                found[near][0].append(s)
            if o is not None:
                found[near][1].append(o)
    out = {}
    for side in SIDES:
        strikes, offs = found[side]
        if strikes or offs:
            out[side] = FootEvents(
                side, np.sort(strikes), np.sort(offs), "force plates",
                f"vertical force of plate(s) {sorted(plates_used)} above {CONTACT_THRESHOLD_N:g} N",
                needs_alternation=True,
            )
    note = f"{unassigned} plate contact(s) could not be given to a foot" if unassigned else ""
    return out, note if out else (note or "no foot contact on the force plates")


def given_events(contacts, default_side: str = "right") -> tuple[dict[str, FootEvents], str]:
    """Events supplied by the user: a contacts table (path), a DataFrame, or a dict of typed-in times.

    Parameters
    ----------
    contacts : str, pathlib.Path, pandas.DataFrame or dict
        A CSV path or DataFrame with ``touchdown_s,liftoff_s`` (optional ``side``), or
        ``{"right": (strikes, offs), "left": (...)}`` with times in s.
    default_side : str
        Side of a table without a ``side`` column.
    """
    from pathlib import Path

    import pandas as pd

    from .read import read_contacts

    if isinstance(contacts, (str, Path)):
        table = read_contacts(contacts, default_side)
        source, detail = "contacts table", Path(contacts).name
    elif isinstance(contacts, pd.DataFrame):
        cols = {c.lower(): c for c in contacts.columns}
        if "touchdown_s" not in cols or "liftoff_s" not in cols:
            raise ValueError(f"a contacts table needs the columns touchdown_s,liftoff_s; it has {list(contacts.columns)}")
        sides = contacts[cols["side"]].str.lower().str[0].map({"r": "right", "l": "left"}) if "side" in cols else None
        table = {}
        for side in SIDES:
            rows = contacts if sides is None and side == default_side else contacts[sides == side] if sides is not None else None
            if rows is not None and len(rows):
                table[side] = (np.sort(rows[cols["touchdown_s"]].to_numpy(float)), np.sort(rows[cols["liftoff_s"]].to_numpy(float)))
        source, detail = "contacts table", "DataFrame"
    elif isinstance(contacts, dict):
        table = {}
        for side, value in contacts.items():
            if side not in SIDES:
                raise ValueError(f"typed-in times: unknown side {side!r}; valid sides are 'right', 'left'")
            strikes, offs = value
            table[side] = (np.sort(np.asarray(strikes, dtype=float)), np.sort(np.asarray(offs, dtype=float)))
        source, detail = "typed-in times", ""
    else:
        raise ValueError("contacts must be a CSV path, a DataFrame or a dict side -> (strikes, offs)")
    out = {side: FootEvents(side, s, o, source, detail) for side, (s, o) in table.items()}
    return out, ""


def find_events(rec: Recording, contacts=None, default_side: str = "right") -> EventSearch:
    """Try every source of foot events in order (see the module text); keep what each gives.

    Parameters
    ----------
    rec : Recording
        The recording.
    contacts : optional
        User-supplied events (see :func:`given_events`); tried first.
    default_side : str
        Side of a contacts table without a ``side`` column.
    """
    search = EventSearch()
    steps = []
    if contacts is not None:
        steps.append(("given", lambda: given_events(contacts, default_side)))
    steps += [("file events", lambda: file_events(rec)), ("contact columns", lambda: column_events(rec)),
              ("force plates", lambda: plate_events(rec)),
              ("markers (Zeni et al. 2008)", lambda: marker_events(rec))]
    for name, step in steps:
        found, note = step()
        if found:
            label = next(iter(found.values())).source
            search.found[label] = found
            if note:
                search.notes[label] = note
        elif note:
            search.notes[name] = note
    return search
