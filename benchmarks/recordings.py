"""Benchmark ``runmuscles process`` end to end on a long synthetic recording.

Usage::

    python benchmarks/recordings.py [--minutes 10] [--channels 16] [--rate 2000] [--repeats 3] [--json out.json]

It writes a synthetic recording into a temporary folder: a C3D file (written with ezc3d) with
``--channels`` raw EMG channels (half right, half left, labelled like a lab's: ``R_TA``, ``L_SOL`` ...)
at ``--rate`` Hz for ``--minutes`` minutes, plus a contacts table (touchdown_s, liftoff_s, side) of a
walk at 1.1 s per stride. Each muscle bursts at its own moment of the stride over noise, so the
output can be checked: every curve must peak where its burst was put.

Then it runs ``runmuscles process FILE --contacts CSV --side both --out DIR`` as a subprocess
``--repeats`` times and prints, for the fastest and the median run, the wall-clock time, the CPU time
(user + system; what a busy shared machine cannot inflate) and the peak resident memory of the process (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest child
so far, so each run is started from a fresh helper process), next to the budget: 5 s and 500 MB for
10 minutes, 16 channels, 2 kHz on a 2-core machine. A missed budget prints ``MISS`` but does not
change the exit status, which is non-zero only when the run fails or a curve peaks in the wrong place.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BUDGET_S = 5.0
BUDGET_MB = 500.0
STRIDE_S = 1.1
TOE_OFF = 0.62
MUSCLES = ["TA", "SOL", "MG", "LG", "VL", "VM", "RF", "BF", "ST", "GMAX", "GMED", "TFL", "PL", "SM", "ERS", "VMO"]


def burst_percent(k: int) -> int:
    """Where in the stride (in %) muscle k bursts."""
    return (7 * k + 5) % 95


def make_recording(folder: Path, minutes: float, channels: int, rate: float) -> tuple[Path, Path, list[str]]:
    """Write the synthetic C3D and contacts table; return their paths and the channel labels."""
    import ezc3d

    n = int(minutes * 60 * rate)
    t = np.arange(n) / rate
    rng = np.random.default_rng(7)
    labels = []
    data = np.empty((channels, n), dtype=np.float64)
    for k in range(channels):
        side = "R" if k < (channels + 1) // 2 else "L"
        muscle = MUSCLES[k % ((channels + 1) // 2) % len(MUSCLES)]
        labels.append(f"{side}_{muscle}")
        offset = 0.0 if side == "R" else STRIDE_S / 2
        phase = (((t - offset) % STRIDE_S) / STRIDE_S * 100 - burst_percent(k % ((channels + 1) // 2))) % 100
        phase = np.minimum(phase, 100 - phase)
        amplitude = 0.05 + np.exp(-((phase / 6.0) ** 2))
        data[k] = amplitude * rng.standard_normal(n) * 1e-3  # volts
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [rate / 20]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = ("PELVIS",)
    c3d["parameters"]["ANALOG"]["RATE"]["value"] = [rate]
    c3d["parameters"]["ANALOG"]["LABELS"]["value"] = tuple(labels)
    c3d["parameters"]["ANALOG"]["UNITS"]["value"] = tuple(["V"] * channels)
    frames = n // 20
    c3d["data"]["points"] = np.full((4, 1, frames), np.nan)
    c3d["data"]["points"][3] = 1.0
    c3d["data"]["analogs"] = data[np.newaxis, :, : frames * 20]
    path = folder / "long_walk.c3d"
    c3d.write(str(path))
    rows = ["touchdown_s,liftoff_s,side"]
    for side, offset in (("right", 0.0), ("left", STRIDE_S / 2)):
        for strike in np.arange(offset + STRIDE_S, n / rate - STRIDE_S, STRIDE_S):
            rows.append(f"{strike:.4f},{strike + TOE_OFF * STRIDE_S:.4f},{side}")
    contacts = folder / "contacts.csv"
    contacts.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path, contacts, labels


_HELPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{code} {elapsed} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
"""


def run_once(path: Path, contacts: Path, out: Path) -> tuple[int, float, float, float]:
    """One run of the command in a fresh helper process: (exit status, wall seconds, peak MB, CPU seconds)."""
    command = [sys.executable, "-m", "runmuscles.cli", "process", str(path), "--contacts", str(contacts),
               "--side", "both", "--out", str(out)]
    done = subprocess.run([sys.executable, "-c", _HELPER, *command], capture_output=True, text=True, check=True)
    code, seconds, peak_kb, cpu = done.stdout.split()
    return int(code), float(seconds), float(peak_kb) / 1024, float(cpu)


def check_output(out: Path, labels: list[str], channels: int) -> list[str]:
    """Every curve must peak within 3 % of its burst; return the problems."""
    import pandas as pd

    table = pd.read_csv(out / "activation.csv", index_col="percent")
    problems = []
    half = (channels + 1) // 2
    if table.shape != (101, channels):
        problems.append(f"activation.csv has shape {table.shape}, expected (101, {channels})")
    for k, column in enumerate(table.columns):
        expected = burst_percent(k % half)
        peak = int(table[column].idxmax())
        if min(abs(peak - expected), 100 - abs(peak - expected)) > 3:
            problems.append(f"{column}: peak at {peak} %, burst put at {expected} %")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--channels", type=int, default=16)
    parser.add_argument("--rate", type=float, default=2000.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        path, contacts, labels = make_recording(folder, args.minutes, args.channels, args.rate)
        print(f"wrote {path.name} ({path.stat().st_size / 1e6:.0f} MB, {args.channels} channels, {args.rate:g} Hz, "
              f"{args.minutes:g} min) in {time.perf_counter() - start:.1f} s")
        runs = []
        for k in range(args.repeats):
            load = os.getloadavg()[0]
            code, seconds, peak, cpu = run_once(path, contacts, folder / f"out{k}")
            if code != 0:
                print(f"runmuscles process exited with {code}", file=sys.stderr)
                return 1
            runs.append((seconds, peak, cpu))
            print(f"run {k + 1}: {seconds:.2f} s wall, {cpu:.2f} s CPU, peak {peak:.0f} MB (load average before: {load:.1f})")
        problems = check_output(folder / "out0", labels, args.channels)
    for line in problems:
        print(f"wrong output: {line}", file=sys.stderr)
    times = sorted(s for s, _, _ in runs)
    peak = max(p for _, p, _ in runs)
    cpu = sorted(c for _, _, c in runs)
    figures = {
        "minutes": args.minutes, "channels": args.channels, "rate_hz": args.rate, "cpus": os.cpu_count(),
        "fastest_s": round(times[0], 2), "median_s": round(statistics.median(times), 2), "peak_mb": round(peak, 1),
        "cpu_median_s": round(statistics.median(cpu), 2),
    }
    print(f"time (median of {len(times)}): {figures['median_s']:.2f} s, fastest {figures['fastest_s']:.2f} s   "
          f"budget {BUDGET_S:g} s  {'PASS' if figures['median_s'] <= BUDGET_S else 'MISS'}")
    print(f"CPU time (user + system, median): {figures['cpu_median_s']:.2f} s (the work itself: other processes on a "
          "busy machine lengthen the wall time, not this)")
    print(f"peak memory: {figures['peak_mb']:.0f} MB   budget {BUDGET_MB:g} MB  {'PASS' if peak <= BUDGET_MB else 'MISS'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
