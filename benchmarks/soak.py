"""Play soak: the gait-cycle explorer playing for minutes in headless Chromium; is memory flat?

Usage (from anywhere; Voilà is started from the repository root so that its configuration loads)::

    python benchmarks/soak.py [--minutes 10] [--sample-seconds 10] [--notebook PATH] [--json out.json]

``runmuscles serve`` serves the explorer (as :mod:`benchmarks.dashboard` does); one
Chromium page opens it and presses Play, and the stride plays for ``--minutes``. Every minute the page
also switches gait (Run/Walk, a new payload from the kernel) and jumps through the phase buttons, so the
kernel, the widget messages and the page's redrawing are exercised too. Every ``--sample-seconds`` the
script records the resident memory of the Voilà server, of the page's kernel and of every Chromium
process, and the page's JavaScript heap.

It prints, per component, the memory at the start and the end and the least-squares slope over the run
after the first minute (warm-up) in MB per minute, and calls the memory *flat* when the slope, over the
whole run, adds less than 5 % of the component's mean (or 5 MB, whichever is larger). The exit status is
non-zero only when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from dashboard import PAGE_SCRIPT, REPO, Server, kernel_pids, rss_mb, wait_interactive

from runmuscles.testing import chromium_args, find_chromium

DEFAULT_NOTEBOOK = REPO / "notebooks" / "01-gait-cycle-explorer.ipynb"
WARMUP_S = 60.0
FLAT_SHARE = 0.05
FLAT_MIN_MB = 5.0


def chromium_rss_mb() -> float:
    """Resident memory of every Chromium process started below this script (MB)."""
    import psutil

    total = 0.0
    for proc in psutil.Process().children(recursive=True):
        try:
            if "chrom" in proc.name().lower() or "headless_shell" in proc.name():
                total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def _local(url: str) -> bool:
    """Whether a request stays on this machine (the page must never reach out)."""
    host = url.split("/")[2].split(":")[0] if "://" in url else ""
    return url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost")


def slope_mb_per_min(times_s: list[float], values: list[float]) -> float:
    """Least-squares slope of ``values`` [MB] against time, in MB per minute (0 with fewer than 2 points)."""
    if len(times_s) < 2:
        return 0.0
    return statistics.linear_regression([t / 60 for t in times_s], values).slope


def exercise(page, gait: str) -> None:
    """Switch gait (a new payload from the kernel), jump through the phases, and play again."""
    page.get_by_role("button", name=gait).click()
    page.wait_for_function(f"() => document.querySelector('[data-testid=rm-explorer]').dataset.gait === "
                           f"'{gait.lower()}'", timeout=60_000)
    for k in range(1, 6):
        jump = page.locator(f'[data-testid="rm-jump-{k}"]')
        if jump.count():
            jump.click()
    page.locator('[data-testid="rm-play"]').click()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--sample-seconds", type=float, default=10.0)
    parser.add_argument("--notebook", type=Path, default=DEFAULT_NOTEBOOK)
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    samples: list[dict] = []
    with Server(args.notebook.resolve(), preheat=True) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(pw), args=chromium_args())
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(PAGE_SCRIPT)
        context.route("**/*", lambda r: r.continue_() if _local(r.request.url) else r.abort())
        page = context.new_page()
        page.goto(server.url, wait_until="commit", timeout=180_000)
        wait_interactive(page, 180)
        page.locator('[data-testid="rm-play"]').click()
        start = time.monotonic()
        next_exercise, gaits, k = 60.0, ["Walk", "Run"], 0
        while (elapsed := time.monotonic() - start) < args.minutes * 60:
            if elapsed >= next_exercise:
                exercise(page, gaits[k % 2])
                k += 1
                next_exercise += 60.0
            kernels = kernel_pids(server.process.pid)
            heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
            sample = {
                "t_s": round(elapsed, 1),
                "server_mb": rss_mb(server.process.pid),
                "kernels_mb": sum(rss_mb(p) for p in kernels),
                "kernels": len(kernels),
                "browser_mb": chromium_rss_mb(),
                "js_heap_mb": heap / 2**20 if heap else float("nan"),
                "playing": page.evaluate(
                    "() => document.querySelector('[data-testid=rm-explorer]').dataset.playing === 'true'"),
            }
            samples.append(sample)
            print(f"{sample['t_s']:7.1f} s  server {sample['server_mb']:6.1f} MB  kernels {sample['kernels_mb']:6.1f} MB "
                  f"({sample['kernels']})  browser {sample['browser_mb']:7.1f} MB  JS heap {sample['js_heap_mb']:5.1f} MB"
                  f"  {'playing' if sample['playing'] else 'paused'}", file=sys.stderr, flush=True)
            time.sleep(max(0.0, args.sample_seconds - (time.monotonic() - start - elapsed)))
        browser.close()

    steady = [s for s in samples if s["t_s"] >= min(WARMUP_S, args.minutes * 60 / 3)]
    duration_min = args.minutes
    print(f"\nplay soak of {args.notebook.name}: {duration_min:g} min, {len(samples)} samples every "
          f"{args.sample_seconds:g} s (slope after {min(WARMUP_S, args.minutes * 60 / 3):.0f} s of warm-up)")
    verdicts = {}
    for key, label in [("server_mb", "Voilà server"), ("kernels_mb", "kernels"), ("browser_mb", "Chromium"),
                       ("js_heap_mb", "page JS heap")]:
        values = [s[key] for s in steady]
        slope = slope_mb_per_min([s["t_s"] for s in steady], values)
        mean = statistics.fmean(values) if values else 0.0
        flat = abs(slope) * duration_min < max(FLAT_SHARE * mean, FLAT_MIN_MB)
        verdicts[key] = {"slope_mb_per_min": slope, "start_mb": samples[0][key], "end_mb": samples[-1][key],
                         "flat": flat}
        late = [x for x in samples if x["t_s"] >= args.minutes * 30]  # the second half: a one-time step or a trend?
        late_slope = slope_mb_per_min([x["t_s"] for x in late], [x[key] for x in late])
        verdicts[key]["second_half_slope_mb_per_min"] = late_slope
        print(f"  {label:<14} {samples[0][key]:8.1f} -> {samples[-1][key]:8.1f} MB   slope {slope:+7.2f} MB/min   "
              f"{'flat' if flat else 'GROWING'}   (second half {late_slope:+.2f} MB/min)")
    print(f"  kernels running at the end: {samples[-1]['kernels']} (the page's and the pool's spare); "
          f"still playing at the end: {samples[-1]['playing']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"samples": samples, "verdicts": verdicts}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
