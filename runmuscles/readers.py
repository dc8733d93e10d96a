"""Readers for raw recordings: the build's ``data/raw`` files, the lab recording and users' own files.

Every reader checks the file's structure before it trusts a value, and never guesses: a row with
more or fewer fields than the header, two columns with the same name, bytes that are not UTF-8
(a latin-1 or UTF-16 export, for instance), a cell that is not a finite number, an empty file or
a header without data raise a :class:`ValueError` that names the file, the line (1-based, as a
text editor counts them) and the column. An empty cell is a missing sample (``NaN`` in the
table); the text ``nan`` or ``inf`` is refused, because it is more often a broken export than an
intended value. Nothing is shifted, renamed or dropped silently: the only rows dropped are empty
ones at the end of a CSV file, which spreadsheet exports add.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "trial.csv").write_text("time,SOL\\n0.000,0.1\\n0.001,0.2,0.3\\n")
>>> read_emg_csv(folder / "trial.csv")
Traceback (most recent call last):
...
ValueError: trial.csv: line 3 has 3 fields but the header has 2: an extra field after column 'SOL'
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["read_mot", "read_synergies_mat", "read_cycle_times_mat", "read_emg_csv"]

#: A decimal number as the readers accept it (no ``nan``, ``inf``, hex or digit separators).
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _name(path: Any) -> str:
    return getattr(path, "name", None) or str(path)


def _read_text(path: Any, separator: str) -> str:
    """The file's text, decoded strictly as UTF-8 (a UTF-8 byte-order mark is allowed).

    ``path`` is a :class:`pathlib.Path` or any object with ``read_bytes`` and ``name``
    (an :mod:`importlib.resources` traversable); a name ending in ``.gz`` is decompressed.
    ``separator`` (``","`` or ``None`` for white space) lets an error name the column.
    """
    name = _name(path)
    data = path.read_bytes() if hasattr(path, "read_bytes") else Path(path).read_bytes()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise ValueError(f"{name}: not a readable gzip file ({err})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(f"{name}: the file is UTF-16 encoded; save it as UTF-8 (or plain ASCII) text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _locate(data, err.start, separator)
        raise ValueError(
            f"{name}: line {line}{column}: byte 0x{data[err.start]:02x} is not UTF-8 "
            "(the file may be latin-1/Windows encoded); save it as UTF-8 text"
        ) from None
    if "\x00" in text:
        line, column = _locate(data, data.index(b"\x00"), separator)
        raise ValueError(
            f"{name}: line {line}{column}: a NUL byte; this is not a text file (a UTF-16 file without "
            "its byte-order mark looks like this): save it as UTF-8 text"
        )
    return text


def _locate(data: bytes, offset: int, separator: str | None) -> tuple[int, str]:
    """1-based line of a byte offset and ``", field k (column 'x')"`` when the header is known."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    before = data[start:offset]
    if separator:
        field = before.count(separator.encode()) + 1
    else:  # inside a token when the byte before is not white space
        field = len(before.split()) + (1 if not before or before[-1:].isspace() else 0)
    header_end = data.find(b"\n")
    header = data[: header_end if header_end >= 0 else len(data)]
    names = header.decode("utf-8", "replace").strip().split(separator) if separator else []
    label = f" (column {names[field - 1].strip()!r})" if line > 1 and field <= len(names) else ""
    return line, f", field {field}{label}"


def _check_header(name: str, columns: list[str], line: int) -> None:
    if not columns or all(not c for c in columns):
        raise ValueError(f"{name}: line {line} should hold the column names but is empty")
    seen: dict[str, int] = {}
    for k, column in enumerate(columns, start=1):
        if not column:
            raise ValueError(f"{name}: line {line}, field {k}: a column without a name")
        if column in seen:
            raise ValueError(
                f"{name}: line {line}: column {column!r} appears twice (fields {seen[column]} and {k}); "
                "rename one so that every column has its own name"
            )
        seen[column] = k


