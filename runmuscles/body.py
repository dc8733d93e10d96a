"""The runner's body: planar segment geometry, measured sagittal kinematics, poses and muscle paths.

A side view (sagittal plane) of a generic adult body, posed at every 1 % of the gait cycle
(0 % = right foot strike, 100 % = the next right foot strike) from measured joint angles, with
the lines of action of the leg and trunk muscles drawn from origin to insertion through their
via points.

* Geometry comes from the OpenSim model ``gait2392_thelen2003muscle`` (Delp et al. 1990; the
  same body frames and joint centres as ``gait10dof18musc``) and, for the arms, from
  ``FullBodyModel_Hamner2010_v2_0`` (Hamner, Seth & Delp 2010). Points are projected onto the
  sagittal plane (x anterior, y up; the lateral coordinate z is dropped).
* Running angles are the mean of 7 runners at 2.67 m/s (exotendon study, natural running); walking
  angles are computed here from the markers of one overground walking trial (Rajagopal et al. 2016
  example data). See ``runmuscles/data/body.md``.

Sign conventions (all angles in degrees, the OpenSim conventions): positive ``pelvis_tilt`` =
posterior tilt (pelvis rotated backwards, counter-clockwise in a view with the runner moving to
the right); ``hip_flexion`` + = flexion; ``knee_angle`` + = flexion; ``ankle_angle`` + =
dorsiflexion; ``lumbar_extension`` + = extension (trunk leaning back relative to the pelvis);
``arm_flex`` + = shoulder flexion (arm forwards); ``elbow_flex`` + = flexion.

Examples
--------
>>> from runmuscles import body
>>> kin = body.load_kinematics("run")
>>> kin.shape[0]
101
>>> joints = body.pose(25.0, "run")
>>> round(joints["knee_r"][1] - joints["ankle_r"][1], 2) > 0
True
>>> paths = body.muscle_paths(25.0, "run")
>>> paths["soleus"].shape[1]
2
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterable, Mapping
from functools import cache, cached_property
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "GAITS",
    "JOINTS",
    "KINEMATIC_COLUMNS",
    "MUSCLE_MODEL_NAMES",
    "SEGMENTS",
    "BodyModel",
    "FRAMES_FILES",
    "GEOMETRY_FILE",
    "KINEMATICS_FILES",
    "shipped_model",
    "kinematic_events",
    "timed_frames",
    "warp_knots",
    "load_geometry",
    "load_kinematics",
    "muscle_paths",
    "pose",
    "runner_figure",
    "stride_frames",
]

#: Gaits with a kinematics table.
GAITS = ("run", "walk")

#: Catalogue id -> muscle of ``gait2392_thelen2003muscle`` (right side, suffix ``_r`` dropped)
#: whose path is drawn. Where the model splits a muscle into bundles the middle bundle is used. The
#: medial hamstrings (one electrode over semitendinosus and semimembranosus) are drawn along the
#: semimembranosus path, which the model places beside semitendinosus.
MUSCLE_MODEL_NAMES: dict[str, str] = {
    "soleus": "soleus",
    "gastrocnemius_medialis": "med_gas",
    "gastrocnemius_lateralis": "lat_gas",
    "tibialis_anterior": "tib_ant",
    "peroneus_longus": "per_long",
    "semitendinosus": "semiten",
    "medial_hamstrings": "semimem",
    "biceps_femoris": "bifemlh",
    "vastus_lateralis": "vas_lat",
    "vastus_medialis": "vas_med",
    "vastus_intermedius": "vas_int",
    "rectus_femoris": "rect_fem",
    "gluteus_maximus": "glut_max2",
    "gluteus_medius": "glut_med2",
    "gluteus_minimus": "glut_min2",
    "adductor_magnus": "add_mag2",
    "tensor_fasciae_latae": "tfl",
    "iliacus": "iliacus",
    "psoas_major": "psoas",
    "erector_spinae": "ercspn",
    "internal_oblique": "intobl",
    "external_oblique": "extobl",
}

#: Names of the 2D joint positions returned by :func:`pose`.
JOINTS = (
    "head", "neck", "shoulder", "lumbar", "hip", "hip_r", "hip_l",
    "elbow_r", "elbow_l", "wrist_r", "wrist_l", "hand_r", "hand_l",
    "knee_r", "knee_l", "ankle_r", "ankle_l", "heel_r", "heel_l", "mtp_r", "mtp_l", "toe_r", "toe_l",
)

#: Pairs of joints joined by a line in the stick figure, with the side they belong to
#: (``"c"`` = central, drawn with the near side).
SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("hip", "lumbar", "c"), ("lumbar", "shoulder", "c"), ("shoulder", "neck", "c"),
    ("neck", "head", "c"),
    ("shoulder", "elbow_r", "r"), ("elbow_r", "wrist_r", "r"), ("wrist_r", "hand_r", "r"),
    ("shoulder", "elbow_l", "l"), ("elbow_l", "wrist_l", "l"), ("wrist_l", "hand_l", "l"),
    ("hip_r", "knee_r", "r"), ("knee_r", "ankle_r", "r"), ("ankle_r", "heel_r", "r"),
    ("heel_r", "mtp_r", "r"), ("ankle_r", "mtp_r", "r"), ("mtp_r", "toe_r", "r"),
    ("hip_l", "knee_l", "l"), ("knee_l", "ankle_l", "l"), ("ankle_l", "heel_l", "l"),
    ("heel_l", "mtp_l", "l"), ("ankle_l", "mtp_l", "l"), ("mtp_l", "toe_l", "l"),
)

#: Radius [m] of the head circle drawn by :func:`runner_figure` (anthropometric estimate, see body.md).
HEAD_RADIUS_M = 0.10

#: Shipped tables (written by :mod:`runmuscles.build.body`).
GEOMETRY_FILE = "body_geometry.json"
KINEMATICS_FILES = {"run": "kinematics_run.csv", "walk": "kinematics_walk.csv"}
FRAMES_FILES = {"run": "frames_run.json", "walk": "frames_walk.json"}

#: Angle columns of the kinematics tables [deg] (``pelvis_ty`` is in metres).
KINEMATIC_COLUMNS = (
    "pelvis_tilt", "pelvis_ty", "hip_flexion_r", "hip_flexion_l", "knee_angle_r", "knee_angle_l",
    "ankle_angle_r", "ankle_angle_l", "lumbar_extension", "arm_flex_r", "arm_flex_l",
    "elbow_flex_r", "elbow_flex_l",
)

# --------------------------------------------------------------------------------------------
# Loaders
# --------------------------------------------------------------------------------------------


def _check_gait(gait: str) -> None:
    if gait not in GAITS:
        raise ValueError(f"unknown gait {gait!r}; valid values: {', '.join(GAITS)}")


def _check_side(side: str) -> None:
    if side not in ("r", "l"):
        raise ValueError(f"unknown side {side!r}; valid values: r, l")


def _data_file(name: str):
    return files("runmuscles") / "data" / name


@cache
def load_geometry() -> dict[str, Any]:
    """Planar body geometry and muscle path points (cached; treat as read-only).

    Returns
    -------
    dict
        ``segments``: joint centres and landmarks in body frames [m] (x anterior, y up);
        ``muscles``: per catalogue id, the path points (body, location [m], conditional range [deg]
        or spline of a joint angle [deg -> m]).

    Examples
    --------
    >>> from runmuscles.body import load_geometry
    >>> load_geometry()["segments"]["tibia"]["ankle"]
    [0.0, -0.43]
    """
    with _data_file(GEOMETRY_FILE).open("r", encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _kinematics(gait: str) -> pd.DataFrame:
    with _data_file(KINEMATICS_FILES[gait]).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh).set_index("percent")


def load_kinematics(gait: str = "run") -> pd.DataFrame:
    """Sagittal joint angles over the gait cycle.

    Parameters
    ----------
    gait : {"run", "walk"}
        ``"run"``: mean of 7 runners at 2.67 m/s, with ``*_sd`` columns (SD across runners).
        ``"walk"``: one overground walking stride of one person, computed from markers (no SD).

    Returns
    -------
    pandas.DataFrame
        Index ``percent`` 0..100 [% gait cycle, 0 = right foot strike]. Columns ``pelvis_tilt``,
        ``hip_flexion_r/l``, ``knee_angle_r/l``, ``ankle_angle_r/l``, ``lumbar_extension``,
        ``arm_flex_r/l``, ``elbow_flex_r/l`` [deg]; ``pelvis_ty`` [m] (vertical pelvis position
        relative to its stride mean); ``stance_r/l`` (1 while the foot is on the ground).

    Raises
    ------
    ValueError
        If ``gait`` is not one of :data:`GAITS`.

    Examples
    --------
    >>> from runmuscles.body import load_kinematics
    >>> round(load_kinematics("run")["knee_angle_r"].max())
    85
    """
    _check_gait(gait)
    return _kinematics(gait).copy()


# --------------------------------------------------------------------------------------------
# Forward kinematics in the sagittal plane
# --------------------------------------------------------------------------------------------


def _rot(theta_deg: float, v: Iterable[float]) -> np.ndarray:
    th = math.radians(theta_deg)
    c, s = math.cos(th), math.sin(th)
    x, y = v
    return np.array([c * x - s * y, s * x + c * y])


def _at(fr: Mapping[str, tuple[np.ndarray, float]], body: str, xy: Iterable[float]) -> np.ndarray:
    o, th = fr[body]
    return o + _rot(th, xy)


def _r3(v: float) -> float:
    return round(float(v), 3) + 0.0  # +0.0 turns -0.0 into 0.0


_FOOT_POINTS = ("heel", "mtp", "toe")

#: Smallest height [m] of the lowest foot point while no foot is on the ground (flight): the generic
#: bones posed with other people's angles would otherwise graze the ground just after toe-off and just
#: before foot strike, which would show a foot on the ground during a float phase.
FLIGHT_CLEARANCE_M = 0.01

#: Events that bound the support phases, in the order of :func:`warp_knots`.
WARP_EVENTS = ("toe_off", "contralateral_foot_strike", "contralateral_toe_off")


class BodyModel:
    """The planar body posed by a kinematics table: joint positions and muscle paths at any instant.

    The package's model (:func:`shipped_model`) uses the shipped geometry and kinematics; the build
    step makes one from the tables it has just written, to compute the shipped stride frames.

    Parameters
    ----------
    geometry : dict
        As returned by :func:`load_geometry`.
    kinematics : dict
        Gait -> table as returned by :func:`load_kinematics` (index ``percent`` 0..100).
    """

    def __init__(self, geometry: Mapping[str, Any], kinematics: Mapping[str, pd.DataFrame]):
        self.geometry = geometry
        self.kinematics = dict(kinematics)
        self._hip_cache: dict[str, np.ndarray] = {}

    @cached_property
    def _splines(self) -> dict[Any, Any]:
        from scipy.interpolate import CubicSpline

        kt = self.geometry["segments"]["femur"]["knee_translation"]
        out: dict[Any, Any] = {
            "knee_x": CubicSpline(kt["x"]["knots_deg"], kt["x"]["values"]),
            "knee_y": CubicSpline(kt["y"]["knots_deg"], kt["y"]["values"]),
        }
        for cid, m in self.geometry["muscles"].items():
            for i, p in enumerate(m["points"]):
                if "coordinate" in p:
                    out[(cid, i)] = (
                        CubicSpline(p["x"]["knots_deg"], p["x"]["values"]),
                        CubicSpline(p["y"]["knots_deg"], p["y"]["values"]),
                    )
        return out

    def angles_at(self, percent: float, gait: str) -> dict[str, float]:
        """Joint angles [deg] at ``percent`` of the cycle, interpolated linearly between whole percents."""
        if not 0.0 <= float(percent) <= 100.0:
            raise ValueError(f"percent must be within 0..100, got {percent}")
        kin = self.kinematics[gait]
        lo = math.floor(percent)
        hi = min(lo + 1, 100)
        w = float(percent) - lo
        a = kin.loc[lo]
        b = kin.loc[hi]
        return {c: float((1 - w) * a[c] + w * b[c]) for c in KINEMATIC_COLUMNS}

    def frames(self, ang: Mapping[str, float], hip_y: float) -> dict[str, tuple[np.ndarray, float]]:
        """Origin [m] and absolute angle [deg, counter-clockwise] of every body frame."""
        seg = self.geometry["segments"]
        sp = self._splines
        fr: dict[str, tuple[np.ndarray, float]] = {}
        hip = np.array([0.0, hip_y])
        tp = ang["pelvis_tilt"]
        pelvis_o = hip - _rot(tp, seg["pelvis"]["hip"])
        fr["pelvis"] = (pelvis_o, tp)
        tt_ = tp + ang["lumbar_extension"]
        fr["torso"] = (pelvis_o + _rot(tp, seg["pelvis"]["lumbar"]), tt_)
        for s in ("r", "l"):
            tf = tp + ang[f"hip_flexion_{s}"]
            fr[f"femur_{s}"] = (hip, tf)
            k = ang[f"knee_angle_{s}"]
            tib_o = hip + _rot(tf, (float(sp["knee_x"](k)), float(sp["knee_y"](k))))
            tt = tf - k
            fr[f"tibia_{s}"] = (tib_o, tt)
            ankle = tib_o + _rot(tt, seg["tibia"]["ankle"])
            ta = tt + ang[f"ankle_angle_{s}"]
            fr[f"talus_{s}"] = (ankle, ta)
            calcn = ankle + _rot(ta, seg["talus"]["calcn"])
            fr[f"calcn_{s}"] = (calcn, ta)
            fr[f"toes_{s}"] = (calcn + _rot(ta, seg["calcn"]["mtp"]), ta)
            to, tto = fr["torso"]
            th = tto + ang[f"arm_flex_{s}"]
            sh = to + _rot(tto, seg["torso"]["shoulder"])
            fr[f"humerus_{s}"] = (sh, th)
            tu = th + ang[f"elbow_flex_{s}"]
            ulna = sh + _rot(th, seg["humerus"]["elbow"])
            fr[f"ulna_{s}"] = (ulna, tu)
            radius = ulna + _rot(tu, seg["ulna"]["radius"])
            fr[f"radius_{s}"] = (radius, tu)
            fr[f"hand_{s}"] = (radius + _rot(tu, seg["radius"]["wrist"]), tu)
        return fr

    def joints(self, fr: Mapping[str, tuple[np.ndarray, float]]) -> dict[str, np.ndarray]:
        """Positions [m] of :data:`JOINTS` given the body frames."""
        seg = self.geometry["segments"]
        j: dict[str, np.ndarray] = {}
        hip = fr["femur_r"][0]
        j["hip"] = j["hip_r"] = j["hip_l"] = hip
        j["lumbar"] = fr["torso"][0]
        j["shoulder"] = _at(fr, "torso", seg["torso"]["shoulder"])
        j["neck"] = _at(fr, "torso", seg["torso"]["neck"])
        sh = seg["torso"]["shoulder"]
        j["head"] = _at(fr, "torso", (sh[0], sh[1] + self._head_height))
        for s in ("r", "l"):
            j[f"knee_{s}"] = fr[f"tibia_{s}"][0]
            j[f"ankle_{s}"] = fr[f"talus_{s}"][0]
            j[f"heel_{s}"] = _at(fr, f"calcn_{s}", seg["calcn"]["heel"])
            j[f"mtp_{s}"] = fr[f"toes_{s}"][0]
            j[f"toe_{s}"] = _at(fr, f"toes_{s}", seg["toes"]["toe"])
            j[f"elbow_{s}"] = fr[f"ulna_{s}"][0]
            j[f"wrist_{s}"] = fr[f"hand_{s}"][0]
            j[f"hand_{s}"] = _at(fr, f"hand_{s}", seg["hand"]["hand"])
        return j

    @cached_property
    def _head_height(self) -> float:
        """Head centre above the shoulder joint [m], from the model's standing shoulder height."""
        geo = self.geometry
        zero = {c: 0.0 for c in KINEMATIC_COLUMNS}
        fr = self.frames(zero, 0.0)
        seg = geo["segments"]
        heel = _at(fr, "calcn_r", seg["calcn"]["heel"])
        shoulder = _at(fr, "torso", seg["torso"]["shoulder"])
        # Winter (2009): shoulder (acromion) at 0.818 of stature; head centre 0.117 of stature above it
        stature = (shoulder[1] - heel[1]) / 0.818
        return float(geo["head"]["height_above_shoulder_fraction_of_stature"] * stature)

    def hip_heights(self, gait: str) -> np.ndarray:
        """Hip-centre height above the ground [m] at every whole percent.

        In stance the lowest point of the stance foot (heel, metatarsal head or toe tip) is placed on the
        ground (y = 0). In flight (no foot on the ground) the measured vertical pelvis oscillation is used,
        with the offset between it and the stance heights interpolated linearly across the flight, raised
        where needed so that both feet stay at least :data:`FLIGHT_CLEARANCE_M` above the ground.
        """
        if gait in self._hip_cache:
            return self._hip_cache[gait]
        kin = self.kinematics[gait]
        pct = kin.index.to_numpy()
        contact = np.full(len(pct), np.nan)
        clearance = np.zeros(len(pct))
        for i, p in enumerate(pct):
            ang = {c: float(kin.loc[p, c]) for c in KINEMATIC_COLUMNS}
            j = self.joints(self.frames(ang, 0.0))
            low = {s: min(j[f"{f}_{s}"][1] for f in _FOOT_POINTS) for s in ("r", "l")}
            clearance[i] = -min(low.values())
            stance = [low[s] for s in ("r", "l") if kin.loc[p, f"stance_{s}"]]
            if stance:
                contact[i] = -min(stance)
        ty = kin["pelvis_ty"].to_numpy()
        d = contact - ty
        ok = ~np.isnan(d)
        d_full = np.interp(pct, pct[ok], d[ok], period=100.0)
        # never push a foot through the ground (in flight the interpolated height may be too low)
        self._hip_cache[gait] = np.where(ok, contact, np.maximum(ty + d_full, clearance + FLIGHT_CLEARANCE_M))
        return self._hip_cache[gait]

    def _hip_y(self, percent: float, gait: str) -> float:
        return float(np.interp(percent, np.arange(101), self.hip_heights(gait)))

    def pose(self, percent: float, gait: str) -> dict[str, tuple[float, float]]:
        """Joint positions [m] at ``percent``; see :func:`pose`."""
        j = self.joints(self.frames(self.angles_at(percent, gait), self._hip_y(percent, gait)))
        return {k: (float(v[0]), float(v[1])) for k, v in j.items()}

    def _path(self, cid: str, m: Mapping[str, Any], fr: Mapping, ang: Mapping[str, float], side: str) -> np.ndarray:
        sp = self._splines
        pts = []
        for i, p in enumerate(m["points"]):
            body = p["body"] if p["body"] in ("pelvis", "torso") else f"{p['body']}_{side}"
            if "coordinate" in p:
                val = ang[f"{p['coordinate']}_{side}"]
                sx, sy = sp[(cid, i)]
                xy = (float(sx(val)), float(sy(val)))
            else:
                xy = p["xy"]
                cond = p.get("active_range_deg")
                if cond is not None:
                    val = ang[f"{cond['coordinate']}_{side}"]
                    lo, hi = cond["range"]
                    if not lo <= val <= hi:
                        continue
            pts.append(_at(fr, body, xy))
        return np.asarray(pts)

    def muscle_paths(self, percent: float, gait: str, side: str) -> dict[str, np.ndarray]:
        """Muscle lines of action at ``percent``; see :func:`muscle_paths`."""
        ang = self.angles_at(percent, gait)
        fr = self.frames(ang, self._hip_y(percent, gait))
        return {cid: self._path(cid, m, fr, ang, side) for cid, m in self.geometry["muscles"].items()}

    def stride_frames(self, gait: str, step: int, sides: tuple[str, ...]) -> dict[str, Any]:
        """Poses and muscle paths for a whole stride; see :func:`stride_frames`."""
        kin = self.kinematics[gait]
        frames = []
        xs: list[float] = []
        ys: list[float] = []
        for p in range(0, 101, int(step)):
            j = self.pose(p, gait)
            flat = []
            for name in JOINTS:
                x, y = j[name]
                flat += [_r3(x), _r3(y)]
                xs.append(x)
                ys.append(y)
            mus = {}
            for s in sides:
                for cid, arr in self.muscle_paths(p, gait, s).items():
                    mus[f"{cid}_{s}"] = [_r3(v) for v in arr.ravel()]
            frames.append({
                "percent": p,
                "joints": flat,
                "muscles": mus,
                "stance": [int(kin.loc[p, "stance_r"]), int(kin.loc[p, "stance_l"])],
            })
        pad = HEAD_RADIUS_M
        return {
            "gait": gait,
            "units": "m; x forwards (hip centre at 0), y up (ground at 0); stance = [right, left]",
            "joints": list(JOINTS),
            "segments": [list(s) for s in SEGMENTS],
            "head_radius": HEAD_RADIUS_M,
            "bbox": [_r3(min(xs) - pad), _r3(min(min(ys), 0.0) - 0.02), _r3(max(xs) + pad), _r3(max(ys) + pad)],
            "frames": frames,
        }


