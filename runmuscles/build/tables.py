"""Rebuild every derived table in ``runmuscles/data`` from the raw files in ``data/raw``.

Run from the repository root::

    python -m runmuscles.build            # rewrite the shipped tables
    python -m runmuscles.build --check    # rebuild into a temporary folder and compare byte for byte

The output is deterministic: rebuilding from unchanged raw files reproduces the shipped
files exactly (``tests/test_build.py`` checks it), and ``checksums.json`` records the
SHA-256 of every table so that any edit to shipped data is deliberate.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import pkgutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

import pandas as pd

from .. import emg, gait
from .body import build_body_tables
from .explorer import build_explorer_payloads
from .lab import build_lab_tables

__all__ = ["build", "compare", "main", "shipped_modules", "TABLE_DECIMALS"]


def shipped_modules() -> tuple[ModuleType, ...]:
    """Every module of :mod:`runmuscles.build` that defines a data set (``SOURCE``), by module name."""
    package = __name__.rsplit(".", 1)[0]
    names = sorted(m.name for m in pkgutil.iter_modules(importlib.import_module(package).__path__))
    modules = (importlib.import_module(f"{package}.{n}") for n in names if n not in {"__main__", "tables"})
    return tuple(m for m in modules if hasattr(m, "SOURCE"))

#: Decimals written for activation values (0..1) and event percentages.
TABLE_DECIMALS = 5

EVENTS = ["foot_strike", "braking_end", "toe_off", "contralateral_foot_strike", "contralateral_toe_off"]


def _write_csv(table: pd.DataFrame, path: Path) -> Path:
    table.to_csv(path, index=False, float_format=f"%.{TABLE_DECIMALS}f", lineterminator="\n")
    return path


def _write_json(obj, path: Path) -> Path:
    path.write_text(json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def build(raw_dir: str | Path, out_dir: str | Path) -> list[Path]:
    """Process every source and write the shipped tables.

    Parameters
    ----------
    raw_dir : str or pathlib.Path
        The repository's ``data/raw`` folder.
    out_dir : str or pathlib.Path
        Where to write (the package's ``runmuscles/data`` folder, or a temporary one).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    events_rows, strides_rows, phase_tables = [], [], []
    registry = {}
    for module in shipped_modules():
        source = module.SOURCE
        entry = {
            "label": source.label,
            "title": source.title,
            "evidence": source.evidence,
            "citations": [asdict(c) for c in source.citations],
            "licence": source.licence,
            "settings": {
                "band_pass_hz": [emg.DEFAULT_SETTINGS.band_low_hz, emg.DEFAULT_SETTINGS.band_high_hz],
                "envelope_low_pass_hz": emg.DEFAULT_SETTINGS.envelope_hz,
                "filter_order": emg.DEFAULT_SETTINGS.order,
            }
            if source.evidence == "measured"
            else {},
            "gaits": {},
        }
        for gait_name in source.gaits:
            result = module.process(raw_dir, gait_name)
            mean, sd = emg.summarise_strides(result.curves)
            peak = result.curves.mean(axis=0).max(axis=0)
            stem = f"{gait_name}_{source.id}"
            cols = result.muscles
            written.append(_write_csv(pd.DataFrame(mean, columns=cols).assign(percent=emg.PERCENT)[["percent", *cols]],
                                      out_dir / f"activation_{stem}.csv"))
            written.append(_write_csv(pd.DataFrame(sd, columns=cols).assign(percent=emg.PERCENT)[["percent", *cols]],
                                      out_dir / f"activation_sd_{stem}.csv"))
            per_unit = [
                pd.DataFrame(curve / peak, columns=cols).assign(unit=unit, percent=emg.PERCENT)
                for unit, curve in zip(result.units, result.curves)
            ]
            written.append(_write_csv(pd.concat(per_unit)[["unit", "percent", *cols]], out_dir / f"curves_{stem}.csv"))

            strides = result.strides.copy()
            measured, _ = gait.fill_missing_events(strides, gait_name)
            names = [e for e in EVENTS[1:] if e in strides and (gait_name == "run" or e != "braking_end")]
            for event in ["foot_strike", *names, "next_foot_strike"]:
                values = strides[event] if event in strides else pd.Series([0.0 if event == "foot_strike" else 100.0])
                events_rows.append(
                    {
                        "gait": gait_name,
                        "source": source.id,
                        "event": event,
                        "percent": float(values.mean()),
                        "sd": float(values.std(ddof=1)) if len(values) > 1 else 0.0,
                        "n": int(len(strides)),
                        "measured": bool(measured.get(event, True)),
                    }
                )
            means = {e: float(strides[e].mean()) for e in names}
            phase_tables.append(
                gait.build_phases(means, {e: measured[e] for e in names}, gait_name)
                .reset_index()
                .assign(gait=gait_name, source=source.id)
            )
            strides_rows.append(
                pd.DataFrame(
                    {
                        "gait": gait_name,
                        "source": source.id,
                        "unit": result.units,
                        "stride_time_s": strides["stride_time_s"].to_numpy(),
                        "cadence_spm": 120.0 / strides["stride_time_s"].to_numpy(),
                        "toe_off": strides["toe_off"].to_numpy(),
                    }
                )
            )
            spec = source.gaits[gait_name]
            per_person = source.evidence == "reconstructed"
            entry["gaits"][gait_name] = {
                "muscles": cols,
                "channels": spec.channels,
                "people": len(result.units) if per_person else 1,
                "strides": None if per_person else int(len(result.units)),
                "subject": spec.subject,
                "speed_m_s": spec.speed_m_s,
                "speed_text": spec.speed_text,
                "notes": spec.notes,
                "checks": result.checks,
            }
        registry[source.id] = entry

    written.append(_write_csv(pd.DataFrame(events_rows), out_dir / "events.csv"))
    written.append(_write_csv(pd.concat(strides_rows), out_dir / "strides.csv"))
    phases = pd.concat(phase_tables)
    first = ["gait", "source", "phase"]
    written.append(_write_csv(phases[first + [c for c in phases.columns if c not in first]], out_dir / "phases.csv"))
    written.append(_write_json(registry, out_dir / "sources.json"))

    written.extend(build_body_tables(raw_dir, out_dir))  # the runner's geometry, kinematics and frames
    written.extend(build_lab_tables(raw_dir, out_dir))  # the EMG lab's raw recording
    written.extend(build_explorer_payloads(out_dir))  # what the explorer draws, from the tables above

    sums = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(set(written))}
    written.append(_write_json(sums, out_dir / "checksums.json"))
    return written


def compare(raw_dir: str | Path, shipped_dir: str | Path) -> list[str]:
    """Rebuild into a temporary folder and list the shipped files that differ (empty: identical)."""
    shipped_dir = Path(shipped_dir)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build(raw_dir, tmp)
        problems = []
        for path in fresh:
            old = shipped_dir / path.name
            if not old.exists():
                problems.append(f"{path.name}: missing from {shipped_dir}")
            elif old.read_bytes() != path.read_bytes():
                problems.append(f"{path.name}: differs from a fresh build")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (``python -m runmuscles.build``)."""
    parser = argparse.ArgumentParser(prog="python -m runmuscles.build", description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path, default=Path("data") / "raw", help="raw data folder (default: data/raw)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent.parent / "data", help="output folder (default: the package's data)"
    )
    parser.add_argument("--check", action="store_true", help="only compare a fresh build with the shipped tables")
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        parser.error(f"raw data folder {args.raw} not found: run from the repository root or pass --raw")
    if args.check:
        problems = compare(args.raw, args.out)
        for line in problems:
            print(line)
        print("tables reproduce exactly" if not problems else f"{len(problems)} table(s) differ")
        return 1 if problems else 0
    for path in build(args.raw, args.out):
        print(f"wrote {path}")
    return 0

