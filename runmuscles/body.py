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
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .gait import detect_contacts
from .readers import read_mot

__all__ = [
    "GAITS",
    "JOINTS",
    "KINEMATIC_COLUMNS",
    "MUSCLE_MODEL_NAMES",
    "SEGMENTS",
    "build_body_tables",
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
#: whose path is drawn. Where the model splits a muscle into bundles the middle bundle is used.
MUSCLE_MODEL_NAMES: dict[str, str] = {
    "soleus": "soleus",
    "gastrocnemius_medialis": "med_gas",
    "gastrocnemius_lateralis": "lat_gas",
    "tibialis_anterior": "tib_ant",
    "peroneus_longus": "per_long",
    "semitendinosus": "semiten",
    "semimembranosus": "semimem",
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

_GEOMETRY_FILE = "body_geometry.json"
_KIN_FILES = {"run": "kinematics_run.csv", "walk": "kinematics_walk.csv"}
_FRAMES_FILES = {"run": "frames_run.json", "walk": "frames_walk.json"}

#: While the build step writes a folder, the runtime loaders read that folder instead of the shipped data.
_DATA_OVERRIDE: list[Path] = []


def _data_path(name: str):
    """A data file: the folder being built, if any, else the package's ``data``."""
    if _DATA_OVERRIDE:
        return _DATA_OVERRIDE[-1] / name
    return files("runmuscles") / "data" / name

#: Angle columns of the kinematics tables [deg] (``pelvis_ty`` is in metres).
KINEMATIC_COLUMNS = (
    "pelvis_tilt", "pelvis_ty", "hip_flexion_r", "hip_flexion_l", "knee_angle_r", "knee_angle_l",
    "ankle_angle_r", "ankle_angle_l", "lumbar_extension", "arm_flex_r", "arm_flex_l",
    "elbow_flex_r", "elbow_flex_l",
)

# --------------------------------------------------------------------------------------------
# Build step (maintainer only): reads data/raw, writes runmuscles/data
# --------------------------------------------------------------------------------------------

_GAIT2392 = "opensim-models/gait2392_thelen2003muscle.osim"
_HAMNER = "opensim-models/FullBodyModel_Hamner2010_v2_0.osim"
_RUN_MEANS = "exotendon-running-kinematics/meansall_coordinates_nat.csv"
_RUN_SDS = "exotendon-running-kinematics/stdsall_coordinates_nat.csv"
_RUN_GRF = "exotendon-running-kinematics/meansall_GRF_nat.csv"
_WALK_TRC = "rajagopal2016/motion_capture_walk.trc"
_WALK_GRF = "rajagopal2016/grf_walk.mot"

#: Vertical GRF threshold for walking foot contact [N] (same value as :mod:`runmuscles.gait`).
WALK_CONTACT_THRESHOLD_N = 20.0
#: Vertical GRF threshold for running stance in the body-weight-normalised mean GRF [BW].
RUN_CONTACT_THRESHOLD_BW = 0.05
#: Low-pass cut-off for the walking marker trajectories [Hz] (4th-order Butterworth, zero lag).
WALK_MARKER_CUTOFF_HZ = 6.0


def _floats(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def _xy(text: str | None) -> list[float]:
    v = _floats(text)
    return [round(v[0], 6), round(v[1], 6)]


def _body_name(socket: str | None) -> str:
    """'/bodyset/tibia_r' -> 'tibia' (side suffix dropped)."""
    name = (socket or "").rsplit("/", 1)[-1]
    for suffix in ("_r", "_l"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _coordinate_to_table(coord: str) -> tuple[str, float]:
    """Model coordinate name -> (our angle name without side, factor from model radians to our degrees)."""
    coord = coord.rsplit("/", 1)[-1]
    if coord.startswith("knee_angle"):
        return "knee_angle", -180.0 / math.pi  # gait2392: knee_angle negative in flexion
    if coord.startswith("hip_flexion"):
        return "hip_flexion", 180.0 / math.pi
    if coord.startswith("ankle_angle"):
        return "ankle_angle", 180.0 / math.pi
    raise ValueError(f"unsupported path point coordinate {coord!r}")


def _spline_in_degrees(x_rad: list[float], values: list[float], factor: float) -> dict[str, list[float]]:
    """Spline knots converted to our degrees, sorted ascending."""
    pairs = sorted(zip((x * factor for x in x_rad), values))
    return {"knots_deg": [round(p[0], 6) for p in pairs], "values": [round(p[1], 7) for p in pairs]}


def _find_joint(root: ET.Element, name: str) -> ET.Element:
    for el in root.iter():
        if el.get("name") == name and el.tag.endswith("Joint"):
            return el
    raise KeyError(name)


def _offset_translation(joint: ET.Element, frame_name: str) -> list[float]:
    for fr in joint.iter("PhysicalOffsetFrame"):
        if fr.get("name") == frame_name:
            return _xy(fr.findtext("translation"))
    raise KeyError(frame_name)


def _parse_geometry(raw_dir: Path) -> dict[str, Any]:
    g = ET.parse(raw_dir / _GAIT2392).getroot()
    h = ET.parse(raw_dir / _HAMNER).getroot()

    hip = _find_joint(g, "hip_r")
    back = _find_joint(g, "back")
    knee = _find_joint(g, "knee_r")
    ankle = _find_joint(g, "ankle_r")
    subtalar = _find_joint(g, "subtalar_r")
    mtp = _find_joint(g, "mtp_r")
    knee_tr: dict[str, Any] = {}
    for ta in knee.iter("TransformAxis"):
        if ta.get("name") in ("translation1", "translation2"):
            sp = ta.find("SimmSpline")
            key = "x" if ta.get("name") == "translation1" else "y"
            knee_tr[key] = _spline_in_degrees(_floats(sp.findtext("x")), _floats(sp.findtext("y")),
                                              -180.0 / math.pi)
    acromial = _find_joint(h, "acromial_r")
    elbow = _find_joint(h, "elbow_r")
    radioulnar = _find_joint(h, "radioulnar_r")
    radius_hand = _find_joint(h, "radius_hand_r")
    markers = {m.get("name"): _xy(m.findtext("location")) for m in h.iter("Marker")}

    # Distal end of the toes: the most distal muscle attachment on the toes body (flex_hal_r).
    toe_tip = None
    for m in g.iter("Thelen2003Muscle"):
        if m.get("name") == "flex_hal_r":
            pts = [p for p in m.iter("PathPoint") if _body_name(p.findtext("socket_parent_frame")) == "toes"]
            toe_tip = _xy(pts[-1].findtext("location"))
    shoulder = _offset_translation(acromial, "torso_offset")
    # Head and neck (no head body in the models): neck at the midpoint of the C7 and clavicle markers;
    # head centre from Winter's (2009) segment proportions, see body.md.
    c7, clav = markers["C7"], markers["Clavicle"]
    neck = [round((c7[0] + clav[0]) / 2, 6), round((c7[1] + clav[1]) / 2, 6)]
    hip_xy = _offset_translation(hip, "pelvis_offset")
    back_xy = _offset_translation(back, "pelvis_offset")
    ankle_xy = _offset_translation(ankle, "tibia_r_offset")
    subtalar_xy = _offset_translation(subtalar, "talus_r_offset")
    mtp_xy = _offset_translation(mtp, "calcn_r_offset")
    segments = {
        "pelvis": {"hip": hip_xy, "lumbar": back_xy},
        "femur": {"knee_translation": knee_tr},
        "tibia": {"ankle": ankle_xy},
        "talus": {"calcn": subtalar_xy},
        "calcn": {"heel": [0.0, 0.0], "mtp": mtp_xy},
        "toes": {"toe": toe_tip},
        "torso": {"shoulder": shoulder, "neck": neck},
        "humerus": {"elbow": _offset_translation(elbow, "humerus_r_offset")},
        "ulna": {"radius": _offset_translation(radioulnar, "ulna_r_offset")},
        "radius": {"wrist": _offset_translation(radius_hand, "radius_r_offset")},
        "hand": {"hand": markers["RHNknuckle"]},
    }

    muscles: dict[str, Any] = {}
    by_name = {m.get("name"): m for m in g.iter("Thelen2003Muscle")}
    for cid, model_name in MUSCLE_MODEL_NAMES.items():
        m = by_name[model_name + "_r"]
        points = []
        for p in m.find("GeometryPath/PathPointSet/objects"):
            body = _body_name(p.findtext("socket_parent_frame"))
            entry: dict[str, Any] = {"body": body}
            if p.tag == "MovingPathPoint":
                coord = p.findtext("socket_x_coordinate")
                name, factor = _coordinate_to_table(coord)
                for axis in ("x", "y"):
                    sp = p.find(f"{axis}_location/SimmSpline")
                    entry[axis] = _spline_in_degrees(_floats(sp.findtext("x")), _floats(sp.findtext("y")), factor)
                entry["coordinate"] = name
            else:
                entry["xy"] = _xy(p.findtext("location"))
                if p.tag == "ConditionalPathPoint":
                    name, factor = _coordinate_to_table(p.findtext("socket_coordinate"))
                    lo, hi = sorted(v * factor for v in _floats(p.findtext("range")))
                    entry["active_range_deg"] = {"coordinate": name, "range": [round(lo, 4), round(hi, 4)]}
                elif p.tag != "PathPoint":
                    raise ValueError(f"unsupported path point {p.tag} in {model_name}")
            points.append(entry)
        muscles[cid] = {"model_muscle": model_name + "_r", "points": points}

    return {
        "description": (
            "Sagittal-plane (x anterior, y up, metres) geometry of a generic adult: joint centres and muscle "
            "path points in body frames, projected from OpenSim models (z dropped). See body.md."
        ),
        "sources": {
            "legs_trunk_muscles": "gait2392_thelen2003muscle.osim (OpenSim models; Delp et al. 1990)",
            "arms": "FullBodyModel_Hamner2010_v2_0.osim (Hamner, Seth & Delp 2010)",
        },
        "angle_conventions": "degrees; knee_angle positive in flexion (model knee_angle_r negated)",
        "head": {"height_above_shoulder_fraction_of_stature": 0.117, "radius_m": HEAD_RADIUS_M},
        "segments": segments,
        "muscles": muscles,
    }


def _read_trc(path: Path) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    lines = path.read_text().splitlines()
    names = [n for n in lines[3].split("\t")[2:] if n.strip()]
    rows = []
    for line in lines[5:]:
        if not line.strip():
            continue
        vals = line.split("\t")[: 2 + 3 * len(names)]
        rows.append([float(v) if v.strip() else np.nan for v in vals])
    data = np.asarray(rows)
    markers = {n: data[:, 2 + 3 * i: 5 + 3 * i] / 1000.0 for i, n in enumerate(names)}  # mm -> m
    return data[:, 1], markers


def _contacts(t: np.ndarray, fy: np.ndarray, threshold: float) -> list[tuple[float, float]]:
    """(strike, toe-off) pairs from :func:`runmuscles.gait.detect_contacts` (each strike with its next toe-off)."""
    strikes, offs = detect_contacts(t, fy, threshold_n=threshold)
    return [(float(s), float(offs[offs > s][0])) for s in strikes if np.any(offs > s)]


def _angle(v: np.ndarray) -> np.ndarray:
    """Angle [deg] of 2D vectors (n, 2), counter-clockwise from +x."""
    return np.degrees(np.arctan2(v[:, 1], v[:, 0]))


def _model_angle(v: list[float]) -> float:
    return math.degrees(math.atan2(v[1], v[0]))


def _wrap(a: np.ndarray) -> np.ndarray:
    return (np.asarray(a) + 180.0) % 360.0 - 180.0


def _walking_table(raw_dir: Path, geometry: dict[str, Any]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Sagittal walking angles from the markers of the Rajagopal walking trial, one right stride."""
    from scipy.signal import butter, filtfilt

    t, mk = _read_trc(raw_dir / _WALK_TRC)
    fs = 1.0 / float(np.median(np.diff(t)))
    b, a = butter(4, WALK_MARKER_CUTOFF_HZ / (fs / 2.0))
    mk = {k: filtfilt(b, a, v, axis=0) for k, v in mk.items()}

    grf = read_mot(raw_dir / _WALK_GRF)
    tg = grf["time"].to_numpy()
    right = _contacts(tg, grf["ground_force_r_vy"].to_numpy(), WALK_CONTACT_THRESHOLD_N)
    left = _contacts(tg, grf["ground_force_l_vy"].to_numpy(), WALK_CONTACT_THRESHOLD_N)
    t0, t1 = right[0][0], right[1][0]
    stride = t1 - t0
    toe_off_r = right[0][1]

    # sagittal plane: progression = horizontal direction of the pelvis markers' mean velocity
    pelvis_mid = (mk["R.ASIS"] + mk["L.ASIS"] + mk["R.PSIS"] + mk["L.PSIS"]) / 4.0
    vel = np.gradient(pelvis_mid, t, axis=0).mean(axis=0)
    up = np.array([0.0, 1.0, 0.0])
    fwd = vel - vel.dot(up) * up
    fwd /= np.linalg.norm(fwd)

    def p2(a: np.ndarray) -> np.ndarray:
        return np.stack([a @ fwd, a @ up], axis=1)

    m2 = {k: p2(v) for k, v in mk.items()}
    asis = (m2["R.ASIS"] + m2["L.ASIS"]) / 2.0
    psis = (m2["R.PSIS"] + m2["L.PSIS"]) / 2.0
    # hip joint centre, Harrington et al. (2007) regression in the pelvis frame (x anterior, y up)
    pd_ = np.linalg.norm((mk["R.ASIS"] + mk["L.ASIS"]) / 2 - (mk["R.PSIS"] + mk["L.PSIS"]) / 2, axis=1)
    pw = np.linalg.norm(mk["R.ASIS"] - mk["L.ASIS"], axis=1)
    pel_axis = asis - psis
    pel_ang = np.arctan2(pel_axis[:, 1], pel_axis[:, 0])
    hx = -0.24 * pd_ - 0.0099
    hy = -0.30 * pw - 0.0109
    hjc = asis + np.stack([hx * np.cos(pel_ang) - hy * np.sin(pel_ang),
                           hx * np.sin(pel_ang) + hy * np.cos(pel_ang)], axis=1)

    # reference directions of the same marker vectors in the model at all angles zero (Hamner markers)
    hm = {m.get("name"): _floats(m.findtext("location"))[:2] for m in
          ET.parse(raw_dir / _HAMNER).getroot().iter("Marker")}
    seg = geometry["segments"]
    from scipy.interpolate import CubicSpline

    kx = CubicSpline(seg["femur"]["knee_translation"]["x"]["knots_deg"], seg["femur"]["knee_translation"]["x"]["values"])
    ky = CubicSpline(seg["femur"]["knee_translation"]["y"]["knots_deg"], seg["femur"]["knee_translation"]["y"]["values"])
    hip_p = seg["pelvis"]["hip"]
    lumbar_p = seg["pelvis"]["lumbar"]
    ref = {
        # pelvis: sacral marker (between the PSIS) -> mid-ASIS
        "pelvis": _model_angle([hm["R.ASIS"][0] - hm["V.Sacral"][0], hm["R.ASIS"][1] - hm["V.Sacral"][1]]),
        # thigh: hip centre -> lateral knee marker (femur frame, origin = hip centre)
        "thigh": _model_angle(hm["R.Knee.Lat"]),
        # shank: lateral knee marker -> lateral ankle marker, in the tibia frame at knee angle 0
        "shank": _model_angle([hm["R.Ankle.Lat"][0] - (hm["R.Knee.Lat"][0] - float(kx(0.0))),
                               hm["R.Ankle.Lat"][1] - (hm["R.Knee.Lat"][1] - float(ky(0.0)))]),
        # trunk: mid hip centre -> acromion marker, in the pelvis frame at lumbar_extension 0
        "trunk": _model_angle([lumbar_p[0] + hm["R.Acromium"][0] - hip_p[0],
                               lumbar_p[1] + hm["R.Acromium"][1] - hip_p[1]]),
    }
    sh = seg["torso"]["shoulder"]
    el = seg["humerus"]["elbow"]
    # upper arm: acromion marker (torso) -> lateral elbow marker (humerus), all angles 0
    ref["upper_arm"] = _model_angle([sh[0] + hm["R.Elbow"][0] - hm["R.Acromium"][0],
                                     sh[1] + hm["R.Elbow"][1] - hm["R.Acromium"][1]])
    # forearm: lateral elbow marker -> lateral wrist marker (radius), elbow_flex 0
    ru = seg["ulna"]["radius"]
    ref["forearm"] = _model_angle([ru[0] + hm["R.Wrist.Lat"][0] - (hm["R.Elbow"][0] - el[0]),
                                   ru[1] + hm["R.Wrist.Lat"][1] - (hm["R.Elbow"][1] - el[1])])

    theta_p = _angle(asis - psis) - ref["pelvis"]
    shoulders = (m2["R.Shoulder"] + m2["L.Shoulder"]) / 2.0
    theta_trunk = _angle(shoulders - hjc) - ref["trunk"]
    cols: dict[str, np.ndarray] = {"pelvis_tilt": theta_p, "lumbar_extension": _wrap(theta_trunk - theta_p)}
    py = pelvis_mid @ up
    cols["pelvis_ty"] = py
    foot_offsets = {}
    for s, S in (("r", "R"), ("l", "L")):
        th_thigh = _angle(m2[f"{S}.Knee"] - hjc) - ref["thigh"]
        th_shank = _angle(m2[f"{S}.Ankle"] - m2[f"{S}.Knee"]) - ref["shank"]
        foot_raw = _angle(m2[f"{S}.Toe"] - m2[f"{S}.Heel"])
        # foot segment angle = 0 when the sole is flat: calibrated on this foot's flat-foot frames
        # (stance, heel and toe markers both nearly still)
        contacts = right if s == "r" else left
        v_heel = np.abs(np.gradient(m2[f"{S}.Heel"][:, 1], t))
        v_toe = np.abs(np.gradient(m2[f"{S}.Toe"][:, 1], t))
        vx_heel = np.abs(np.gradient(m2[f"{S}.Heel"][:, 0], t))
        in_stance = np.zeros_like(t, dtype=bool)
        for on, off in contacts:
            in_stance |= (t >= on) & (t <= off)
        flat = in_stance & (v_heel < 0.05) & (v_toe < 0.05) & (vx_heel < 0.05)
        foot_offsets[s] = {"frames": int(flat.sum()), "offset_deg": float(np.median(foot_raw[flat]))}
        th_foot = foot_raw - foot_offsets[s]["offset_deg"]
        th_ua = _angle(m2[f"{S}.Elbow"] - m2[f"{S}.Shoulder"]) - ref["upper_arm"]
        th_fa = _angle(m2[f"{S}.Wrist"] - m2[f"{S}.Elbow"]) - ref["forearm"]
        cols[f"hip_flexion_{s}"] = _wrap(th_thigh - theta_p)
        cols[f"knee_angle_{s}"] = _wrap(th_thigh - th_shank)
        cols[f"ankle_angle_{s}"] = _wrap(th_foot - th_shank)
        cols[f"arm_flex_{s}"] = _wrap(th_ua - theta_trunk)
        cols[f"elbow_flex_{s}"] = _wrap(th_fa - th_ua)

    tt = t0 + np.arange(101) / 100.0 * stride
    out = pd.DataFrame({"percent": np.arange(101)})
    for c in KINEMATIC_COLUMNS:
        out[c] = np.interp(tt, t, cols[c])
    out["pelvis_ty"] = out["pelvis_ty"] - out["pelvis_ty"].iloc[:100].mean()

    # stance flags: right from this stride's GRF; left from the GRF shifted by one stride
    # (the left foot's earlier step was off the force plates; the stride is assumed periodic)
    def stance(contacts: list[tuple[float, float]]) -> np.ndarray:
        flag = np.zeros(101, dtype=int)
        for on, off in contacts:
            for shift in (-stride, 0.0, stride):
                flag |= ((tt >= on + shift) & (tt < off + shift)).astype(int)
        return flag

    out["stance_r"] = stance(right)
    out["stance_l"] = stance(left)
    info = {
        "right_foot_strikes_s": [round(t0, 4), round(t1, 4)],
        "right_toe_off_s": round(toe_off_r, 4),
        "right_toe_off_percent": round(100 * (toe_off_r - t0) / stride, 1),
        "left_contacts_s": [[round(a, 4), round(b, 4)] for a, b in left],
        "stride_s": round(stride, 4),
        "walking_speed_m_s": round(float(np.linalg.norm(vel - vel.dot(up) * up)), 3),
        "foot_flat_calibration": {k: {"frames": v["frames"], "offset_deg": round(v["offset_deg"], 2)}
                                  for k, v in foot_offsets.items()},
        "model_reference_angles_deg": {k: round(v, 2) for k, v in ref.items()},
    }
    return out, info


def _running_table(raw_dir: Path) -> pd.DataFrame:
    means = pd.read_csv(raw_dir / _RUN_MEANS)
    sds = pd.read_csv(raw_dir / _RUN_SDS)
    grf = pd.read_csv(raw_dir / _RUN_GRF)
    out = pd.DataFrame({"percent": np.arange(101)})
    for c in KINEMATIC_COLUMNS:
        v = means[c].to_numpy(dtype=float)
        if c == "pelvis_ty":
            v = v - v[:100].mean()
        out[c] = v
        out[c + "_sd"] = sds[c].to_numpy(dtype=float)
    out["stance_r"] = (grf["calcn_r_Right_GRF_Fy"].to_numpy() > RUN_CONTACT_THRESHOLD_BW).astype(int)
    out["stance_l"] = (grf["calcn_l_Left_GRF_Fy"].to_numpy() > RUN_CONTACT_THRESHOLD_BW).astype(int)
    # 0 % and 100 % are right foot strikes by definition (the averaged force is still rising there)
    out.loc[[0, 100], "stance_r"] = 1
    return out


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    text = df.to_csv(index=False, float_format="%.5f", lineterminator="\n")
    path.write_text(text, encoding="utf-8")


def build_body_tables(raw_dir: Path, out_dir: Path) -> list[Path]:
    """Build the body geometry and kinematics tables shipped with the package.

    Maintainer step (called by ``python -m runmuscles.build``): reads the raw sources under
    ``raw_dir`` and writes deterministic files (byte-identical on rebuild) into ``out_dir``.

    Parameters
    ----------
    raw_dir : pathlib.Path
        The repository's ``data/raw`` folder (``opensim-models/``, ``exotendon-running-kinematics/``,
        ``rajagopal2016/``).
    out_dir : pathlib.Path
        Destination, normally ``runmuscles/data``.

    Returns
    -------
    list of pathlib.Path
        ``body_geometry.json``, ``kinematics_run.csv``, ``kinematics_walk.csv``.
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    geometry = _parse_geometry(raw_dir)
    walk, walk_info = _walking_table(raw_dir, geometry)
    geometry["walking_kinematics_derivation"] = walk_info
    run = _running_table(raw_dir)
    paths = [out_dir / _GEOMETRY_FILE, out_dir / _KIN_FILES["run"], out_dir / _KIN_FILES["walk"]]
    paths[0].write_text(json.dumps(geometry, indent=1) + "\n", encoding="utf-8")
    _write_csv(run, paths[1])
    _write_csv(walk, paths[2])
    # The dashboards' stride frames, computed here so that a kernel never needs scipy's splines.
    # They are computed from the files just written, exactly as `_compute_frames` does at run time.
    _clear_caches()
    _DATA_OVERRIDE.append(out_dir)
    try:
        for gait in GAITS:
            path = out_dir / _FRAMES_FILES[gait]
            path.write_text(json.dumps(_compute_frames(gait, 1, ("r",)), separators=(",", ":")) + "\n",
                            encoding="utf-8")
            paths.append(path)
    finally:
        _DATA_OVERRIDE.pop()
        _clear_caches()
    return paths


# --------------------------------------------------------------------------------------------
# Runtime: loaders
# --------------------------------------------------------------------------------------------


def _check_gait(gait: str) -> None:
    if gait not in GAITS:
        raise ValueError(f"unknown gait {gait!r}; valid values: {', '.join(GAITS)}")


def _check_side(side: str) -> None:
    if side not in ("r", "l"):
        raise ValueError(f"unknown side {side!r}; valid values: r, l")


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
    with _data_path(_GEOMETRY_FILE).open("r", encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _kinematics(gait: str) -> pd.DataFrame:
    with _data_path(_KIN_FILES[gait]).open("r", encoding="utf-8") as fh:
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
# Runtime: forward kinematics in the sagittal plane
# --------------------------------------------------------------------------------------------


def _rot(theta_deg: float, v: Iterable[float]) -> np.ndarray:
    th = math.radians(theta_deg)
    c, s = math.cos(th), math.sin(th)
    x, y = v
    return np.array([c * x - s * y, s * x + c * y])


@cache
def _splines() -> dict[str, Any]:
    from scipy.interpolate import CubicSpline

    geo = load_geometry()
    kt = geo["segments"]["femur"]["knee_translation"]
    out: dict[str, Any] = {
        "knee_x": CubicSpline(kt["x"]["knots_deg"], kt["x"]["values"]),
        "knee_y": CubicSpline(kt["y"]["knots_deg"], kt["y"]["values"]),
    }
    for cid, m in geo["muscles"].items():
        for i, p in enumerate(m["points"]):
            if "coordinate" in p:
                out[(cid, i)] = (
                    CubicSpline(p["x"]["knots_deg"], p["x"]["values"]),
                    CubicSpline(p["y"]["knots_deg"], p["y"]["values"]),
                )
    return out


def _angles_at(percent: float, gait: str) -> dict[str, float]:
    if not 0.0 <= float(percent) <= 100.0:
        raise ValueError(f"percent must be within 0..100, got {percent}")
    kin = _kinematics(gait)
    lo = math.floor(percent)
    hi = min(lo + 1, 100)
    w = float(percent) - lo
    a = kin.loc[lo]
    b = kin.loc[hi]
    return {c: float((1 - w) * a[c] + w * b[c]) for c in KINEMATIC_COLUMNS}


def _frames(ang: Mapping[str, float], hip_y: float) -> dict[str, tuple[np.ndarray, float]]:
    """Origin [m] and absolute angle [deg, counter-clockwise] of every body frame."""
    seg = load_geometry()["segments"]
    sp = _splines()
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


def _at(fr: Mapping[str, tuple[np.ndarray, float]], body: str, xy: Iterable[float]) -> np.ndarray:
    o, th = fr[body]
    return o + _rot(th, xy)


def _joints(fr: Mapping[str, tuple[np.ndarray, float]]) -> dict[str, np.ndarray]:
    geo = load_geometry()
    seg = geo["segments"]
    j: dict[str, np.ndarray] = {}
    hip = fr["femur_r"][0]
    j["hip"] = j["hip_r"] = j["hip_l"] = hip
    j["lumbar"] = fr["torso"][0]
    j["shoulder"] = _at(fr, "torso", seg["torso"]["shoulder"])
    j["neck"] = _at(fr, "torso", seg["torso"]["neck"])
    head_h = _head_height()
    sh = seg["torso"]["shoulder"]
    j["head"] = _at(fr, "torso", (sh[0], sh[1] + head_h))
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


@cache
def _head_height() -> float:
    """Head centre above the shoulder joint [m], from the model's standing shoulder height."""
    geo = load_geometry()
    zero = {c: 0.0 for c in KINEMATIC_COLUMNS}
    fr = _frames(zero, 0.0)
    seg = geo["segments"]
    heel = _at(fr, "calcn_r", seg["calcn"]["heel"])
    shoulder = _at(fr, "torso", seg["torso"]["shoulder"])
    # Winter (2009): shoulder (acromion) at 0.818 of stature; head centre 0.117 of stature above it
    stature = (shoulder[1] - heel[1]) / 0.818
    return float(geo["head"]["height_above_shoulder_fraction_of_stature"] * stature)


_FOOT_POINTS = ("heel", "mtp", "toe")


@cache
def _hip_heights(gait: str) -> np.ndarray:
    """Hip-centre height above the ground [m] at every whole percent.

    In stance the lowest point of the stance foot (heel, metatarsal head or toe tip) is placed on the
    ground (y = 0). In flight (no foot on the ground) the measured vertical pelvis oscillation is used,
    with the offset between it and the stance heights interpolated linearly across the flight, raised
    where needed so that no foot goes below the ground.
    """
    kin = _kinematics(gait)
    pct = kin.index.to_numpy()
    contact = np.full(len(pct), np.nan)
    clearance = np.zeros(len(pct))
    for i, p in enumerate(pct):
        ang = {c: float(kin.loc[p, c]) for c in KINEMATIC_COLUMNS}
        j = _joints(_frames(ang, 0.0))
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
    return np.where(ok, contact, np.maximum(ty + d_full, clearance))


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
    j = _joints(_frames(_angles_at(percent, gait), _hip_y(percent, gait)))
    return {k: (float(v[0]), float(v[1])) for k, v in j.items()}


def _hip_y(percent: float, gait: str) -> float:
    h = _hip_heights(gait)
    return float(np.interp(percent, np.arange(101), h))


def _path(cid: str, m: Mapping[str, Any], fr: Mapping, ang: Mapping[str, float], side: str) -> np.ndarray:
    sp = _splines()
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
    ang = _angles_at(percent, gait)
    fr = _frames(ang, _hip_y(percent, gait))
    geo = load_geometry()
    return {cid: _path(cid, m, fr, ang, side) for cid, m in geo["muscles"].items()}


def _r3(v: float) -> float:
    return round(float(v), 3) + 0.0  # +0.0 turns -0.0 into 0.0


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
    return _compute_frames(gait, int(step), sides)


@cache
def _shipped_frames(gait: str) -> dict[str, Any]:
    with _data_path(_FRAMES_FILES[gait]).open("r", encoding="utf-8") as fh:
        return json.load(fh)


def _compute_frames(gait: str, step: int, sides: tuple[str, ...]) -> dict[str, Any]:
    """Poses and muscle paths computed from the geometry and kinematics tables."""
    kin = _kinematics(gait)
    frames = []
    xs: list[float] = []
    ys: list[float] = []
    for p in range(0, 101, int(step)):
        j = pose(p, gait)
        flat = []
        for name in JOINTS:
            x, y = j[name]
            flat += [_r3(x), _r3(y)]
            xs.append(x)
            ys.append(y)
        mus = {}
        for s in sides:
            for cid, arr in muscle_paths(p, gait, s).items():
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


def _clear_caches() -> None:
    """Forget every cached table (used by the build step around its own writes)."""
    for loader in (load_geometry, _kinematics, _splines, _head_height, _hip_heights, _shipped_frames):
        loader.cache_clear()
