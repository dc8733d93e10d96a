"""Read a lab recording (C3D, CSV or OpenSim storage) into one plain structure.

A :class:`Recording` holds the analog channels (EMG and everything else the file carries) on one
time axis, and whatever the file offers to find foot strikes: its own events, force plates and
markers. Nothing is decided here about which channel is EMG or where the strides are; that is
:mod:`runmuscles.recordings.channels` and :mod:`runmuscles.recordings.events`.

Times are seconds from the start of the capture, the way the C3D format counts them: a trial
whose first frame is frame 148 at 100 Hz starts at 1.47 s, and the file's events are given on
the same clock.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "trial.csv"
>>> _ = path.write_text("time,RTA,RSOL\\n0.000,1.0,2.0\\n0.001,-1.0,0.5\\n0.002,0.5,-2.0\\n")
>>> rec = read_recording(path)
>>> rec.labels, rec.rate, rec.n_samples
(['RTA', 'RSOL'], 1000.0, 3)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "ForcePlate",
    "Recording",
    "FileEvent",
    "read_recording",
    "read_table",
    "read_contacts",
]

#: Largest relative deviation of a time step from the median step before a time column is called uneven.
TIME_STEP_TOLERANCE = 0.01


@dataclass
class ForcePlate:
    """One force plate, its ground reaction force in the lab frame.

    Attributes
    ----------
    number : int
        1-based plate number in the file.
    plate_type : int
        The C3D ``FORCE_PLATFORM:TYPE`` (2: six calibrated channels; 4: with a calibration matrix, ...).
    force : numpy.ndarray
        Shape (3, samples): force on the plate in the lab axes [N], at the analog rate.
    cop : numpy.ndarray
        Shape (3, samples): centre of pressure in the lab axes [mm] (NaN where undefined).
    """

    number: int
    plate_type: int
    force: np.ndarray
    cop: np.ndarray


@dataclass(frozen=True)
class FileEvent:
    """An event stored in the file (C3D ``EVENT`` group or header events).

    Attributes
    ----------
    label : str
        As stored, e.g. ``"Foot Strike"``.
    context : str
        As stored, e.g. ``"Right"`` (may be empty).
    time : float
        Seconds on the capture clock [s].
    """

    label: str
    context: str
    time: float


@dataclass
class Recording:
    """A lab recording read from one file.

    Attributes
    ----------
    path : pathlib.Path
        The file read.
    file_format : str
        ``"C3D"``, ``"CSV"`` or ``"OpenSim storage"``.
    system : str
        Maker and software as far as the file says, else a plain description.
    rate : float
        Analog sampling rate [Hz].
    t0 : float
        Time of the first analog sample on the capture clock [s].
    labels, units, descriptions : list of str
        One entry per analog channel (units and descriptions empty when the file has none).
    analog : numpy.ndarray
        Shape (channels, samples) [channel units]: float32 from C3D (as stored there), float64 from text tables.
    reserved : set of int
        Indexes of analog channels that belong to force plates (never EMG).
    plates : list of ForcePlate
        Force plates with their forces.
    markers : dict
        Marker label -> array (3, frames) [mm], NaN where the marker was not seen.
    marker_rate : float
        Marker frame rate [Hz] (0 when there are no markers).
    marker_t0 : float
        Time of the first marker frame [s].
    events : list of FileEvent
        Events stored in the file.
    notes : list of str
        Things noticed while reading (shown in the report).
    """

    path: Path
    file_format: str
    system: str
    rate: float
    t0: float
    labels: list[str]
    units: list[str]
    descriptions: list[str]
    analog: np.ndarray
    reserved: set[int] = field(default_factory=set)
    plates: list[ForcePlate] = field(default_factory=list)
    markers: dict[str, np.ndarray] = field(default_factory=dict)
    marker_rate: float = 0.0
    marker_t0: float = 0.0
    events: list[FileEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def n_samples(self) -> int:
        """Number of analog samples."""
        return int(self.analog.shape[1])

    @property
    def duration(self) -> float:
        """Length of the analog record [s]."""
        return self.n_samples / self.rate

    def time(self) -> np.ndarray:
        """Analog sample times on the capture clock [s]."""
        return self.t0 + np.arange(self.n_samples) / self.rate

    def marker_time(self) -> np.ndarray:
        """Marker frame times on the capture clock [s] (empty without markers)."""
        if not self.markers:
            return np.zeros(0)
        n = next(iter(self.markers.values())).shape[1]
        return self.marker_t0 + np.arange(n) / self.marker_rate


def read_recording(path: str | Path) -> Recording:
    """Read a C3D, CSV (or TXT/TSV) or OpenSim ``.mot``/``.sto`` file.

    Parameters
    ----------
    path : str or pathlib.Path
        The file; the format is chosen by its extension.

    Returns
    -------
    Recording

    Raises
    ------
    ValueError
        When the file cannot be read; the message names the file and, for tables, the row and column.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".c3d":
        return _read_c3d(path)
    if suffix in (".mot", ".sto"):
        return _read_storage(path)
    if suffix in (".csv", ".txt", ".tsv", ".emt"):
        return _read_csv_recording(path)
    raise ValueError(f"{path.name}: unknown file type {suffix!r}; use a .c3d, .csv, .txt, .tsv, .mot or .sto file")


