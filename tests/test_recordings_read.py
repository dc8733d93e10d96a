"""Reading lab recordings: C3D (both readers), CSV with and without a header, contacts tables, malformed tables."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import ezc3d
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runmuscles.recordings import read_contacts, read_recording, read_table
from runmuscles.recordings.read import _read_c3d_ezc3d, _read_c3d_numpy

HERE = Path(__file__).parent / "data" / "recordings"
SANTUZ = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_emg.csv"
SANTUZ_CONTACTS = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_cycles.csv"


def test_every_lab_file_is_read():
    for path in sorted(HERE.glob("*.c3d")) + sorted(HERE.glob("*.csv")):
        rec = read_recording(path)
        assert rec.analog.shape == (len(rec.labels), rec.n_samples)
        assert rec.rate > 0 and np.isfinite(rec.analog).all(), path.name


def test_first_frame_sets_the_clock():
    """Vicon trials do not start at frame 1: TRIAL:ACTUAL_START_FIELD gives the first frame (1-based)."""
    path = HERE / "vicon-nexus_walk_gaitalytics.c3d"
    start_field = ezc3d.c3d(str(path))["parameters"]["TRIAL"]["ACTUAL_START_FIELD"]["value"][0]
    rec = read_recording(path)
    assert rec.t0 == pytest.approx((start_field - 1) / 100.0)
    assert rec.marker_t0 == pytest.approx(rec.t0)


def test_interleaved_event_times():
    """The BTK file stores EVENT:TIMES as one vector of (minutes, seconds) pairs, not a 2 x n array."""
    rec = read_recording(HERE / "vicon-nexus_walk_btk-pig-flatfoot.c3d")
    right_strikes = sorted(e.time for e in rec.events if e.context == "Right" and e.label == "Foot Strike")
    # the seconds stored for the right foot strikes in that file
    assert right_strikes == pytest.approx([1.53, 2.54, 3.57, 4.59], abs=1e-4)
    assert all(rec.t0 <= e.time <= rec.t0 + rec.duration for e in rec.events)


def _synthetic_c3d(path: Path) -> None:
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [100.0]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = ("RHEE", "RTOE")
    c3d["parameters"]["ANALOG"]["RATE"]["value"] = [1000.0]
    c3d["parameters"]["ANALOG"]["LABELS"]["value"] = ("R_TA", "EMG 2", "L_SOL")
    c3d["parameters"]["ANALOG"]["UNITS"]["value"] = ("V", "V", "mV")
    rng = np.random.default_rng(3)
    points = np.ones((4, 2, 50))
    points[:3] = rng.normal(size=(3, 2, 50)) * 100
    points[:3, 1, 10:20] = np.nan  # a gap in one marker
    c3d["data"]["points"] = points
    c3d["data"]["analogs"] = rng.normal(size=(1, 3, 500))
    c3d.write(str(path))


@pytest.mark.parametrize("name", ["bts-elite_emg-only_no-events_btk.c3d", "synthetic"])
def test_numpy_reader_matches_ezc3d(name, tmp_path):
    """The fast reader returns exactly what ezc3d reads: channels, labels, clock, markers (gaps as NaN)."""
    path = HERE / name
    if name == "synthetic":
        path = tmp_path / "synthetic.c3d"
        _synthetic_c3d(path)
    fast, ref = _read_c3d_numpy(path), _read_c3d_ezc3d(path)
    assert fast is not None
    assert fast.labels == ref.labels and fast.units == ref.units and fast.rate == ref.rate and fast.t0 == ref.t0
    np.testing.assert_array_equal(fast.analog, ref.analog)
    assert sorted(fast.markers) == sorted(ref.markers)
    for label, xyz in ref.markers.items():
        np.testing.assert_allclose(fast.markers[label], xyz, rtol=1e-6, equal_nan=True)
    assert fast.events == ref.events


def test_force_plate_files_use_ezc3d():
    """Plate forces need the calibration ezc3d applies, so files with plates take that path."""
    assert _read_c3d_numpy(HERE / "vicon-nexus_walk_gaitalytics.c3d") is None
    assert len(read_recording(HERE / "vicon-nexus_walk_gaitalytics.c3d").plates) == 4


def test_santuz_csv(raw_dir):
    rec = read_recording(raw_dir / SANTUZ)
    assert rec.labels == ["ME", "MA", "FL", "RF", "VM", "VL", "ST", "BF", "TA", "PL", "GM", "GL", "SO"]
    assert rec.rate == pytest.approx(1000.0)
    assert rec.t0 == pytest.approx(0.014)
    assert rec.n_samples == 7618


def test_csv_without_header():
    rec = read_recording(HERE / "csv_single-channel_no-header_bmclab.csv")
    assert rec.labels == ["column 2"] and rec.rate == pytest.approx(1000.0)
    assert rec.system == "CSV table without a header"


def test_contacts_table(raw_dir, tmp_path):
    contacts = read_contacts(raw_dir / SANTUZ_CONTACTS)
    strikes, offs = contacts["right"]
    assert list(contacts) == ["right"] and len(strikes) == 6 and np.all(offs > strikes)
    both = tmp_path / "both.csv"
    both.write_text("touchdown_s,liftoff_s,side\n1.0,1.6,R\n1.5,2.1,left\n2.0,2.6,right\n", encoding="utf-8")
    got = read_contacts(both)
    assert list(got["right"][0]) == [1.0, 2.0] and list(got["left"][1]) == [2.1]
    bad = tmp_path / "bad.csv"
    bad.write_text("start,stop\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="touchdown_s,liftoff_s"):
        read_contacts(bad)


def test_semicolon_and_decimal_comma(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Time;R TA\n0,000;1,5\n0,001;-2,25\n0,002;0,5\n", encoding="utf-8")
    rec = read_recording(path)
    assert rec.labels == ["R TA"] and list(rec.analog[0]) == [1.5, -2.25, 0.5]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("time,TA\n0,1\n0.001,2,3\n", "row 3 has 3 fields, more than the 2 columns"),
        ("time,TA,SOL\n0,1,2\n0.001,2\n", "row 3 has 2 fields, fewer than the 3 columns"),
        ("time,TA,TA\n0,1,2\n0.001,2,3\n", "columns 2 and 3 are both named 'TA'"),
        ("time,TA\n0,1\n0.001,\n", "row 3, column 'TA': '' is empty"),
        ("time,TA\n0,1\n0.001,nan\n", "row 3, column 'TA': 'nan' is not a finite number"),
        ("time,TA\n0,1\n0.005,2\n0.006,2\n", "time step"),
    ],
)
def test_malformed_tables_name_row_and_column(tmp_path, text, message):
    path = tmp_path / "upload.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="upload.csv") as error:
        read_recording(path)
    assert message in str(error.value)


# ----------------------------------------------------------------------------- property-based

NAMES = st.text(alphabet=string.ascii_letters + "_ ", min_size=1, max_size=8).map(str.strip).filter(
    lambda s: s and not s.replace(" ", "").lower().startswith(("nan", "inf"))
)
VALUES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def tables(draw):
    """A well-formed table: a time column and 1-5 uniquely named channels, 2-20 rows."""
    names = draw(st.lists(NAMES, min_size=1, max_size=5, unique_by=str.lower).filter(lambda n: "time" not in [x.lower() for x in n]))
    n = draw(st.integers(2, 20))
    data = [[draw(VALUES) for _ in names] for _ in range(n)]
    return ["time", *names], [[k * 0.001, *row] for k, row in enumerate(data)]


def _write(names, rows, extra_lines=None) -> bytes:
    lines = [",".join(names)] + [",".join(repr(float(v)) for v in row) for row in rows]
    for k, line in (extra_lines or {}).items():
        lines[k] = line
    return ("\n".join(lines) + "\n").encode("utf-8")


def _read_bytes(blob: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.csv"
        path.write_bytes(blob)
        return read_table(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_well_formed_tables_read_back_exactly(table):
    names, rows = table
    got_names, columns, has_header = _read_bytes(_write(names, rows))
    assert has_header and got_names == names
    for k, name in enumerate(names):
        np.testing.assert_array_equal(columns[name], [row[k] for row in rows])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.data())
def test_ragged_rows_never_shift_columns(table, data):
    """A row with a field more or less is an error naming that row, never a silently shifted column."""
    names, rows = table
    k = data.draw(st.integers(1, len(rows)))
    cells = [repr(float(v)) for v in rows[k - 1]]
    cells = cells + ["1.0"] if data.draw(st.booleans()) else cells[:-1]
    blob = _write(names, rows, {k: ",".join(cells)})
    with pytest.raises(ValueError) as error:
        _read_bytes(blob)
    assert "upload.csv" in str(error.value) and f"row {k + 1} has {len(cells)} fields" in str(error.value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.data(), st.text(alphabet=string.ascii_letters + "#$%&*@!?", min_size=1, max_size=5))
def test_non_numeric_cells_are_named(table, data, junk):
    names, rows = table
    k = data.draw(st.integers(1, len(rows)))
    j = data.draw(st.integers(0, len(names) - 1))
    cells = [repr(float(v)) for v in rows[k - 1]]
    cells[j] = junk
    try:
        float(junk)
        return  # e.g. "nan", "inf": tested with their own message above
    except ValueError:
        pass
    with pytest.raises(ValueError) as error:
        _read_bytes(_write(names, rows, {k: ",".join(cells)}))
    message = str(error.value)
    assert "upload.csv" in message
    assert f"row {k + 1}, column {names[j]!r}" in message or "cannot be parsed" in message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.data())
def test_duplicate_columns_are_refused(table, data):
    names, rows = table
    if len(names) < 3:
        return
    j = data.draw(st.integers(2, len(names) - 1))
    names = [*names[:j], names[1].upper(), *names[j + 1 :]]
    with pytest.raises(ValueError, match="both named"):
        _read_bytes(_write(names, rows))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(["utf-16-le", "utf-16", "latin-1", "cp1252", "utf-32"]))
def test_other_encodings_read_or_fail_cleanly(table, encoding):
    """UTF-16 with a byte-order mark and Latin-1 are read; UTF-16/32 without one fail with a message."""
    names, rows = table
    names = [names[0], *(n + "µ" for n in names[1:])]
    text = _write(names, rows).decode("utf-8")
    try:
        got_names, columns, _ = _read_bytes(text.encode(encoding))
    except ValueError as error:
        assert "upload.csv" in str(error)
        return
    assert got_names == names
    for k, name in enumerate(names):
        np.testing.assert_array_equal(columns[name], [row[k] for row in rows])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.text(alphabet=",;\t\n\r 0123456789.-eE+abcxyz\"'#", max_size=200).map(str.encode))
def test_any_bytes_read_or_fail_with_a_value_error(blob):
    """Whatever is uploaded, the reader returns a consistent table or raises ValueError naming the file."""
    try:
        names, columns, _ = _read_bytes(blob)
    except ValueError as error:
        assert "upload.csv" in str(error)
        return
    lengths = {len(v) for v in columns.values()}
    assert len(lengths) == 1 and list(columns) == names
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.csv"
        path.write_bytes(blob)
        try:
            rec = read_recording(path)
        except ValueError as error:
            assert "upload.csv" in str(error)
        else:
            assert rec.analog.shape[1] == lengths.pop()


@pytest.mark.parametrize("cut", [0, 100, 600, 5000])
def test_broken_c3d_files_fail_with_a_value_error(tmp_path, cut):
    """A truncated or overwritten C3D file gives a ValueError naming it, never a crash."""
    blob = (HERE / "bts-elite_emg-only_no-events_btk.c3d").read_bytes()
    path = tmp_path / "broken.c3d"
    path.write_bytes(blob[:cut] if cut else b"not a c3d file at all" * 30)
    try:
        rec = read_recording(path)
    except ValueError as error:
        assert "broken.c3d" in str(error)
    else:  # a cut inside the data block: ezc3d pads the missing frames; what is read must be consistent
        assert rec.analog.shape[0] == len(rec.labels)


def test_missing_and_unknown_files(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        read_recording(tmp_path / "nothere.c3d")
    (tmp_path / "trial.xlsx").write_bytes(b"PK")
    with pytest.raises(ValueError, match="unknown file type '.xlsx'"):
        read_recording(tmp_path / "trial.xlsx")


def _storage(path: Path, rows: list[str]) -> Path:
    header = ["emg.sto", "version=1", f"nRows={len(rows) - 1}", "nColumns=3", "inDegrees=no", "endheader"]
    path.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    return path


def test_opensim_storage(tmp_path, raw_dir):
    rows = ["time\tR_TA\tL_SOL"] + [f"{k / 1000:.3f}\t{np.sin(k):.6f}\t{np.cos(k):.6f}" for k in range(50)]
    rec = read_recording(_storage(tmp_path / "emg.sto", rows))
    assert rec.file_format == "OpenSim storage" and rec.labels == ["R_TA", "L_SOL"] and rec.rate == pytest.approx(1000.0)
    grf = read_recording(raw_dir / "rajagopal2016" / "grf_run.mot")
    assert "R_ground_force_vy" in grf.labels and grf.rate > 0
    rows[7] = "0.006\t0.5"
    with pytest.raises(ValueError, match=r"emg.sto: row 14 has 2 fields but the header has 3"):
        read_recording(_storage(tmp_path / "emg.sto", rows))
