"""What every shipped data set's build module provides, and the helpers they share.

A shipped data set is one module in :mod:`runmuscles.build` with two names:

* ``SOURCE``: a :class:`SourceSpec`, the facts the product states about it (label, title, kind of
  evidence, citations, licence, per gait: channels, who was recorded, speed, notes). The build writes
  them with the computed counts into ``sources.json``, which :mod:`runmuscles.datasets` reads.
* ``process(raw_dir, gait) -> Processed``: its raw files turned into per-stride (or per-person)
  curves on the 0..100 % gait-cycle axis, plus per-stride events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import emg, gait
from ..datasets import Citation

__all__ = [
    "GaitSpec",
    "Processed",
    "SourceSpec",
    "channel_lists",
    "check_duplicates",
    "grf_events",
    "source_folder",
    "stance_swing_to_cycle",
]


@dataclass(frozen=True)
class GaitSpec:
    """What a source says about one of its gaits.

    Attributes
    ----------
    channels : dict
        Raw channel name -> catalogue muscle id.
    subject : str
        Who was recorded: ``runner``, ``walker`` or ``person``.
    speed_m_s : float or None
        Speed [m/s] as the source states it; None when it does not.
    speed_text : str
        The speed as the product writes it.
    notes : str
        Caveats shown with the data.
    """

    channels: dict[str, str]
    subject: str
    speed_m_s: float | None
    speed_text: str
    notes: str = ""


@dataclass(frozen=True)
class SourceSpec:
    """The facts of one shipped data set (see the module docstring).

    Attributes
    ----------
    id, label, title : str
        Id, short label for menus, one-line description.
    evidence : {"measured", "reconstructed"}
        Envelopes computed here from raw EMG, or rebuilt from a published synergy factorisation.
    citations : tuple of Citation
        The data set's own reference first.
    licence : str
        Reuse terms as far as they are known.
    raw_folder : str
        Folder under the repository's ``data/raw``.
    gaits : dict
        Gait -> :class:`GaitSpec`.
    """

    id: str
    label: str
    title: str
    evidence: str
    citations: tuple[Citation, ...]
    licence: str
    raw_folder: str
    gaits: dict[str, GaitSpec]

    @property
    def channels(self) -> dict[str, dict[str, str]]:
        """Gait -> {raw channel: catalogue muscle id}."""
        return {g: spec.channels for g, spec in self.gaits.items()}


@dataclass
class Processed:
    """Result of processing one source for one gait.

    Attributes
    ----------
    muscles : list of str
        Catalogue ids, one per channel.
    units : list of str
        Stride numbers or person ids.
    curves : numpy.ndarray
        Shape (units, 101, muscles): activation of each unit on the 0..100 % axis (arbitrary units).
    strides : pandas.DataFrame
        One row per unit: ``stride_time_s`` and events in % (see :func:`runmuscles.gait.stride_events`);
        an event the recording lacks is missing or NaN, and the build places it by convention.
    checks : dict
        Results of the consistency checks run on the raw data.
    """

    muscles: list[str]
    units: list[str]
    curves: np.ndarray
    strides: pd.DataFrame
    checks: dict = field(default_factory=dict)


def channel_lists(spec: SourceSpec, gait_name: str) -> tuple[list[str], list[str]]:
    """Raw channel names and their catalogue ids, in the source's order."""
    mapping = spec.gaits[gait_name].channels
    return list(mapping), list(mapping.values())


def check_duplicates(table: pd.DataFrame, groups: list[list[str]]) -> None:
    """Channels copied from one electrode must be identical; fail loudly if a raw file changes."""
    for group in groups:
        for other in group[1:]:
            if not np.array_equal(table[group[0]].to_numpy(), table[other].to_numpy()):
                raise ValueError(f"expected {other} to duplicate {group[0]} (one electrode), but they differ")


def grf_events(grf: pd.DataFrame, vy: tuple[str, str], vx: str) -> dict[str, np.ndarray]:
    """Foot strikes, toe-offs (both feet) and braking ends from a two-plate (or two-belt) GRF table."""
    t = grf["time"].to_numpy()
    rs, ro = gait.detect_contacts(t, grf[vy[0]].to_numpy())
    ls, lo = gait.detect_contacts(t, grf[vy[1]].to_numpy())
    pairs = [(s, ro[ro > s][0]) for s in rs if np.any(ro > s)]
    brakes = [gait.braking_end(t, grf[vx].to_numpy(), s, o) for s, o in pairs]
    return {"strikes": rs, "offs": ro, "contra_strikes": ls, "contra_offs": lo, "braking_ends": np.asarray(brakes)}


def stance_swing_to_cycle(points: np.ndarray, stance_percent: float) -> np.ndarray:
    """Map a 200-point stance+swing pattern onto 0..100 % of the gait cycle.

    Points 1-100 span stance (foot strike to toe-off) and 101-200 span swing (toe-off to the
    next foot strike); each half is stretched onto its true share of the cycle.

    Parameters
    ----------
    points : numpy.ndarray
        Shape (200,) or (200, channels).
    stance_percent : float
        Toe-off in % of the cycle.

    Returns
    -------
    numpy.ndarray
        Shape (101,) or (101, channels).

    Examples
    --------
    >>> import numpy as np
    >>> curve = stance_swing_to_cycle(np.r_[np.ones(100), np.zeros(100)], 40.0)
    >>> float(curve[30]), float(curve[60])
    (1.0, 0.0)
    """
    points = np.asarray(points, dtype=float)
    if points.shape[0] != 200 or not 0 < stance_percent < 100:
        raise ValueError("expected 200 points (100 stance + 100 swing) and a toe-off inside 0..100 %")
    x_stance = np.linspace(0.0, stance_percent, 100)
    x_swing = np.linspace(stance_percent, 100.0, 100)
    at_toe_off = (points[99] + points[100]) / 2
    x = np.concatenate([x_stance[:-1], [stance_percent], x_swing[1:]])
    y = np.concatenate([points[:99], at_toe_off[None, ...] if points.ndim > 1 else [at_toe_off], points[101:]])
    if y.ndim == 1:
        return np.interp(emg.PERCENT, x, y)
    return np.column_stack([np.interp(emg.PERCENT, x, y[:, k]) for k in range(y.shape[1])])


def source_folder(raw_dir: str | Path, spec: SourceSpec) -> Path:
    """The source's folder under ``data/raw``."""
    return Path(raw_dir) / spec.raw_folder