# --------------------------------------------------------------------------------------------- C3D


def _param(group: dict, name: str, default=None):
    entry = group.get(name)
    if entry is None:
        return default
    return entry["value"]


def _strings(values, n: int) -> list[str]:
    values = list(values) if values is not None else []
    values = [str(v).strip() for v in values]
    return (values + [""] * n)[:n]


def _c3d_parameters(raw: bytes) -> tuple[dict, dict] | None:
    """Header and parameters of an Intel-format C3D file, or None for other processors or odd files.

    Parameters are returned as ezc3d returns them (``{"GROUP": {"NAME": {"value": ...}}}``) so that
    the rest of the reader does not care which path read the file.
    """
    if len(raw) < 1024 or raw[1] != 0x50:
        return None
    words = np.frombuffer(raw[:512], dtype="<i2")
    start = (raw[0] - 1) * 512
    if start < 512 or start + 4 > len(raw) or raw[start + 3] != 84:  # 84: Intel processor
        return None
    header = {
        "points": int(words[1]),
        "analog_per_frame": int(words[2]),
        "first_frame": int(words[3]) - 1,
        "last_frame": int(np.frombuffer(raw[8:10], dtype="<u2")[0]) - 1,
        "scale": float(np.frombuffer(raw[12:16], dtype="<f4")[0]),
        "data_start": int(words[8]),
        "ratio": int(words[9]),
        "rate": float(np.frombuffer(raw[20:24], dtype="<f4")[0]),
    }
    groups: dict[int, str] = {}
    params: dict[int, dict] = {}
    pos = start + 4
    end = start + raw[start + 2] * 512
    while pos + 2 < min(end, len(raw)):
        nchars, gid = (int(v) for v in np.frombuffer(raw[pos : pos + 2], dtype="i1"))
        nchars = abs(nchars)
        if nchars == 0:
            break
        name = raw[pos + 2 : pos + 2 + nchars].decode("latin-1").upper()
        offset_at = pos + 2 + nchars
        offset = int(np.frombuffer(raw[offset_at : offset_at + 2], dtype="<i2")[0])
        body = offset_at + 2
        if gid < 0:
            groups[-int(gid)] = name
        else:
            kind, ndims = (int(v) for v in np.frombuffer(raw[body : body + 2], dtype="i1"))
            dims = [int(d) for d in raw[body + 2 : body + 2 + ndims]]
            data_at = body + 2 + ndims
            size = abs(int(kind)) * int(np.prod(dims)) if dims else abs(int(kind))
            blob = raw[data_at : data_at + size]
            if kind == -1:
                if len(dims) <= 1:
                    value = [blob.decode("latin-1").rstrip()] if dims else [blob.decode("latin-1")]
                else:
                    width = dims[0]
                    value = [blob[k * width : (k + 1) * width].decode("latin-1").rstrip() for k in range(int(np.prod(dims[1:])))]
            else:
                dtype = {1: "u1", 2: "<i2", 4: "<f4"}[abs(int(kind))]
                value = np.frombuffer(blob, dtype=dtype).astype(float if kind == 4 else int)
                if len(dims) > 1:
                    value = value.reshape(dims[::-1]).T
            params.setdefault(int(gid), {})[name] = {"value": value}
        if offset == 0:
            break
        pos = offset_at + offset
    out = {name: params.get(g, {}) for g, name in groups.items()}
    out.update({f"GROUP{g}": entries for g, entries in params.items() if g not in groups})
    return header, out


