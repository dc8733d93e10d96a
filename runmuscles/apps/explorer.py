"""The gait-cycle explorer: play or scrub one stride and see which muscles work, and how we know.

The animated view is one :class:`StrideView` (an ``anywidget``) that receives the whole stride
once — 101 poses, every muscle's activation and spread, the phases — and draws it in the
browser, so scrubbing and playing never wait for the kernel. Plain ipywidgets choose the gait,
the data set, the activity threshold and the muscle whose curve is shown; changing them sends a
new payload from :func:`explorer_payload`, a pure function tested without a kernel.

The payloads of the shipped data sets are computed once (:func:`compute_payload`, by
``python -m runmuscles.build``) and shipped as ``runmuscles/data/explorer_<gait>_<source>.json``: a
dashboard's kernel only reads them, and so never imports pandas, numpy or plotly. A recording
registered in the kernel (:func:`runmuscles.datasets.register`) is computed there.

Examples
--------
>>> from runmuscles.apps import GaitExplorer
>>> app = GaitExplorer()          # last line of a notebook cell displays it
>>> app.view.percent = 37         # jump to 37 % of the stride
"""

from __future__ import annotations

import html
import json
import math
import numbers
from functools import cache
from importlib.resources import files
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from .. import activation, datasets
from .._resources import data_file
from ..activation import MUSCLE_ORDER
from ..style import GAIT_LABEL, activation_lut
from .a11y import SliderNames
from .coalesce import LatestOnly

__all__ = [
    "JUMPS", "SPEED_RANGE", "THRESHOLD_RANGE", "GaitExplorer", "StrideView", "compute_payload", "encode_payload",
    "explorer_payload", "payload_file",
]

#: Range of the "active" threshold the explorer offers [fraction of each muscle's own peak].
THRESHOLD_RANGE = (0.1, 0.9)

#: Range of the playback speed [fraction of real time]; the view's menu offers 0.1, 0.25, 0.5 and 1.
SPEED_RANGE = (0.1, 1.0)

#: Jump buttons: label -> how to find the instant from the events (% of the cycle).
JUMPS = (
    ("Foot strike", "foot_strike"),
    ("Mid-stance", "mid_stance"),
    ("Toe-off", "toe_off"),
    ("Float", "float"),
    ("Mid-swing", "mid_swing"),
    ("Terminal swing", "terminal_swing"),
)

def _jumps(phases, events) -> list[dict[str, Any]]:
    ev = events["percent"]
    to, cfs = ev["toe_off"], ev["contralateral_foot_strike"]
    mid = phases.loc["mid_stance"]
    swing = phases.loc["mid_swing"]
    term = phases.loc["terminal_swing"]
    where = {
        "foot_strike": 0.0,
        "mid_stance": (mid["start"] + mid["end"]) / 2,
        "toe_off": to,
        # running: the first float (toe-off to the other foot's strike); walking has none
        "float": (to + cfs) / 2 if cfs > to else None,
        "mid_swing": (swing["start"] + swing["end"]) / 2,
        "terminal_swing": (term["start"] + term["end"]) / 2,
    }
    return [
        {"label": label, "percent": round(where[key])} for label, key in JUMPS if where[key] is not None
    ]


def _round(values, digits: int = 3) -> list[float]:
    return [round(float(v), digits) for v in values]


