"""Readers of raw files: bad input gets a message that says where the problem is."""

from __future__ import annotations

import pytest

from runmuscles.readers import read_emg_csv, read_mot


def test_emg_csv_names_row_and_column_of_a_bad_cell(tmp_path):
    path = tmp_path / "my_emg.csv"
    path.write_text("time,SOL,TA\n0.000,0.1,0.2\n0.001,0.3,oops\n0.002,0.1,0.2\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        read_emg_csv(path)
    message = str(error.value)
    assert "my_emg.csv" in message and "row 3" in message and "'TA'" in message and "'oops'" in message


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