def _read_c3d_numpy(path: Path) -> Recording | None:
    """Fast path for Intel-format C3D files without force plates: the data block read as one numpy array.

    ezc3d builds one object per frame, which takes seconds and several hundred MB on a long recording;
    this reads the same values straight from the file. Files with force plates (whose forces ezc3d
    computes from the calibration) and other processor formats go through ezc3d.
    """
    raw = path.read_bytes()
    parsed = _c3d_parameters(raw)
    if parsed is None:
        return None
    header, params = parsed
    fp_used = np.atleast_1d(_param(params.get("FORCE_PLATFORM", {}), "USED", [0]))
    if fp_used.size and int(fp_used[0]) > 0:
        return None
    analog_group, point_group = params.get("ANALOG", {}), params.get("POINT", {})
    n_points = header["points"]
    n_ch = int(np.atleast_1d(_param(analog_group, "USED", [0]))[0])
    ratio = header["ratio"] or (header["analog_per_frame"] // max(n_ch, 1))
    point_rate = float(np.atleast_1d(_param(point_group, "RATE", [header["rate"]]))[0])
    rate = float(np.atleast_1d(_param(analog_group, "RATE", [point_rate * ratio]))[0])
    if n_ch == 0 or rate <= 0 or header["analog_per_frame"] != n_ch * ratio:
        return None
    is_float = float(np.atleast_1d(_param(point_group, "SCALE", [header["scale"]]))[0]) < 0
    unsigned = "UNSIGNED" in "".join(_param(analog_group, "FORMAT", [""]) or [""]).upper()
    dtype = np.dtype("<f4") if is_float else np.dtype("<u2" if unsigned else "<i2")
    per_frame = n_points * 4 + n_ch * ratio
    start = (header["data_start"] - 1) * 512
    n_frames = header["last_frame"] - header["first_frame"] + 1
    available = (len(raw) - start) // (per_frame * dtype.itemsize)
    n_frames = min(n_frames, available)
    if n_frames <= 0:
        return None
    # one record per frame: the points, then `ratio` samples of every analog channel (views, no copies)
    frame = np.dtype([("points", dtype, (n_points * 4,)), ("analog", dtype, (ratio, n_ch))])
    block = np.frombuffer(raw, dtype=frame, count=n_frames, offset=start)
    analog = np.empty((n_ch, n_frames * ratio), dtype=np.float32)
    for k in range(n_ch):  # one channel at a time keeps the peak memory near one copy of the data
        analog[k] = block["analog"][:, :, k].ravel()
    scale = np.resize(np.asarray(_param(analog_group, "SCALE", [1.0]), dtype=np.float32), n_ch)
    offset = np.resize(np.asarray(_param(analog_group, "OFFSET", [0]), dtype=np.float32), n_ch)
    gen = float(np.atleast_1d(_param(analog_group, "GEN_SCALE", [1.0]))[0])
    analog -= offset[:, None]
    analog *= (scale * gen)[:, None]
    labels = _strings(_param(analog_group, "LABELS"), n_ch)
    labels = [lab or f"Analog {k + 1}" for k, lab in enumerate(labels)]
    markers: dict[str, np.ndarray] = {}
    if n_points:
        pts = block["points"].reshape(n_frames, n_points, 4).astype(float)
        if not is_float:
            pts[..., :3] *= header["scale"]
        to_mm = {"mm": 1.0, "m": 1000.0, "cm": 10.0}.get(_strings(_param(point_group, "UNITS"), 1)[0] or "mm", 1.0)
        for k, label in enumerate(_strings(_param(point_group, "LABELS"), n_points)):
            name = label.split(":")[-1].strip()
            if name and name not in markers:
                xyz = pts[:, k, :3].T * to_mm
                xyz[:, pts[:, k, 3] < 0] = np.nan
                markers[name] = xyz
    first = header["first_frame"]
    return Recording(
        path=path, file_format="C3D", system=_c3d_system(params), rate=rate,
        t0=first / point_rate if point_rate > 0 else 0.0,
        labels=labels, units=_strings(_param(analog_group, "UNITS"), n_ch),
        descriptions=_strings(_param(analog_group, "DESCRIPTIONS"), n_ch), analog=analog,
        markers=markers, marker_rate=point_rate if markers else 0.0,
        marker_t0=first / point_rate if point_rate > 0 else 0.0,
        events=_c3d_events(params, {}),
    )


def _read_c3d(path: Path) -> Recording:
    try:
        fast = _read_c3d_numpy(path)
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, UnicodeDecodeError):
        fast = None
    if fast is not None:
        return fast
    return _read_c3d_ezc3d(path)