def _check_width(name: str, fields: list[str], columns: list[str], line: int) -> None:
    if len(fields) == len(columns):
        return
    if not fields or fields == [""]:
        raise ValueError(f"{name}: line {line} is empty inside the data (expected {len(columns)} fields)")
    if len(fields) > len(columns):
        where = f"an extra field after column {columns[-1]!r}"
    else:
        where = f"column {columns[len(fields)]!r} is missing"
    raise ValueError(f"{name}: line {line} has {len(fields)} fields but the header has {len(columns)}: {where}")


def _check_numbers(name: str, cells: pd.DataFrame, lines: np.ndarray, allow_empty: bool) -> None:
    """Raise at the first cell (in file order) that is not a finite decimal number."""
    first: tuple[int, int, str, str] | None = None
    for k, column in enumerate(cells.columns):
        text = cells[column].str.strip()
        ok = text.str.fullmatch(NUMBER.pattern) | ((text == "") & allow_empty)
        if not ok.all():
            row = int(np.flatnonzero(~ok.to_numpy())[0])
            if first is None or (row, k) < (first[0], first[1]):
                first = (row, k, column, cells[column].iloc[row])
    if first is not None:
        row, _, column, value = first
        what = "empty" if not value.strip() else f"{value!r} is not a finite number"
        raise ValueError(f"{name}: line {int(lines[row])}, column {column!r}: {what}")


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

    Raises
    ------
    ValueError
        No ``endheader`` line, no column names or no data, a repeated column name, a line with more
        or fewer values than columns, bytes that are not UTF-8, or a value that is not a finite
        number; the message names the file, the line and the column.
    """
    path = Path(path)
    name = path.name
    text = _read_text(path, None)
    lines = text.splitlines()
    end = next((n for n, line in enumerate(lines, start=1) if line.strip().lower() == "endheader"), None)
    if end is None:
        raise ValueError(f"{name}: no 'endheader' line; not an OpenSim storage file")
    body = [(n, line.split()) for n, line in enumerate(lines[end:], start=end + 1)]
    while body and not body[-1][1]:
        body.pop()
    if not body:
        raise ValueError(f"{name}: no column names after 'endheader' (line {end})")
    header_line, columns = body[0]
    _check_header(name, columns, header_line)
    if len(body) == 1:
        raise ValueError(f"{name}: the column names (line {header_line}) are followed by no data")
    for line, fields in body[1:]:
        _check_width(name, fields, columns, line)
    cells = pd.DataFrame([fields for _, fields in body[1:]], columns=columns, dtype=str)
    _check_numbers(name, cells, np.array([line for line, _ in body[1:]]), allow_empty=False)
    table = pd.read_csv(io.StringIO(text), sep=r"\s+", skiprows=end)
    return table.apply(pd.to_numeric, errors="raise")


def read_emg_csv(path: Any, time_column: str = "time") -> pd.DataFrame:
    """Read a raw EMG CSV: a time column and one column per channel (one sample per line).

    Parameters
    ----------
    path : str, pathlib.Path or traversable
        The file; a name ending in ``.gz`` is read as gzip-compressed.
    time_column : str
        Name of the time column [s]; it must have a value on every line.

    Returns
    -------
    pandas.DataFrame
        One float column per CSV column, in the file's order; an empty cell is ``NaN`` (a missing
        sample). Empty lines at the end of the file (``,,,`` from a spreadsheet) are dropped.

    Raises
    ------
    ValueError
        When the file is empty or has no data, a column name repeats, a line has more or fewer
        fields than the header, the bytes are not UTF-8, a cell is not a finite number, or the time
        column is missing or has an empty cell: the message names the file, the line (1-based,
        header = line 1) and the column.
    """
    if isinstance(path, str):
        path = Path(path)
    name = _name(path)
    text = _read_text(path, ",")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            rows.append((reader.line_num, fields))
    except csv.Error as err:
        raise ValueError(f"{name}: line {reader.line_num + 1}: {err}") from None
    if not rows:
        raise ValueError(f"{name}: the file is empty; expected a header line ({time_column},channel,...) and data")
    header_line, columns = rows[0]
    columns = [c.strip() for c in columns]
    _check_header(name, columns, header_line)
    data = rows[1:]
    while data and all(not f.strip() for f in data[-1][1]):  # trailing empty rows
        data.pop()
    if not data:
        raise ValueError(f"{name}: the header (line {header_line}) is followed by no data")
    if time_column not in columns:
        raise ValueError(f"{name}: no column {time_column!r}; columns are {columns}")
    for line, fields in data:
        _check_width(name, fields, columns, line)
    cells = pd.DataFrame([fields for _, fields in data], columns=columns, dtype=str)
    lines = np.array([line for line, _ in data])
    _check_numbers(name, cells, lines, allow_empty=True)
    no_time = cells[time_column].str.strip() == ""
    if no_time.any():
        row = int(np.flatnonzero(no_time.to_numpy())[0])
        raise ValueError(f"{name}: line {int(lines[row])}, column {time_column!r}: empty; every sample needs a time")
    table = pd.DataFrame({column: pd.to_numeric(cells[column].str.strip().replace("", np.nan)) for column in columns})
    return table.astype(float)


def _loadmat(path: str | Path) -> dict[str, Any]:
    """``scipy.io.loadmat`` whose every failure is a ValueError naming the file."""
    from scipy import io as sio  # only the MATLAB readers need scipy

    try:
        return sio.loadmat(str(path), squeeze_me=True, struct_as_record=False)
    except Exception as err:  # noqa: BLE001 -- scipy raises many types for a damaged file
        raise ValueError(f"{Path(path).name}: not a readable MATLAB file ({type(err).__name__}: {err})") from None


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

    Raises
    ------
    ValueError
        A file that is not a readable MATLAB file or lacks the expected structure, naming the file
        and the participant.
    """
    name = Path(path).name
    mat = _loadmat(path)
    keys = [k for k in mat if k.startswith("MuscleSynergy")]
    if len(keys) != 1:
        raise ValueError(f"{name}: expected one 'MuscleSynergy...' variable, found {keys or 'none'}")
    struct = mat[keys[0]]
    out = {}
    for person in getattr(struct, "_fieldnames", None) or []:
        try:
            solutions = np.atleast_1d(getattr(struct, person))
            match = [s for s in solutions if int(s.n) == n_synergies]
            if not match:
                raise ValueError(f"{name}: {person} has no {n_synergies}-synergy solution")
            out[person] = (np.atleast_2d(match[0].W).reshape(13, -1), np.atleast_2d(match[0].C))
        except (AttributeError, TypeError, ValueError) as err:
            if str(err).startswith(name):
                raise
            raise ValueError(f"{name}: {person}: unexpected structure ({err})") from None
    if not out:
        raise ValueError(f"{name}: {keys[0]} holds no participant")
    return out


