"""A lab recording through the shipped tables' pipeline: activation, spread, events and phases per side.

The same steps as every shipped data set (:mod:`runmuscles.emg`): band-pass 20-450 Hz, full-wave
rectification and a 10 Hz low-pass (the linear envelope), cut at the foot strikes of one foot,
time-normalised to 101 points, averaged over strides and scaled to each muscle's own peak. Events
are in % of the cycle (0 % = foot strike of that side); phases come from
:func:`runmuscles.gait.build_phases`.

Examples
--------
A synthetic recording: a muscle that bursts at every foot strike, and typed-in foot strikes.

>>> import numpy as np, pandas as pd, tempfile, pathlib
>>> rate, strides = 1000.0, 5
>>> t = np.arange(0, strides + 1, 1 / rate)
>>> burst = np.exp(-(((t % 1.0) - 0.1) / 0.05) ** 2)
>>> raw = np.random.default_rng(0).normal(size=t.size) * (0.05 + burst)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "trial.csv"
>>> pd.DataFrame({"time": t, "R_TA": raw}).to_csv(path, index=False)
>>> strikes = np.arange(0.0, strides + 1)
>>> result = process_recording(path, contacts={"right": (strikes, strikes[:-1] + 0.6)}, gait="walk")
>>> result.activation.shape, result.activation.index.name
((101, 1), 'percent')
>>> int(result.activation["tibialis_anterior"].idxmax())
10
>>> result.report["events"]["right"]["source"], result.report["events"]["right"]["strides"]
('typed-in times', 5)
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import emg, gait
from ..gait import GAITS, build_phases, stride_events
from .channels import (
    ChannelInfo,
    Quality,
    assess_signal,
    band_for_rate,
    is_candidate,
    parse_label,
    parse_mapping,
)
from .events import SIDES, EventSearch, FootEvents, find_events
from .read import Recording, read_recording

__all__ = [
    "RecordingError",
    "SideResult",
    "RecordingResult",
    "process_recording",
    "describe_channels",
    "write_report",
    "NOISE_FLOOR",
    "CONTACTS_HINT",
]

#: A stride-averaged envelope whose lowest point is above this share of its peak does not rise and
#: fall with the stride: it is noise, not muscle activity, and is left out.
NOISE_FLOOR = 0.5

#: How to supply foot strikes when a recording has none.
CONTACTS_HINT = "--contacts touchdowns.csv (columns touchdown_s,liftoff_s in seconds; optional side)"

#: Decimals written to the output tables (as for the shipped tables).
DECIMALS = 5


class RecordingError(ValueError):
    """The recording cannot give an activation curve; the message says what is missing and how to supply it.

    Attributes
    ----------
    report : dict
        What was learnt about the file before stopping (channels, event sources), for the report.
    """

    def __init__(self, message: str, report: dict | None = None):
        super().__init__(message)
        self.report = report or {}


@dataclass
class SideResult:
    """Everything computed for one side (0 % = foot strike of that side).

    Attributes
    ----------
    side : str
        ``right`` or ``left``.
    activation, activation_sd : pandas.DataFrame
        101 rows indexed by ``percent``; one column per muscle (catalogue id, or the channel's label).
    strides : pandas.DataFrame
        One row per stride used: ``start_s``, ``end_s``, ``stride_time_s`` and events in %.
    events : pandas.DataFrame
        Indexed by event: ``percent``, ``sd``, ``n``, ``measured`` (False: placed by convention).
    phases : pandas.DataFrame or None
        As :func:`runmuscles.load_phases` (None when the events give no ordered phases).
    event_source : FootEvents
        The foot events used.
    channels : list of ChannelInfo
        The channels behind the columns, in column order.
    curves : pandas.DataFrame or None
        Every stride's curve on the scale of ``activation``: ``unit`` (stride number), ``percent`` and
        one column per muscle, as :func:`runmuscles.load_curves`.
    """

    side: str
    activation: pd.DataFrame
    activation_sd: pd.DataFrame
    strides: pd.DataFrame
    events: pd.DataFrame
    phases: pd.DataFrame | None
    event_source: FootEvents
    channels: list[ChannelInfo] = field(default_factory=list)
    curves: pd.DataFrame | None = None


@dataclass
class RecordingResult:
    """A processed recording.

    Attributes
    ----------
    sides : dict
        Side -> SideResult.
    gait : str
        ``walk`` or ``run``.
    report : dict
        System, rates, channels used and left out with reasons, event source, strides, warnings.
    """

    sides: dict[str, SideResult]
    gait: str
    report: dict

    def _joined(self, attribute: str) -> pd.DataFrame:
        if len(self.sides) == 1:
            return getattr(next(iter(self.sides.values())), attribute).copy()
        parts = []
        for side, r in self.sides.items():
            table = getattr(r, attribute)
            # a mapped muscle gets the side; a channel's own label already says it
            names = [f"{col}_{side}" if c.muscle else col for col, c in zip(table.columns, r.channels)]
            parts.append(table.set_axis(names, axis=1))
        return pd.concat(parts, axis=1)

    @property
    def activation(self) -> pd.DataFrame:
        """Activation (0..1 of each muscle's own peak), 101 rows indexed by ``percent``; ``_left``/``_right`` with both sides."""
        return self._joined("activation")

    @property
    def activation_sd(self) -> pd.DataFrame:
        """Spread across strides, on the same scale as :attr:`activation`."""
        return self._joined("activation_sd")

    @property
    def events(self) -> pd.DataFrame:
        """Events in % of the cycle with a ``side`` column."""
        return pd.concat([r.events.reset_index().assign(side=side) for side, r in self.sides.items()], ignore_index=True)[
            ["side", "event", "percent", "sd", "n", "measured"]
        ]

    @property
    def phases(self) -> pd.DataFrame:
        """Phases in % of the cycle with a ``side`` column."""
        parts = [r.phases.reset_index().assign(side=side) for side, r in self.sides.items() if r.phases is not None]
        if not parts:
            return pd.DataFrame(columns=["side", "phase", "start", "end"])
        table = pd.concat(parts, ignore_index=True)
        return table[["side", *[c for c in table.columns if c != "side"]]]

    def to_tables(self) -> dict[str, pd.DataFrame]:
        """The output tables by file name (``activation.csv``, ``activation_sd.csv``, ``events.csv``)."""
        return {"activation.csv": self.activation, "activation_sd.csv": self.activation_sd, "events.csv": self.events}

    def write(self, folder: str | Path) -> list[Path]:
        """Write the three tables and ``report.json`` into ``folder`` (created if needed); return the paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in self.to_tables().items():
            path = folder / name
            table.to_csv(path, index=name != "events.csv", float_format=f"%.{DECIMALS}f", lineterminator="\n")
            written.append(path)
        written.append(write_report(self.report, folder))
        return written


def write_report(report: dict, folder: str | Path) -> Path:
    """Write ``report.json`` (UTF-8, sorted keys) into ``folder``."""
    path = Path(folder) / "report.json"
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=_plain) + "\n", encoding="utf-8")
    return path


def _plain(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def _match_mapping(rec: Recording, mapping: dict[str, tuple[str | None, str | None]]) -> dict[int, tuple[str | None, str | None]]:
    """Channel index -> explicit (muscle, side); labels matched exactly, then ignoring case and prefixes."""
    def key(text: str) -> str:
        return re.sub(r"[\s_.\-:]+", "", re.sub(r"^(voltage|emg)[.:_ ]", "", text.strip(), flags=re.I)).lower()

    out = {}
    for label, value in mapping.items():
        hits = [k for k, lab in enumerate(rec.labels) if lab == label]
        hits = hits or [k for k, lab in enumerate(rec.labels) if lab.lower() == label.lower()]
        hits = hits or [k for k, lab in enumerate(rec.labels) if key(lab) == key(label)]
        if not hits:
            raise ValueError(
                f"{rec.path.name}: no channel {label!r} to map; its channels are: {', '.join(rec.labels)}"
            )
        out[hits[0]] = value
    return out


def describe_channels(rec: Recording, mapping=None) -> list[ChannelInfo]:
    """Every analog channel with its muscle, side and signal quality (see :mod:`~runmuscles.recordings.channels`)."""
    explicit = _match_mapping(rec, parse_mapping(mapping))
    out = []
    for k, label in enumerate(rec.labels):
        unit, description = rec.units[k], rec.descriptions[k]
        if k in explicit:
            muscle, side = explicit[k]
            if muscle is None:
                out.append(ChannelInfo(k, label, unit, description, None, None, "", "left out by the mapping",
                                       Quality("ignored", "left out by the mapping"), False))
                continue
            _, label_side, _ = parse_label(label, description)
            out.append(ChannelInfo(k, label, unit, description, muscle, side or label_side, "explicit mapping", "",
                                   assess_signal(rec.analog[k], rec.rate), True))
            continue
        candidate, why = is_candidate(label, unit, description, k in rec.reserved)
        if not candidate:
            out.append(ChannelInfo(k, label, unit, description, None, None, "", why, Quality("not_emg", why), False))
            continue
        muscle, side, how = parse_label(label, description)
        note = "" if muscle else how
        out.append(ChannelInfo(k, label, unit, description, muscle, side, how if muscle else "", note,
                               assess_signal(rec.analog[k], rec.rate), True))
    return out


def _envelope(x: np.ndarray, rate: float, kind: str, settings: emg.EnvelopeSettings) -> np.ndarray:
    """Envelope of one channel: the full linear envelope for raw EMG, only the low-pass for processed signals."""
    x = np.asarray(x, dtype=np.float64)
    if kind == "raw":
        return emg.linear_envelope(x, rate, settings)
    return np.clip(emg.lowpass(x, rate, settings.envelope_hz, settings.order), 0.0, None)


def _conventions(strides: pd.DataFrame, gait_name: str) -> tuple[dict[str, float], dict[str, bool], list[str]]:
    """Mean of each event over the strides, with the events the recording lacks placed by the product's
    conventions (:func:`runmuscles.gait.fill_missing_events`, as for the shipped tables)."""
    measured, notes = gait.fill_missing_events(strides, gait_name, allow_partial=True)
    means = {event: float(strides[event].mean()) for event in measured}
    return means, measured, notes


def _events_table(strides: pd.DataFrame, means: dict[str, float], measured: dict[str, bool], gait_name: str) -> pd.DataFrame:
    names = ["toe_off", "contralateral_foot_strike", "contralateral_toe_off"]
    if gait_name == "run":
        names.insert(0, "braking_end")
    order = ["foot_strike", *names, "next_foot_strike"]  # the order of runmuscles.load_events
    rows = []
    for event in order:
        values = strides[event].dropna() if event in means else pd.Series([0.0 if event == "foot_strike" else 100.0])
        n = len(strides) if event not in means else len(values)
        rows.append({
            "event": event,
            "percent": float(values.mean()),
            "sd": float(values.std(ddof=1)) if len(values) > 1 and event in means else 0.0,
            "n": int(n),
            "measured": bool(measured.get(event, True)),
        })
    return pd.DataFrame(rows).set_index("event")


def _mirror(phases: pd.DataFrame, side: str) -> pd.DataFrame:
    """Phase support labels name the feet; for a left-side cycle the feet swap."""
    if side == "right":
        return phases
    swap = {"right foot": "left foot", "left foot": "right foot"}
    phases = phases.copy()
    phases["support"] = phases["support"].str.replace(r"(right|left) foot", lambda m: swap[m.group(0)], regex=True)
    return phases


def _settings_for(rate: float, settings: emg.EnvelopeSettings) -> tuple[emg.EnvelopeSettings | None, str]:
    band = band_for_rate(rate, settings)
    if band is None:
        return None, ""
    if band[1] < settings.band_high_hz:
        return replace(settings, band_high_hz=band[1]), (
            f"sampled at {rate:g} Hz: the band-pass upper corner is lowered from {settings.band_high_hz:g} Hz to "
            f"{band[1]:g} Hz (95 % of the Nyquist frequency)"
        )
    return settings, ""


def _channel_entry(c: ChannelInfo, column: str | None = None) -> dict:
    entry = {"label": c.label, "unit": c.unit, "muscle": c.muscle, "side": c.side}
    if c.description and c.description != c.label:
        entry["description"] = c.description
    if c.how:
        entry["mapped_by"] = c.how
    if column:
        entry["column"] = column
    if c.quality is not None:
        entry["signal"] = c.quality.kind
        if c.quality.warning:
            entry["warning"] = c.quality.warning
    return entry


def process_recording(
    path: str | Path | Recording,
    contacts=None,
    mapping: list[str] | dict[str, str] | None = None,
    side: str = "right",
    gait: str | None = None,
    settings: emg.EnvelopeSettings = emg.DEFAULT_SETTINGS,
) -> RecordingResult:
    """Process a lab recording into activation curves, events and phases.

    Parameters
    ----------
    path : str, pathlib.Path or Recording
        A C3D, CSV or OpenSim ``.mot``/``.sto`` file (or an already read :class:`Recording`).
    contacts : optional
        Foot contacts supplied by hand: a CSV path (``touchdown_s,liftoff_s[,side]``), a DataFrame, or
        ``{"right": (strikes, offs)}`` with times in s. Used before any source in the file.
    mapping : list of str or dict, optional
        Explicit channel mapping, ``["EMG 3=tibialis_anterior", "SO=soleus", "Pin 4=ignore"]``.
    side : {"right", "left", "both"}
        Which side's cycle to compute (0 % = that foot's strike).
    gait : {"walk", "run"}, optional
        The activity; by default read from the stance share (toe-off before 50 % of the cycle: running).
    settings : runmuscles.emg.EnvelopeSettings
        Filter settings (default: those of the shipped tables).

    Returns
    -------
    RecordingResult

    Raises
    ------
    RecordingError
        The recording cannot give a curve (no usable EMG, no foot strikes, no complete stride); the
        message says what is missing and how to supply it.
    ValueError
        A malformed file, mapping or contacts table (the message names the row, column or channel).
    """
    if side not in (*SIDES, "both"):
        raise ValueError(f"unknown side {side!r}; valid sides are 'right', 'left', 'both'")
    if gait is not None and gait not in GAITS:
        raise ValueError(f"unknown gait {gait!r}; valid gaits are: {', '.join(repr(g) for g in GAITS)}")
    rec = path if isinstance(path, Recording) else read_recording(path)
    sides = list(SIDES) if side == "both" else [side]
    warnings: list[str] = list(rec.notes)
    channels = describe_channels(rec, mapping)
    use_settings, rate_note = _settings_for(rec.rate, settings)
    if rate_note:
        warnings.append(rate_note)
    report: dict = {
        "file": rec.path.name,
        "format": rec.file_format,
        "system": rec.system,
        "rates_hz": {"analog": round(rec.rate, 6), **({"markers": rec.marker_rate} if rec.markers else {})},
        "duration_s": round(rec.duration, 3),
        "force_plates": [{"number": p.number, "type": p.plate_type} for p in rec.plates],
        "settings": {
            "band_pass_hz": [use_settings.band_low_hz, use_settings.band_high_hz] if use_settings else None,
            "envelope_low_pass_hz": settings.envelope_hz,
            "filter_order": settings.order,
        },
        "channels_used": [],
        "channels_left_out": [],
        "events": {},
        "strides": {},
        "warnings": warnings,
    }
    left_out = report["channels_left_out"]
    usable = []
    for c in channels:
        if not c.candidate:
            if c.note != "force plate channel (FORCE_PLATFORM:CHANNEL)":
                left_out.append({**_channel_entry(c), "reason": c.note})
            continue
        if not c.quality.usable:
            left_out.append({**_channel_entry(c), "reason": c.quality.reason})
        elif use_settings is None and c.quality.kind == "raw":
            left_out.append({**_channel_entry(c), "reason": f"sampled at {rec.rate:g} Hz: too slow for raw EMG"})
        else:
            usable.append(c)
    if not usable:
        reasons = sorted({e["reason"].split(":")[0] for e in left_out}) or ["no analog channel besides force plates"]
        raise RecordingError(
            f"{rec.path.name}: no usable EMG channel ({'; '.join(reasons)}); see report.json for each channel, "
            "or name the EMG channels with --map LABEL=MUSCLE",
            report,
        )
    for c in usable:
        if c.side is not None and c.side not in sides:
            continue
        if c.note and not c.muscle:
            warnings.append(f"{c.label}: not mapped to a muscle ({c.note}); kept as {c.label!r}. Map it with --map '{c.label}=MUSCLE'")
        if c.quality.warning:
            warnings.append(f"{c.label}: {c.quality.warning}")

    search = find_events(rec, contacts, sides[0])
    span = (rec.t0, rec.t0 + (rec.n_samples - 1) / rec.rate)
    chosen: dict[str, FootEvents] = {}
    for s in sides:
        events, tried = search.choose(s, span)
        report["events"][s] = {"source": events.source if events else None, "detail": events.detail if events else "",
                               "not_used": tried}
        if events is not None:
            chosen[s] = events
    if not chosen:
        tried = report["events"][sides[0]]["not_used"]
        why = "; ".join(f"{k}: {v}" for k, v in tried.items()) or "nothing found"
        raise RecordingError(
            f"{rec.path.name}: no {' or '.join(sides)} foot strikes to cut strides at ({why}); supply them with "
            f"{CONTACTS_HINT}",
            report,
        )
    for s in sides:
        if s not in chosen:
            warnings.append(f"no complete {s} stride: the {s} side is not computed")

    unsided = [c for c in usable if c.side is None]
    if unsided:
        warnings.append(
            f"{len(unsided)} channel(s) do not say their side ({', '.join(c.label for c in unsided)}); taken as "
            f"{next(iter(chosen))}. Give the side with --map LABEL=MUSCLE_left"
        )
    t = rec.time()
    results: dict[str, SideResult] = {}
    gait_note = "given"
    for s, events in chosen.items():
        mine = [c for c in usable if c.side == s or (c.side is None and s == next(iter(chosen)))]
        if not mine:
            warnings.append(f"no usable {s}-side EMG channel: the {s} side is not computed")
            continue
        other = _other_events(search, events, s, chosen)
        pairs = events.pairs(search.found[events.source].get("left" if s == "right" else "right"), span)
        # one call over all foot strikes, then keep the complete strides (a few may be missing in between)
        every = stride_events(np.unique(np.concatenate([[a for a, _ in pairs], [b for _, b in pairs]])), events.offs,
                              other.strikes if other is not None else None, other.offs if other is not None else None)
        wanted = set(pairs)
        strides = every[[(a, b) in wanted for a, b in zip(every["start_s"], every["end_s"])]].reset_index(drop=True)
        if gait is None:
            gait = "run" if strides["toe_off"].mean() < 50 else "walk"
            gait_note = f"from the stance share: toe-off at {strides['toe_off'].mean():.0f} % of the cycle"
        means, measured, notes = _conventions(strides, gait)
        warnings.extend(f"{s}: {n}" for n in notes)
        columns, mean_cols, sd_cols, kept, unit_cols = [], [], [], [], []

        def cut(c: ChannelInfo, pairs=pairs) -> np.ndarray:
            env = _envelope(rec.analog[c.index], rec.rate, c.quality.kind, use_settings or settings)
            return np.stack([emg.time_normalise(t, env, a, b) for a, b in pairs])

        # the filters release the GIL: channels run side by side on two cores, one channel's copies at a time each
        with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            all_curves = list(pool.map(cut, mine))
        for c, curves in zip(mine, all_curves):
            try:
                mean, sd = emg.summarise_strides(curves)
            except ValueError:
                left_out.append({**_channel_entry(c), "reason": "no activity inside the strides (zero envelope)"})
                continue
            if mean.min() > NOISE_FLOOR:
                left_out.append({**_channel_entry(c), "reason": (
                    f"looks like noise, not muscle activity: its stride-averaged envelope never falls below "
                    f"{100 * mean.min():.0f} % of its peak (it does not rise and fall with the stride)")})
                continue
            column = c.muscle or c.label
            if column in columns:
                warnings.append(f"{c.label}: a second channel for {column}; written as {column} ({c.label})")
                column = f"{column} ({c.label})"
            columns.append(column)
            mean_cols.append(mean)
            sd_cols.append(sd)
            unit_cols.append(curves / curves.mean(axis=0).max())
            kept.append(c)
            written_as = f"{column}_{s}" if len(chosen) > 1 and c.muscle else column
            report["channels_used"].append({**_channel_entry(c, written_as),
                                            "side": c.side or s, "processing": _processing(c.quality)})
        if not kept:
            continue
        index = pd.Index(emg.PERCENT, name="percent")
        activation = pd.DataFrame(np.column_stack(mean_cols), index=index, columns=columns)
        activation_sd = pd.DataFrame(np.column_stack(sd_cols), index=index, columns=columns)
        try:
            phases = _mirror(build_phases(means, measured, gait), s)
        except ValueError as error:
            phases = None
            warnings.append(f"{s}: phases not built ({error})")
        per_stride = pd.concat(
            [pd.DataFrame(np.column_stack([u[k] for u in unit_cols]), columns=columns)
             .assign(unit=str(k + 1), percent=emg.PERCENT) for k in range(len(pairs))]
        )[["unit", "percent", *columns]].reset_index(drop=True)
        results[s] = SideResult(s, activation, activation_sd, strides, _events_table(strides, means, measured, gait),
                                phases, events, kept, per_stride)
        report["events"][s].update({"strides": len(pairs), "gait_cycle_start": f"{s} foot strike"})
        report["strides"][s] = [
            {k: (round(float(v), 4) if pd.notna(v) else None) for k, v in row.items()}
            for row in strides[["start_s", "end_s", "stride_time_s", "toe_off"]].to_dict("records")
        ]
    if not results:
        raise RecordingError(
            f"{rec.path.name}: no channel gives muscle activity ({'; '.join(sorted({e['reason'].split(':')[0] for e in left_out}))}); "
            "see report.json for each channel, or name the EMG channels with --map LABEL=MUSCLE",
            report,
        )
    report["gait"] = {"value": gait, "how": gait_note}
    report["sides"] = list(results)
    return RecordingResult(results, gait, report)


def _other_events(search: EventSearch, events: FootEvents, side: str, chosen: dict[str, FootEvents]) -> FootEvents | None:
    """The other foot's events: from the same source when it has them, else from the other side's chosen source."""
    other = "left" if side == "right" else "right"
    same = search.found.get(events.source, {}).get(other)
    return same if same is not None else chosen.get(other)


def _processing(quality: Quality) -> str:
    return {
        "raw": "band-pass, full-wave rectification, low-pass (linear envelope)",
        "rectified": "already rectified: low-pass only",
        "envelope": "already an envelope: low-pass only",
    }[quality.kind]
