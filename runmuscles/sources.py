"""The EMG data sets behind the activation tables, and how each is processed from its raw files.

Each source has a registry entry (:data:`SOURCES`: citation, licence status, evidence level,
channel-to-muscle mapping) and a processing function that turns its raw files into per-stride
(or per-person) activation curves on the 0..100 % gait-cycle axis, plus per-stride events.
:mod:`runmuscles.build` runs them and writes the shipped tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import emg, gait
from .readers import read_cycle_times_mat, read_emg_csv, read_mot, read_synergies_mat

__all__ = ["Source", "SOURCES", "Processed", "process"]


@dataclass(frozen=True)
class Source:
    """Registry entry of one EMG data set.

    Attributes
    ----------
    id : str
        Source id used throughout the product.
    title : str
        One-line description.
    evidence : str
        ``measured`` (envelopes computed here from raw EMG) or ``reconstructed``
        (envelopes rebuilt from a published synergy factorisation).
    citation, doi : str
        Reference to cite.
    licence : str
        Reuse terms as far as they are known.
    raw_folder : str
        Folder under the repository's ``data/raw``.
    channels : dict
        gait -> {raw channel name: catalogue muscle id}.
    notes : dict
        gait -> caveats shown with the data.
    """

    id: str
    title: str
    evidence: str
    citation: str
    doi: str
    licence: str
    raw_folder: str
    channels: dict[str, dict[str, str]]
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def gaits(self) -> tuple[str, ...]:
        """Gaits this source has tables for."""
        return tuple(self.channels)


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

SOURCES: dict[str, Source] = {
    "rajagopal2016": Source(
        id="rajagopal2016",
        title="Rajagopal et al. 2016: one runner on a treadmill (about 4 m/s) and one overground walk, raw surface EMG",
        evidence="measured",
        citation=(
            "Rajagopal A, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL (2016). Full-body musculoskeletal "
            "model for muscle-driven simulation of human gait. IEEE Transactions on Biomedical Engineering "
            "63(10):2068-2079."
        ),
        doi="10.1109/TBME.2016.2586891",
        licence="Distributed with the OpenSim models repository, which has no licence file; reuse terms unconfirmed.",
        raw_folder="rajagopal2016",
        channels={
            "run": {
                "soleusr": "soleus",
                "gasmedr": "gastrocnemius_medialis",
                "gaslatr": "gastrocnemius_lateralis",
                "tibantr": "tibialis_anterior",
                "semitenr": "semitendinosus",
                "bflhr": "biceps_femoris",
                "vaslatr": "vastus_lateralis",
                "vasmedr": "vastus_medialis",
                "recfemr": "rectus_femoris",
                "glmax1r": "gluteus_maximus",
                "glmed1r": "gluteus_medius",
            },
            "walk": {
                "SOL": "soleus",
                "GAS": "gastrocnemius_lateralis",
                "TA": "tibialis_anterior",
                "MH": "semitendinosus",
                "BF": "biceps_femoris",
                "VL": "vastus_lateralis",
                "VM": "vastus_medialis",
                "RF": "rectus_femoris",
                "GMAX": "gluteus_maximus",
                "GMED": "gluteus_medius",
            },
        },
        notes={
            "run": (
                "One runner, right leg, 6 treadmill strides. The medial-hamstrings electrode (semimembranosus/"
                "semitendinosus) is listed as semitendinosus. Raw EMG sampled at 1 kHz (checked against the GRF)."
            ),
            "walk": (
                "One walker, right leg, a single overground stride, so no spread can be computed. The 'GAS' channel "
                "is listed as lateral gastrocnemius, as the data set's own validation script compares it with the "
                "model's lateral gastrocnemius."
            ),
        },
    ),
    "santuz2020_raw": Source(
        id="santuz2020_raw",
        title="Santuz et al. 2020: one person walking on a treadmill (1.4 m/s), raw surface EMG of 13 muscles",
        evidence="measured",
        citation=(
            "Santuz A, Ekizos A, Janshen L, Mersmann F, Bohm S, Baltzopoulos V, Arampatzis A (2020). "
            "Modular control of human movement during running: an open access data set. iScience 23(1):100796. "
            "Trial ID0012_TW_01 as shipped with the musclesyneRgies R package (Santuz A, 2022, JOSS 7(74):4439)."
        ),
        doi="10.1016/j.isci.2019.100796",
        licence="MIT (musclesyneRgies package, Copyright (c) 2021 Alessandro Santuz).",
        raw_folder="musclesynergies-walking",
        channels={"walk": {**SANTUZ_CHANNELS, "SO": "soleus"}},
        notes={
            "walk": (
                "One person, right leg, 5 treadmill strides. Touchdown and lift-off come from the treadmill's "
                "pressure plate; the left foot was not recorded, so its events are placed by symmetry (convention)."
            )
        },
    ),
    "santuz2020_synergies": Source(
        id="santuz2020_synergies",
        title="Santuz group: 30 people walking (1.4 m/s) and running (2.8 m/s), envelopes rebuilt from 8 synergies",
        evidence="reconstructed",
        citation=(
            "Santuz group treadmill data (30 healthy adults, 13 right-leg muscles); factorisations from a course "
            "project (github.com/valeriopu/Treadmill-walking-and-running-kinematic-electromyographic-and-muscle-"
            "synergies-differences) of data from Santuz A et al. (2020) iScience 23(1):100796."
        ),
        doi="10.1016/j.isci.2019.100796",
        licence="No licence file in the repository the factorisations come from; reuse terms unconfirmed.",
        raw_folder="santuz2020-synergies",
        channels={"run": {**SANTUZ_CHANNELS, "SOL": "soleus"}, "walk": {**SANTUZ_CHANNELS, "SOL": "soleus"}},
        notes={
            g: (
                "Not recorded envelopes: each person's 8-synergy factorisation (W x C) rebuilt, which leaves "
                "1.5-5.5 % of the variance unexplained. Stance and swing halves are stretched onto each person's "
                "measured stance fraction. The left foot was not recorded: its events are placed by symmetry."
            )
            for g in ("run", "walk")
        },
    ),
}


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


def _channels(source: str, gait_name: str) -> tuple[list[str], list[str]]:
    mapping = SOURCES[source].channels[gait_name]
    return list(mapping), list(mapping.values())


def _check_duplicates(table: pd.DataFrame, groups: list[list[str]]) -> None:
    """Channels copied from one electrode must be identical; fail loudly if a raw file changes."""
    for group in groups:
        for other in group[1:]:
            if not np.array_equal(table[group[0]].to_numpy(), table[other].to_numpy()):
                raise ValueError(f"expected {other} to duplicate {group[0]} (one electrode), but they differ")


def _grf_events(grf: pd.DataFrame, vy: tuple[str, str], vx: str) -> dict[str, np.ndarray]:
    t = grf["time"].to_numpy()
    rs, ro = gait.detect_contacts(t, grf[vy[0]].to_numpy())
    ls, lo = gait.detect_contacts(t, grf[vy[1]].to_numpy())
    pairs = [(s, ro[ro > s][0]) for s in rs if np.any(ro > s)]
    brakes = [gait.braking_end(t, grf[vx].to_numpy(), s, o) for s, o in pairs]
    return {"strikes": rs, "offs": ro, "contra_strikes": ls, "contra_offs": lo, "braking_ends": np.asarray(brakes)}


def _rajagopal(raw: Path, gait_name: str) -> Processed:
    folder = raw / SOURCES["rajagopal2016"].raw_folder
    names, muscles = _channels("rajagopal2016", gait_name)
    if gait_name == "run":
        table = read_emg_csv(folder / "emg_raw_run.csv")
        _check_duplicates(
            table, [["glmax1r", "glmax2r", "glmax3r"], ["glmed1r", "glmed2r", "glmed3r"], ["semitenr", "semimemr"]]
        )
        grf = read_mot(folder / "grf_run.mot")
        events = _grf_events(grf, ("R_ground_force_vy", "L_ground_force_vy"), "R_ground_force_vx")
        vy = grf["R_ground_force_vy"].to_numpy()
        # The processed copy of this recording stores a 1/960 s time step, the raw copy 1/1000 s:
        # decide by which one makes the stance muscles follow the measured vertical force.
        candidates = (1000.0, 960.0)
        stance = ["soleusr", "gasmedr"]
    else:
        table = read_emg_csv(folder / "emg_raw_walk.csv", time_column="TIME")
        grf = read_mot(folder / "grf_walk.mot")
        events = _grf_events(grf, ("ground_force_r_vy", "ground_force_l_vy"), "ground_force_r_vx")
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


def _santuz_raw(raw: Path, gait_name: str) -> Processed:
    folder = raw / SOURCES["santuz2020_raw"].raw_folder
    names, muscles = _channels("santuz2020_raw", gait_name)
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


#: Cycles the synergy factorisation used (1-based, inclusive), from the project's script.
SYNERGY_CYCLES = (15, 44)


def _santuz_synergies(raw: Path, gait_name: str) -> Processed:
    folder = raw / SOURCES["santuz2020_synergies"].raw_folder
    names, muscles = _channels("santuz2020_synergies", gait_name)
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


_PROCESSORS = {"rajagopal2016": _rajagopal, "santuz2020_raw": _santuz_raw, "santuz2020_synergies": _santuz_synergies}


def process(source: str, gait_name: str, raw_dir: str | Path) -> Processed:
    """Process one source's raw files for one gait.

    Parameters
    ----------
    source : str
        Key of :data:`SOURCES`.
    gait_name : {"run", "walk"}
        Gait.
    raw_dir : str or pathlib.Path
        The repository's ``data/raw`` folder.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; valid sources are: {', '.join(SOURCES)}")
    if gait_name not in SOURCES[source].gaits:
        raise ValueError(f"{source} has no {gait_name!r} data; it has: {', '.join(SOURCES[source].gaits)}")
    return _PROCESSORS[source](Path(raw_dir), gait_name)
