"""EMG lab clicks: what each kind of click sends to the page, and how long the kernel works for it.

Usage (no browser, no server; the app runs in this process)::

    python benchmarks/lab_clicks.py [--repeats 5] [--json out.json]

The script builds :class:`runmuscles.apps.lab.EmgLab` and watches the ``outputs`` of every
:class:`~runmuscles.apps.plotview.PlotView` in it: each change is one figure sent to the page, and its
size is the JSON of the new outputs (what the widget state message carries, without the message
envelope). It then sets each control ``--repeats`` times to a new value, and back after each time (the
clicks back are not counted):

* the low-pass cut-off (10 ↔ 3 Hz), the band-pass (20–450 ↔ 30–450 Hz), the contact threshold
  (default ↔ 60 N), the muscle (soleus ↔ tibialis anterior), the time window (0.8–2.3 ↔ 1.3–2.8 s) and
  the widest window (0.8–2.3 s → the whole recording).

Without an event loop the app's coalescing runs each request at once, so the kernel time of a click is
the wall time of setting the control (computation, figure building and serialisation). It prints, per
kind of click, the median bytes sent, the median kernel time and which views were sent (named by their
figures' titles). The machine is shared: compare kernel times only between runs on the same machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from runmuscles.apps.lab import EmgLab
from runmuscles.apps.plotview import PlotView


def plot_views(widget) -> list[PlotView]:
    """Every PlotView in a widget tree, in page order."""
    found = [widget] if isinstance(widget, PlotView) else []
    for child in getattr(widget, "children", ()):
        found += plot_views(child)
    return found


def _title(outputs) -> str:
    data = outputs[0]["data"] if outputs else {}
    return str(data.get("text/plain", ""))[:40]


def _size(outputs) -> int:
    """Bytes of an Output widget's new ``outputs`` as the kernel's messages encode JSON (UTF-8, not ASCII-escaped)."""
    return len(json.dumps(outputs, ensure_ascii=False).encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    app = EmgLab()
    sent: list[tuple[str, int]] = []
    for view in plot_views(app):
        view.observe(lambda change: sent.append((_title(change["new"]), _size(change["new"]))), names="outputs")

    d = app._settings()
    clicks = {
        "low-pass cut-off": (app.cutoff, 3.0, d.envelope_hz),
        "band-pass": (app.band, (30.0, d.band_high_hz), (d.band_low_hz, d.band_high_hz)),
        "contact threshold": (app.threshold, 60.0, d.threshold_n),
        "muscle": (app.muscle, "tibialis_anterior", d.muscle),
        "time window": (app.window, (1.3, 2.8), tuple(app.window.value)),
        "whole recording": (app.window, (app.window.min, app.window.max), tuple(app.window.value)),
    }
    results = {}
    for kind, (control, one, other) in clicks.items():
        sizes, seconds, views = [], [], []
        for _ in range(args.repeats):
            sent.clear()
            start = time.perf_counter()
            control.value = one
            seconds.append(time.perf_counter() - start)
            sizes.append(sum(size for _, size in sent))
            views = [title for title, _ in sent]
            control.value = other
        results[kind] = {"bytes": statistics.median(sizes), "seconds": statistics.median(seconds),
                         "views": len(views), "titles": views}
    print(f"{'click':<20} {'bytes sent':>11} {'kernel s':>9} {'views':>6}  sent")
    for kind, r in results.items():
        print(f"{kind:<20} {r['bytes']:>11,.0f} {r['seconds']:>9.3f} {r['views']:>6}  {'; '.join(r['titles'])}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