@cache
def shipped_model() -> BodyModel:
    """The :class:`BodyModel` of the shipped geometry and kinematics (cached)."""
    return BodyModel(load_geometry(), {g: _kinematics(g) for g in GAITS})


def pose(percent: float, gait: str = "run") -> dict[str, tuple[float, float]]:
    """2D joint positions of the runner (side view) at a point of the gait cycle.

    Parameters
    ----------
    percent : float
        Point of the gait cycle [%], 0..100 (0 = right foot strike); angles are interpolated
        linearly between whole percents.
    gait : {"run", "walk"}

    Returns
    -------
    dict of str to (float, float)
        Positions [m] of :data:`JOINTS`: x forwards (hip centre at x = 0), y up (ground at y = 0 under
        the stance foot). ``hip``, ``hip_r`` and ``hip_l`` are the same point in side view.

    Examples
    --------
    >>> from runmuscles.body import pose
    >>> p = pose(20, "run")
    >>> p["hip"][0]
    0.0
    >>> abs(min(p["heel_r"][1], p["toe_r"][1], p["mtp_r"][1])) < 1e-6
    True
    """
    _check_gait(gait)
    return shipped_model().pose(percent, gait)


def muscle_paths(percent: float, gait: str = "run", side: str = "r") -> dict[str, np.ndarray]:
    """Muscle lines of action (side view) at a point of the gait cycle.

    Parameters
    ----------
    percent : float
        Point of the gait cycle [%], 0..100.
    gait : {"run", "walk"}
    side : {"r", "l"}
        Leg whose muscles are returned (trunk muscles join pelvis and torso and are the same for both).

    Returns
    -------
    dict of str to numpy.ndarray
        Catalogue id -> (n, 2) polyline [m] from origin through the via points to insertion, in the
        coordinates of :func:`pose`. Only the muscles in :data:`MUSCLE_MODEL_NAMES` have a path.

    Examples
    --------
    >>> from runmuscles.body import muscle_paths
    >>> sorted(muscle_paths(0))[:3]
    ['adductor_magnus', 'biceps_femoris', 'erector_spinae']
    """
    _check_gait(gait)
    _check_side(side)
    return shipped_model().muscle_paths(percent, gait, side)


