"""Tests for runmuscles.body: geometry, kinematics tables, poses, muscle paths, frames and figure."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.interpolate import CubicSpline

from runmuscles import body
from runmuscles.build.body import build_body_tables

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"

# --- Golden values quoted from the provenance cards (data/raw/*/SOURCE.md) -------------------
# opensim-models/SOURCE.md: "ankle in tibia frame (0, -0.43, 0)"; knee translation "y = -0.3966 m at
# -10 deg, -0.3953 m at +9 deg" of the model's knee_angle (negative = flexion): thigh ~0.40 m, shank 0.43 m.
SHANK_LENGTH_M = 0.43
KNEE_Y_AT_10_DEG_FLEXION_M = -0.3966
KNEE_Y_AT_9_DEG_EXTENSION_M = -0.3953
THIGH_LENGTH_M = 0.40
HIP_IN_PELVIS_M = (-0.0707, -0.0661)
BACK_IN_PELVIS_M = (-0.1007, 0.0815)
# tib_ant_r path: "P1 tibia_r (0.0179, -0.1624, 0.0115), ... P3 calcn_r (0.1166, 0.0178, -0.0305)"
TIB_ANT_ORIGIN_TIBIA_M = (0.0179, -0.1624)
TIB_ANT_INSERTION_CALCN_M = (0.1166, 0.0178)
# exotendon-running-kinematics/SOURCE.md ranges (deg)
RUN_HIP_FLEXION_R_RANGE = (-13.6, 35.3)
RUN_KNEE_ANGLE_R_RANGE = (7.7, 85.4)
RUN_ANKLE_ANGLE_R_RANGE = (-24.3, 23.8)
# "mean right vertical force > 0.05 from row 1 to row 41 (right stance ~0-41 %), left from row 51 to row 91"
RUN_RIGHT_TOE_OFF_PERCENT = 41
RUN_LEFT_STRIKE_PERCENT = 51
# Textbook walking (Perry & Burnfield 2010), for a plausibility check of the marker-derived angles
WALK_KNEE_SWING_PEAK_DEG = (55.0, 70.0)
WALK_KNEE_LOADING_PEAK_DEG = (10.0, 25.0)

MAX_FRAMES_JSON_BYTES = 300_000
#: Both feet must be at least this high at some instant of each float phase [m].
FLOAT_CLEARANCE_M = 0.005

PATHLESS_IDS = ("rectus_abdominis", "multifidus", "latissimus_dorsi", "pectoralis_major", "biceps_brachii")


def _length(poly: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(poly, axis=0), axis=1).sum())


def _angle(v) -> float:
    return math.degrees(math.atan2(v[1], v[0]))


@pytest.fixture(scope="module")
def run_kin():
    """Running kinematics table as shipped."""
    return body.load_kinematics("run")


@pytest.fixture(scope="module")
def walk_kin():
    """Walking kinematics table as shipped."""
    return body.load_kinematics("walk")


# --- geometry ---------------------------------------------------------------------------------


def test_geometry_matches_source_card():
    seg = body.load_geometry()["segments"]
    assert seg["tibia"]["ankle"] == pytest.approx([0.0, -SHANK_LENGTH_M])
    assert seg["pelvis"]["hip"] == pytest.approx(HIP_IN_PELVIS_M)
    assert seg["pelvis"]["lumbar"] == pytest.approx(BACK_IN_PELVIS_M)
    ky = seg["femur"]["knee_translation"]["y"]
    spline = CubicSpline(ky["knots_deg"], ky["values"])
    assert float(spline(10.0)) == pytest.approx(KNEE_Y_AT_10_DEG_FLEXION_M, abs=1e-4)
    assert float(spline(-9.1)) == pytest.approx(KNEE_Y_AT_9_DEG_EXTENSION_M, abs=1e-4)
    assert abs(float(spline(0.0))) == pytest.approx(THIGH_LENGTH_M, abs=0.01)


def test_muscle_points_are_model_points():
    pts = body.load_geometry()["muscles"]["tibialis_anterior"]["points"]
    assert pts[0]["body"] == "tibia" and pts[0]["xy"] == pytest.approx(TIB_ANT_ORIGIN_TIBIA_M)
    assert pts[-1]["body"] == "calcn" and pts[-1]["xy"] == pytest.approx(TIB_ANT_INSERTION_CALCN_M)


def test_conditional_and_moving_points_parsed():
    muscles = body.load_geometry()["muscles"]
    rf = muscles["rectus_femoris"]["points"]
    assert any("active_range_deg" in p for p in rf)
    assert "coordinate" in rf[-1] and rf[-1]["coordinate"] == "knee_angle"
    # conditional range converted to flexion-positive degrees: model -2.618..-1.460 rad -> 83.7..150 deg
    cond = next(p["active_range_deg"] for p in rf if "active_range_deg" in p)
    assert cond["range"][0] == pytest.approx(83.65, abs=0.05)


# --- kinematics -------------------------------------------------------------------------------


@pytest.mark.parametrize("gait", body.GAITS)
def test_kinematics_shape(gait):
    kin = body.load_kinematics(gait)
    assert list(kin.index) == list(range(101))
    assert not kin[list(body.KINEMATIC_COLUMNS)].isna().any().any()


def test_running_ranges_match_source(run_kin):
    for col, (lo, hi) in (
        ("hip_flexion_r", RUN_HIP_FLEXION_R_RANGE),
        ("knee_angle_r", RUN_KNEE_ANGLE_R_RANGE),
        ("ankle_angle_r", RUN_ANKLE_ANGLE_R_RANGE),
    ):
        assert run_kin[col].min() == pytest.approx(lo, abs=0.06)
        assert run_kin[col].max() == pytest.approx(hi, abs=0.06)
    assert (run_kin["knee_angle_r_sd"] > 0).all()


def test_running_stance_from_grf(run_kin):
    stance_r = run_kin["stance_r"].to_numpy()
    assert stance_r[0] == 1 and stance_r[RUN_RIGHT_TOE_OFF_PERCENT] == 1
    assert stance_r[RUN_RIGHT_TOE_OFF_PERCENT + 1] == 0
    stance_l = run_kin["stance_l"].to_numpy()
    assert stance_l[RUN_LEFT_STRIKE_PERCENT] == 1 and stance_l[RUN_LEFT_STRIKE_PERCENT - 1] == 0


def test_walking_angles_plausible(walk_kin):
    knee = walk_kin["knee_angle_r"]
    swing_peak = knee.loc[55:90].max()
    loading_peak = knee.loc[0:30].max()
    assert WALK_KNEE_SWING_PEAK_DEG[0] <= swing_peak <= WALK_KNEE_SWING_PEAK_DEG[1]
    assert WALK_KNEE_LOADING_PEAK_DEG[0] <= loading_peak <= WALK_KNEE_LOADING_PEAK_DEG[1]
    # hip flexed at foot strike, extended in late stance
    assert walk_kin["hip_flexion_r"].loc[0] > 10
    assert walk_kin["hip_flexion_r"].loc[40:65].min() < -10
    # walking is not a copy of running
    assert not np.allclose(walk_kin["knee_angle_r"], body.load_kinematics("run")["knee_angle_r"])


def test_wrong_gait_lists_valid_values():
    with pytest.raises(ValueError, match="run, walk"):
        body.load_kinematics("sprint")
    with pytest.raises(ValueError, match="run, walk"):
        body.pose(10, "hop")


# --- pose -------------------------------------------------------------------------------------


def _lowest(p, side):
    return min(p[f"{f}_{side}"][1] for f in ("heel", "mtp", "toe"))


@pytest.mark.parametrize("gait", body.GAITS)
def test_stance_foot_on_ground(gait):
    kin = body.load_kinematics(gait)
    for pct in range(0, 101, 3):
        p = body.pose(pct, gait)
        assert p["hip"][0] == 0.0
        for side in ("r", "l"):
            if kin.loc[pct, f"stance_{side}"]:
                assert _lowest(p, side) >= -1e-9
        lows = [_lowest(p, s) for s in ("r", "l") if kin.loc[pct, f"stance_{s}"]]
        if lows:
            assert min(lows) == pytest.approx(0.0, abs=1e-9)


def test_feet_off_ground_in_float(run_kin):
    flight = run_kin.index[(run_kin["stance_r"] == 0) & (run_kin["stance_l"] == 0)]
    assert len(flight) >= 10
    for phase in (flight[flight < 50], flight[flight > 50]):
        lows = [min(_lowest(p, "r"), _lowest(p, "l")) for p in (body.pose(i, "run") for i in phase)]
        assert min(lows) >= body.FLIGHT_CLEARANCE_M - 1e-9  # airborne: both feet clear the ground
        assert max(lows) > FLOAT_CLEARANCE_M


def test_knee_angle_in_pose_equals_table(run_kin):
    kt = body.load_geometry()["segments"]["femur"]["knee_translation"]
    kx = CubicSpline(kt["x"]["knots_deg"], kt["x"]["values"])
    ky = CubicSpline(kt["y"]["knots_deg"], kt["y"]["values"])
    for pct in (0, 17, 45, 70):
        p = body.pose(pct, "run")
        k = run_kin.loc[pct, "knee_angle_r"]
        hip, knee, ankle = (np.array(p[n]) for n in ("hip_r", "knee_r", "ankle_r"))
        thigh = _angle(knee - hip) - _angle((float(kx(k)), float(ky(k))))
        shank = _angle(ankle - knee) - _angle((0.0, -SHANK_LENGTH_M))
        assert thigh - shank == pytest.approx(k, abs=1e-6)
        assert np.linalg.norm(ankle - knee) == pytest.approx(SHANK_LENGTH_M)


def test_pose_interpolates_between_percents():
    a, b, m = body.pose(10, "run"), body.pose(11, "run"), body.pose(10.5, "run")
    # the knee joint moves roughly half way (angles, not positions, are interpolated)
    da = np.linalg.norm(np.subtract(m["ankle_r"], a["ankle_r"]))
    db = np.linalg.norm(np.subtract(m["ankle_r"], b["ankle_r"]))
    assert da == pytest.approx(db, rel=0.2)
    with pytest.raises(ValueError):
        body.pose(101, "run")


# --- muscle paths -----------------------------------------------------------------------------


def test_paths_only_for_model_muscles():
    paths = body.muscle_paths(30, "run")
    assert set(paths) == set(body.MUSCLE_MODEL_NAMES)
    for cid in PATHLESS_IDS:
        assert cid not in paths
    for arr in paths.values():
        assert arr.ndim == 2 and arr.shape[1] == 2 and len(arr) >= 2


def test_soleus_from_shank_to_heel():
    for pct in (0, 30, 70):
        p = body.pose(pct, "run")
        sol = body.muscle_paths(pct, "run")["soleus"]
        knee, ankle, heel = (np.array(p[n]) for n in ("knee_r", "ankle_r", "heel_r"))
        axis = (ankle - knee) / np.linalg.norm(ankle - knee)
        rel = sol[0] - knee
        along = rel @ axis
        across = abs(rel[0] * axis[1] - rel[1] * axis[0])
        assert 0 < along < SHANK_LENGTH_M and across < 0.02  # origin on the shank
        assert np.linalg.norm(sol[-1] - heel) < 0.05  # insertion at the heel


def _fit_length(cid, kin, side="r"):
    lengths = np.array([_length(body.muscle_paths(p, "run", side)[cid]) for p in range(101)])
    x = np.column_stack([np.ones(101), kin[f"hip_flexion_{side}"], kin[f"knee_angle_{side}"]])
    coef, *_ = np.linalg.lstsq(x, lengths, rcond=None)
    return lengths, coef


def test_vasti_lengthen_with_knee_flexion(run_kin):
    for cid in ("vastus_lateralis", "vastus_medialis", "vastus_intermedius"):
        lengths, _ = _fit_length(cid, run_kin)
        assert np.corrcoef(lengths, run_kin["knee_angle_r"])[0, 1] > 0.95


def test_hamstrings_lengthen_with_hip_flexion(run_kin):
    for cid in ("semitendinosus", "medial_hamstrings", "biceps_femoris"):
        _, (_, per_hip, per_knee) = _fit_length(cid, run_kin)
        assert per_hip > 0 and per_knee < 0


def test_left_paths_follow_left_leg():
    r = body.muscle_paths(20, "run", "r")
    left = body.muscle_paths(20, "run", "l")
    assert not np.allclose(r["soleus"], left["soleus"])
    np.testing.assert_allclose(r["erector_spinae"], left["erector_spinae"])
    with pytest.raises(ValueError):
        body.muscle_paths(20, "run", "x")


# --- frames and figure ------------------------------------------------------------------------


def test_stride_frames_json_and_size():
    d = body.stride_frames("run")
    text = json.dumps(d)
    assert len(text) < MAX_FRAMES_JSON_BYTES
    assert len(d["frames"]) == 101
    f = d["frames"][37]
    assert len(f["joints"]) == 2 * len(d["joints"])
    x0, y0, x1, y1 = d["bbox"]
    for fr in d["frames"]:
        xs, ys = fr["joints"][0::2], fr["joints"][1::2]
        assert x0 <= min(xs) and max(xs) <= x1 and y0 <= min(ys) and max(ys) <= y1
    # rounded to 1 mm
    assert all(round(v, 3) == v for v in f["muscles"]["soleus_r"])
    assert all(a in d["joints"] and b in d["joints"] for a, b, _ in d["segments"])


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_figure_colours_follow_activation():
    from plotly.colors import sample_colorscale

    fig = body.runner_figure(10, "run", activation={"soleus": 0.9, "tibialis_anterior": 0.1},
                             highlight=["soleus"], literature=["erector_spinae"])
    sol = _trace(fig, "muscle:soleus")
    ta = _trace(fig, "muscle:tibialis_anterior")
    assert sol.line.color == sample_colorscale("cividis", [0.9])[0]
    assert ta.line.color == sample_colorscale("cividis", [0.1])[0]
    assert sol.line.width > ta.line.width
    assert _trace(fig, "muscle:vastus_lateralis").line.color == "#c8c8c8"
    assert _trace(fig, "muscle:erector_spinae").line.dash == "dash"
    assert any(t.name == "outline:soleus" for t in fig.data)
    assert not any(t.name == "outline:tibialis_anterior" for t in fig.data)


# --- build ------------------------------------------------------------------------------------


@pytest.mark.skipif(not (RAW / "opensim-models").is_dir(), reason="raw sources not in this checkout")
def test_build_is_reproducible(tmp_path):
    paths = build_body_tables(RAW, tmp_path)
    shipped = REPO / "runmuscles" / "data"
    for p in paths:
        assert p.read_bytes() == (shipped / p.name).read_bytes(), p.name


def test_shipped_stride_frames_equal_a_fresh_computation():
    """The dashboards read precomputed frames; they must be what the geometry and angles give."""
    for gait in ("run", "walk"):
        assert body.stride_frames(gait) == body.shipped_model().stride_frames(gait, 1, ("r",))


def test_dashboard_frames_do_not_need_scipy():
    """A dashboard kernel stays lean: reading the default frames must not import scipy."""
    import subprocess
    import sys

    code = (
        "import sys; from runmuscles import body; body.stride_frames('run'); body.stride_frames('walk');"
        "print(any(m == 'scipy' or m.startswith('scipy.') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- pose and phase agree ---------------------------------------------------------------------

#: A foot whose lowest point (heel, metatarsal head or toe) is below this height [m] is on the ground.
ON_GROUND_M = 0.003
#: Instants this close to an event [% of the cycle] are transitions: a frame there may show either state.
EVENT_MARGIN_PERCENT = 1.0


def _frame_lowest(frames: dict, frame: dict) -> dict[str, float]:
    j = np.asarray(frame["joints"]).reshape(-1, 2)
    names = frames["joints"]
    return {s: min(j[names.index(f"{k}_{s}")][1] for k in ("heel", "mtp", "toe")) for s in "rl"}


def _contact_mismatches(gait: str, source: str, frames: dict) -> list:
    """Instants where the figure's feet on the ground disagree with the data set's phase there."""
    import runmuscles

    events = runmuscles.load_events(gait, source)["percent"]
    phases = runmuscles.load_phases(gait, source)
    bad = []
    for f in frames["frames"]:
        p = f["percent"]
        if min(abs(p - e) for e in events) <= EVENT_MARGIN_PERCENT:
            continue
        support = phases[(phases["start"] <= p) & (p < phases["end"])]["support"].iloc[0]
        on = {s: v < ON_GROUND_M for s, v in _frame_lowest(frames, f).items()}
        if support.startswith("float"):
            ok = not on["r"] and not on["l"]
        elif support.startswith("single support"):
            stance = "r" if "right" in support else "l"
            ok = on[stance] and (gait == "walk" or not on["l" if stance == "r" else "r"])
        else:  # double support: the generic bones cannot put both of one walker's feet down at once
            ok = on["r"] or on["l"]
        if not ok:
            bad.append((p, support))
    return bad


@pytest.mark.parametrize("gait", ["run", "walk"])
def test_pose_contact_matches_each_data_sets_phases(gait):
    """Re-timed to a data set's own events, a foot is on the ground exactly while its phases say so."""
    import runmuscles

    for source in runmuscles.sources_for(gait):
        frames = body.timed_frames(gait, runmuscles.load_events(gait, source)["percent"])
        assert _contact_mismatches(gait, source, frames) == [], source


def test_untimed_pose_shows_a_foot_down_in_the_float():
    """The reason for re-timing: other people's angles put a foot down while the data say float."""
    bad = _contact_mismatches("run", "rajagopal2016", body.stride_frames("run"))
    assert any(s.startswith("float") for _, s in bad)


def test_explorer_uses_the_timed_pose():
    import runmuscles
    from runmuscles.apps.explorer import explorer_payload

    for source in runmuscles.sources_for("run"):
        payload = explorer_payload("run", source)
        assert _contact_mismatches("run", source, payload["body"]) == []
        assert payload["body"]["warp"]["data"][1] == pytest.approx(runmuscles.load_events("run", source).loc["toe_off", "percent"])
