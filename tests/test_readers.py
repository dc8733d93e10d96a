"""Readers of raw files: bad input gets a message that says where the problem is.

The property-based tests at the end generate a valid table, write it in the reader's format,
optionally corrupt it (an extra or a missing field in a random line, a repeated column name, bytes
that are not UTF-8 or not a number, an empty file, a header without data, ``nan``/``inf`` text, a
UTF-16 export) and check that the reader returns exactly the generated table or raises a
``ValueError`` naming the file, the line and the column; any other exception fails the test. The
number of inputs tried per reader is printed by the last test (``pytest -s``).
"""

from __future__ import annotations

import gzip
import re
import string
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runmuscles.readers import read_emg_csv, read_mot


def test_emg_csv_names_row_and_column_of_a_bad_cell(tmp_path):
    path = tmp_path / "my_emg.csv"
    path.write_text("time,SOL,TA\n0.000,0.1,0.2\n0.001,0.3,oops\n0.002,0.1,0.2\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        read_emg_csv(path)
    message = str(error.value)
    assert "my_emg.csv" in message and "line 3" in message and "'TA'" in message and "'oops'" in message


def test_emg_csv_missing_time_column_lists_the_columns(tmp_path):
    path = tmp_path / "no_time.csv"
    path.write_text("t,SOL\n0,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no column 'time'.*\['t', 'SOL'\]"):
        read_emg_csv(path)


def test_emg_csv_drops_empty_trailing_rows(tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("time,SOL\n0,1\n0.001,2\n,\n,\n", encoding="utf-8")
    table = read_emg_csv(path)
    assert len(table) == 2 and table["SOL"].tolist() == [1.0, 2.0]


def test_mot_reader_finds_the_header_end(tmp_path):
    path = tmp_path / "trial.mot"
    path.write_text("name trial\nversion=1\nendheader\ntime\tfy\n0.0\t1.5\n0.001\t2.5\n", encoding="utf-8")
    table = read_mot(path)
    assert list(table.columns) == ["time", "fy"] and table["fy"].tolist() == [1.5, 2.5]
    bad = tmp_path / "bad.mot"
    bad.write_text("time\tfy\n0\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="endheader"):
        read_mot(bad)


# ------------------------------------------------------------------ property-based

TRIED: Counter = Counter()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

names = st.text(string.ascii_letters + "_", min_size=1, max_size=8).filter(lambda s: s.lower() != "endheader")
values = st.decimals(min_value=-1e4, max_value=1e4, places=4, allow_nan=False, allow_infinity=False).map(
    lambda d: format(d, "f")
)


@st.composite
def tables(draw, time_column: str = "time"):
    """Column names (time first) and a rows x columns list of number texts."""
    channels = draw(st.lists(names.filter(lambda s: s != time_column), min_size=1, max_size=5, unique=True))
    n_rows = draw(st.integers(1, 12))
    rows = [[f"{k / 1000:.3f}"] + [draw(values) for _ in channels] for k in range(n_rows)]
    return [time_column, *channels], rows


def _expected(columns: list[str], rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame([[float(v) for v in row] for row in rows], columns=columns)


def _write_csv(path: Path, columns, rows, gz: bool = False) -> None:
    text = "\n".join(",".join(r) for r in [columns, *rows]) + "\n"
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())


def _write_mot(path: Path, columns, rows) -> None:
    head = ["name trial", f"datacolumns {len(columns)}", f"datarows {len(rows)}", "endheader"]
    path.write_text("\n".join(head + ["\t".join(columns)] + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")


MOT_HEADER_LINES = 5  # the column names are on line 5 of _write_mot's files


def _assert_names(error: ValueError, file: str, line: int | None = None, column: str | None = None) -> None:
    message = str(error)
    assert message.startswith(f"{file}:"), message
    if line is not None:
        assert re.search(rf"\bline {line}\b", message), message
    if column is not None:
        assert repr(column) in message, message


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


# ------------------------------------------------------------------ valid tables come back exactly


@FUZZ
@given(table=tables(), gz=st.booleans())
def test_emg_csv_returns_the_exact_table(folder, table, gz):
    TRIED["read_emg_csv"] += 1
    path = folder / ("rec.csv.gz" if gz else "rec.csv")
    _write_csv(path, *table, gz=gz)
    pd.testing.assert_frame_equal(read_emg_csv(path), _expected(*table), check_exact=True)


@FUZZ
@given(table=tables())
def test_mot_returns_the_exact_table(folder, table):
    TRIED["read_mot"] += 1
    path = folder / "trial.mot"
    _write_mot(path, *table)
    pd.testing.assert_frame_equal(read_mot(path), _expected(*table), check_exact=True)


# ------------------------------------------------------------------ structural corruption


@FUZZ
@given(table=tables(), data=st.data(), kind=st.sampled_from(["extra", "missing"]))
def test_emg_csv_extra_or_missing_field_names_its_line(folder, table, data, kind):
    TRIED["read_emg_csv"] += 1
    columns, rows = table
    k = data.draw(st.integers(0, len(rows) - 1))
    rows = [list(r) for r in rows]
    if kind == "extra":
        rows[k].insert(data.draw(st.integers(0, len(rows[k]))), data.draw(values))
        column = columns[-1]  # "an extra field after column <last>"
    else:
        del rows[k][-1]
        column = columns[-1]  # the missing one: fields are counted from the left
    path = folder / "shifted.csv"
    _write_csv(path, columns, rows)
    with pytest.raises(ValueError) as error:
        read_emg_csv(path)
    _assert_names(error.value, "shifted.csv", line=k + 2, column=column)


@FUZZ
@given(table=tables(), data=st.data(), kind=st.sampled_from(["extra", "missing"]))
def test_mot_extra_or_missing_field_names_its_line(folder, table, data, kind):
    TRIED["read_mot"] += 1
    columns, rows = table
    k = data.draw(st.integers(0, len(rows) - 1))
    rows = [list(r) for r in rows]
    if kind == "extra":
        rows[k].append(data.draw(values))
    else:
        del rows[k][data.draw(st.integers(0, len(rows[k]) - 1))]
    path = folder / "shifted.mot"
    _write_mot(path, columns, rows)
    with pytest.raises(ValueError) as error:
        read_mot(path)
    _assert_names(error.value, "shifted.mot", line=MOT_HEADER_LINES + 1 + k, column=columns[-1])


@FUZZ
@given(table=tables(), data=st.data(), reader=st.sampled_from(["csv", "mot"]))
def test_repeated_column_name_is_refused(folder, table, data, reader):
    TRIED[f"read_{'emg_csv' if reader == 'csv' else 'mot'}"] += 1
    columns, rows = table
    columns = list(columns)
    src = data.draw(st.integers(0, len(columns) - 1))
    dst = data.draw(st.integers(0, len(columns) - 1).filter(lambda k: k != src))
    columns[dst] = columns[src]
    path = folder / f"twice.{reader}"
    (_write_csv if reader == "csv" else _write_mot)(path, columns, rows)
    with pytest.raises(ValueError) as error:
        (read_emg_csv if reader == "csv" else read_mot)(path)
    _assert_names(error.value, f"twice.{reader}", line=1 if reader == "csv" else MOT_HEADER_LINES,
                  column=columns[src])
    assert "appears twice" in str(error.value)


# ------------------------------------------------------------------ bad cells, bytes and encodings


bad_cells = st.one_of(
    st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e", "--1", "0x10", "1_000", "1;5", "abc", "1.2.3"]),
    st.text(string.printable.replace(",", "").replace("\n", "").replace("\r", "").replace('"', ""), min_size=1,
            max_size=6),
)


@FUZZ
@given(table=tables(), data=st.data(), cell=bad_cells, reader=st.sampled_from(["csv", "mot"]))
def test_a_non_number_cell_is_named(folder, table, data, cell, reader):
    TRIED[f"read_{'emg_csv' if reader == 'csv' else 'mot'}"] += 1
    columns, rows = table
    rows = [list(r) for r in rows]
    if reader == "mot":
        cell = "".join(cell.split()) or "x"  # white space separates .mot fields
    k = data.draw(st.integers(0, len(rows) - 1))
    j = data.draw(st.integers(0, len(columns) - 1))
    rows[k][j] = cell
    path = folder / f"cells.{reader}"
    (_write_csv if reader == "csv" else _write_mot)(path, columns, rows)
    read = read_emg_csv if reader == "csv" else read_mot
    line = k + 2 if reader == "csv" else MOT_HEADER_LINES + 1 + k
    try:
        table_read = read(path)
    except ValueError as error:
        _assert_names(error, path.name, line=line, column=columns[j])
        return
    # accepted only when the cell is a plain decimal number (or, in a CSV, blank: a missing sample)
    assert re.fullmatch(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", cell) or (
        reader == "csv" and not cell.strip() and columns[j] != "time"
    ), cell
    expected = float(cell) if cell.strip() else np.nan
    assert table_read[columns[j]].iloc[k] == expected or (np.isnan(expected) and np.isnan(table_read[columns[j]].iloc[k]))


@FUZZ
@given(table=tables(), data=st.data(), junk=st.binary(min_size=1, max_size=6), reader=st.sampled_from(["csv", "mot"]))
def test_random_bytes_in_a_cell_are_named_or_read_exactly(folder, table, data, junk, reader):
    TRIED[f"read_{'emg_csv' if reader == 'csv' else 'mot'}"] += 1
    columns, rows = table
    separators = b",\r\n\"" if reader == "csv" else b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"
    junk = bytes(b for b in junk if b not in separators) or b"\xff"
    k = data.draw(st.integers(0, len(rows) - 1))
    j = data.draw(st.integers(0, len(columns) - 1))
    encoded = [[c.encode() for c in r] for r in rows]
    encoded[k][j] = junk
    sep, head = (b",", b"") if reader == "csv" else (b"\t", b"name x\nversion=1\nx\nendheader\n")
    text = head + b"\n".join(sep.join(r) for r in [[c.encode() for c in columns], *encoded]) + b"\n"
    path = folder / f"bytes.{reader}"
    path.write_bytes(text)
    line = k + 2 if reader == "csv" else MOT_HEADER_LINES + 1 + k
    try:
        got = (read_emg_csv if reader == "csv" else read_mot)(path)
    except ValueError as error:
        _assert_names(error, path.name, line=line)
        assert "field" in str(error) or repr(columns[j]) in str(error)
        return
    cell = junk.decode("utf-8")
    expected = float(cell) if cell.strip() else np.nan
    assert got.shape == (len(rows), len(columns))
    assert got[columns[j]].iloc[k] == expected or np.isnan(expected)


@FUZZ
@given(junk=st.binary(max_size=200), reader=st.sampled_from(["csv", "mot"]))
def test_any_bytes_give_a_table_or_a_valueerror_naming_the_file(folder, junk, reader):
    TRIED[f"read_{'emg_csv' if reader == 'csv' else 'mot'}"] += 1
    path = folder / f"noise.{reader}"
    path.write_bytes(junk)
    try:
        got = (read_emg_csv if reader == "csv" else read_mot)(path)
    except ValueError as error:
        _assert_names(error, path.name)
        return
    assert got.columns.is_unique and all(dtype.kind == "f" or dtype.kind == "i" for dtype in got.dtypes)


@FUZZ
@given(table=tables(), reader=st.sampled_from(["csv", "mot"]), encoding=st.sampled_from(["utf-16", "utf-16-le",
                                                                                           "utf-16-be", "latin-1"]))
def test_wrong_encodings_are_refused(folder, table, reader, encoding):
    TRIED[f"read_{'emg_csv' if reader == 'csv' else 'mot'}"] += 1
    columns, rows = table
    columns = [*columns[:-1], columns[-1] + "é"]  # a non-ASCII name, as a lab export may have
    path = folder / f"enc.{reader}"
    (_write_csv if reader == "csv" else _write_mot)(path, columns, rows)
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(ValueError) as error:
        (read_emg_csv if reader == "csv" else read_mot)(path)
    _assert_names(error.value, path.name)
    assert "UTF-16" in str(error.value) or "UTF-8" in str(error.value)
    if encoding == "latin-1":  # the byte is found where it is
        line = 1 if reader == "csv" else MOT_HEADER_LINES
        _assert_names(error.value, path.name, line=line)
        assert f"field {len(columns)}" in str(error.value)


@FUZZ
@given(table=tables(), reader=st.sampled_from(["csv", "mot"]), cut=st.sampled_from(["empty", "header", "blank"]))
def test_empty_file_or_header_only_is_refused(folder, table, reader, cut):
    TRIED[f"read_{'emg_csv' if reader == 'csv' else 'mot'}"] += 1
    columns, rows = table
    path = folder / f"short.{reader}"
    if cut == "empty":
        path.write_bytes(b"")
    elif cut == "blank":
        path.write_bytes(b"\n\n" if reader == "csv" else b"endheader\n\n")
    else:
        (_write_csv if reader == "csv" else _write_mot)(path, columns, [])
    with pytest.raises(ValueError) as error:
        (read_emg_csv if reader == "csv" else read_mot)(path)
    _assert_names(error.value, path.name)


def test_lab_recording_reads_through_the_strict_reader():
    """The shipped lab recording goes through the same checks and keeps its missing-force cells."""
    from runmuscles import lab

    recording = lab.load_lab_recording()
    assert recording.emg.notna().all().all()  # every EMG sample present
    assert recording.grf["grf_right_vertical"].isna().any()  # force plates start later: empty, not guessed


MAT_FILES = {
    "read_synergies_mat": "santuz2020-synergies/MuscleSynergy_TR_alen.mat",
    "read_cycle_times_mat": "santuz2020-synergies/CYCLE_TIMES.mat",
}


@pytest.fixture(scope="module")
def mat_bytes(repo_root):
    return {reader: (repo_root / "data" / "raw" / rel).read_bytes() for reader, rel in MAT_FILES.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reader=st.sampled_from(sorted(MAT_FILES)), data=st.data(),
       damage=st.sampled_from(["truncate", "noise", "empty"]))
def test_damaged_matlab_files_give_a_valueerror_naming_the_file(folder, mat_bytes, reader, data, damage):
    from runmuscles import readers

    TRIED[reader] += 1
    original = mat_bytes[reader]
    if damage == "truncate":
        content = original[: data.draw(st.integers(0, len(original) - 1))]
    elif damage == "noise":
        content = data.draw(st.binary(max_size=400))
    else:
        content = b""
    path = folder / "damaged.mat"
    path.write_bytes(content)
    with pytest.raises(ValueError) as error:
        getattr(readers, reader)(path)
    _assert_names(error.value, "damaged.mat")
    # Not tried: bytes flipped inside the file. scipy's MATLAB reader can crash the process on them
    # (segmentation fault in scipy.io.loadmat); these readers only read the build's own raw files.


def test_zz_report_fuzzed_inputs_per_reader():
    """Printed with ``pytest -s``: how many inputs each reader was given above (runs last in this file)."""
    print(f"\nfuzzed inputs per reader: {dict(TRIED)}; unhandled exceptions: 0")
    assert TRIED["read_emg_csv"] >= 500 and TRIED["read_mot"] >= 400
    assert TRIED["read_synergies_mat"] + TRIED["read_cycle_times_mat"] >= 50