def stride_frames(gait: str = "run", step: int = 1, sides: Iterable[str] = ("r",)) -> dict[str, Any]:
    """Poses and muscle paths for a whole stride, as compact JSON-serialisable data.

    The default (every 1 %, right-leg muscles) is read from the table the build step wrote
    (``frames_<gait>.json``), so the dashboards do not load scipy; other choices are computed.

    Parameters
    ----------
    gait : {"run", "walk"}
    step : int
        Percent step between frames (1 -> 101 frames, 0..100).
    sides : iterable of {"r", "l"}
        Legs whose muscle paths are included (default: the near, right leg).

    Returns
    -------
    dict
        ``joints`` (names, in the order of the per-frame coordinate lists), ``segments``
        ([joint a, joint b, side]), ``frames`` (list of ``{"percent", "joints": [x0, y0, x1, ...],
        "muscles": {"<id>_<side>": [x0, y0, ...]}}`` in metres rounded to 1 mm), ``stance`` per frame,
        ``bbox`` ([xmin, ymin, xmax, ymax] over all frames, m) and ``units``.

    Examples
    --------
    >>> import json
    >>> from runmuscles.body import stride_frames
    >>> d = stride_frames("run", step=10)
    >>> len(d["frames"])
    11
    >>> len(json.dumps(d)) < 50_000
    True
    """
    _check_gait(gait)
    if int(step) < 1:
        raise ValueError("step must be a positive integer")
    sides = tuple(sides)
    for s in sides:
        _check_side(s)
    if int(step) == 1 and sides == ("r",):
        return copy.deepcopy(_shipped_frames(gait))
    return shipped_model().stride_frames(gait, int(step), sides)


