"""Readers for the raw file formats kept in the repository's ``data/raw`` folder.

Only the build step (:mod:`runmuscles.build`) and users with their own recordings call these;
the shipped tables never need them at run time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["read_mot", "read_synergies_mat", "read_cycle_times_mat", "read_emg_csv"]


def read_mot(path: str | Path) -> pd.DataFrame:
    """Read an OpenSim storage file (``.mot``/``.sto``): a header closed by ``endheader``.

    Parameters
    ----------
    path : str or pathlib.Path
        File path.

    Returns
    -------
    pandas.DataFrame
        The numeric table with its column names (``time`` in s).
    """
    path = Path(path)
    with path.open("r", encoding="utf-8") as fh:
        header_lines = next(
            (n for n, line in enumerate(fh, start=1) if line.strip().lower() == "endheader"), None
        )
    if header_lines is None:
        raise ValueError(f"{path.name}: no 'endheader' line; not an OpenSim storage file")
    table = pd.read_csv(path, sep=r"\s+", skiprows=header_lines)
    return table.apply(pd.to_numeric, errors="raise")


def read_emg_csv(path: str | Path, time_column: str = "time") -> pd.DataFrame:
    """Read a raw EMG CSV (a time column and one column per channel); drops all-empty rows.

    Raises
    ------
    ValueError
        When a cell is not numeric: the message names the row (1-based, header = row 1) and column.
    """
    path = Path(path)
    table = pd.read_csv(path, dtype=str)
    table = table.dropna(how="all")
    for column in table.columns:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = values.isna() & table[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(
                f"{path.name}: row {table.index[row] + 2}, column {column!r}: "
                f"{table[column].iloc[row]!r} is not a number"
            )
        table[column] = values
    if time_column not in table.columns:
        raise ValueError(f"{path.name}: no column {time_column!r}; columns are {list(table.columns)}")
    return table.reset_index(drop=True)


def read_synergies_mat(path: str | Path, n_synergies: int = 8) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Read a Santuz-group muscle-synergy file (MATLAB v5 struct of participants).

    Parameters
    ----------
    path : str or pathlib.Path
        ``MuscleSynergy_TR_alen.mat`` (running) or ``MuscleSynergy_TW_alen.mat`` (walking).
    n_synergies : int
        Which factorisation to read (1..8).

    Returns
    -------
    dict
        Participant id (``P0001``...) -> ``(W, C)``: muscle weights (13 x n) and activation
        patterns (n x 200: 100 stance points, then 100 swing points).
    """
    from scipy import io as sio  # only the MATLAB readers need scipy

    mat = sio.loadmat(str(path), squeeze_me=True, struct_as_record=False)
    (key,) = [k for k in mat if k.startswith("MuscleSynergy")]
    struct = mat[key]
    out = {}
    for person in struct._fieldnames:
        solutions = np.atleast_1d(getattr(struct, person))
        match = [s for s in solutions if int(s.n) == n_synergies]
        if not match:
            raise ValueError(f"{Path(path).name}: {person} has no {n_synergies}-synergy solution")
        out[person] = (np.atleast_2d(match[0].W).reshape(13, -1), np.atleast_2d(match[0].C))
    return out


def read_cycle_times_mat(path: str | Path) -> pd.DataFrame:
    """Read ``CYCLE_TIMES.mat``: touchdown times and stance durations per trial.

    Returns
    -------
    pandas.DataFrame
        Columns ``task`` (``TR`` running, ``TW`` walking), ``subject``, ``cycle`` (1-based),
        ``touchdown_s`` and ``stance_duration_s``.
    """
    from scipy import io as sio  # only the MATLAB readers need scipy

    struct = sio.loadmat(str(path), squeeze_me=True, struct_as_record=False)["CYCLE_TIMES"]
    rows = []
    for field in struct._fieldnames:
        _, _, subject, task, _ = field.split("_")
        values = np.asarray(getattr(struct, field), dtype=float)
        for k, (touchdown, stance) in enumerate(values, start=1):
            rows.append((task, subject, k, touchdown, stance))
    return pd.DataFrame(rows, columns=["task", "subject", "cycle", "touchdown_s", "stance_duration_s"])
