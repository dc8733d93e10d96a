"""Build step for the EMG lab: the raw running recording the lab notebook processes step by step.

Writes ``lab_run_rajagopal2016.csv.gz`` (described in ``runmuscles/data/lab.md``) from the raw
Rajagopal et al. (2016) running files.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd

from ..lab import EMG_SIGNIFICANT_DIGITS, GRF_COLUMNS, GRF_DECIMALS, LAB_FILE, SAMPLING_RATE_HZ
from ..readers import read_emg_csv, read_mot
from . import rajagopal2016

__all__ = ["build_lab_tables"]


def build_lab_tables(raw_dir: str | Path, out_dir: str | Path) -> list[Path]:
    """Extract the lab recording from the raw Rajagopal running trial.

    EMG channels are renamed to catalogue ids (the copies of one electrode are dropped, as for the
    activation tables) and written with the raw file's 6 significant digits. The GRF (1 kHz from
    0.23 s) is placed on the EMG clock, where sample ``k`` is at ``k / 1000`` s; samples outside
    the force recording are left empty.

    Parameters
    ----------
    raw_dir : str or pathlib.Path
        The repository's ``data/raw`` folder.
    out_dir : str or pathlib.Path
        Output folder (the package's ``runmuscles/data`` or a temporary one).

    Returns
    -------
    list of pathlib.Path
        The file written (:data:`LAB_FILE`). The output is byte-for-byte deterministic.
    """
    folder = Path(raw_dir) / "rajagopal2016"
    table = read_emg_csv(folder / "emg_raw_run.csv")
    steps = np.diff(table["time"].to_numpy())
    if not np.allclose(steps, 1 / SAMPLING_RATE_HZ, atol=1e-9):
        raise ValueError("emg_raw_run.csv: the time column does not step at 1/1000 s")
    grf = read_mot(folder / "grf_run.mot")
    t = np.arange(len(table)) / SAMPLING_RATE_HZ
    t_grf = grf["time"].to_numpy()
    if not np.allclose(np.diff(t_grf), 1 / SAMPLING_RATE_HZ, atol=1e-9):
        raise ValueError("grf_run.mot: forces are not sampled at 1 kHz")

    out = {"time_s": [f"{v:.3f}" for v in t]}
    for raw_name, muscle in rajagopal2016.SOURCE.channels["run"].items():
        out[muscle] = [f"{v:.{EMG_SIGNIFICANT_DIGITS}g}" for v in table[raw_name].to_numpy()]
    for raw_name, name in GRF_COLUMNS.items():
        values = np.interp(t, t_grf, grf[raw_name].to_numpy(), left=np.nan, right=np.nan)
        out[name] = ["" if np.isnan(v) else f"{v:.{GRF_DECIMALS}f}" for v in values]
    text = pd.DataFrame(out).to_csv(index=False, lineterminator="\n")

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LAB_FILE
    with path.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return [path]