@cache
def _shipped_frames(gait: str) -> dict[str, Any]:
    with _data_file(FRAMES_FILES[gait]).open("r", encoding="utf-8") as fh:
        return json.load(fh)


def kinematic_events(gait: str = "run") -> dict[str, float]:
    """The events of the kinematics table itself [% of its cycle], from its ``stance_r/l`` columns.

    Examples
    --------
    >>> kinematic_events("run")
    {'toe_off': 42.0, 'contralateral_foot_strike': 51.0, 'contralateral_toe_off': 92.0}
    """
    _check_gait(gait)
    kin = _kinematics(gait)
    right, left = kin["stance_r"].diff(), kin["stance_l"].diff()
    return {
        "toe_off": float(right.index[right == -1][0]),
        "contralateral_foot_strike": float(left.index[left == 1][0]),
        "contralateral_toe_off": float(left.index[left == -1][0]),
    }


def warp_knots(gait: str, events: Mapping[str, float]) -> tuple[list[float], list[float]] | None:
    """Matching instants of a data set's cycle and of the kinematics' cycle [%].

    Parameters
    ----------
    gait : {"run", "walk"}
    events : mapping
        The data set's ``toe_off``, ``contralateral_foot_strike`` and ``contralateral_toe_off`` [%]
        (e.g. ``load_events(gait, source)["percent"]``).

    Returns
    -------
    (list of float, list of float) or None
        Knots on the data set's axis and on the kinematics' axis, from 0 to 100, for a piecewise-linear
        time warp; None when the events do not come in the kinematics' order (no warp is possible).

    Examples
    --------
    >>> warp_knots("run", {"toe_off": 35.8, "contralateral_foot_strike": 50.3, "contralateral_toe_off": 86.4})
    ([0.0, 35.8, 50.3, 86.4, 100.0], [0.0, 42.0, 51.0, 92.0, 100.0])
    """
    kin = kinematic_events(gait)
    pairs = sorted((float(events[e]), kin[e]) for e in WARP_EVENTS)
    data_axis = [0.0] + [p[0] for p in pairs] + [100.0]
    kin_axis = [0.0] + [p[1] for p in pairs] + [100.0]
    if not (np.all(np.diff(data_axis) > 0) and np.all(np.diff(kin_axis) > 0)):
        return None
    return data_axis, kin_axis


