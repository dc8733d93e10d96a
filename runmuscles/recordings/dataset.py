"""A processed recording as one more data set: the same road to every view as the shipped data.

:func:`recording_dataset` turns one side of a :class:`~runmuscles.recordings.process.RecordingResult`
into a :class:`runmuscles.datasets.Dataset` with its tables in the shipped layout;
:func:`runmuscles.datasets.register` then makes every loader, the explorer and the comparisons
accept its id. The registry lives in the Python process (one kernel, one user), so one user's
recording is never visible to another.

Examples
--------
A synthetic walk with two muscles (a burst at foot strike, one before toe-off) and typed-in events:

>>> import numpy as np, pandas as pd, tempfile, pathlib
>>> import runmuscles
>>> from runmuscles import datasets
>>> from runmuscles.recordings import process_recording
>>> t = np.arange(0, 9, 1 / 1000.0)
>>> rng = np.random.default_rng(1)
>>> ta = rng.normal(size=t.size) * (0.05 + np.exp(-(((t % 1.0) - 0.05) / 0.05) ** 2))
>>> sol = rng.normal(size=t.size) * (0.05 + np.exp(-(((t % 1.0) - 0.45) / 0.08) ** 2))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "trial.csv"
>>> pd.DataFrame({"time": t, "R_TA": ta, "R_SOL": sol}).to_csv(path, index=False)
>>> strikes = np.arange(0.0, 9.0)
>>> result = process_recording(path, contacts={"right": (strikes, strikes[:-1] + 0.62)}, gait="walk")
>>> ds = recording_dataset(result, dataset_id="my_walk")
>>> ds.who("walk"), ds.evidence
('1 walker, 8 strides', 'recording')
>>> _ = datasets.register(ds)
>>> runmuscles.load_activation("walk", "my_walk").shape
(101, 2)
>>> int(runmuscles.load_events("walk", "my_walk").loc["toe_off", "percent"])
62
>>> datasets.unregister("my_walk")
"""

from __future__ import annotations

import re

import pandas as pd

from .. import datasets
from ..muscles import load_muscles
from .process import RecordingResult

__all__ = ["recording_dataset"]

_SUBJECT = {"run": "runner", "walk": "walker"}


def _safe_id(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "recording"


def recording_dataset(
    result: RecordingResult, side: str | None = None, dataset_id: str | None = None, label: str | None = None
) -> datasets.Dataset:
    """One side of a processed recording as a :class:`runmuscles.datasets.Dataset` (not yet registered).

    Only channels mapped to a catalogue muscle are included: the views draw muscles, and a channel
    known only by its label cannot be placed on the body or compared.

    Parameters
    ----------
    result : RecordingResult
        From :func:`runmuscles.recordings.process_recording`.
    side : {"right", "left"}, optional
        Default: right if processed, else left. A left-side cycle starts at a left foot strike; the
        product's views, which speak of the right foot, then mean the recorded foot.
    dataset_id, label : str, optional
        Default: from the file name.

    Raises
    ------
    ValueError
        The side was not processed, or none of its channels is mapped to a catalogue muscle (the
        message lists the channel labels to map).
    """
    if side is None:
        side = "right" if "right" in result.sides else next(iter(result.sides))
    if side not in result.sides:
        raise ValueError(f"the recording has no processed {side} side; it has: {', '.join(result.sides)}")
    r = result.sides[side]
    catalogue = set(load_muscles().index)
    keep = [c for c in r.activation.columns if c in catalogue]
    if not keep:
        raise ValueError(
            "no channel is mapped to a catalogue muscle, so the views cannot draw it; map the channels "
            f"({', '.join(map(str, r.activation.columns))}) with LABEL=MUSCLE lines"
        )
    if r.phases is None:
        raise ValueError(
            f"the {side} side's events give no ordered phases (see the report's warnings); check the foot "
            "strikes and toe-offs, or supply them as a contacts table"
        )
    gait = result.gait
    name = str(result.report.get("file", "recording"))
    dataset_id = _safe_id(dataset_id or f"upload_{name.rsplit('.', 1)[0]}")
    label = label or f"Your recording ({name})"
    strides = r.strides.reset_index(drop=True)
    table_strides = pd.DataFrame({
        "unit": [str(k + 1) for k in range(len(strides))],
        "stride_time_s": strides["stride_time_s"].to_numpy(),
        "cadence_spm": 120.0 / strides["stride_time_s"].to_numpy(),
        "toe_off": strides["toe_off"].to_numpy(),
    })
    tables = {
        ("activation", gait): r.activation[keep],
        ("activation_sd", gait): r.activation_sd[keep],
        ("curves", gait): r.curves[["unit", "percent", *keep]],
        ("events", gait): r.events.reset_index(),
        ("phases", gait): r.phases.reset_index(),
        ("strides", gait): table_strides,
    }
    left_out = [c for c in r.activation.columns if c not in catalogue]
    notes = (
        f"Your {side}-side recording ({name}), processed here with the shipped tables' pipeline; "
        f"foot events from {r.event_source.source}."
        + (f" Channels not mapped to a muscle, so not shown: {', '.join(map(str, left_out))}." if left_out else "")
    )
    record = datasets.GaitRecord(
        muscles=tuple(keep),
        people=1,
        strides=len(strides),
        subject=_SUBJECT[gait],
        channels={c.label: (c.muscle or c.label) for c in r.channels if (c.muscle or c.label) in keep},
        notes=notes,
        checks={"event_source": r.event_source.source},
    )
    return datasets.Dataset(
        id=dataset_id,
        label=label,
        title=f"{label}: {record.who()}",
        evidence="recording",
        citations=(),
        licence="Your own data.",
        gaits={gait: record},
        settings=dict(result.report.get("settings", {})),
        tables=tables,
    )
