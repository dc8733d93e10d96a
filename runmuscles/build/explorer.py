"""Build step for the gait-cycle explorer: the payload of every shipped data set and gait.

Writes ``explorer_<gait>_<source>.json`` (:func:`runmuscles.apps.explorer.payload_file`): what
:func:`runmuscles.apps.explorer.compute_payload` returns for that gait and data set. A dashboard's kernel
reads these instead of computing them, so it needs neither pandas nor numpy.

The payloads are computed from the tables and catalogue in the package's ``runmuscles/data`` by a fresh
Python process, which reads the tables just written there (no cache of this process is involved). Written
into another folder (``--check``), they are computed from the shipped tables, which that check compares too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["build_explorer_payloads", "write_payloads"]


def write_payloads(out_dir: str | Path) -> list[Path]:
    """Compute and write every shipped payload into ``out_dir`` (in this process); return the files."""
    from ..apps.explorer import compute_payload, encode_payload, payload_file
    from ..datasets import all_datasets

    out_dir = Path(out_dir)
    written = []
    for dataset in all_datasets():
        for gait_name in dataset.gaits:
            payload = compute_payload(gait_name, dataset.id)
            path = out_dir / payload_file(gait_name, dataset.id)
            path.write_bytes(encode_payload(payload) + b"\n")
            written.append(path)
    return written


def build_explorer_payloads(out_dir: str | Path) -> list[Path]:
    """Write every shipped payload into ``out_dir`` from a fresh Python process; return the files.

    Returns
    -------
    list of pathlib.Path
        One file per shipped data set and gait; byte-for-byte deterministic.
    """
    code = "import sys; from runmuscles.build.explorer import write_payloads; " \
        "print('\\n'.join(str(p) for p in write_payloads(sys.argv[1])))"
    done = subprocess.run([sys.executable, "-c", code, str(out_dir)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"computing the explorer's payloads failed:\n{done.stderr}")
    return [Path(line) for line in done.stdout.splitlines() if line]