def _blend(a: list[float], b: list[float], w: float) -> list[float]:
    return [_r3((1 - w) * x + w * y) for x, y in zip(a, b)]


def _support(p: float, gait: str, ev: Mapping[str, float]) -> list[int]:
    right = p < ev["toe_off"] or p >= 100.0
    if gait == "run":  # the other foot lands after this toe-off and leaves before the next strike
        left = ev["contralateral_foot_strike"] <= p < ev["contralateral_toe_off"]
    else:  # walking: the other foot leaves after this strike and lands before this toe-off
        left = p < ev["contralateral_toe_off"] or p >= ev["contralateral_foot_strike"]
    return [int(right), int(left)]


def timed_frames(gait: str, events: Mapping[str, float]) -> dict[str, Any]:
    """The stride frames re-timed to a data set's own events, so that contact matches its phases.

    The pose comes from other people's kinematics, whose feet leave and touch the ground at other
    instants than the data set's. The frames are time-warped piecewise linearly between the matching
    events (:func:`warp_knots`; positions blended between the two nearest shipped frames), so a foot
    is on the ground in the figure exactly while the data set's events say it is.

    Parameters
    ----------
    gait : {"run", "walk"}
    events : mapping
        The data set's events [%] (see :func:`warp_knots`).

    Returns
    -------
    dict
        As :func:`stride_frames`, with ``stance`` of each frame from the data set's events and
        ``warp`` = ``{"data": [...], "kinematics": [...]}`` (the knots; None when no warp was possible).

    Examples
    --------
    >>> import runmuscles
    >>> ev = runmuscles.load_events("run")["percent"]
    >>> fr = timed_frames("run", ev)
    >>> fr["frames"][40]["stance"], fr["frames"][30]["stance"]
    ([0, 0], [1, 0])
    """
    base = _shipped_frames(gait)
    knots = warp_knots(gait, events)
    out = {k: v for k, v in base.items() if k != "frames"}
    out["warp"] = None if knots is None else {"data": knots[0], "kinematics": knots[1]}
    if knots is None:
        frames = copy.deepcopy(base["frames"])
        out["frames"] = frames
        return out
    frames = []
    for f in base["frames"]:
        p = float(f["percent"])
        q = float(np.interp(p, knots[0], knots[1]))
        lo = min(int(math.floor(q)), 99)
        w = q - lo
        a, b = base["frames"][lo], base["frames"][lo + 1]
        muscles = {
            m: _blend(a["muscles"][m], b["muscles"][m], w) if len(a["muscles"][m]) == len(b["muscles"].get(m, ()))
            else list((a if w < 0.5 else b)["muscles"][m])
            for m in a["muscles"]
        }
        frames.append({
            "percent": f["percent"],
            "joints": _blend(a["joints"], b["joints"], w),
            "muscles": muscles,
            "stance": _support(p, gait, events),
            "kinematics_percent": round(q, 2),
        })
    out["frames"] = frames
    return out

