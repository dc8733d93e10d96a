"""The EMG pipeline on synthetic signals whose envelope and events are known."""

from __future__ import annotations

import numpy as np
import pytest

from runmuscles import emg

FS = 1000.0  # Hz
BURST_CENTRE_S = 0.30  # s, centre of the synthetic muscle burst within each 1 s stride
BURST_WIDTH_S = 0.10  # s, Gaussian SD of the burst


def synthetic_recording(strides: int = 4, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """White noise (the motor-unit carrier) modulated by a known envelope, plus slow drift.

    Returns time [s], raw signal and the true envelope.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(0, strides, 1 / FS)
    phase = t % 1.0
    envelope = 0.05 + np.exp(-0.5 * ((phase - BURST_CENTRE_S) / BURST_WIDTH_S) ** 2)
    drift = 2.0 * np.sin(2 * np.pi * 0.5 * t)  # movement artefact well below the band-pass
    return t, envelope * rng.normal(size=t.size) + drift, envelope


def test_envelope_recovers_known_shape_and_timing():
    t, raw, truth = synthetic_recording()
    env = emg.linear_envelope(raw, FS)
    inner = slice(int(FS), int(3 * FS))  # away from the edges
    r = np.corrcoef(env[inner], truth[inner])[0, 1]
    assert r > 0.95
    stride = env[int(FS) : int(2 * FS)]
    assert abs(np.argmax(stride) / FS - BURST_CENTRE_S) < 0.02


def test_bandpass_removes_slow_drift():
    t = np.arange(0, 4, 1 / FS)
    drift = np.sin(2 * np.pi * 1.0 * t)
    out = emg.bandpass(drift, FS)
    assert np.abs(out[500:-500]).max() < 0.05 * np.abs(drift).max()


def test_envelope_is_non_negative_and_keeps_shape():
    t, raw, _ = synthetic_recording()
    env = emg.linear_envelope(np.column_stack([raw, 2 * raw]), FS)
    assert env.shape == (t.size, 2)
    assert (env >= 0).all()
    np.testing.assert_allclose(env[:, 1], 2 * env[:, 0], rtol=1e-6, atol=1e-9)


def test_time_normalise_maps_a_linear_ramp_exactly():
    t = np.linspace(0, 10, 1001)
    x = 3 * t
    out = emg.time_normalise(t, x, 2.0, 4.0)
    np.testing.assert_allclose(out, np.linspace(6.0, 12.0, 101))


def test_cut_strides_and_summary_peak_is_one():
    t, raw, _ = synthetic_recording(strides=5)
    env = emg.linear_envelope(raw, FS)
    strides = emg.cut_strides(t, env, np.array([0.0, 1.0, 2.0, 3.0, 4.0, 4.999]))
    assert strides.shape == (5, 101)
    mean, sd = emg.summarise_strides(strides)
    assert mean.max() == 1.0
    assert abs(int(np.argmax(mean)) - 100 * BURST_CENTRE_S) <= 2
    assert (sd >= 0).all() and sd.max() > 0


def test_single_stride_has_zero_spread():
    mean, sd = emg.summarise_strides(np.array([[0.0, 2.0, 1.0]]))
    np.testing.assert_array_equal(mean, [0.0, 1.0, 0.5])
    np.testing.assert_array_equal(sd, [0.0, 0.0, 0.0])


def test_alignment_score_finds_the_true_rate_and_lead():
    """An envelope that leads a force by 30 ms scores best at the true rate and lag."""
    t_force = np.arange(0, 6, 0.001)
    force = np.clip(np.sin(2 * np.pi * t_force / 0.7), 0, None)
    true_rate, lead = 1000.0, 0.03
    envelope = np.clip(np.sin(2 * np.pi * (np.arange(6000) / true_rate + lead) / 0.7), 0, None)
    r_true, lag_true = emg.alignment_score(envelope, true_rate, force, t_force)
    r_wrong, _ = emg.alignment_score(envelope, 960.0, force, t_force)
    assert r_true > 0.99 and abs(lag_true - lead) < 0.006
    assert r_wrong < r_true - 0.1


@pytest.mark.parametrize("cutoff", [0.0, 600.0])
def test_bad_cutoff_is_refused_with_a_clear_message(cutoff):
    with pytest.raises(ValueError, match="Nyquist"):
        emg.lowpass(np.zeros(100), FS, cutoff)


def test_stride_outside_signal_is_refused():
    with pytest.raises(ValueError, match="outside the signal"):
        emg.time_normalise(np.arange(10.0), np.arange(10.0), 5.0, 20.0)


# ------------------------------------------------------------------ missing samples are never silent


def _raw_with_gap(start: int, length: int) -> np.ndarray:
    rng = np.random.default_rng(3)
    t = np.arange(0, 2, 1 / FS)
    raw = np.column_stack([rng.normal(size=t.size), rng.normal(size=t.size)])
    raw[start : start + length, 1] = np.nan
    return raw


def test_envelope_refuses_a_missing_sample_naming_channel_and_time():
    raw = _raw_with_gap(1234, 1)
    with pytest.raises(ValueError, match=r"channel 'TA': sample 1234 at t = 1\.234 s is missing") as error:
        emg.linear_envelope(raw, FS, channels=["SOL", "TA"])
    assert "fill_gaps" in str(error.value)
    raw[1234, 1] = np.inf
    with pytest.raises(ValueError, match=r"channel 1: sample 1234 at t = 1\.234 s is not finite \(inf\)"):
        emg.linear_envelope(raw, FS)


def test_short_gaps_are_filled_and_counted_and_the_envelope_stays_finite():
    raw = _raw_with_gap(500, 7)
    clean = _raw_with_gap(0, 0)
    filled, counts = emg.fill_gaps(raw, FS, channels=["SOL", "TA"])
    assert counts.tolist() == [0, 7]
    np.testing.assert_array_equal(filled[:, 0], clean[:, 0])  # the untouched channel is unchanged
    # the filled samples lie on the straight line between the neighbours
    line = np.linspace(raw[499, 1], raw[507, 1], 9)[1:-1]
    np.testing.assert_allclose(filled[500:507, 1], line)
    env = emg.linear_envelope(filled, FS)
    assert np.isfinite(env).all()
    # 7 ms of straight line hardly moves a 10 Hz envelope
    ref = emg.linear_envelope(clean, FS)
    assert np.max(np.abs(env[:, 1] - ref[:, 1])) < 0.1 * ref[:, 1].max()
    assert np.isnan(raw[500, 1])  # the input is not modified


def test_long_gaps_and_gaps_at_the_ends_are_refused():
    with pytest.raises(ValueError, match=r"channel 'TA': 11 missing samples at t = 0\.500–0\.510 s: longer than 10 ms"):
        emg.fill_gaps(_raw_with_gap(500, 11), FS, channels=["SOL", "TA"])
    with pytest.raises(ValueError, match="at the start of the signal"):
        emg.fill_gaps(_raw_with_gap(0, 2), FS)
    raw = _raw_with_gap(0, 0)
    raw[-1, 0] = np.nan
    with pytest.raises(ValueError, match="channel 0: 1 missing samples .* at the end"):
        emg.fill_gaps(raw, FS)


def test_stride_summary_refuses_a_missing_point():
    strides = np.ones((3, 101, 2))
    strides[1, 40, 1] = np.nan
    with pytest.raises(ValueError, match=r"stride 2 of 3, point 40 of the cycle, channel 'TA' is nan"):
        emg.summarise_strides(strides, channels=["SOL", "TA"])
    one = np.ones((2, 101))
    one[0, 7] = np.inf
    with pytest.raises(ValueError, match=r"stride 1 of 2, point 7 of the cycle is inf"):
        emg.summarise_strides(one)
    with pytest.raises(ValueError, match="no stride"):
        emg.summarise_strides(np.empty((0, 101)))
