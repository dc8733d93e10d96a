"""``runmuscles process`` run as users run it: a subprocess on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import runmuscles

HERE = Path(__file__).parent / "data" / "recordings"
SANTUZ = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_emg.csv"
SANTUZ_CONTACTS = "musclesynergies-walking/RAW_DATA_ID0012_TW_01_cycles.csv"
OUTPUTS = {"activation.csv", "activation_sd.csv", "events.csv", "report.json"}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "runmuscles.cli", "process", *args], capture_output=True, text=True,
                          timeout=300)


def test_c3d_with_file_events(tmp_path):
    done = _run(str(HERE / "vicon-nexus_walk_gaitalytics.c3d"), "--side", "both", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert {p.name for p in tmp_path.iterdir()} == OUTPUTS
    activation = pd.read_csv(tmp_path / "activation.csv", index_col="percent")
    assert list(activation.index) == list(range(101))
    assert {"tibialis_anterior_right", "tibialis_anterior_left", "Voltage.RGAS"} <= set(activation.columns)
    events = pd.read_csv(tmp_path / "events.csv")
    assert set(events["side"]) == {"right", "left"}
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["system"].startswith("C3D from Vicon Nexus")
    assert report["events"]["right"]["source"] == "file events"
    assert {"channels_used", "channels_left_out", "warnings", "rates_hz", "strides"} <= set(report)


def test_santuz_csv_with_contacts_and_mapping(tmp_path, raw_dir):
    mapping = ["ME=gluteus_medius", "MA=gluteus_maximus", "FL=tensor_fasciae_latae", "GM=gastrocnemius_medialis",
               "GL=gastrocnemius_lateralis", "SO=soleus"]
    args = [str(raw_dir / SANTUZ), "--contacts", str(raw_dir / SANTUZ_CONTACTS), "--gait", "walk", "--out", str(tmp_path)]
    for item in mapping:
        args += ["--map", item]
    done = _run(*args)
    assert done.returncode == 0, done.stderr
    ours = pd.read_csv(tmp_path / "activation.csv", index_col="percent")
    shipped = runmuscles.load_activation("walk", "santuz2020_raw")
    np.testing.assert_allclose(ours[shipped.columns].to_numpy(), shipped.to_numpy(), atol=1e-5)


def test_emg_only_file_exits_2_naming_the_missing_foot_strikes(tmp_path):
    done = _run(str(HERE / "bts-elite_emg-only_no-events_btk.c3d"), "--out", str(tmp_path))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "no right foot strikes" in lines[0] and "--contacts touchdowns.csv" in lines[0]
    assert "touchdown_s,liftoff_s" in lines[0]
    assert not (tmp_path / "activation.csv").exists()
    assert "error" in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def test_mains_only_file_exits_2_saying_there_is_no_emg(tmp_path):
    done = _run(str(HERE / "vicon-nexus_treadmill-walk_no-emg_gaitalytics.c3d"), "--out", str(tmp_path))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "no usable EMG channel (mains pick-up" in done.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len([c for c in report["channels_left_out"] if c["signal"] == "mains"]) == 12


def test_malformed_csv_exits_2_naming_the_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("time,R_TA,R_SOL\n0,1,2\n0.001,1,2,3\n", encoding="utf-8")
    done = _run(str(bad), "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "runmuscles process: bad.csv: row 3 has 4 fields, more than the 3 columns of the header; "
        "the columns would shift, so the file is not read"
    )


def test_unknown_channel_in_mapping_lists_the_channels(tmp_path):
    done = _run(str(HERE / "vicon-nexus_walk_gaitalytics.c3d"), "--map", "EMG 3=soleus", "--out", str(tmp_path))
    assert done.returncode == 2 and "Voltage.RTA" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_listed_in_help():
    done = subprocess.run([sys.executable, "-m", "runmuscles.cli", "--help"], capture_output=True, text=True, timeout=120)
    assert "process" in done.stdout
