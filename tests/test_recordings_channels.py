"""EMG channels: labels labs use, explicit mappings, and the signal checks on synthetic and real channels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from runmuscles.recordings import assess_signal, parse_label, parse_mapping, read_recording
from runmuscles.recordings.channels import band_for_rate, is_candidate

HERE = Path(__file__).parent / "data" / "recordings"
RATE = 1000.0
T = np.arange(0, 10, 1 / RATE)
RNG = np.random.default_rng(11)


@pytest.mark.parametrize(
    "label, description, muscle, side",
    [
        ("RTA", "", "tibialis_anterior", "right"),
        ("R_TA", "", "tibialis_anterior", "right"),
        ("Voltage.RVL", "", "vastus_lateralis", "right"),
        ("Right Tibialis anterior", "", "tibialis_anterior", "right"),
        ("Left Biceps Femoris Caput Longu", "", "biceps_femoris", "left"),  # cut at 32 characters by BTS
        ("LSOL", "", "soleus", "left"),
        ("MG", "", "gastrocnemius_medialis", None),
        ("L_VL", "", "vastus_lateralis", "left"),
        ("R BF", "", "biceps_femoris", "right"),
        ("ST_R", "", "semitendinosus", "right"),
        ("RRF", "", "rectus_femoris", "right"),
        ("RGMAX", "", "gluteus_maximus", "right"),
        ("L GMED", "", "gluteus_medius", "left"),
        ("R_PL", "", "peroneus_longus", "right"),
        ("soleusr", "", "soleus", "right"),
        ("RTTI", "Rt tibialis", "tibialis_anterior", "right"),
        ("EMG 3", "", None, None),
    ],
)
def test_labels_labs_use(label, description, muscle, side):
    got_muscle, got_side, _ = parse_label(label, description)
    assert (got_muscle, got_side) == (muscle, side)


@pytest.mark.parametrize("label", ["SO", "GM", "GL", "MA", "ME", "FL", "RGAS", "Voltage.LGAS", "Rt gastroc", "R_GL"])
def test_ambiguous_abbreviations_are_not_guessed(label):
    muscle, _, why = parse_label(label)
    assert muscle is None and "ambiguous" in why


def test_explicit_mapping():
    assert parse_mapping(["EMG 3=tibialis_anterior", "SO=soleus_left", "X=right glute max", "Pin 4=ignore"]) == {
        "EMG 3": ("tibialis_anterior", None),
        "SO": ("soleus", "left"),
        "X": ("gluteus_maximus", "right"),
        "Pin 4": (None, None),
    }
    with pytest.raises(ValueError, match="Valid ids"):
        parse_mapping(["EMG 3=tibialis_anteriorr"])
    with pytest.raises(ValueError, match="LABEL=MUSCLE"):
        parse_mapping(["EMG 3"])


def _burst_emg():
    """Raw EMG: noise whose amplitude rises and falls once a second."""
    return RNG.normal(size=T.size) * (0.1 + np.exp(-(((T % 1.0) - 0.3) / 0.08) ** 2))


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda: _burst_emg(), "raw"),
        (lambda: np.zeros(T.size), "flat"),
        (lambda: np.full(T.size, 2.5), "flat"),
        (lambda: np.where(np.sin(2 * np.pi * 0.5 * T) > 0, 5.0, 0.0), "not_emg"),  # sync square wave
        (lambda: np.clip(_burst_emg(), -0.3, 0.3), "clipped"),
        (lambda: np.sin(2 * np.pi * 50 * T) + 0.1 * RNG.normal(size=T.size), "mains"),
        (lambda: np.sin(2 * np.pi * 60 * T) + 0.3 * np.sin(2 * np.pi * 180 * T) + 0.1 * RNG.normal(size=T.size), "mains"),
        (lambda: np.sin(2 * np.pi * 1.0 * T) + 0.01 * RNG.normal(size=T.size), "not_emg"),  # a slow signal
        (lambda: np.abs(_burst_emg()), "rectified"),
        (lambda: 0.05 + np.exp(-(((T % 1.0) - 0.3) / 0.08) ** 2), "envelope"),
    ],
)
def test_signal_kinds(make, kind):
    quality = assess_signal(make(), RATE)
    assert quality.kind == kind, quality.reason
    assert quality.usable == (kind in ("raw", "rectified", "envelope"))


def test_rate_too_low_for_the_band_pass():
    assert band_for_rate(1000.0) == (20.0, 450.0)
    assert band_for_rate(600.0) == (20.0, 285.0)
    assert band_for_rate(60.0) is None
    slow = np.random.default_rng(2).normal(size=600)
    assert assess_signal(slow, 60.0).kind == "rate"


def test_candidates():
    assert not is_candidate("Force.Fz1", "N", "", False)[0]
    assert not is_candidate("Moment.Mx2", "Nmm", "", False)[0]
    assert not is_candidate("Voltage.FootswitchA", "V", "", False)[0]
    assert not is_candidate("Voltage.5", "V", "", True)[0]  # listed in FORCE_PLATFORM:CHANNEL
    assert is_candidate("Voltage.RTA", "V", "", False)[0]


def test_real_channels():
    """The treadmill file's voltages are mains pick-up; the gaitalytics sync channels are on/off signals."""
    treadmill = read_recording(HERE / "vicon-nexus_treadmill-walk_no-emg_gaitalytics.c3d")
    kinds = {lab: assess_signal(treadmill.analog[k], treadmill.rate).kind for k, lab in enumerate(treadmill.labels)
             if lab.startswith("Voltage")}
    assert set(kinds.values()) == {"mains"} and len(kinds) == 12
    walk = read_recording(HERE / "vicon-nexus_walk_gaitalytics.c3d")
    index = {lab: k for k, lab in enumerate(walk.labels)}
    assert assess_signal(walk.analog[index["Voltage.15"]], walk.rate).kind == "not_emg"
    assert assess_signal(walk.analog[index["Voltage.16"]], walk.rate).kind == "not_emg"
    for label in ["Voltage.RTA", "Voltage.RVL", "Voltage.LST", "Voltage.RBF"]:
        assert assess_signal(walk.analog[index[label]], walk.rate).kind == "raw", label
