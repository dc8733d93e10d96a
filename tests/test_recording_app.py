"""The "your own recording" app: uploads through the real pipeline, clear messages, nothing left behind."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from runmuscles import datasets
from runmuscles.apps.recording import RecordingUpload, parse_strikes, report_html

RECORDINGS = Path(__file__).parent / "data" / "recordings"
SANTUZ = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_emg.csv"
SANTUZ_CONTACTS = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_cycles.csv"
SANTUZ_MAPPING = "ME=gluteus_medius\nMA=gluteus_maximus\nFL=tensor_fasciae_latae\nGM=gastrocnemius_medialis\nGL=gastrocnemius_lateralis\nSO=soleus"


def _item(path: Path, name: str | None = None, size: int | None = None) -> dict:
    data = path.read_bytes()
    return {"name": name or path.name, "type": "", "size": len(data) if size is None else size,
            "content": memoryview(data), "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)}


def _uploads_left() -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob("runmuscles-upload-*"))


@pytest.fixture
def app():
    """A fresh app; whatever it registered is removed afterwards."""
    a = RecordingUpload()
    yield a
    a.close()


def test_an_uploaded_trial_is_compared_and_explored(app, raw_dir):
    before = _uploads_left()
    app.mapping.value = SANTUZ_MAPPING
    app.file.value = (_item(raw_dir / SANTUZ),)
    app.contacts.value = (_item(raw_dir / SANTUZ_CONTACTS),)
    app._on_process()
    assert "1 walker, 5 strides, 13 muscles" in app.status.value
    assert app.dataset_id in [d.id for d in datasets.for_gait("walk")]
    assert "contacts table" in app.report.value
    names = {t.name for t in app.comparison.figure.data if t.name}
    assert any("Santuz 2020" in n for n in names) and any("Your recording" in n for n in names)
    assert app.explorer.children[-1].view.data["source"] == app.dataset_id
    assert _uploads_left() == before  # the temporary folder is gone


def test_a_file_without_foot_strikes_says_how_to_supply_them(app):
    app.file.value = (_item(RECORDINGS / "bts-elite_emg-only_no-events_btk.c3d"),)
    app._on_process()
    assert "foot strikes" in app.status.value and "touchdown_s,liftoff_s" in app.status.value
    assert "Traceback" not in app.status.value and app.dataset_id is None


def test_typed_foot_strikes_are_used_and_checked(app):
    app.strikes.value = "0.5, 1.1\nnot a number"
    app.file.value = (_item(RECORDINGS / "csv_single-channel_no-header_bmclab.csv"),)
    app._on_process()
    assert "line 2" in app.status.value
    with pytest.raises(ValueError, match="line 1"):  # a lift-off before its touchdown
        parse_strikes("1.0, 0.5")
    assert parse_strikes("0.5, 1.1\n1.6, 2.2")["right"][1].tolist() == [1.1]


def test_too_large_an_upload_is_refused_with_the_command_to_use(app):
    app.file.value = (_item(RECORDINGS / "csv_single-channel_no-header_bmclab.csv", size=10**9),)
    app._on_process()
    assert "runmuscles process" in app.status.value and app.dataset_id is None


def test_no_file_chosen(app):
    app._on_process()
    assert "Choose a recording" in app.status.value


def test_names_from_files_are_escaped():
    html = report_html({"file": "<img src=x onerror=alert(1)>.csv", "channels_used": [{"label": "<b>x</b>", "column": "y"}],
                        "warnings": ["<script>bad()</script>"]})
    assert "<img" not in html and "<script>" not in html and "&lt;img" in html


def test_an_upload_is_not_visible_to_another_kernel(raw_dir):
    """Each page has its own kernel (a process): a recording registered in one is absent from any other."""
    code = (
        "from runmuscles.apps.recording import RecordingUpload\n"
        f"a = RecordingUpload(); a.mapping.value = {SANTUZ_MAPPING!r}\n"
        f"a.process({str(raw_dir / SANTUZ)!r}, {str(raw_dir / SANTUZ_CONTACTS)!r})\n"
        "import runmuscles; print(sorted(runmuscles.sources_for('walk')))\n"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "your_recording" in other.stdout
    assert "your_recording" not in datasets.ids()
