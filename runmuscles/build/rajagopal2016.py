"""Rajagopal et al. (2016): one runner and one walker, raw surface EMG of the right leg with forces.

The EMG's sampling rate is decided by the data: the raw copy of the running recording steps at
1/1000 s, the authors' processed copy at 1/960 s. Each candidate rate is tried and the one whose
soleus + gastrocnemius envelope follows the measured vertical ground reaction force wins; the build
fails unless one rate clearly does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import emg, gait
from ..datasets import Citation
from ..readers import read_emg_csv, read_mot
from .common import (
    GaitSpec,
    Processed,
    SourceSpec,
    channel_lists,
    check_duplicates,
    grf_events,
    source_folder,
)

__all__ = ["SOURCE", "process"]

SOURCE = SourceSpec(
    id="rajagopal2016",
    label="Rajagopal 2016",
    title="Rajagopal et al. 2016: one runner on a treadmill (about 4 m/s) and one overground walk, raw surface EMG",
    evidence="measured",
    citations=(
        Citation(
            authors="Rajagopal A, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL",
            year=2016,
            title="Full-body musculoskeletal model for muscle-driven simulation of human gait",
            journal="IEEE Transactions on Biomedical Engineering 63(10):2068-2079",
            doi="10.1109/TBME.2016.2586891",
        ),
    ),
    licence="Distributed with the OpenSim models repository, which has no licence file; reuse terms unconfirmed.",
    raw_folder="rajagopal2016",
    gaits={
        "run": GaitSpec(
            channels={
                "soleusr": "soleus",
                "gasmedr": "gastrocnemius_medialis",
                "gaslatr": "gastrocnemius_lateralis",
                "tibantr": "tibialis_anterior",
                "semitenr": "medial_hamstrings",
                "bflhr": "biceps_femoris",
                "vaslatr": "vastus_lateralis",
                "vasmedr": "vastus_medialis",
                "recfemr": "rectus_femoris",
                "glmax1r": "gluteus_maximus",
                "glmed1r": "gluteus_medius",
            },
            subject="runner",
            speed_m_s=4.0,
            speed_text="about 4 m/s",
            notes=(
                "One runner, right leg, 6 treadmill strides. One medial-hamstrings electrode records semitendinosus "
                "and semimembranosus together (the data set files it under both names, with identical signals). "
                "Raw EMG sampled at 1 kHz (checked against the GRF)."
            ),
        ),
        "walk": GaitSpec(
            channels={
                "SOL": "soleus",
                "GAS": "gastrocnemius_lateralis",
                "TA": "tibialis_anterior",
                "MH": "medial_hamstrings",
                "BF": "biceps_femoris",
                "VL": "vastus_lateralis",
                "VM": "vastus_medialis",
                "RF": "rectus_femoris",
                "GMAX": "gluteus_maximus",
                "GMED": "gluteus_medius",
            },
            subject="walker",
            speed_m_s=None,
            speed_text="free speed",
            notes=(
                "One walker, right leg, a single overground stride, so no spread can be computed. 'MH' is a "
                "medial-hamstrings electrode (semitendinosus and semimembranosus together). The 'GAS' channel "
                "is listed as lateral gastrocnemius, as the data set's own validation script compares it with the "
                "model's lateral gastrocnemius."
            ),
        ),
    },
)


def process(raw: Path, gait_name: str) -> Processed:
    """Envelopes of every stride and the events from the two force plates (see the module docstring)."""
    folder = source_folder(raw, SOURCE)
    names, muscles = channel_lists(SOURCE, gait_name)
    if gait_name == "run":
        table = read_emg_csv(folder / "emg_raw_run.csv")
        check_duplicates(
            table, [["glmax1r", "glmax2r", "glmax3r"], ["glmed1r", "glmed2r", "glmed3r"], ["semitenr", "semimemr"]]
        )
        grf = read_mot(folder / "grf_run.mot")
        events = grf_events(grf, ("R_ground_force_vy", "L_ground_force_vy"), "R_ground_force_vx")
        vy = grf["R_ground_force_vy"].to_numpy()
        # The processed copy of this recording stores a 1/960 s time step, the raw copy 1/1000 s:
        # decide by which one makes the stance muscles follow the measured vertical force.
        candidates = (1000.0, 960.0)
        stance = ["soleusr", "gasmedr"]
    else:
        table = read_emg_csv(folder / "emg_raw_walk.csv", time_column="TIME")
        grf = read_mot(folder / "grf_walk.mot")
        events = grf_events(grf, ("ground_force_r_vy", "ground_force_l_vy"), "ground_force_r_vx")
        vy = grf["ground_force_r_vy"].to_numpy()
        candidates = (2000.0, 1000.0)
        stance = ["SOL", "GAS"]
    t_grf = grf["time"].to_numpy()
    raw_signals = table[names].to_numpy()
    scores = {}
    for rate in candidates:
        env = emg.linear_envelope(table[stance].to_numpy(), rate).sum(axis=1)
        scores[rate] = emg.alignment_score(env, rate, vy, t_grf)
    fs = max(scores, key=lambda r: scores[r][0])
    r_best, lag = scores[fs]
    runner_up = max(s[0] for rate, s in scores.items() if rate != fs)
    if r_best < 0.5 or r_best - runner_up < 0.1 or not -0.05 <= lag <= 0.1:
        raise ValueError(f"rajagopal2016 {gait_name}: EMG does not follow the GRF (r={r_best:.2f}, lag={lag} s)")
    t = np.arange(len(table)) / fs
    env = emg.linear_envelope(raw_signals, fs)
    strikes = events["strikes"][(events["strikes"] >= max(t[0], t_grf[0])) & (events["strikes"] <= min(t[-1], t_grf[-1]))]
    curves = emg.cut_strides(t, env, strikes)
    strides = gait.stride_events(
        strikes, events["offs"], events["contra_strikes"], events["contra_offs"], events["braking_ends"]
    )
    checks = {
        "sampling_rate_hz": fs,
        "alignment": {f"{int(rate)} Hz": {"r": round(s[0], 3), "emg_lead_s": s[1]} for rate, s in scores.items()},
        "duplicate_channels_dropped": gait_name == "run",
    }
    return Processed(muscles, [str(k + 1) for k in range(len(curves))], curves, strides, checks)
