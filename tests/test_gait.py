"""Gait events and phases: detection on synthetic forces, and the shipped phase tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import runmuscles
from runmuscles import gait

# Science conventions (science.md): running stance is roughly 30-45 % of the cycle, walking ~60 %.
RUN_STANCE_RANGE = (30.0, 45.0)
WALK_STANCE_RANGE = (55.0, 70.0)


def synthetic_contacts(strikes, contact_s=0.25, fs=1000.0, duration=4.0):
    """Half-sine vertical forces of 1500 N peak starting at the given foot strikes."""
    t = np.arange(0, duration, 1 / fs)
    f = np.zeros_like(t)
    for s in strikes:
        inside = (t >= s) & (t < s + contact_s)
        f[inside] = 1500 * np.sin(np.pi * (t[inside] - s) / contact_s)
    return t, f


def test_detect_contacts_recovers_known_events():
    strikes = [0.5, 1.2, 1.9, 2.6]
    t, f = synthetic_contacts(strikes)
    found_s, found_o = gait.detect_contacts(t, f, threshold_n=20.0)
    np.testing.assert_allclose(found_s, strikes, atol=0.005)
    np.testing.assert_allclose(found_o, np.array(strikes) + 0.25, atol=0.005)


def test_short_spikes_are_not_contacts():
    t, f = synthetic_contacts([0.5])
    f[(t > 2.0) & (t < 2.02)] = 100.0  # 20 ms spike
    strikes, offs = gait.detect_contacts(t, f)
    assert len(strikes) == 1 and len(offs) == 1


def test_braking_end_on_a_known_force():
    t = np.arange(0, 1, 0.001)
    strike, off, change = 0.2, 0.45, 0.32
    ap = np.where(t < change, -200.0, 250.0) * ((t >= strike) & (t <= off))
    assert abs(gait.braking_end(t, ap, strike, off) - change) < 0.002
    # the same with the axis flipped: braking is judged from the early force, not a sign
    assert abs(gait.braking_end(t, -ap, strike, off) - change) < 0.002


def test_stride_events_in_percent():
    table = gait.stride_events(np.array([0.0, 1.0, 2.0]), np.array([0.4, 1.35]), np.array([0.5, 1.5]))
    np.testing.assert_allclose(table["toe_off"], [40.0, 35.0])
    np.testing.assert_allclose(table["contralateral_foot_strike"], [50.0, 50.0])
    assert table["contralateral_toe_off"].isna().all()


@pytest.mark.parametrize("gait_name", ["run", "walk"])
def test_phases_tile_the_cycle(gait_name):
    for source in runmuscles.sources_for(gait_name):
        phases = runmuscles.load_phases(gait_name, source)
        assert phases["start"].iloc[0] == 0 and phases["end"].iloc[-1] == 100
        np.testing.assert_array_equal(phases["end"].to_numpy()[:-1], phases["start"].to_numpy()[1:])
        assert (phases["end"] > phases["start"]).all()
        assert set(phases["kind"]) == {"stance", "swing"}


def test_running_stance_and_float_phases_from_measured_events():
    events = runmuscles.load_events("run")
    toe_off = events.loc["toe_off", "percent"]
    assert RUN_STANCE_RANGE[0] <= toe_off <= RUN_STANCE_RANGE[1]
    assert events.loc[["toe_off", "contralateral_foot_strike", "contralateral_toe_off"], "measured"].all()
    phases = runmuscles.load_phases("run")
    floats = phases[phases["support"].str.startswith("float")]
    assert list(floats.index) == ["initial_swing", "terminal_swing"]
    # two float phases: toe-off to the other foot's strike (~50 %), and its toe-off to the next strike
    assert floats.loc["initial_swing", "start"] == pytest.approx(toe_off, abs=0.1)
    assert 45 <= floats.loc["initial_swing", "end"] <= 55
    assert floats[["start_measured", "end_measured"]].all().all()
    # the mid-braking boundary is a convention and is flagged as such
    assert not phases.loc["loading_response", "end_measured"]


def test_walking_stance_is_longer_than_running():
    walk = runmuscles.load_events("walk").loc["toe_off", "percent"]
    assert WALK_STANCE_RANGE[0] <= walk <= WALK_STANCE_RANGE[1]
    assert walk > runmuscles.load_events("run").loc["toe_off", "percent"] + 15


def test_unrecorded_foot_is_flagged_as_convention():
    events = runmuscles.load_events("walk", "santuz2020_raw")
    assert not events.loc["contralateral_foot_strike", "measured"]
    assert events.loc["toe_off", "measured"]


def test_phase_at_and_errors():
    assert runmuscles.phase_at(5, "run").name == "loading_response"
    assert runmuscles.phase_at(70, "run").name == "mid_swing"
    with pytest.raises(ValueError, match="0..100"):
        runmuscles.phase_at(120)
    with pytest.raises(ValueError, match="'run', 'walk'"):
        runmuscles.load_phases("jog")
    with pytest.raises(ValueError, match="rajagopal2016"):
        runmuscles.load_phases("run", "nope")


def test_strides_give_cadence():
    strides = runmuscles.load_strides("run", "santuz2020_synergies")
    assert len(strides) == 30
    pd.testing.assert_series_equal(strides["cadence_spm"], 120 / strides["stride_time_s"], check_names=False)
    assert strides["cadence_spm"].between(140, 200).all()


def test_phase_descriptions_are_specific_to_the_gait():
    """Walking has no braking-to-propulsion story in mid-stance and no float: its texts are its own."""
    run, walk = runmuscles.load_phases("run"), runmuscles.load_phases("walk")
    for phase in ("loading_response", "mid_stance", "initial_swing", "mid_swing", "terminal_swing"):
        assert run.loc[phase, "description"] != walk.loc[phase, "description"], phase
    assert "double support" in walk.loc["loading_response", "description"]
    assert "Braking" in run.loc["mid_stance", "description"]
    assert "float" not in " ".join(walk["support"])