def compute_payload(gait_name: str = "run", source: str | None = None) -> dict[str, Any]:
    """Everything the stride view draws, for one gait and data set, computed from the tables (JSON-serialisable).

    Parameters
    ----------
    gait_name : {"run", "walk"}
        Gait.
    source : str, optional
        Data set id; default: the gait's default source.

    Returns
    -------
    dict
        ``muscles`` (rows with data, in :data:`runmuscles.activation.MUSCLE_ORDER`), ``act`` and ``sd`` (101 values per
        muscle, 0..1 of its own peak), ``phases``, ``events``, ``jumps``, ``body`` (101 poses and
        muscle paths from :func:`runmuscles.body.stride_frames`), ``drawn`` (how each muscle with a
        path is drawn: ``data``, ``literature`` or ``none``), ``lut`` (colour of each level
        0..100 %), ``map`` (the front and back body map of every catalogue muscle, from
        :func:`runmuscles.bodymap.map_payload`), the source's citation and counts.
    """
    from .. import (  # pandas and numpy: only where a payload is computed
        activity,
        body,
        bodymap,
        gait,
        muscles,
    )

    source = source or activation.default_source(gait_name)
    table = activation.load_activation(gait_name, source)
    sd = activation.load_activation_sd(gait_name, source)
    phases = gait.load_phases(gait_name, source)
    events = gait.load_events(gait_name, source)
    strides = gait.load_strides(gait_name, source)
    info = activation.source_info(source, gait_name)
    catalogue = muscles.load_muscles()
    frames = body.timed_frames(gait_name, events["percent"])

    order = [m for m in MUSCLE_ORDER if m in table.columns] + [m for m in table.columns if m not in MUSCLE_ORDER]
    rows = []
    for m in order:
        entry = catalogue.loc[m]
        # running: the activity word computed from this data set's curve (and any data set that
        # disagrees), then what the muscle does; walking has no roles in the catalogue
        roles = (
            {pid: activity.role_text(m, pid, entry["roles"].get(pid, ""), gait_name, source) for pid in phases.index}
            if gait_name == "run" else {}
        )
        rows.append(
            {
                "id": m,
                "name": entry["name"],
                "evidence": info["evidence"],
                "roles": roles,
                "actions": list(entry["actions"]),
                "peak": int(table[m].idxmax()),
            }
        )

    drawn = {}
    path_ids = {k[:-2] for k in frames["frames"][0]["muscles"] if k.endswith("_r")}
    for m in sorted(path_ids):
        if m in table.columns:
            drawn[m] = {"style": "data", "name": catalogue.loc[m, "name"]}
            continue
        windows = [
            w for lit in (catalogue.loc[m, "literature"] if m in catalogue.index else []) if lit["gait"] == gait_name
            for w in lit["windows"]
        ]
        name = catalogue.loc[m, "name"] if m in catalogue.index else m
        other = [d for d in (catalogue.loc[m, "datasets"] if m in catalogue.index else []) if d != source]
        if windows:
            drawn[m] = {"style": "literature", "name": name, "windows": windows}
        else:
            drawn[m] = {"style": "none", "name": name, "other_sources": other}

    ev = events["percent"]
    return {
        "gait": gait_name,
        "gait_label": GAIT_LABEL[gait_name],
        "source": source,
        "source_title": info["title"],
        "source_label": info["label"],
        "who": info["who"],
        "speed": info["speed"],
        "citation": info["citation"],
        "doi": info["doi"],
        "evidence": info["evidence"],
        "people": info["people"],
        "strides": info["strides"],
        "stride_time_s": round(float(strides["stride_time_s"].mean()), 3),
        "muscles": rows,
        "act": {m: _round(table[m]) for m in order},
        "sd": {m: _round(sd[m]) for m in order},
        "phases": [
            {
                "id": pid,
                "name": row["name"],
                "start": float(row["start"]),
                "end": float(row["end"]),
                "support": row["support"],
                "description": row["description"],
                "start_measured": bool(row["start_measured"]),
                "end_measured": bool(row["end_measured"]),
            }
            for pid, row in phases.iterrows()
        ],
        "events": {k: round(float(v), 1) for k, v in ev.items()},
        "events_measured": {k: bool(v) for k, v in events["measured"].items()},
        "jumps": _jumps(phases, events),
        "body": frames,
        "drawn": drawn,
        "lut": activation_lut(),
        "map": bodymap.map_payload(gait_name, source),
    }


def encode_payload(payload: dict[str, Any]) -> bytes:
    """A payload as compact UTF-8 JSON: what the page receives and what the shipped files hold."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def payload_file(gait_name: str, source: str) -> str:
    """Name of the shipped payload of a shipped data set, in ``runmuscles/data``."""
    return f"explorer_{gait_name}_{source}.json"


def explorer_payload(gait_name: str = "run", source: str | None = None) -> dict[str, Any]:
    """Everything the stride view draws, for one gait and data set: see :func:`compute_payload`.

    While only the shipped data sets are registered, a shipped data set's payload is read from its file
    (written by :func:`compute_payload` in the build; ``tests/test_explorer.py`` checks they agree), a
    new object on every call. Anything else is computed.

    Examples
    --------
    >>> payload = explorer_payload("walk")
    >>> payload["source"], len(payload["act"]["soleus"])
    ('santuz2020_raw', 101)
    """
    source = datasets.resolve(gait_name, source)
    only_shipped = all(d.evidence != "recording" for d in datasets.all_datasets())
    if only_shipped:
        shipped = data_file(payload_file(gait_name, source))
        if shipped.is_file():
            return json.loads(shipped.read_text(encoding="utf-8"))
    return compute_payload(gait_name, source)


#: The stride view's scripts and stylesheets, in order (the dashboard's widget and the static site use these).
VIEW_SCRIPTS = ("bodymap.js", "explorer.js")
VIEW_STYLES = ("explorer.css", "bodymap.css")


@cache
def _asset(name: str) -> str:
    return (files("runmuscles") / "apps" / name).read_text(encoding="utf-8")


def view_script() -> str:
    """The stride view's ES module (exports ``render``), as one text."""
    return "".join(_asset(n) for n in VIEW_SCRIPTS)


