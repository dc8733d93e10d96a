"""Santuz group: 30 people walking (1.4 m/s) and running (2.8 m/s), envelopes rebuilt from 8 synergies.

Not recorded envelopes: each person's published 8-synergy factorisation (W x C, 200 points: 100 stance
+ 100 swing) is multiplied back, and the stance and swing halves are stretched onto the person's
measured stance fraction from the cycle timings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..readers import read_cycle_times_mat, read_synergies_mat
from .citations import SANTUZ_2020
from .common import GaitSpec, Processed, SourceSpec, channel_lists, source_folder, stance_swing_to_cycle
from .santuz2020_raw import SANTUZ_CHANNELS

__all__ = ["SOURCE", "SYNERGY_CYCLES", "process"]

_NOTES = (
    "Not recorded envelopes: each person's 8-synergy factorisation (W x C) rebuilt, which leaves "
    "1.5-5.5 % of the variance unexplained. Stance and swing halves are stretched onto each person's "
    "measured stance fraction. The left foot was not recorded: its events are placed by symmetry. "
    "The factorisations come from a university course project's repository, which attributes the "
    "recordings to the Santuz group (see data/raw/santuz2020-synergies/SOURCE.md)."
)

SOURCE = SourceSpec(
    id="santuz2020_synergies",
    label="Santuz group, 30 people (synergies)",
    title="Santuz group: 30 people walking (1.4 m/s) and running (2.8 m/s), envelopes rebuilt from 8 synergies",
    evidence="reconstructed",
    citations=(SANTUZ_2020,),
    licence="No licence file in the repository the factorisations come from; reuse terms unconfirmed.",
    raw_folder="santuz2020-synergies",
    gaits={
        "run": GaitSpec({**SANTUZ_CHANNELS, "SOL": "soleus"}, "runner", 2.8, "2.8 m/s", _NOTES),
        "walk": GaitSpec({**SANTUZ_CHANNELS, "SOL": "soleus"}, "walker", 1.4, "1.4 m/s", _NOTES),
    },
)

#: Cycles the synergy factorisation used (1-based, inclusive), from the project's script.
SYNERGY_CYCLES = (15, 44)


def process(raw: Path, gait_name: str) -> Processed:
    """One curve per person, each scaled to its own peak."""
    folder = source_folder(raw, SOURCE)
    _, muscles = channel_lists(SOURCE, gait_name)
    task = {"run": "TR", "walk": "TW"}[gait_name]
    factors = read_synergies_mat(folder / f"MuscleSynergy_{task}_alen.mat")
    times = read_cycle_times_mat(folder / "CYCLE_TIMES.mat")
    curves, rows = [], []
    for person, (w, c) in sorted(factors.items()):
        cyc = times[(times["task"] == task) & (times["subject"] == person)].sort_values("cycle")
        stride = np.diff(cyc["touchdown_s"].to_numpy())
        stance = cyc["stance_duration_s"].to_numpy()[:-1]
        lo, hi = SYNERGY_CYCLES
        sel = slice(lo - 1, hi)
        stride_s = float(np.median(stride[sel]))
        toe_off = float(100 * np.median(stance[sel] / stride[sel]))
        v = (w @ c).T  # 200 x 13
        curve = stance_swing_to_cycle(v, toe_off)
        curves.append(curve / curve.max(axis=0))  # each person's curve scaled to its own peak
        rows.append({"start_s": np.nan, "end_s": np.nan, "stride_time_s": stride_s, "toe_off": toe_off})
    strides = pd.DataFrame(rows)
    checks = {"people": len(curves), "cycles_used": list(SYNERGY_CYCLES)}
    return Processed(muscles, sorted(factors), np.stack(curves), strides, checks)