def _read_c3d_ezc3d(path: Path) -> Recording:
    import ezc3d  # imported here: reading CSV files needs no compiled reader

    notes: list[str] = []
    try:
        c3d = ezc3d.c3d(str(path), extract_forceplat_data=True)
    except Exception as error:  # ezc3d raises RuntimeError/IOError subclasses with C++ messages
        try:
            c3d = ezc3d.c3d(str(path), extract_forceplat_data=False)
            notes.append(f"force plates could not be read ({error}); they are not used")
        except Exception as error2:
            raise ValueError(f"{path.name}: not a readable C3D file ({error2})") from None
    params, header = c3d["parameters"], c3d["header"]
    analog_group = params.get("ANALOG", {})
    data = c3d["data"]["analogs"]
    n_ch = int(data.shape[1]) if data.ndim == 3 else 0
    rate = float(header["analogs"]["frame_rate"] or 0.0)
    point_rate = float(header["points"]["frame_rate"] or 0.0)
    if n_ch == 0 or rate <= 0:
        raise ValueError(f"{path.name}: the file has no analog channels, so no EMG to process")
    labels = _strings(_param(analog_group, "LABELS"), n_ch)
    labels = [lab or f"Analog {k + 1}" for k, lab in enumerate(labels)]
    units = _strings(_param(analog_group, "UNITS"), n_ch)
    descriptions = _strings(_param(analog_group, "DESCRIPTIONS"), n_ch)
    analog = np.asarray(data[0], dtype=np.float32)
    del data, c3d["data"]["analogs"]
    first_frame = int(header["points"]["first_frame"])
    t0 = first_frame / point_rate if point_rate > 0 else int(header["analogs"]["first_frame"]) / rate

    plates, reserved = [], set()
    fp = params.get("FORCE_PLATFORM", {})
    channel = np.asarray(_param(fp, "CHANNEL", []), dtype=int)
    types = np.atleast_1d(np.asarray(_param(fp, "TYPE", []), dtype=int))
    if channel.size:
        reserved = {int(c) - 1 for c in channel.ravel() if 0 < int(c) <= n_ch}
    for k, plate in enumerate(c3d["data"].get("platform", []) or []):
        force = np.asarray(plate["force"], dtype=float)
        scale = {"N": 1.0, "kN": 1000.0}.get(str(plate.get("unit_force", "N")), 1.0)
        cop = np.asarray(plate.get("center_of_pressure", np.full_like(force, np.nan)), dtype=float)
        cop = cop * {"m": 1000.0, "mm": 1.0, "cm": 10.0}.get(str(plate.get("unit_position", "mm")), 1.0)
        plate_type = int(types[k]) if k < types.size else 0
        plates.append(ForcePlate(k + 1, plate_type, force * scale, cop))

    markers: dict[str, np.ndarray] = {}
    points = c3d["data"]["points"]
    point_labels = _strings(_param(params.get("POINT", {}), "LABELS"), points.shape[1])
    extra = 2
    while f"LABELS{extra}" in params.get("POINT", {}) and len(point_labels) < points.shape[1]:
        point_labels += _strings(_param(params["POINT"], f"LABELS{extra}"), 255)
        extra += 1
    point_units = _strings(_param(params.get("POINT", {}), "UNITS"), 1)[0] or "mm"
    to_mm = {"mm": 1.0, "m": 1000.0, "cm": 10.0}.get(point_units, 1.0)
    for k, label in enumerate(point_labels[: points.shape[1]]):
        name = label.split(":")[-1].strip()
        if name and name not in markers:
            markers[name] = np.asarray(points[:3, k, :], dtype=float) * to_mm

    events = _c3d_events(params, header)
    return Recording(
        path=path,
        file_format="C3D",
        system=_c3d_system(params),
        rate=rate,
        t0=t0,
        labels=labels,
        units=units,
        descriptions=descriptions,
        analog=analog,
        reserved=reserved,
        plates=plates,
        markers=markers,
        marker_rate=point_rate if markers else 0.0,
        marker_t0=first_frame / point_rate if point_rate > 0 else 0.0,
        events=events,
        notes=notes,
    )


