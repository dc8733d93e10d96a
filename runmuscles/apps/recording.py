"""Your own recording: upload a lab file, check what was found, and see it beside the published curves.

The app reads an uploaded C3D, CSV or OpenSim file through :func:`runmuscles.recordings.process_recording`
(the shipped tables' pipeline), shows the report (channels used and left out, where the foot strikes
came from, warnings), lets the user fix the channel mapping and the foot strikes on the page, and
shows the recording's curves beside the reference data of the same gait and in the gait-cycle
explorer as one more data set.

The upload is written to a temporary folder that is removed as soon as it is read; the processed
recording lives only in this kernel's data-set registry (one kernel per page), so no other user sees it.

Examples
--------
>>> from runmuscles.apps.recording import RecordingUpload
>>> app = RecordingUpload()
>>> app.max_upload_mb
200
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import datasets
from ..style import GAIT_LABEL
from .plotview import PlotView

__all__ = ["MAX_UPLOAD_MB", "RecordingUpload", "comparison_figure", "parse_strikes", "report_html"]

#: Largest file accepted from the browser [MB]; bigger recordings go through ``runmuscles process``.
MAX_UPLOAD_MB = 200

#: File types the reader takes.
ACCEPT = ".c3d,.csv,.txt,.tsv,.mot,.sto"


def parse_strikes(text: str) -> dict[str, tuple[np.ndarray, np.ndarray]] | None:
    """Foot contacts typed on the page: one ``touchdown_s, liftoff_s`` pair per line [s] (right foot).

    Returns None for empty text.

    Raises
    ------
    ValueError
        A line that is not two numbers, naming the line.

    Examples
    --------
    >>> parse_strikes("0.50, 1.12\\n1.55, 2.18")["right"][0].tolist()
    [0.5, 1.55]
    >>> parse_strikes("")
    """
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p for p in line.replace(";", ",").replace("\t", ",").split(",") if p.strip()]
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise ValueError(f"foot strikes, line {number}: {line.strip()!r} is not two numbers (touchdown, lift-off in s)") from None
        if len(values) != 2 or not all(np.isfinite(values)) or values[1] <= values[0]:
            raise ValueError(f"foot strikes, line {number}: give touchdown and lift-off in s, lift-off later")
        rows.append(values)
    if not rows:
        return None
    table = np.asarray(sorted(rows))
    # the next touchdown closes each stride, so every touchdown but the last needs its lift-off
    return {"right": (table[:, 0], table[:-1, 1] if len(table) > 1 else table[:, 1])}


def report_html(report: dict[str, Any]) -> str:
    """The processing report as short HTML for students (every value escaped)."""
    e = html.escape
    used = "".join(
        f"<li><b>{e(str(c.get('column', c.get('label'))))}</b> from channel {e(str(c.get('label')))}"
        + (f" ({e(str(c['mapped_by']))})" if c.get("mapped_by") else "") + "</li>"
        for c in report.get("channels_used", [])
    )
    left = "".join(
        f"<li>{e(str(c.get('label')))}: {e(str(c.get('reason')))}</li>" for c in report.get("channels_left_out", [])
    )
    events = "".join(
        f"<li>{e(side)}: {e(str(info.get('source')))}, {e(str(info.get('strides', 0)))} strides</li>"
        for side, info in report.get("events", {}).items()
        if isinstance(info, dict)
    )
    warnings = "".join(f"<li>{e(str(w))}</li>" for w in report.get("warnings", []))
    rates = report.get("rates_hz", {})
    return (
        f"<div class='rm-report'><p><b>{e(str(report.get('file', '')))}</b>: {e(str(report.get('system', '')))}, "
        f"analog {e(str(rates.get('analog', '?')))} Hz, {e(str(report.get('duration_s', '?')))} s.</p>"
        f"<p><b>Muscles found</b></p><ul>{used or '<li>none</li>'}</ul>"
        + (f"<p><b>Left out</b></p><ul>{left}</ul>" if left else "")
        + f"<p><b>Foot strikes</b></p><ul>{events or '<li>none</li>'}</ul>"
        + (f"<p><b>Warnings</b></p><ul>{warnings}</ul>" if warnings else "")
        + "</div>"
    )


def comparison_figure(gait: str, mine: str, reference: str | None = None):
    """The recording's curves beside a reference data set's, one panel per muscle both have.

    Parameters
    ----------
    gait : {"run", "walk"}
    mine : str
        The registered recording's data set id.
    reference : str, optional
        Data set to compare with; default: the gait's default.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from .. import load_activation, load_activation_sd, load_muscles

    reference = datasets.resolve(gait, reference)
    a, b = load_activation(gait, mine), load_activation(gait, reference)
    sd_a, sd_b = load_activation_sd(gait, mine), load_activation_sd(gait, reference)
    names = load_muscles()["name"]
    common = [m for m in a.columns if m in b.columns]
    shown = common or list(a.columns)
    cols = 3
    rows = max(1, -(-len(shown) // cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[names.get(m, m) for m in shown],
                        shared_xaxes=True, vertical_spacing=0.12 / max(rows, 1) * 2)
    ref_label = datasets.get(reference).caption(gait)
    my_label = datasets.get(mine).caption(gait)
    x = a.index.to_numpy()
    for k, m in enumerate(shown):
        r, c = divmod(k, cols)
        for table, sd, label, colour, dash in ((b, sd_b, ref_label, "#575c6d", "dash"), (a, sd_a, my_label, "#00224e", "solid")):
            if m not in table:
                continue
            fig.add_trace(go.Scatter(x=np.r_[x, x[::-1]], y=np.r_[table[m] + sd[m], (table[m] - sd[m])[::-1]],
                                     fill="toself", fillcolor="rgba(120,120,120,0.15)", line={"width": 0},
                                     hoverinfo="skip", showlegend=False), row=r + 1, col=c + 1)
            fig.add_trace(go.Scatter(x=x, y=table[m], name=label, legendgroup=label, showlegend=k == 0,
                                     line={"color": colour, "dash": dash, "width": 2.5},
                                     hovertemplate="%{x} %: %{y:.2f}<extra>" + html.escape(label) + "</extra>"),
                          row=r + 1, col=c + 1)
    fig.update_yaxes(range=[0, 1.3])
    fig.update_layout(
        height=220 * rows + 80, margin={"l": 40, "r": 10, "t": 70, "b": 40},
        title=f"{GAIT_LABEL[gait]}: your curves (solid) and {reference} (dashed), each scaled to its own peak",
        legend={"orientation": "h", "y": -0.08}, template="plotly_white",
    )
    return fig


class RecordingUpload(widgets.VBox):
    """Upload a lab recording, fix what the reader could not tell, and compare it with the published curves.

    Parameters
    ----------
    max_upload_mb : float
        Largest file accepted [MB].
    """

    def __init__(self, max_upload_mb: float = MAX_UPLOAD_MB) -> None:
        self.max_upload_mb = max_upload_mb
        self.file = widgets.FileUpload(accept=ACCEPT, multiple=False, description="Recording")
        self.contacts = widgets.FileUpload(accept=".csv,.txt,.tsv", multiple=False, description="Contacts")
        self.gait = widgets.ToggleButtons(options=[("Walk", "walk"), ("Run", "run")], value="walk",
                                          description="Gait", tooltips=["a walking trial", "a running trial"])
        self.side = widgets.Dropdown(options=[("Right", "right"), ("Left", "left")], value="right", description="Side")
        self.mapping = widgets.Textarea(
            description="Channels", placeholder="one per line, e.g.\nEMG 3=tibialis_anterior\nSO=soleus\nPin 4=ignore",
            layout={"width": "32em", "height": "7em"},
        )
        self.strikes = widgets.Textarea(
            description="Foot strikes", placeholder="optional, right foot: touchdown, lift-off [s] per line\n0.52, 1.14",
            layout={"width": "32em", "height": "5em"},
        )
        self.run_button = widgets.Button(description="Process", button_style="primary", icon="cogs",
                                         tooltip="read the file and compute its activation curves")
        self.status = widgets.HTML(layout={"min_height": "1.5em"})
        self.report = widgets.HTML()
        self.comparison = PlotView()
        self.explorer = widgets.VBox()
        self.dataset_id: str | None = None
        controls = widgets.VBox([
            widgets.HBox([self.file, self.contacts]),
            widgets.HBox([self.gait, self.side]),
            self.mapping,
            self.strikes,
            widgets.HBox([self.run_button, self.status]),
        ])
        super().__init__([controls, self.report, self.comparison, self.explorer])
        self.add_class("rm-recording-app")
        self.run_button.on_click(self._on_process)

    # ------------------------------------------------------------------ helpers

    def _say(self, text: str, error: bool = False) -> None:
        colour = "#9a3412" if error else "#14532d"
        self.status.value = f"<span role='status' style='color:{colour}'>{html.escape(text)}</span>"

    @staticmethod
    def _upload(widget: widgets.FileUpload) -> dict | None:
        value = widget.value
        return value[0] if value else None

    def _too_big(self, item: dict) -> bool:
        return item["size"] > self.max_upload_mb * 1e6

    # ------------------------------------------------------------------ processing

    def process(self, path: str | Path, contacts: str | Path | None = None) -> None:
        """Process a file on disk with the page's settings (what the Process button does after an upload)."""
        from ..recordings import RecordingError, process_recording
        from ..recordings.dataset import recording_dataset

        mapping = [line.strip() for line in self.mapping.value.splitlines() if line.strip()]
        try:
            typed = parse_strikes(self.strikes.value)
            result = process_recording(path, contacts=typed if typed is not None else contacts,
                                       mapping=mapping or None, side=self.side.value, gait=self.gait.value)
        except RecordingError as error:
            self.report.value = report_html(error.report) if error.report else ""
            self._say(str(error), error=True)
            return
        except (ValueError, OSError) as error:
            self._say(str(error), error=True)
            return
        self.report.value = report_html(result.report)
        try:
            dataset = recording_dataset(result, dataset_id="your_recording", label=f"Your recording ({Path(path).name})")
        except ValueError as error:
            self._say(str(error), error=True)
            return
        if self.dataset_id is not None:
            datasets.unregister(self.dataset_id)
        self.dataset_id = datasets.register(dataset).id
        self.comparison.show(comparison_figure(result.gait, self.dataset_id))
        from .explorer import GaitExplorer

        self.explorer.children = [
            widgets.HTML(f"<h3>Your recording in the gait-cycle explorer</h3><p>{html.escape(dataset.caption(result.gait))}"
                         ". Choose another data set in the menu to compare.</p>"),
            GaitExplorer(gait=result.gait, source=self.dataset_id),
        ]
        self._say(f"Processed: {dataset.who(result.gait)}, {len(dataset.record(result.gait).muscles)} muscles.")

    def _on_process(self, _button: widgets.Button | None = None) -> None:
        item = self._upload(self.file)
        if item is None:
            self._say("Choose a recording first (C3D, CSV, TXT or OpenSim .mot/.sto).", error=True)
            return
        contacts_item = self._upload(self.contacts)
        for it in (item, contacts_item):
            if it is not None and self._too_big(it):
                self._say(f"{it['name']} is {it['size'] / 1e6:.0f} MB; the page takes up to {self.max_upload_mb:g} MB. "
                          "Process larger files with the command: runmuscles process FILE --out DIR", error=True)
                return
        self._say("Processing…")
        self.run_button.disabled = True
        try:
            with tempfile.TemporaryDirectory(prefix="runmuscles-upload-") as folder:
                path = Path(folder) / Path(item["name"]).name
                path.write_bytes(bytes(item["content"]))
                contacts = None
                if contacts_item is not None:
                    contacts = Path(folder) / ("contacts_" + Path(contacts_item["name"]).name)
                    contacts.write_bytes(bytes(contacts_item["content"]))
                self.process(path, contacts)
        except Exception as error:  # noqa: BLE001 -- a dashboard never shows a traceback
            self._say(f"Could not process this file: {error}", error=True)
        finally:
            self.run_button.disabled = False

    def close(self) -> None:
        """Forget the recording (removes it from this kernel's registry) and close the widgets."""
        if self.dataset_id is not None and self.dataset_id in datasets.ids():
            datasets.unregister(self.dataset_id)
            self.dataset_id = None
        super().close()
