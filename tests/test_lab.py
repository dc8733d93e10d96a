"""The EMG lab: the shipped recording is the raw trial, and the default settings give the shipped table."""

from __future__ import annotations

import itertools
import json

import ipywidgets as widgets
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
#: Samples per second of the lab recording (SOURCE.md: 1 kHz).
SAMPLES_PER_S = 1000
#: Most a click in the lab may send to the page [bytes]. A class of 30 clicking at once on a 20 Mbit/s school
#: connection gets about 80 KB/s each, so a click's plots arrive within about 2 s (one 0.6 MB figure of the
#: whole recording needed about 8 s).
CLICK_BUDGET_BYTES = 150_000
#: The steps :func:`runmuscles.lab.signal_figure` draws, in order (steps 1-4).
SIGNAL_STEPS = ("raw", "bandpass", "rectified", "envelope")


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
    for step in SIGNAL_STEPS:
        fig = lab.signal_figure(r, step, (1.0, 2.0))
        assert len(fig.data) == 2
        assert list(fig.layout.xaxis.range) == [1.0, 2.0]
        assert all(s.x1 >= 1.0 and s.x0 <= 2.0 for s in fig.layout.shapes)  # the stance bands in view
        assert len(lab.signal_figure(r, step).layout.shapes) >= STRIDES  # right-foot stance bands
    assert len(lab.grf_figure(r).data) == 5
    strides = lab.strides_figure(r)
    assert np.isnan(np.asarray(strides.data[0].y, dtype=float)).sum() == STRIDES
    avg = lab.average_figure(r, "Soleus")
    assert [t.name for t in avg.data][2:4] == ["your settings", "published table"]
    with pytest.raises(ValueError, match="valid steps are"):
        lab.signal_figure(r, "smoothed")


def test_each_step_has_its_titled_figure(default_results):
    r = default_results["soleus"]
    titles = [lab.signal_figure(r, step, (1.0, 2.0)).layout.title.text for step in SIGNAL_STEPS]
    titles.append(lab.grf_figure(r, (1.0, 2.0)).layout.title.text)
    assert [t[:3] for t in titles] == ["1 ·", "2 ·", "3 ·", "4 ·", "5 ·"]  # one titled figure per step 1-5
    assert "20–450 Hz" in titles[1]
    assert titles[3].startswith("4 · Envelope") and "low-pass 10 Hz" in titles[3]
    assert f"{STRIDES} strides" in titles[4]
    cycle_view = lab.cycle_figure(r, "Soleus")
    assert len(cycle_view.data) == 1 + 5
    assert [a.text[:3] for a in cycle_view.layout.annotations] == ["6 ·", "7 ·"]
    assert "Soleus" in cycle_view.layout.annotations[1].text


def _points(trace) -> tuple[np.ndarray, np.ndarray]:
    """A trace's x and y, whether its x is given as values or as x0 and dx."""
    y = np.asarray(trace.y, dtype=float)
    x = trace.x if trace.x is not None else trace.x0 + trace.dx * np.arange(len(y))
    return np.asarray(x, dtype=float), y


def test_time_figures_carry_only_the_window_and_every_peak(default_results):
    r = default_results["soleus"]
    short = lab.signal_figure(r, "raw", (1.0, 2.0)).data[1]
    x, y = _points(short)
    tol = 1e-9  # x0 + k * dx is exact to rounding only
    assert x[0] <= 1.0 + tol < x[1] and x[-2] < 2.0 - tol <= x[-1]  # the window and no more, reaching both edges
    first = int(np.rint(x[0] * SAMPLES_PER_S))
    np.testing.assert_allclose(x, r.t[first : first + len(y)], atol=1e-9)
    np.testing.assert_array_equal(y, r.raw[first : first + len(y)].astype(np.float32))  # every sample in it
    for fig in (lab.signal_figure(r, "bandpass"), lab.grf_figure(r)):  # the whole recording: decimated
        for trace in fig.data[:2]:
            assert len(trace.y) <= lab.MAX_POINTS
    x, y = _points(lab.signal_figure(r, "raw").data[1])
    assert len(y) <= lab.MAX_POINTS < len(r.raw)
    samples = np.rint(x * SAMPLES_PER_S).astype(int)  # each point drawn is an original sample, in time order
    assert (np.diff(samples) > 0).all()
    np.testing.assert_array_equal(y, r.raw[samples].astype(np.float32))
    assert y.max() == np.float32(r.raw.max()) and y.min() == np.float32(r.raw.min())


def test_decimation_keeps_every_bucket_s_extremes():
    rng = np.random.default_rng(5)
    y = rng.normal(size=10_007)
    y[[17, 5000, 10_006]] = [40.0, -40.0, 25.0]  # one-sample spikes, one at the very end
    keep = lab.decimate_minmax(y, max_points=500)
    assert len(keep) <= 500
    assert (np.diff(keep) > 0).all() and keep[0] == 0 and keep[-1] == len(y) - 1
    size = -(-len(y) // ((500 - 2) // 2))  # the documented bucket size
    for start in range(0, len(y), size):
        kept = y[keep[(keep >= start) & (keep < start + size)]]
        bucket = y[start : start + size]
        assert bucket.min() in kept and bucket.max() in kept
    assert {17, 5000, 10_006} <= set(keep.tolist())


def test_decimation_keeps_short_signals_whole():
    np.testing.assert_array_equal(lab.decimate_minmax(np.ones(lab.MAX_POINTS)), np.arange(lab.MAX_POINTS))
    assert len(lab.decimate_minmax(np.ones(lab.MAX_POINTS + 1))) <= lab.MAX_POINTS
    with pytest.raises(ValueError, match="at least 4"):
        lab.decimate_minmax(np.ones(10), max_points=3)


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
    assert "low-pass 3 Hz" in app.time_views["envelope"].figure.layout.title.text
    assert "coincide" not in app.summary.value
    app.band.value = (200.0, 200.0)
    assert "do not work" in app.status.value
    assert app.result.settings.envelope_hz == 3.0  # the last good result stays
    app.reset.click()
    assert app.result.settings.is_default and app.status.value == ""
    app.window.value = (2.0, 3.0)
    for view in app.time_views.values():
        assert list(view.figure.layout.xaxis.range) == [2.0, 3.0]


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
    for view in app.time_views.values():
        assert list(view.figure.layout.xaxis.range) == list(app.window.value)
    assert f"low-pass {app.cutoff.value:g} Hz" in app.time_views["envelope"].figure.layout.title.text
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


def _tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def _click(app, control: str, value) -> tuple[set[str], int]:
    """Set one control of the lab; return the steps (their numbers in the figures' titles) whose plots were sent
    to the page, and the bytes sent. Watches the ``outputs`` of every plot area, whatever the app's layout."""
    sent = []

    def record(change):
        sent.append(change["new"])

    views = [w for w in _tree(app) if isinstance(w, widgets.Output)]
    for view in views:
        view.observe(record, names="outputs")
    try:
        getattr(app, control).value = value
    finally:
        for view in views:
            view.unobserve(record, names="outputs")
    steps = set()
    for outputs in sent:
        for output in outputs:
            layout = output["data"].get("application/vnd.plotly.v1+json", {}).get("layout", {})
            titles = [layout.get("title", {}).get("text") or ""] + [a.get("text", "") for a in layout.get("annotations", [])]
            steps |= {title[0] for title in titles if title[1:4] == " · "}
    return steps, sum(len(json.dumps(outputs, ensure_ascii=False).encode()) for outputs in sent)


@pytest.mark.parametrize(
    ("control", "value", "steps"),
    [
        ("cutoff", 3.0, "467"),  # the envelope and what is computed from it
        ("band", (30.0, 450.0), "23467"),  # every signal after the band-pass, not the raw one or the force
        ("window", (1.3, 2.8), "12345"),  # what is seen against time, not the strides
        ("muscle", "tibialis_anterior", "123467"),  # another signal, the same force
        ("threshold", 60.0, "1234567"),  # other foot strikes: stance bands, events and strides
    ],
    ids=["low-pass", "band-pass", "window", "muscle", "threshold"],
)
def test_lab_app_sends_only_the_plots_that_changed(control, value, steps):
    from runmuscles.apps.lab import EmgLab

    sent, _ = _click(EmgLab(), control, value)
    assert sent == set(steps)


@pytest.mark.parametrize(("control", "value"), [("cutoff", 3.0), ("window", (1.3, 2.8))], ids=["low-pass", "window"])
def test_one_click_sends_little(control, value):
    from runmuscles.apps.lab import EmgLab

    _, size = _click(EmgLab(), control, value)
    assert 0 < size <= CLICK_BUDGET_BYTES, size