def _c3d_system(params: dict) -> str:
    maker = params.get("MANUFACTURER", {})
    lookup = {k.upper(): v for k, v in maker.items() if k != "__METADATA__"}
    parts: list[str] = []
    for key in ("COMPANY", "SOFTWARE"):
        if key in lookup:
            for v in lookup[key]["value"]:
                v = str(v).strip()
                if v and not (parts and v.startswith(parts[-1])):
                    parts.append(v)
                elif v:
                    parts[-1] = v
    for key in ("VERSION_LABEL", "VERSION"):
        if key in lookup:
            values = np.atleast_1d(lookup[key]["value"])
            parts.append(".".join(str(v).strip() for v in values))
            break
    if parts:
        return "C3D from " + " ".join(parts)
    if "TDF" in params:
        return "C3D (BTS: TDF group, no MANUFACTURER group)"
    return "C3D (the file does not name its system)"


def _c3d_events(params: dict, header: dict) -> list[FileEvent]:
    """Events of the EVENT group, whatever the layout of EVENT:TIMES; else the header's events."""
    group = params.get("EVENT", {})
    out: list[FileEvent] = []
    used_value = np.atleast_1d(np.asarray(_param(group, "USED", [0]), dtype=float)) if group else np.zeros(1)
    used = int(used_value[0]) if used_value.size else 0
    if used > 0:
        labels = _strings(_param(group, "LABELS"), used)
        contexts = _strings(_param(group, "CONTEXTS"), used)
        times = np.asarray(_param(group, "TIMES", []), dtype=float)
        if times.ndim == 2 and times.shape[0] == 2:
            seconds = 60.0 * times[0] + times[1]
        elif times.ndim == 2 and times.shape[1] == 2:
            seconds = 60.0 * times[:, 0] + times[:, 1]
        elif times.ndim == 1 and times.size == 2 * used:
            pairs = times.reshape(used, 2)  # minutes, seconds interleaved
            seconds = 60.0 * pairs[:, 0] + pairs[:, 1]
        elif times.ndim == 1 and times.size == used:
            seconds = times
        else:
            return out
        out = [FileEvent(lab, ctx, float(s)) for lab, ctx, s in zip(labels, contexts, seconds[:used])]
    if not out:
        head = header.get("events", {})
        for label, time in zip(head.get("events_label", ()), head.get("events_time", ())):
            if str(label).strip():
                out.append(FileEvent(str(label).strip(), "", float(time)))
    return out


