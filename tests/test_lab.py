"""The EMG lab: the shipped recording is the raw trial, and the default settings give the shipped table."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import signal

import runmuscles
from runmuscles import lab
from runmuscles.build.lab import build_lab_tables
from runmuscles.readers import read_emg_csv, read_mot

#: Right foot strikes of the running trial listed in data/raw/rajagopal2016/SOURCE.md, detected there
#: from the vertical GRF with a 10 N threshold [s].
RIGHT_FOOT_STRIKES_10N_S = [0.863, 1.547, 2.225, 2.911, 3.614, 4.293, 4.983]
#: First and last sample of the force recording (grf_run.mot header "range 0.230000 5.320000") [s].
GRF_RANGE_S = (0.230, 5.320)
#: Samples in the raw running EMG (SOURCE.md: 5590 rows at 1 kHz).
EMG_SAMPLES = 5590
#: Complete strides in the running trial (SOURCE.md: 6 complete right-foot cycles).
STRIDES = 6
#: The shipped tables store 5 decimals: two computations that agree differ by at most half a unit there.
TABLE_ROUNDING = 0.5e-5
#: Running stance ends at 30-45 % of the cycle at everyday speeds (science.md).
RUNNING_TOE_OFF_MAX = 45


@pytest.fixture(scope="module")
def recording() -> lab.LabRecording:
    """The shipped lab recording, loaded once."""
    return lab.load_lab_recording()


@pytest.fixture(scope="module")
def default_results(recording) -> dict[str, lab.LabResult]:
    """Every muscle processed with the default (published) settings."""
    return {m: lab.process_lab(recording, lab.LabSettings(muscle=m)) for m in recording.muscles}


def test_recording_holds_the_raw_emg_unchanged(recording, raw_dir):
    raw = read_emg_csv(raw_dir / "rajagopal2016" / "emg_raw_run.csv")
    channels = runmuscles.source_info("rajagopal2016", "run")["channels"]
    assert len(recording.t) == EMG_SAMPLES
    assert recording.fs_hz == 1000.0
    for raw_name, muscle in channels.items():
        np.testing.assert_allclose(recording.emg[muscle].to_numpy(), raw[raw_name].to_numpy(), rtol=5e-7, atol=0)


def test_forces_sit_on_the_emg_clock(recording, raw_dir):
    grf = read_mot(raw_dir / "rajagopal2016" / "grf_run.mot")
    has = recording.grf["grf_right_vertical"].notna().to_numpy()
    assert recording.t[has][0] == pytest.approx(GRF_RANGE_S[0])
    assert recording.t[has][-1] == pytest.approx(GRF_RANGE_S[1])
    # sample k of the lab table is the force at k / 1000 s on the force plate's clock
    for k in (230, 863, 2000, 5320):
        row = grf.loc[np.isclose(grf["time"], k / 1000)].iloc[0]
        for raw_name, name in lab.GRF_COLUMNS.items():
            assert recording.grf[name].iloc[k] == pytest.approx(row[raw_name], abs=0.006)


def test_foot_strikes_match_the_source_card(recording):
    result = lab.process_lab(recording, lab.LabSettings(threshold_n=10.0))
    np.testing.assert_allclose(result.strikes, RIGHT_FOOT_STRIKES_10N_S, atol=0.0015)


def test_default_settings_reproduce_every_shipped_curve(default_results):
    table = runmuscles.load_activation("run")
    sd = runmuscles.load_activation_sd("run")
    assert set(default_results) == set(table.columns)
    for muscle, result in default_results.items():
        assert result.settings.is_default
        assert result.strides.shape == (STRIDES, 101)
        np.testing.assert_allclose(result.mean, table[muscle].to_numpy(), atol=TABLE_ROUNDING + 1e-9)
        np.testing.assert_allclose(result.sd, sd[muscle].to_numpy(), atol=TABLE_ROUNDING + 1e-9)
        assert result.peak_percent == int(table[muscle].idxmax())


def _independent_curve(x: np.ndarray, t: np.ndarray, strikes: np.ndarray, low_hz: float) -> np.ndarray:
    """Textbook linear envelope written out with scipy alone, then stride-average and peak scaling."""
    fs = 1000.0
    x = x - x.mean()
    band = signal.butter(4, [20, 450], btype="bandpass", fs=fs, output="sos")
    lowp = signal.butter(4, low_hz, btype="lowpass", fs=fs, output="sos")
    env = np.clip(signal.sosfiltfilt(lowp, np.abs(signal.sosfiltfilt(band, x))), 0, None)
    strides = [np.interp(np.linspace(a, b, 101), t, env) for a, b in itertools.pairwise(strikes)]
    mean = np.mean(strides, axis=0)
    return mean / mean.max()


@pytest.mark.parametrize("low_hz", [3.0, 20.0])
def test_other_cutoffs_match_an_independent_computation(recording, low_hz):
    result = lab.process_lab(recording, lab.LabSettings(muscle="tibialis_anterior", envelope_hz=low_hz))
    expected = _independent_curve(recording.emg["tibialis_anterior"].to_numpy(), recording.t, result.strikes, low_hz)
    np.testing.assert_allclose(result.mean, expected, atol=1e-9)


def test_each_step_is_the_previous_one_processed(default_results):
    r = default_results["soleus"]
    np.testing.assert_allclose(r.rectified, np.abs(r.filtered))
    sos = signal.butter(4, r.settings.envelope_hz, btype="lowpass", fs=1000.0, output="sos")
    np.testing.assert_allclose(r.envelope, np.clip(signal.sosfiltfilt(sos, r.rectified), 0, None), atol=1e-12)
    assert abs(r.filtered.mean()) < 1e-3 * np.abs(r.raw).max()  # the band-pass removes the offset


def test_stance_and_swing_muscles_peak_where_expected(default_results):
    toe_off = runmuscles.load_events("run").loc["toe_off", "percent"]
    assert toe_off < RUNNING_TOE_OFF_MAX
    assert default_results["soleus"].peak_percent < toe_off  # the calf works in stance
    assert default_results["medial_hamstrings"].peak_percent > 80  # hamstrings brake the leg in terminal swing


def _width_at_half(curve: np.ndarray) -> int:
    return int((curve >= 0.5).sum())


def test_a_lower_cutoff_smooths_and_broadens_the_curve(recording):
    curves = {hz: lab.process_lab(recording, lab.LabSettings(envelope_hz=hz)).mean for hz in (3.0, 10.0, 20.0)}
    roughness = {hz: np.abs(np.diff(c, 2)).sum() for hz, c in curves.items()}
    assert roughness[3.0] < roughness[10.0] < roughness[20.0]
    assert _width_at_half(curves[3.0]) >= _width_at_half(curves[10.0])


def test_a_higher_contact_threshold_detects_strikes_later(recording):
    low = lab.process_lab(recording, lab.LabSettings(threshold_n=20.0))
    high = lab.process_lab(recording, lab.LabSettings(threshold_n=300.0))
    assert len(low.strikes) == len(high.strikes)
    assert (high.strikes > low.strikes).all()
    assert (high.strikes - low.strikes).max() < 0.05  # the force rises within tens of ms of contact


def test_bad_settings_raise_clear_errors(recording):
    with pytest.raises(ValueError, match="valid muscles are"):
        lab.process_lab(recording, lab.LabSettings(muscle="biceps_brachii"))
    with pytest.raises(ValueError, match="below the high corner"):
        lab.process_lab(recording, lab.LabSettings(band_low_hz=200.0, band_high_hz=200.0))
    with pytest.raises(ValueError, match="no complete stride"):
        lab.process_lab(recording, lab.LabSettings(threshold_n=5000.0))


def test_build_is_deterministic_and_matches_the_shipped_file(raw_dir, tmp_path, repo_root):
    (first,) = build_lab_tables(raw_dir, tmp_path / "a")
    (second,) = build_lab_tables(raw_dir, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    shipped = repo_root / "runmuscles" / "data" / lab.LAB_FILE
    assert shipped.read_bytes() == first.read_bytes(), "lab table differs from a fresh build"
    table = pd.read_csv(first, compression="gzip")
    assert list(table.columns[:1]) == ["time_s"] and len(table) == EMG_SAMPLES


def test_figures_have_a_fixed_trace_layout(default_results):
    r = default_results["soleus"]
    for step in ("raw", "bandpass", "rectified", "envelope"):
        fig = lab.signal_figure(r, step, (1.0, 2.0))
        assert len(fig.data) == 2
        assert list(fig.layout.xaxis.range) == [1.0, 2.0]
        assert len(fig.layout.shapes) >= STRIDES  # right-foot stance bands
    assert len(lab.grf_figure(r).data) == 5
    strides = lab.strides_figure(r)
    assert np.isnan(np.asarray(strides.data[0].y, dtype=float)).sum() == STRIDES
    avg = lab.average_figure(r, "Soleus")
    assert [t.name for t in avg.data][2:4] == ["your settings", "published table"]
    with pytest.raises(ValueError, match="valid steps are"):
        lab.signal_figure(r, "smoothed")


def test_composed_views_keep_every_step(default_results):
    r = default_results["soleus"]
    time_view = lab.time_figure(r, (1.0, 2.0))
    assert len(time_view.data) == 4 * 2 + 5
    assert len(time_view.layout.annotations) == 5  # one titled panel per step 1-5
    assert "20–450 Hz" in time_view.layout.annotations[1].text
    cycle_view = lab.cycle_figure(r, "Soleus")
    assert len(cycle_view.data) == 1 + 5
    assert "Soleus" in cycle_view.layout.annotations[1].text


def test_lab_app_updates_in_place_and_reports_bad_settings():
    from runmuscles.apps.lab import EmgLab

    app = EmgLab()
    assert "coincide" in app.summary.value
    def mean_curve():
        return np.asarray(next(t for t in app.cycle_view.figure.data if t.name == "your settings").y)

    view, before = app.cycle_view, mean_curve()
    app.cutoff.value = 3.0
    assert app.cycle_view is view
    assert not np.allclose(mean_curve(), before)
    assert "low-pass 3 Hz" in app.time_view.figure.layout.annotations[3].text
    assert "coincide" not in app.summary.value
    app.band.value = (200.0, 200.0)
    assert "do not work" in app.status.value
    assert app.result.settings.envelope_hz == 3.0  # the last good result stays
    app.reset.click()
    assert app.result.settings.is_default and app.status.value == ""
    app.window.value = (2.0, 3.0)
    assert list(app.time_view.figure.layout.xaxis.range) == [2.0, 3.0]


def test_lab_app_stays_consistent_after_200_rapid_changes(monkeypatch):
    """200 changes in a burst (as rapid clicks send them) cost a bounded number of recomputations,
    and afterwards every view shows the controls' final values."""
    import asyncio

    from runmuscles.apps.lab import EmgLab

    computed = []
    real = lab.process_lab
    monkeypatch.setattr(lab, "process_lab", lambda rec, s: computed.append(s) or real(rec, s))
    rng = np.random.default_rng(11)

    async def main():
        app = EmgLab()
        computed.clear()
        for k in range(200):
            choice = k % 5
            if choice == 0:
                app.preset_3.click()
            elif choice == 1:
                app.preset_20.click()
            elif choice == 2:
                app.cutoff.value = float(rng.integers(2, 31))
            elif choice == 3:
                app.threshold.value = float(rng.choice([20.0, 40.0, 60.0]))
            else:
                start = float(rng.choice([0.5, 1.0, 1.5]))
                app.window.value = (start, start + 1.0)
            if k == 100:
                await asyncio.sleep(0.4)  # a pause mid-burst: one update runs, then the burst goes on
            elif k % 10 == 0:
                await asyncio.sleep(0)
        assert "updating" in app.status.value
        await app.updates.settled()
        return app

    app = asyncio.run(main())
    assert len(computed) <= 2, len(computed)
    assert app.result.settings == app._settings()
    s = app.result.settings
    assert f"low-pass {s.envelope_hz:g} Hz, threshold {s.threshold_n:g} N" in app.summary.value
    assert f"data-envelope-hz='{app.cutoff.value:g}'" in app.summary.value
    assert list(app.time_view.figure.layout.xaxis.range) == list(app.window.value)
    assert f"low-pass {app.cutoff.value:g} Hz" in app.time_view.figure.layout.annotations[3].text
    assert app.status.value == ""


def test_lab_app_reset_in_a_burst_keeps_one_update_queue():
    """The reset button joins the burst like any other control (one queue, one count of updates)."""
    import asyncio

    from runmuscles.apps.lab import EmgLab

    async def main():
        app = EmgLab()
        queue = app.updates
        app.preset_20.click()
        await app.updates.settled()
        for button in (app.preset_3, app.reset, app.preset_20, app.reset):
            button.click()
        await app.updates.settled()
        return app, queue

    app, queue = asyncio.run(main())
    assert app.updates is queue and queue.runs == 2 and queue.requests == 5
    assert "data-updates='2'" in app.summary.value and "data-envelope-hz='10'" in app.summary.value