def read_cycle_times_mat(path: str | Path) -> pd.DataFrame:
    """Read ``CYCLE_TIMES.mat``: touchdown times and stance durations per trial.

    Returns
    -------
    pandas.DataFrame
        Columns ``task`` (``TR`` running, ``TW`` walking), ``subject``, ``cycle`` (1-based),
        ``touchdown_s`` and ``stance_duration_s``.

    Raises
    ------
    ValueError
        A file that is not a readable MATLAB file or lacks the expected structure, naming the file
        and the field.
    """
    name = Path(path).name
    mat = _loadmat(path)
    if "CYCLE_TIMES" not in mat:
        raise ValueError(f"{name}: no 'CYCLE_TIMES' variable; found {[k for k in mat if not k.startswith('__')]}")
    struct = mat["CYCLE_TIMES"]
    rows = []
    for field in getattr(struct, "_fieldnames", None) or []:
        try:
            _, _, subject, task, _ = field.split("_")
            values = np.asarray(getattr(struct, field), dtype=float).reshape(-1, 2)
        except (AttributeError, TypeError, ValueError) as err:
            raise ValueError(f"{name}: field {field!r}: unexpected structure ({err})") from None
        for k, (touchdown, stance) in enumerate(values, start=1):
            rows.append((task, subject, k, touchdown, stance))
    if not rows:
        raise ValueError(f"{name}: CYCLE_TIMES holds no trial")
    return pd.DataFrame(rows, columns=["task", "subject", "cycle", "touchdown_s", "stance_duration_s"])