# --------------------------------------------------------------------------------------------
# Runtime: plotly figure
# --------------------------------------------------------------------------------------------

_NEAR = "#333333"
_FAR = "#b3b3b3"
_INACTIVE = "#c8c8c8"


def runner_figure(
    percent: float,
    gait: str = "run",
    activation: Mapping[str, float] | None = None,
    highlight: Iterable[str] = (),
    colorscale: str = "cividis",
    literature: Iterable[str] = (),
    show_far_muscles: bool = False,
):
    """Side-view stick figure of the runner with muscle paths coloured by activation.

    Parameters
    ----------
    percent : float
        Point of the gait cycle [%], 0..100.
    gait : {"run", "walk"}
    activation : mapping of str to float, optional
        Catalogue id -> activation (0..1, fraction of the muscle's own peak). Muscles in the mapping are
        coloured with ``colorscale`` and drawn thicker the higher the activation; muscles not in it are
        thin and grey.
    highlight : iterable of str
        Catalogue ids drawn emphasised (thick, with a dark outline), e.g. the muscle selected in the atlas.
    colorscale : str
        A plotly colorscale name.
    literature : iterable of str
        Catalogue ids known only from the literature: drawn dashed (never coloured as if measured).
    show_far_muscles : bool
        Also draw the left (far-side) leg's muscles, lighter.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace ``name``s: ``"segment"`` lines, ``"muscle:<id>"`` (near side) / ``"muscle_far:<id>"``.

    Examples
    --------
    >>> from runmuscles.body import runner_figure
    >>> fig = runner_figure(10, activation={"soleus": 0.9}, highlight=["soleus"])
    >>> any(t.name == "muscle:soleus" for t in fig.data)
    True
    """
    import plotly.graph_objects as go
    from plotly.colors import sample_colorscale

    _check_gait(gait)
    activation = dict(activation or {})
    highlight = set(highlight)
    literature = set(literature)
    j = pose(percent, gait)
    fig = go.Figure()

    def seg_trace(side: str, color: str, width: float) -> None:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b, s in SEGMENTS:
            if s == side:
                xs += [j[a][0], j[b][0], None]
                ys += [j[a][1], j[b][1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="segment", hoverinfo="skip",
                                 line={"color": color, "width": width}, showlegend=False))

    def muscle_traces(side: str, far: bool) -> None:
        paths = muscle_paths(percent, gait, side)
        # draw inactive first, then by increasing activation, highlighted last
        order = sorted(paths, key=lambda c: (c in highlight, c in activation, activation.get(c, -1.0)))
        for cid in order:
            arr = paths[cid]
            if len(arr) < 2:
                continue
            dash = "dash" if cid in literature else "solid"
            if cid in activation and cid not in literature:
                a = float(np.clip(activation[cid], 0.0, 1.0))
                color = sample_colorscale(colorscale, [a])[0]
                width = 2.0 + 6.0 * a
            else:
                a = None
                color = _INACTIVE
                width = 1.5
            opacity = 0.45 if far else 1.0
            if cid in highlight and not far:
                fig.add_trace(go.Scatter(x=arr[:, 0], y=arr[:, 1], mode="lines", name=f"outline:{cid}",
                                         line={"color": "black", "width": width + 4}, hoverinfo="skip",
                                         showlegend=False))
                width += 2.0
            label = cid.replace("_", " ")
            text = label if a is None else f"{label}: {a:.2f} of own peak"
            fig.add_trace(go.Scatter(
                x=arr[:, 0], y=arr[:, 1], mode="lines", name=("muscle_far:" if far else "muscle:") + cid,
                line={"color": color, "width": width, "dash": dash}, opacity=opacity, hovertext=text,
                hoverinfo="text", showlegend=False))

    seg_trace("l", _FAR, 5)
    if show_far_muscles:
        muscle_traces("l", far=True)
    seg_trace("c", _NEAR, 6)
    seg_trace("r", _NEAR, 6)
    muscle_traces("r", far=False)
    # joints of the near side
    near = [k for k in JOINTS if not k.endswith("_l") and k != "head"]
    fig.add_trace(go.Scatter(x=[j[k][0] for k in near], y=[j[k][1] for k in near], mode="markers",
                             name="joints", marker={"color": _NEAR, "size": 5}, hoverinfo="skip",
                             showlegend=False))
    hx, hy = j["head"]
    r = HEAD_RADIUS_M
    fig.add_shape(type="circle", x0=hx - r, y0=hy - r, x1=hx + r, y1=hy + r,
                  line={"color": _NEAR, "width": 3}, fillcolor="white", layer="below")
    fig.add_shape(type="line", x0=-1.0, x1=1.0, y0=0, y1=0, line={"color": "#8c6d46", "width": 2})
    if activation:
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name="colorbar", hoverinfo="skip", showlegend=False,
            marker={"colorscale": colorscale, "cmin": 0, "cmax": 1, "color": [0], "showscale": True,
                        "colorbar": {"title": "activation<br>(own peak)", "thickness": 12}}))
    fig.update_xaxes(range=[-0.9, 0.9], visible=False, scaleanchor="y", scaleratio=1)
    fig.update_yaxes(range=[-0.05, 1.95], visible=False)
    fig.update_layout(
        template="simple_white", width=420, height=520, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": f"{'Running' if gait == 'run' else 'Walking'} — {percent:.0f} % of the gait cycle",
                   "font": {"size": 14}},
    )
    return fig
