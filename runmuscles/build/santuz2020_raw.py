"""Santuz et al. (2020): one person's raw treadmill-walking EMG (13 right-leg muscles), as shipped
with the musclesyneRgies R package, with touchdown and lift-off times from the treadmill's pressure plate.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import emg, gait
from ..readers import read_emg_csv
from .citations import MUSCLESYNERGIES, SANTUZ_2020
from .common import GaitSpec, Processed, SourceSpec, channel_lists, source_folder

__all__ = ["SANTUZ_CHANNELS", "SOURCE", "process"]

#: The Santuz group's channel abbreviations for 12 of its 13 muscles (soleus is ``SO`` in the R package
#: and ``SOL`` in the MATLAB factorisations).
SANTUZ_CHANNELS = {
    "ME": "gluteus_medius",
    "MA": "gluteus_maximus",
    "FL": "tensor_fasciae_latae",
    "RF": "rectus_femoris",
    "VM": "vastus_medialis",
    "VL": "vastus_lateralis",
    "ST": "semitendinosus",
    "BF": "biceps_femoris",
    "TA": "tibialis_anterior",
    "PL": "peroneus_longus",
    "GM": "gastrocnemius_medialis",
    "GL": "gastrocnemius_lateralis",
}

SOURCE = SourceSpec(
    id="santuz2020_raw",
    label="Santuz 2020, raw EMG",
    title="Santuz et al. 2020: one person walking on a treadmill (1.4 m/s), raw surface EMG of 13 muscles",
    evidence="measured",
    citations=(SANTUZ_2020, MUSCLESYNERGIES),
    licence="MIT (musclesyneRgies package, Copyright (c) 2021 Alessandro Santuz).",
    raw_folder="musclesynergies-walking",
    gaits={
        "walk": GaitSpec(
            channels={**SANTUZ_CHANNELS, "SO": "soleus"},
            subject="walker",
            speed_m_s=1.4,
            speed_text="1.4 m/s",
            notes=(
                "One person, right leg, 5 treadmill strides (trial ID0012_TW_01 of the musclesyneRgies package). "
                "Touchdown and lift-off come from the treadmill's pressure plate; the left foot was not recorded, "
                "so its events are placed by symmetry (convention)."
            ),
        )
    },
)


def process(raw: Path, gait_name: str) -> Processed:
    """Envelopes of the 5 complete strides between the package's touchdowns."""
    folder = source_folder(raw, SOURCE)
    names, muscles = channel_lists(SOURCE, gait_name)
    table = read_emg_csv(folder / "RAW_DATA_ID0012_TW_01_emg.csv")
    cycles = pd.read_csv(folder / "RAW_DATA_ID0012_TW_01_cycles.csv")
    t = table["time"].to_numpy()
    steps = np.diff(t)
    fs = 1.0 / float(np.median(steps))
    if not np.allclose(steps, 1 / fs, atol=1e-6):
        raise ValueError("santuz2020_raw: the time column is not evenly sampled")
    env = emg.linear_envelope(table[names].to_numpy(), fs)
    strikes = cycles["touchdown_s"].to_numpy()
    curves = emg.cut_strides(t, env, strikes)
    strides = gait.stride_events(strikes, cycles["liftoff_s"].to_numpy())
    # stance muscles must be more active in stance than in swing if the events fit the signal
    calf = curves[:, :, [muscles.index("soleus"), muscles.index("gastrocnemius_medialis")]].mean(axis=(0, 2))
    to = int(round(strides["toe_off"].mean()))
    ratio = float(calf[:to].mean() / calf[to:].mean())
    if ratio < 1.5:
        raise ValueError(f"santuz2020_raw: calf activity is not concentrated in stance (ratio {ratio:.2f})")
    checks = {"sampling_rate_hz": round(fs, 3), "calf_stance_to_swing_ratio": round(ratio, 2)}
    return Processed(muscles, [str(k + 1) for k in range(len(curves))], curves, strides, checks)