def view_style() -> str:
    """The stride view's stylesheet, as one text."""
    return "".join(_asset(n) for n in VIEW_STYLES)


def _finite_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


class StrideView(anywidget.AnyWidget):
    """Client-side animated view of one stride (runner, phase ribbon, active list, heatmap, curve).

    ``data`` is the payload (from :func:`explorer_payload`). It reaches the page as ``payload``, its UTF-8
    JSON in one binary buffer: the server passes the buffer on without decoding it, and ipywidgets does not
    walk the payload's thousands of values looking for buffers, which made each new payload cost a
    kernel and its server a good part of their time while a class opened the explorer. Synced state:
    ``payload``, ``percent`` (0..100, the instant shown), ``threshold`` (:data:`THRESHOLD_RANGE`, fraction
    of each muscle's own peak), ``selected`` (muscle id whose curve is shown), ``playing`` and ``speed``
    (:data:`SPEED_RANGE`, fraction of real time).

    Every value is checked before it is drawn. Set from Python, a number outside its range is
    clamped and a value of the wrong kind (NaN, text, an unknown muscle) raises
    :class:`traitlets.TraitError`. Sent by the browser — which anyone can make send anything —
    a number outside its range is clamped, anything else is ignored, ``payload`` is never accepted,
    and the value kept is sent back so that the page shows what the kernel holds.

    Examples
    --------
    >>> view = StrideView()
    >>> view.threshold = 5.0
    >>> view.threshold
    0.9
    >>> view.set_state({"percent": float("nan"), "speed": -3})
    >>> view.percent, view.speed
    (0, 0.1)
    >>> view.data = {"gait": "run"}
    >>> view.payload
    b'{"gait":"run"}'
    """

    _esm = view_script()
    _css = view_style()
    data = traitlets.Dict()
    payload = traitlets.Bytes(b"").tag(sync=True)
    percent = traitlets.Int(0).tag(sync=True)
    threshold = traitlets.Float(activation.DEFAULT_THRESHOLD).tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)
    speed = traitlets.Float(0.25).tag(sync=True)

    _RANGES = {"percent": (0, 100), "threshold": THRESHOLD_RANGE, "speed": SPEED_RANGE}

    @traitlets.observe("data")
    def _encode(self, change) -> None:
        self.payload = encode_payload(change["new"])

    @traitlets.validate("percent", "threshold", "speed")
    def _clamp(self, proposal):
        name, value = proposal["trait"].name, proposal["value"]
        if not math.isfinite(value):
            raise traitlets.TraitError(f"{name} must be a finite number, got {value!r}")
        low, high = self._RANGES[name]
        value = min(max(value, low), high)
        return int(round(value)) if name == "percent" else float(value)

    def _selectable(self) -> list[str]:
        """Muscles that can be selected: those with a curve here, then the others on the body map."""
        act = list(self.data.get("act", {}))
        return act + [m for m in self.data.get("map", {}).get("muscles", {}) if m not in act]

    @traitlets.validate("selected")
    def _known_muscle(self, proposal):
        value = proposal["value"]
        known = self._selectable()
        if value and value not in known:
            raise traitlets.TraitError(f"unknown muscle {value!r}; muscles here are: {', '.join(known)}")
        return value

    def _from_browser(self, name: str, value: Any) -> Any:
        """The value to keep for one state key sent by the browser."""
        current = getattr(self, name)
        if name in self._RANGES:
            if not _finite_number(value):
                return current
            low, high = self._RANGES[name]
            value = min(max(value, low), high)
            return int(round(value)) if name == "percent" else float(value)
        if name == "selected":
            return value if isinstance(value, str) and value in self._selectable() else current
        if name == "playing":
            return value if isinstance(value, bool) else current
        if name == "payload":
            return current  # the payload only ever comes from the kernel
        return value

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply state sent by the browser, checked; send back every value that was not taken as sent."""
        checked = {k: (self._from_browser(k, v) if k in self.keys else v) for k, v in sync_data.items()}
        super().set_state(checked)
        corrected = [k for k in sync_data if k in self.keys and k != "payload" and checked[k] != sync_data[k]]
        if "payload" in sync_data:
            corrected.append("payload")
        if corrected:
            self.send_state(key=corrected)


class GaitExplorer(widgets.VBox):
    """The gait-cycle explorer app: controls composed with one :class:`StrideView`.

    Parameters
    ----------
    gait : {"run", "walk"}
        Gait shown first.
    source : str, optional
        Data set; default: the gait's default source.
    threshold : float
        "Active" threshold as a fraction of each muscle's own peak (0..1).
    muscle : str, optional
        Muscle whose curve is shown first (any name the catalogue resolves); default: soleus.
    """

    def __init__(
        self,
        gait: str = "run",
        source: str | None = None,
        threshold: float = activation.DEFAULT_THRESHOLD,
        muscle: str | None = None,
    ) -> None:
        source = datasets.resolve(gait, source)  # a clear message for an unknown gait or data set
        self.gait = widgets.ToggleButtons(
            options=[("Run", "run"), ("Walk", "walk")], value=gait, description="Gait", style={"button_width": "5em"}
        )
        self.source = widgets.Dropdown(
            options=self._source_options(gait), value=source, description="Data", layout={"width": "27em"}
        )
        self.threshold = widgets.FloatSlider(
            value=threshold, min=THRESHOLD_RANGE[0], max=THRESHOLD_RANGE[1], step=0.05, description="Active ≥",
            readout_format=".0%",
            continuous_update=False, layout={"width": "18em"},
            tooltip="Active at or above this share of the muscle's own peak",
        )
        self.muscle = widgets.Dropdown(description="Curve", layout={"width": "16em"})
        self.message = widgets.HTML()
        self.busy = widgets.HTML(layout={"min_width": "6em"})
        self.updates = LatestOnly(lambda: self._load(self.gait.value, self.source.value), status=self.busy)
        self.view = StrideView(threshold=threshold)
        if muscle:
            from ..muscles import resolve_muscle

            muscle = resolve_muscle(muscle)
        self._load(gait, source, muscle or "soleus")
        self._wire()
        toolbar = widgets.HBox(
            [self.gait, self.source, self.threshold, self.muscle, self.busy],
            layout={"flex_flow": "row wrap", "align_items": "center"},
        )
        toolbar.add_class("rm-toolbar")
        super().__init__([toolbar, self.message, self.view, SliderNames()])
        self.add_class("rm-explorer-app")

    @staticmethod
    def _source_options(gait_name: str) -> list[tuple[str, str]]:
        return [(f"{ds.label} · {ds.who(gait_name)} ({ds.evidence})", ds.id) for ds in datasets.for_gait(gait_name)]

    def _load(self, gait_name: str, source: str, selected: str | None = None) -> None:
        try:
            payload = explorer_payload(gait_name, source)
        except Exception as exc:  # noqa: BLE001 -- never show a traceback on a dashboard
            text = html.escape(f"Could not load {gait_name} / {source}: {exc}")
            self.message.value = f"<p class='rm-error' role='alert'>{text}</p>"
            return
        self.message.value = ""
        measured = [row["id"] for row in payload["muscles"]]
        options = self._muscle_options(payload)
        ids = [m for _, m in options]
        keep = selected if selected in ids else (self.view.selected if self.view.selected in ids else measured[-1])
        with self.view.hold_sync():
            self.view.data = payload
            self.view.selected = keep
        self.muscle.options = options
        self.muscle.value = keep

    @staticmethod
    def _muscle_options(payload: dict[str, Any]) -> list[tuple[str, str]]:
        """The curve menu: muscles with a curve in this data set first, then every other muscle of the
        body map, labelled with what there is to show for it."""
        options = [(row["name"], row["id"]) for row in payload["muscles"]]
        have = {m for _, m in options}
        tag = {"literature": "published window only", "none": "no curve here"}
        for mid, entry in payload["map"]["muscles"].items():
            if mid not in have:
                options.append((f"{entry['name']} ({tag.get(entry['style'], entry['style'])})", mid))
        return options

    def _wire(self) -> None:
        """Every observer in one place."""
        self.gait.observe(self._on_gait, names="value")
        self.source.observe(self._on_source, names="value")
        widgets.link((self.threshold, "value"), (self.view, "threshold"))
        widgets.link((self.muscle, "value"), (self.view, "selected"))

    def _on_gait(self, change) -> None:
        gait_name = change["new"]
        options = self._source_options(gait_name)
        self.source.unobserve(self._on_source, names="value")
        self.source.options = options
        self.source.value = activation.default_source(gait_name)
        self.source.observe(self._on_source, names="value")
        self.updates.request()  # a burst of clicks loads one payload, for the last gait and data set

    def _on_source(self, change) -> None:
        if change["new"] is not None:
            self.updates.request()
