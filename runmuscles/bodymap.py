"""The whole-body map: every catalogue muscle as a shape on a front and a back view.

The shapes live in one packaged data file, ``runmuscles/data/body_map.json`` (drawn for this
project, CC0): muscle id -> view (``"front"``, ``"back"``) -> list of shapes, each a closed
polygon in anatomical half-body coordinates (x from the midline towards the body's *right*,
y down from the top of the head, 1000 units tall). Every shape is drawn once, for the right
side; this module mirrors it for the left side and places both on each view (seen from the
front, the body's right side is on the viewer's left).

:func:`map_payload` says how each muscle is drawn for one data set:

* ``"data"``: the data set has a curve for it (measured EMG or a synergy reconstruction); the
  right side is filled with the activation colour at the current instant. The left side has no
  recording (the data sets record the right leg) and is outlined only.
* ``"literature"``: only a published timing window is known; it is hatched, and shown as active
  only inside its window (on both sides: the window describes the muscle, not one electrode).
* ``"none"``: no running evidence in this data set (not established, or measured only in
  another data set): outlined only, with a note that says which.

:func:`map_state` gives the state of every muscle at one instant, the same rule the browser
applies on every frame.

Examples
--------
>>> payload = map_payload("run")
>>> payload["muscles"]["soleus"]["style"], payload["muscles"]["psoas_major"]["style"]
('data', 'none')
>>> payload["muscles"]["external_oblique"]["style"]
'literature'
>>> sorted({s["view"] for s in payload["shapes"] if s["muscle"] == "adductor_magnus"})
['back', 'front']
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import Any

from . import activation, atlas, muscles

__all__ = [
    "SIDES",
    "VIEWS",
    "load_body_map",
    "map_payload",
    "map_state",
    "mirror",
    "shape_path",
]

#: The two views, in display order.
VIEWS: tuple[str, ...] = ("front", "back")
#: Body sides: ``r`` (drawn in the data file) and ``l`` (its mirror image).
SIDES: tuple[str, ...] = ("r", "l")
#: Horizontal direction of the body's right side on screen, per view (front: viewer's left).
_RIGHT_ON_SCREEN = {"front": -1, "back": 1}
#: Width of one view in the drawing's units, and the gap between the two views.
_VIEW_WIDTH, _VIEW_HEIGHT, _TOP = 380, 1000, 70

_SIDE_WORD = {"r": "right", "l": "left"}


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    text = (files("runmuscles") / "data" / "body_map.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_body_map() -> dict[str, Any]:
    """The shapes of the body map as stored in ``body_map.json`` (a fresh copy).

    Returns
    -------
    dict
        ``outline`` (the right half of the body's silhouette, from the top of the head to the
        crotch, as ``[x, y]`` points), ``details`` (view -> thin guide lines), ``muscles``
        (muscle id -> view -> list of shapes, each a list of ``[x, y]`` points, plus an optional
        ``note`` on how a deep muscle is drawn), ``views``, ``licence`` and ``credit``.

    Raises
    ------
    ValueError
        If a shape names a muscle that is not in the catalogue (the message lists them).

    Examples
    --------
    >>> shapes = load_body_map()["muscles"]
    >>> len(shapes["soleus"]["back"][0]) >= 3
    True
    """
    data = copy.deepcopy(_raw())
    known = {m["id"] for m in muscles.load_catalogue()["muscles"]}
    unknown = sorted(set(data["muscles"]) - known)
    if unknown:
        raise ValueError(f"body_map.json names muscles not in the catalogue: {', '.join(unknown)}")
    return data


def mirror(points: Sequence[Sequence[float]]) -> list[list[float]]:
    """Mirror points across the body's midline (right side <-> left side).

    Parameters
    ----------
    points : sequence of ``[x, y]``
        Anatomical half-body coordinates.

    Returns
    -------
    list of ``[x, y]``
        ``[-x, y]`` for each point.

    Examples
    --------
    >>> mirror([[10, 5], [-3, 7]])
    [[-10, 5], [3, 7]]
    """
    return [[-x if x else 0, y] for x, y in points]


def shape_path(points: Sequence[Sequence[float]], closed: bool = True, smooth: bool = True) -> str:
    """An SVG path through points: a smooth closed curve (Catmull-Rom as cubic Béziers) or a polyline.

    Parameters
    ----------
    points : sequence of ``[x, y]``
        Screen coordinates.
    closed : bool
        Close the path (shapes and outlines) or leave it open (guide lines).
    smooth : bool
        Round the corners with a Catmull-Rom spline through every point.

    Returns
    -------
    str
        The path's ``d`` attribute, coordinates rounded to 0.1.

    Examples
    --------
    >>> shape_path([[0, 0], [10, 0], [10, 10]], smooth=False)
    'M0,0L10,0L10,10Z'
    >>> shape_path([[0, 0], [10, 0]], closed=False)
    'M0,0L10,0'
    """

    def fmt(x: float, y: float) -> str:
        return f"{round(x, 1):g},{round(y, 1):g}"

    pts = [(float(x), float(y)) for x, y in points]
    if not smooth or len(pts) < 3 or not closed:
        return "M" + "L".join(fmt(x, y) for x, y in pts) + ("Z" if closed else "")
    n = len(pts)
    out = ["M" + fmt(*pts[0])]
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append("C" + " ".join(fmt(*c) for c in (c1, c2, p2)))
    return "".join(out) + "Z"


def _place(points: Sequence[Sequence[float]], view: str, side: str) -> list[list[float]]:
    """Anatomical right-half points -> screen points of ``side`` on ``view`` (view-local, x centred)."""
    sign = _RIGHT_ON_SCREEN[view] * (1 if side == "r" else -1)
    return [[sign * x, y] for x, y in points]


def _outline(half: Sequence[Sequence[float]]) -> list[list[float]]:
    """The whole silhouette from its right half (first and last points on the midline)."""
    return [list(p) for p in half] + mirror(list(reversed(half[1:-1])))


def _literature_windows(muscle_id: str, gait_name: str) -> tuple[list[list[float]], str]:
    """Published windows of a muscle for one gait, and who published them (as the atlas cites them)."""
    found = atlas.literature_windows(muscle_id, gait_name)
    windows = [[w["start"], w["end"]] for w in found]
    return windows, "; ".join(dict.fromkeys(w["label"] for w in found))


def map_payload(gait_name: str = "run", source: str | None = None) -> dict[str, Any]:
    """Everything the browser needs to draw the body map for one gait and data set (JSON-serialisable).

    Parameters
    ----------
    gait_name : {"run", "walk"}
        Gait.
    source : str, optional
        Data set id; default: the gait's default data set.

    Returns
    -------
    dict
        ``source``, ``gait``, ``source_evidence`` (``"measured"`` or ``"reconstructed"``),
        ``viewbox`` (``[x, y, width, height]`` of the whole drawing), ``views`` (``id``, ``label``,
        ``dx`` (horizontal offset of the view), ``outline`` and ``details`` (SVG paths), ``sides``
        (where the R and L labels go)), ``muscles`` (muscle id -> ``name``, ``region``,
        ``evidence`` (the catalogue's running evidence level), ``style`` (``"data"``,
        ``"literature"`` or ``"none"``), ``windows`` (``[start, end]`` in % of the gait cycle, for
        literature), ``note`` (what the drawing means for this muscle), ``left_note`` (for the left
        side) and ``where`` (how a deep muscle is drawn, or ``""``)) and ``shapes`` (one per muscle,
        view and side: ``muscle``, ``view``, ``side``, ``d`` (SVG path in view coordinates)).

    Notes
    -----
    A muscle is ``"data"`` only if the data set's activation table has a column for it; evidence
    in another data set never fills a shape.

    Examples
    --------
    >>> p = map_payload("run", "santuz2020_synergies")
    >>> p["source_evidence"], p["muscles"]["peroneus_longus"]["style"]
    ('reconstructed', 'data')
    >>> map_payload("run")["muscles"]["peroneus_longus"]["note"]
    'Peroneus longus: not in this data set (reconstructed in santuz2020_synergies)'
    """
    source = activation.resolve_source(gait_name, source)
    columns = set(activation.load_activation(gait_name, source).columns)
    info = activation.source_info(source, gait_name)
    catalogue = muscles.load_muscles()
    raw = load_body_map()
    evidence_word = info["evidence"]

    entries: dict[str, dict[str, Any]] = {}
    for mid, entry in catalogue.iterrows():
        name = entry["name"]
        drawn = raw["muscles"].get(mid, {})
        where = drawn.get("note", "")
        has_windows = any(lit["gait"] == gait_name for lit in entry["literature"])
        windows, cite = _literature_windows(mid, gait_name) if has_windows else ([], "")
        others = [d for d in entry["datasets"] if d != source]
        if mid in columns:
            style = "data"
            note = f"{name}: {evidence_word} ({source}, {info['who']})"
            left = f"{name} (left side): not recorded; {source} records the right leg only"
        elif windows:
            style = "literature"
            spans = ", ".join(f"{a:g}–{b:g} %" for a, b in windows)
            note = f"{name}: published timing only ({cite}), no EMG here; window {spans} of the stride"
            left = note
        else:
            style = "none"
            if others:
                note = f"{name}: not in this data set ({entry['evidence']} in {', '.join(others)})"
            elif entry["evidence"] == "not established":
                note = f"{name}: no running evidence (not established)"
            else:  # e.g. a running-literature muscle on the walking map
                note = f"{name}: no {'running' if gait_name == 'run' else 'walking'} data here ({entry['evidence']} for running)"
            left = note
        entries[mid] = {
            "name": name,
            "region": entry["region"],
            "evidence": entry["evidence"],
            "style": style,
            "windows": windows,
            "note": note,
            "left_note": left,
            "where": where,
        }

    shapes = []
    for mid in catalogue.index:
        for view in VIEWS:
            for points in raw["muscles"].get(mid, {}).get(view, []):
                for side in SIDES:
                    shapes.append({"muscle": mid, "view": view, "side": side, "d": shape_path(_place(points, view, side))})

    views = []
    for k, v in enumerate(raw["views"]):
        view = v["id"]
        details = []
        for item in raw["details"].get(view, []):
            for side in ("r",) if item.get("midline") else SIDES:
                if "ellipse" in item:
                    cx, cy, rx, ry = item["ellipse"]
                    pts = [[cx + rx * math.cos(t / 8 * math.pi), cy + ry * math.sin(t / 8 * math.pi)] for t in range(16)]
                    if cx == 0 and side == "l":
                        continue
                    details.append(shape_path(_place(pts, view, side)))
                else:
                    details.append(shape_path(_place(item["points"], view, side), closed=item.get("closed", False)))
        right_x = 150 * _RIGHT_ON_SCREEN[view]
        views.append(
            {
                "id": view,
                "label": v["label"],
                "dx": _VIEW_WIDTH / 2 + k * _VIEW_WIDTH,
                "outline": shape_path(_outline(raw["outline"])),
                "details": details,
                "sides": [{"text": "R", "x": right_x, "title": "right"}, {"text": "L", "x": -right_x, "title": "left"}],
            }
        )
    return {
        "gait": gait_name,
        "source": source,
        "source_evidence": evidence_word,
        "viewbox": [0, -_TOP, _VIEW_WIDTH * len(views), _VIEW_HEIGHT + _TOP + 12],
        "views": views,
        "muscles": entries,
        "shapes": shapes,
        "credit": raw["credit"],
    }


def _level_index(value: float) -> int:
    """Index into the 101-colour table, rounding half up like ``Math.round`` in the browser."""
    return max(0, min(100, math.floor(value * 100 + 0.5)))


def map_state(
    payload: Mapping[str, Any],
    act: Mapping[str, Sequence[float]],
    percent: int,
    threshold: float = activation.DEFAULT_THRESHOLD,
    lut: Sequence[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """State of every muscle of the map at one instant (the rule the browser draws with).

    Parameters
    ----------
    payload : dict
        From :func:`map_payload`.
    act : mapping
        Muscle id -> 101 activation values (0..1 of its own peak), e.g. the columns of
        :func:`runmuscles.load_activation` for the payload's data set.
    percent : int
        Instant, % of the gait cycle (0..100).
    threshold : float
        "Active" threshold, fraction of each muscle's own peak.
    lut : sequence of str, optional
        Colour table (101 entries); default :func:`runmuscles.style.activation_lut`.

    Returns
    -------
    dict
        Muscle id -> ``style``, ``level`` (activation now, or None), ``fill`` (colour of the right
        side, or None: only ``"data"`` muscles are ever filled) and ``active`` (level at or above
        the threshold; for literature, inside a published window; else False).

    Examples
    --------
    >>> import runmuscles
    >>> p = map_payload("run")
    >>> table = runmuscles.load_activation("run")
    >>> state = map_state(p, table, 15)
    >>> state["soleus"]["level"] == round(float(table.loc[15, "soleus"]), 6)
    True
    >>> state["psoas_major"]
    {'style': 'none', 'level': None, 'fill': None, 'active': False}
    >>> map_state(p, table, 25)["external_oblique"]["active"]
    False
    """
    if lut is None:
        from .style import activation_lut

        lut = activation_lut()
    p = int(percent)
    if not 0 <= p <= 100:
        raise ValueError(f"percent must be 0..100, got {percent!r}")
    state = {}
    for mid, entry in payload["muscles"].items():
        style = entry["style"]
        level = fill = None
        active = False
        if style == "data":
            level = round(float(act[mid][p]), 6)
            fill = lut[_level_index(level)]
            active = level >= threshold
        elif style == "literature":
            active = any(a <= p <= b for a, b in entry["windows"])
        state[mid] = {"style": style, "level": level, "fill": fill, "active": active}
    return state