# --------------------------------------------------------------------------------------------- tables


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError(f"{path.name}: starts like UTF-16 text but is not valid UTF-16") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ValueError(
                f"{path.name}: row {line} is not UTF-8 text (byte {raw[error.start]:#04x}); save the file as UTF-8"
            ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ValueError(
            f"{path.name}: row {line} contains NUL characters: not a text table (or UTF-16 without a byte-order "
            "mark); save it as UTF-8 CSV"
        )
    return text


def _delimiter(line: str) -> str | None:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def read_table(
    path: str | Path, text_columns: tuple[str, ...] = ()
) -> tuple[list[str], dict[str, np.ndarray], bool]:
    """Read a delimited text table strictly: every row has every column, every cell is a number.

    Comma, semicolon, tab or whitespace delimited; decimal commas are accepted with ``;`` or tab
    delimiters; a first row with any non-numeric cell is the header; blank lines and lines starting
    with ``#`` are skipped. A trailing delimiter on every line is ignored.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    text_columns : tuple of str
        Header names (case-insensitive) whose cells are kept as text (e.g. ``"side"``).

    Returns
    -------
    names : list of str
        Column names (``"column 1"``, ... when there is no header).
    columns : dict
        Name -> numpy array (float64, or object for text columns).
    has_header : bool
        Whether the first row was a header.

    Raises
    ------
    ValueError
        Empty file, undecodable text, a row with more or fewer fields than the header (the columns
        would shift), duplicate or empty column names, or a cell that is not a finite number; the
        message names the file, the row (1-based line number) and the column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bad.csv"
    >>> _ = path.write_text("time,TA\\n0,1\\n0.001,x\\n")
    >>> read_table(path)
    Traceback (most recent call last):
    ...
    ValueError: bad.csv: row 3, column 'TA': 'x' is not a number
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{path.name}: cannot be read ({error.strerror})") from None
    text = _decode(path, raw)
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ValueError(f"{path.name}: the file is empty")
    delimiter = _delimiter(lines[0][1])
    rows: list[tuple[int, list[str]]] = []
    if delimiter is None:
        rows = [(n, line.split()) for n, line in lines]
    else:
        reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter, strict=True)
        try:
            for (n, _), cells in zip(lines, reader):
                rows.append((n, [c.strip() for c in cells]))
        except csv.Error as error:
            raise ValueError(f"{path.name}: row {lines[len(rows)][0]} cannot be parsed ({error})") from None
    decimal_comma = delimiter in (";", "\t")
    if decimal_comma:
        rows = [(n, [re.sub(r"^([-+]?\d*),(\d+(?:[eE][-+]?\d+)?)$", r"\1.\2", c) for c in cells]) for n, cells in rows]
    if all(cells and cells[-1] == "" for _, cells in rows) and len(rows[0][1]) > 1:
        rows = [(n, cells[:-1]) for n, cells in rows]  # a trailing delimiter on every line
    first_line, first = rows[0]
    has_header = any(not _is_number(c) for c in first)
    if has_header:
        names = [c if c else f"column {k + 1}" for k, c in enumerate(first)]
        body = rows[1:]
    else:
        names = [f"column {k + 1}" for k in range(len(first))]
        body = rows
    seen: dict[str, int] = {}
    for k, name in enumerate(names):
        key = name.lower()
        if key in seen:
            raise ValueError(
                f"{path.name}: row {first_line}: columns {seen[key] + 1} and {k + 1} are both named {name!r}; "
                "rename one so that each channel has its own name"
            )
        seen[key] = k
    if not body:
        raise ValueError(f"{path.name}: the file has a header but no rows of data")
    width = len(names)
    for n, cells in body:
        if len(cells) != width:
            what = "more" if len(cells) > width else "fewer"
            raise ValueError(
                f"{path.name}: row {n} has {len(cells)} fields, {what} than the {width} columns of "
                f"{'the header' if has_header else 'row ' + str(first_line)}; the columns would shift, so the file "
                "is not read"
            )
    texts = {t.lower() for t in text_columns}
    columns: dict[str, np.ndarray] = {}
    for k, name in enumerate(names):
        cells = [cells[k] for _, cells in body]
        if name.lower() in texts:
            columns[name] = np.asarray(cells, dtype=object)
            continue
        try:
            values = np.asarray(cells, dtype=float)
        except ValueError:
            values = None
        if values is None or not np.isfinite(values).all():
            for (n, _), cell in zip(body, cells):
                if not _is_number(cell) or not np.isfinite(float(cell)):
                    problem = "is empty" if cell == "" else ("is not a finite number" if _is_number(cell) else "is not a number")
                    raise ValueError(f"{path.name}: row {n}, column {name!r}: {cell!r} {problem}")
        columns[name] = values
    return names, columns, has_header


_TIME_NAMES = re.compile(r"^(time|times|t|sec|secs|seconds|time ?\(s\)|time ?\[s\]|time_s|time s|timestamp)$", re.I)
_TIME_MS = re.compile(r"^(time ?_?\(?\[?ms\]?\)?|time_ms|t_ms|ms|milliseconds)$", re.I)


def _time_axis(path: Path, names: list[str], columns: dict[str, np.ndarray], has_header: bool) -> tuple[str, np.ndarray]:
    for name in names:
        if _TIME_NAMES.match(name.strip()):
            return name, columns[name]
        if _TIME_MS.match(name.strip()):
            return name, columns[name] / 1000.0
    first = names[0]
    t = columns[first]
    if len(t) > 1 and np.all(np.diff(t) > 0):
        return first, t
    hint = "name a column 'time' (seconds)" if has_header else "put the time in seconds in the first column"
    raise ValueError(f"{path.name}: no time column: {hint}")


def _rate_from_time(path: Path, t: np.ndarray, name: str, first_row: int) -> float:
    if len(t) < 2:
        raise ValueError(f"{path.name}: only {len(t)} row of data; a recording needs many samples")
    steps = np.diff(t)
    step = float(np.median(steps))
    if not step > 0:
        raise ValueError(f"{path.name}: column {name!r} does not increase, so it cannot be the time")
    bad = np.flatnonzero(np.abs(steps - step) > TIME_STEP_TOLERANCE * step)
    if bad.size:
        k = int(bad[0])
        raise ValueError(
            f"{path.name}: row {first_row + k + 1}, column {name!r}: time step {steps[k]:.6g} s differs from the "
            f"usual {step:.6g} s (missing or repeated samples); export the recording evenly sampled"
        )
    return round(1.0 / step, 6)  # 1/0.001 is 999.9999999999991 in floating point


def _read_csv_recording(path: Path) -> Recording:
    names, columns, has_header = read_table(path)
    time_name, t = _time_axis(path, names, columns, has_header)
    rate = _rate_from_time(path, t, time_name, 2 if has_header else 1)
    labels = [n for n in names if n != time_name]
    if not labels:
        raise ValueError(f"{path.name}: only a time column; no channels")
    analog = np.vstack([columns[n] for n in labels])  # float64: a text table holds more digits than float32
    units = [_unit_from_name(n) for n in labels]
    return Recording(
        path=path,
        file_format="CSV",
        system="CSV table" + ("" if has_header else " without a header"),
        rate=rate,
        t0=float(t[0]),
        labels=labels,
        units=units,
        descriptions=[""] * len(labels),
        analog=analog,
    )


def _unit_from_name(name: str) -> str:
    match = re.search(r"[\(\[](µV|uV|mV|V|N)[\)\]]\s*$", name)
    return match.group(1) if match else ""


def _read_storage(path: Path) -> Recording:
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path.name}: not UTF-8 text (byte {error.start}); not an OpenSim storage file") from None
    lines = text.splitlines()
    end = next((k for k, line in enumerate(lines) if line.strip().lower() == "endheader"), None)
    if end is None:
        raise ValueError(f"{path.name}: no 'endheader' line; not an OpenSim storage file")
    body = [line for line in lines[end + 1 :] if line.strip()]
    if len(body) < 3:
        raise ValueError(f"{path.name}: no data rows after 'endheader'")
    names = body[0].split("\t") if "\t" in body[0] else body[0].split()
    names = [n.strip() for n in names]
    width = len(names)
    values = np.empty((len(body) - 1, width))
    for k, line in enumerate(body[1:]):
        cells = line.split()
        row = end + 3 + k
        if len(cells) != width:
            raise ValueError(f"{path.name}: row {row} has {len(cells)} fields but the header has {width}")
        for j, cell in enumerate(cells):
            try:
                values[k, j] = float(cell)
            except ValueError:
                raise ValueError(f"{path.name}: row {row}, column {names[j]!r}: {cell!r} is not a number") from None
    if not np.isfinite(values).all():
        k, j = np.argwhere(~np.isfinite(values))[0]
        raise ValueError(f"{path.name}: row {end + 3 + k}, column {names[j]!r} is not a finite number")
    columns = dict(zip(names, values.T))
    time_name, t = _time_axis(path, names, columns, True)
    rate = _rate_from_time(path, t, time_name, end + 3)
    labels = [n for n in names if n != time_name]
    return Recording(
        path=path,
        file_format="OpenSim storage",
        system="OpenSim storage file",
        rate=rate,
        t0=float(t[0]),
        labels=labels,
        units=[""] * len(labels),
        descriptions=[""] * len(labels),
        analog=np.vstack([columns[n] for n in labels]),
    )


# --------------------------------------------------------------------------------------------- contacts

_STRIKE_COLUMNS = ("touchdown_s", "touchdown", "foot_strike_s", "foot_strike", "strike_s", "strike", "heel_strike_s",
                   "heel_strike", "initial_contact_s", "initial_contact", "ic")
_OFF_COLUMNS = ("liftoff_s", "liftoff", "toe_off_s", "toe_off", "foot_off_s", "foot_off", "off_s", "off", "to")


def read_contacts(path: str | Path, default_side: str = "right") -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Read a contacts table: one row per foot contact, touchdown and lift-off times.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV with columns ``touchdown_s,liftoff_s`` [s, on the recording's clock] and optionally
        ``side`` (``right``/``left``, ``R``/``L``). Aliases such as ``foot_strike_s``/``toe_off_s``
        are accepted.
    default_side : {"right", "left"}
        Side of the rows when there is no ``side`` column.

    Returns
    -------
    dict
        Side -> (touchdowns, lift-offs) [s], sorted.

    Raises
    ------
    ValueError
        A malformed table (row and column named) or missing columns (the expected names are listed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "contacts.csv"
    >>> _ = path.write_text("touchdown_s,liftoff_s\\n1.0,1.6\\n2.0,2.6\\n")
    >>> read_contacts(path)["right"][0]
    array([1., 2.])
    """
    path = Path(path)
    names, columns, has_header = read_table(path, text_columns=("side", "foot", "context"))
    if not has_header:
        raise ValueError(f"{path.name}: a contacts table needs a header: touchdown_s,liftoff_s")
    lower = {n.lower().strip(): n for n in names}
    strike = next((lower[c] for c in _STRIKE_COLUMNS if c in lower), None)
    off = next((lower[c] for c in _OFF_COLUMNS if c in lower), None)
    if strike is None or off is None:
        raise ValueError(
            f"{path.name}: a contacts table needs the columns touchdown_s,liftoff_s (seconds on the recording's "
            f"clock); its columns are {names}"
        )
    side_col = next((lower[c] for c in ("side", "foot", "context") if c in lower), None)
    sides = np.full(len(columns[strike]), default_side, dtype=object)
    if side_col is not None:
        for k, value in enumerate(columns[side_col]):
            key = str(value).strip().lower()
            if key in ("r", "right", "rt"):
                sides[k] = "right"
            elif key in ("l", "left", "lt"):
                sides[k] = "left"
            else:
                raise ValueError(f"{path.name}: row {k + 2}, column {side_col!r}: {value!r} is not right or left")
    out = {}
    for side in ("right", "left"):
        pick = sides == side
        if pick.any():
            strikes, offs = columns[strike][pick], columns[off][pick]
            bad = np.flatnonzero(offs <= strikes)
            if bad.size:
                row = int(np.flatnonzero(pick)[bad[0]]) + 2
                raise ValueError(f"{path.name}: row {row}: lift-off {offs[bad[0]]} s is not after touchdown {strikes[bad[0]]} s")
            out[side] = (np.sort(strikes), np.sort(offs))
    return out
