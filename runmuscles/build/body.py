"""Build step for the runner's body: planar geometry from the OpenSim models, sagittal kinematics.

Reads ``data/raw`` (``opensim-models``, ``exotendon-running-kinematics``, ``rajagopal2016`` markers and
forces) and writes ``body_geometry.json``, ``kinematics_<gait>.csv`` and the dashboards' stride frames
``frames_<gait>.json`` (see ``runmuscles/data/body.md``). Run by ``python -m runmuscles.build``.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..body import (
    FRAMES_FILES,
    GAITS,
    GEOMETRY_FILE,
    HEAD_RADIUS_M,
    KINEMATIC_COLUMNS,
    KINEMATICS_FILES,
    MUSCLE_MODEL_NAMES,
    BodyModel,
)
from ..gait import detect_contacts
from ..readers import read_mot

__all__ = ["build_body_tables", "RUN_CONTACT_THRESHOLD_BW", "WALK_CONTACT_THRESHOLD_N", "WALK_MARKER_CUTOFF_HZ"]

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
    """Build the body geometry, kinematics and stride-frame tables shipped with the package.

    Reads the raw sources under ``raw_dir`` and writes deterministic files (byte-identical on
    rebuild) into ``out_dir``.

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
        ``body_geometry.json``, ``kinematics_run.csv``, ``kinematics_walk.csv``, ``frames_run.json``,
        ``frames_walk.json``.
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    geometry = _parse_geometry(raw_dir)
    walk, walk_info = _walking_table(raw_dir, geometry)
    geometry["walking_kinematics_derivation"] = walk_info
    run = _running_table(raw_dir)
    paths = [out_dir / GEOMETRY_FILE, out_dir / KINEMATICS_FILES["run"], out_dir / KINEMATICS_FILES["walk"]]
    paths[0].write_text(json.dumps(geometry, indent=1) + "\n", encoding="utf-8")
    _write_csv(run, paths[1])
    _write_csv(walk, paths[2])
    # The dashboards' stride frames, computed here so that a kernel never needs scipy's splines.
    # They are computed from the files just written, read back as the runtime reads them.
    model = BodyModel(
        json.loads(paths[0].read_text(encoding="utf-8")),
        {gait: pd.read_csv(out_dir / KINEMATICS_FILES[gait]).set_index("percent") for gait in GAITS},
    )
    for gait in GAITS:
        path = out_dir / FRAMES_FILES[gait]
        path.write_text(json.dumps(model.stride_frames(gait, 1, ("r",)), separators=(",", ":")) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths
