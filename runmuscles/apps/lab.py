"""The EMG lab app: raw signal to published activation curve, one step at a time.

Each step of :func:`runmuscles.lab.process_lab` has its explanation, its control and, right under them, its
result: steps 1-5 one plot each against time (:func:`runmuscles.lab.signal_figure`,
:func:`runmuscles.lab.grf_figure`), all over the time window the student chooses, and steps 6-7 one plot
of the strides on the gait cycle (:func:`runmuscles.lab.cycle_figure`). Every control acts on release
(``continuous_update=False``); a burst of changes is coalesced (:class:`runmuscles.apps.coalesce.LatestOnly`):
the status line at the top of the lab says "updating…" at once and the plots are dimmed, and the lab
recomputes once, with the controls' values after the burst.

Each plot is sent to the page only when its figure changed, and a time plot carries only the samples
inside the window, decimated for the screen: a new low-pass cut-off re-sends the envelope and the cycle
plots and nothing else, and moving the window re-sends the five time plots but not the cycle plot.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from .. import lab
from ..muscles import load_muscles
from .a11y import SliderNames
from .coalesce import LatestOnly
from .plotview import PlotView

__all__ = ["TIME_STEPS", "EmgLab"]

_SLIDER = {"continuous_update": False, "style": {"description_width": "150px"}, "layout": widgets.Layout(width="520px")}
_STEP_TEXT = {
    "raw": "<b>1 · Raw signal.</b> The electrode records the muscle's electrical activity, 1000 samples a second. "
    "Choose a muscle and the time window to look at; every plot against time below follows it.",
    "bandpass": "<b>2 · Band-pass.</b> Removes slow movement artefact (below the low corner) and high-frequency "
    "noise (above the high corner). The filter runs forwards and backwards, so nothing is delayed.",
    "rectified": "<b>3 · Rectify.</b> Negative values are flipped positive: what matters is how much activity "
    "there is, not its sign.",
    "envelope": "<b>4 · Envelope.</b> A low-pass filter smooths the rectified signal into the muscle's activity "
    "over time. A low cut-off gives a smooth, spread-out curve; a high one keeps fast detail.",
    "grf": "<b>5 · Cut into strides.</b> A right foot strike is the first sample at which the right foot's vertical "
    "force reaches the threshold; the next right foot strike ends the stride.",
    "strides": "<b>6 · Time-normalise.</b> Each stride lasts a slightly different time, so each is stretched onto "
    "0–100 % of the gait cycle (101 points).",
    "average": "<b>7 · Average and scale.</b> The strides are averaged and divided by the mean curve's own peak, so "
    "1.0 means <i>this muscle's own maximum while running</i>, not maximal effort. The band is ± 1 SD over strides; "
    "the dashed curve is the table the rest of the suite uses.",
}


#: While an update is pending the plots are dimmed, so a student sees it beside whichever step they are at.
_STYLE = "<style>.runmuscles-emg-lab.rm-busy .rm-lab-plot { opacity: 0.6; transition: opacity 0.2s; }</style>"
#: The time plots, in page order: step name of :func:`runmuscles.lab.signal_figure`, or "grf".
TIME_STEPS = ("raw", "bandpass", "rectified", "envelope", "grf")


def _text(key: str) -> widgets.HTML:
    return widgets.HTML(f"<div style='font-size:14px; line-height:1.4; margin:6px 0 0 0'>{_STEP_TEXT[key]}</div>")


class EmgLab(widgets.VBox):
    """From raw EMG to the published activation curve, on the shipped running recording.

    Parameters
    ----------
    muscle : str
        Catalogue id of the first muscle shown.
    window : tuple of float
        First visible time window [s].

    Attributes
    ----------
    time_views : dict of str to PlotView
        The plot of each step against time, by :data:`TIME_STEPS` name.
    cycle_view : PlotView
        Steps 6-7 on the gait cycle.

    Examples
    --------
    >>> from runmuscles.apps.lab import EmgLab
    >>> app = EmgLab()
    >>> app.result.max_difference < 1e-5
    True
    >>> app.cutoff.value = 3.0  # only the envelope and the cycle plots change
    >>> {step: view.sends for step, view in app.time_views.items()}
    {'raw': 1, 'bandpass': 1, 'rectified': 1, 'envelope': 2, 'grf': 1}
    """

    def __init__(self, muscle: str = "soleus", window: tuple[float, float] = (0.8, 2.3)) -> None:
        self.recording = lab.load_lab_recording()
        names = load_muscles()["name"]
        self._names = {m: names.get(m, m) for m in self.recording.muscles}
        t_end = float(self.recording.t[-1])
        nyquist = self.recording.fs_hz / 2
        d = lab.LabSettings()

        self.muscle = widgets.Dropdown(
            options=[(self._names[m], m) for m in self.recording.muscles], value=muscle, description="Muscle",
            style=_SLIDER["style"], layout=widgets.Layout(width="420px"),
        )
        self.window = widgets.FloatRangeSlider(
            value=window, min=0.0, max=round(t_end, 3), step=0.05, description="Time window [s]", readout_format=".2f",
            **_SLIDER,
        )
        self.band = widgets.FloatRangeSlider(
            value=(d.band_low_hz, d.band_high_hz), min=5.0, max=round(0.95 * nyquist), step=5.0,
            description="Band-pass [Hz]", readout_format=".0f", **_SLIDER,
        )
        self.cutoff = widgets.FloatSlider(
            value=d.envelope_hz, min=2.0, max=30.0, step=1.0, description="Low-pass [Hz]", readout_format=".0f",
            **_SLIDER,
        )
        self.threshold = widgets.FloatSlider(
            value=d.threshold_n, min=5.0, max=400.0, step=5.0, description="Contact threshold [N]",
            readout_format=".0f", **_SLIDER,
        )
        self.reset = widgets.Button(description="Default settings", icon="undo",
                                    tooltip="The settings used for the published table")
        self.preset_3 = widgets.Button(description="Try 3 Hz", tooltip="A very smooth envelope")
        self.preset_20 = widgets.Button(description="Try 20 Hz", tooltip="A detailed envelope")
        self.status = widgets.HTML(layout=widgets.Layout(margin="4px 0 4px 0", min_height="1.6em"))
        self.summary = widgets.HTML(layout=widgets.Layout(margin="6px 0 6px 0"))
        self._holding = False
        self._dirty: set[str] = set()  # "settings" and/or "window": what changed since the last update
        self.updates = LatestOnly(self._update, status=self.status)

        self.result = lab.process_lab(self.recording, self._settings())
        self.time_views = {step: PlotView() for step in TIME_STEPS}
        self.cycle_view = PlotView()
        for view in (*self.time_views.values(), self.cycle_view):
            view.add_class("rm-lab-plot")
        self._redraw()

        v = self.time_views
        super().__init__(
            [
                widgets.HTML(_STYLE), self.status,
                _text("raw"), widgets.HBox([self.muscle, self.window]), v["raw"],
                _text("bandpass"), self.band, v["bandpass"],
                _text("rectified"), v["rectified"],
                _text("envelope"), widgets.HBox([self.cutoff, self.preset_3, self.preset_20]), v["envelope"],
                _text("grf"), self.threshold, v["grf"],
                _text("strides"), _text("average"), self.summary, widgets.HBox([self.reset]), self.cycle_view,
                SliderNames(),
            ],
            layout=widgets.Layout(max_width="1200px"),
        )
        self.add_class("runmuscles-emg-lab")
        self.updates.busy_widget = self
        self._wire()

    # ------------------------------------------------------------------ state

    def _settings(self) -> lab.LabSettings:
        low, high = self.band.value
        return lab.LabSettings(
            muscle=self.muscle.value, band_low_hz=float(low), band_high_hz=float(high),
            envelope_hz=float(self.cutoff.value), threshold_n=float(self.threshold.value),
        )

    def _wire(self) -> None:
        """Every observer in one place."""
        for control in (self.muscle, self.band, self.cutoff, self.threshold):
            control.observe(self._on_settings, names="value")
        self.window.observe(self._on_window, names="value")
        self.reset.on_click(self._on_reset)
        self.preset_3.on_click(lambda _: self._set_cutoff(3.0))
        self.preset_20.on_click(lambda _: self._set_cutoff(20.0))

    def _on_settings(self, change: dict[str, Any] | None = None) -> None:
        if self._holding:
            return
        self._dirty.add("settings")
        self.updates.request()

    def _on_window(self, change: dict[str, Any] | None = None) -> None:
        self._dirty.add("window")
        self.updates.request()

    def _update(self) -> None:
        """Bring the views up to the controls' current values (run once per burst of changes)."""
        dirty, self._dirty = self._dirty, set()
        settings = self._settings()
        if "settings" in dirty and settings != self.result.settings:
            try:
                result = lab.process_lab(self.recording, settings)
            except ValueError as err:
                self.updates.status_message = (
                    f"<span role='alert' style='color:#b2182b'>These settings do not work: {html.escape(str(err))}. "
                    "Plots unchanged.</span>"
                )
            else:
                self.result = result
                self._redraw()
                return
        if dirty:
            self._show_time()

    def _set_cutoff(self, hz: float) -> None:
        self.cutoff.value = hz

    def _on_reset(self, _button: widgets.Button | None = None) -> None:
        d = lab.LabSettings()
        self._holding = True  # one recomputation for the three changes
        try:
            self.band.value = (d.band_low_hz, d.band_high_hz)
            self.cutoff.value = d.envelope_hz
            self.threshold.value = d.threshold_n
        finally:
            self._holding = False
        self._on_settings()

    # ------------------------------------------------------------------ drawing

    def _show_time(self) -> None:
        """Each time plot for the current result and window (a plot whose figure is unchanged is not sent)."""
        r, window = self.result, self.window.value
        for step, view in self.time_views.items():
            view.show(lab.grf_figure(r, window) if step == "grf" else lab.signal_figure(r, step, window))

    def _redraw(self) -> None:
        r = self.result
        self._show_time()
        self.cycle_view.show(lab.cycle_figure(r, self._names[r.settings.muscle]))
        self._update_summary()

    def _update_summary(self) -> None:
        r = self.result
        name = self._names[r.settings.muscle]
        s = r.settings
        same = r.max_difference < 1e-4
        verdict = (
            "<b>These are the settings of the published table, and the curves coincide</b> "
            f"(largest difference {r.max_difference:.1e} of the peak, the table's rounding)."
            if same
            else f"Largest difference from the published curve: <b>{r.max_difference:.2f}</b> of the peak."
        )
        self.summary.value = (
            f"<div style='font-size:15px' class='rm-lab-summary' data-muscle='{html.escape(s.muscle)}' "
            f"data-band='{s.band_low_hz:g}-{s.band_high_hz:g}' data-envelope-hz='{s.envelope_hz:g}' "
            f"data-threshold-n='{s.threshold_n:g}' data-updates='{self.updates.runs}'>{html.escape(name)}, band-pass {s.band_low_hz:g}–{s.band_high_hz:g} Hz, "
            f"low-pass {s.envelope_hz:g} Hz, threshold {s.threshold_n:g} N, {len(r.strides)} strides: "
            f"peak at <b>{r.peak_percent} %</b> of the cycle (published table: {r.published_peak_percent} %). "
            f"{verdict}</div>"
        )
