"""Benchmark the gait-cycle explorer dashboard in headless Chromium, served by ``runmuscles serve``.

Usage (from anywhere; Voilà is started from the repository root so that its configuration loads)::

    python benchmarks/dashboard.py [--notebook PATH] [--loads 5] [--steps 30] [--json out.json]
                                   [--no-preheat] [--play-seconds 3] [--voila-arg=--OPTION=VALUE ...]
                                   [--class-size N]

Figures, each next to its budget (PASS/MISS; a missed budget does not change the exit status):

* time to interactive: navigation start -> ``[data-testid="rm-slider"]`` and ``[data-testid="rm-runner"]``
  both present and visible; median and p95 over ``--loads`` loads, each in a fresh browser context.
  With preheating (the shipped configuration) the script waits for the pool to be refilled and the
  machine to be idle before each load, so every load gets a warm kernel.
* scrub latency: focus the slider, press ArrowRight; time from the keydown to the next mutation of
  ``rm-runner`` and of ``rm-percent`` (median and p95 over ``--steps`` steps), measured in the page.
* play frame rate: click ``rm-play``, count MutationObserver batches on ``rm-runner`` per second.
* memory: resident set size of the Voilà server process and of each kernel.
* a class (``--class-size N``, no budget): N pages open the dashboard at the same moment; how many
  became interactive, their time to interactive, and the kernels' memory in all. Compare the default
  pool with ``--voila-arg=--pool_size=N`` (N kernels kept warm before the lecture).

The exit status is non-zero only when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from runmuscles.testing import VoilaServer, chromium_args, find_chromium

REPO = Path(__file__).resolve().parents[1]
DEFAULT_NOTEBOOK = REPO / "notebooks" / "01-gait-cycle-explorer.ipynb"
BUDGETS = {"tti_median_s": 1.5, "scrub_p95_ms": 50.0, "play_fps": 20.0, "kernel_rss_mb": 150.0}

#: Installed in every page before its own scripts: records when the explorer becomes interactive and
#: intermediate marks that tell where the time goes; observes the runner and the percent readout.
PAGE_SCRIPT = """
(() => {
  const M = window.__rmBench = {marks: {}, scrub: [], runnerBatches: 0, keyT: null};
  const mark = (k) => { if (!(k in M.marks)) M.marks[k] = performance.now(); };
  const visible = (el) => { if (!el) return false; const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const NativeWS = window.WebSocket;
  window.WebSocket = function (...args) {
    mark('websocket_created');
    const ws = new NativeWS(...args);
    ws.addEventListener('open', () => mark('websocket_open'));
    return ws;
  };
  window.WebSocket.prototype = NativeWS.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  document.addEventListener('DOMContentLoaded', () => mark('dom_content_loaded'));
  document.addEventListener('keydown', () => { M.keyT = performance.now(); M.pending = {runner: true, percent: true}; }, true);
  let watched = null;
  const watch = (runner, percent) => {
    watched = runner;
    new MutationObserver(() => {
      M.runnerBatches += 1;
      if (M.keyT !== null && M.pending && M.pending.runner) { M.pending.runner = false; M.lastRunner = performance.now() - M.keyT; }
    }).observe(runner, {subtree: true, attributes: true, childList: true, characterData: true});
    new MutationObserver(() => {
      if (M.keyT !== null && M.pending && M.pending.percent) { M.pending.percent = false; M.lastPercent = performance.now() - M.keyT; }
    }).observe(percent, {subtree: true, attributes: true, childList: true, characterData: true});
  };
  const check = () => {
    if (!document.getElementById('loading') && document.body) mark('cells_shown');
    if (document.querySelector('.jupyter-widgets')) mark('first_widget');
    const slider = document.querySelector('[data-testid="rm-slider"]');
    const runner = document.querySelector('[data-testid="rm-runner"]');
    const percent = document.querySelector('[data-testid="rm-percent"]');
    if (slider && runner && visible(slider) && visible(runner)) mark('interactive');
    if (runner && percent && watched !== runner) watch(runner, percent);
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


# ----------------------------------------------------------------------------------------------------
# Processes


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (psutil when installed, else /proc)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    return float("nan")


def kernel_pids(server_pid: int) -> list[int]:
    """Kernel processes started by the Voilà server (psutil when installed, else /proc)."""
    try:
        import psutil
    except ImportError:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                cmdline = (stat.parent / "cmdline").read_bytes()
            except (OSError, ValueError, IndexError):
                continue
            if ppid == server_pid and b"ipykernel" in cmdline:
                pids.append(int(stat.parent.name))
        return pids
    return [
        p.pid
        for p in psutil.Process(server_pid).children(recursive=True)
        if "ipykernel" in " ".join(p.cmdline())
    ]


def cpu_busy(pids: list[int], interval: float = 0.5) -> float:
    """Summed CPU use (%) of ``pids`` over ``interval`` (without psutil: wait 3 s and report 0)."""
    try:
        import psutil
    except ImportError:
        time.sleep(3)
        return 0.0

    procs = []
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            proc.cpu_percent(None)
            procs.append(proc)
        except psutil.NoSuchProcess:
            pass
    time.sleep(interval)
    total = 0.0
    for proc in procs:
        try:
            total += proc.cpu_percent(None)
        except psutil.NoSuchProcess:
            pass
    return total


class Server(VoilaServer):
    """The shipped configuration serving one notebook, optionally without preheated kernels."""

    def __init__(self, notebook: Path, preheat: bool, extra_args: list[str] = ()):
        extra = ([] if preheat else ["--VoilaConfiguration.preheat_kernel=False"]) + list(extra_args)
        try:
            super().__init__(notebook, REPO, extra, Path(tempfile.mkdtemp(prefix="runmuscles-bench-")) / "voila.log")
        except FileNotFoundError as error:
            raise SystemExit(str(error)) from None
        self.preheat = preheat

    def __enter__(self):
        try:
            return self.start(timeout=90)
        except RuntimeError as error:
            raise SystemExit(str(error)) from None

    def __exit__(self, *exc):
        self.stop()

    def wait_until_ready(self, handoffs: int, timeout: float = 120) -> None:
        """Wait for the kernel pool to be refilled after ``handoffs`` hand-offs and for the CPU to calm."""
        deadline = time.monotonic() + timeout
        while self.preheat and self.log().count("is filled with") < handoffs + 1:
            if time.monotonic() > deadline:
                raise SystemExit(f"kernel pool not refilled:\n{self.log()[-3000:]}")
            time.sleep(0.2)
        while time.monotonic() < deadline:
            if cpu_busy([self.process.pid, *kernel_pids(self.process.pid)]) < 10:
                return
        print("warning: server or kernels still busy before the load", file=sys.stderr)


# ----------------------------------------------------------------------------------------------------
# Measurements


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def new_context(browser) -> tuple[object, list[str]]:
    """A fresh browser context with the page script, whose requests off the machine are aborted and listed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PAGE_SCRIPT)
    external: list[str] = []

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:")) or host.split(":")[0] in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context, external


def wait_interactive(page, timeout_s: float) -> dict[str, float]:
    """Wait for the page's "interactive" mark; return its marks (ms after its own navigation start)."""
    page.wait_for_function("() => 'interactive' in window.__rmBench.marks", timeout=timeout_s * 1000, polling=50)
    return page.evaluate(
        """() => { const n = performance.getEntriesByType('navigation')[0];
          return {...window.__rmBench.marks, response_start: n.responseStart, response_end: n.responseEnd}; }"""
    )


def load_once(browser, server: Server, timeout_s: float = 120):
    context, external = new_context(browser)
    page = context.new_page()
    page.goto(server.url, wait_until="commit", timeout=timeout_s * 1000)
    return context, page, wait_interactive(page, timeout_s), external


def class_loads(browser, server: Server, size: int, timeout_s: float = 300) -> dict:
    """``size`` pages open the dashboard at the same moment, as a class does when told to open it."""
    opened = []
    for _ in range(size):
        context, external = new_context(browser)
        page = context.new_page()
        page.goto(server.url, wait_until="commit", timeout=timeout_s * 1000)
        opened.append((context, page, external))
    tti, failed = [], 0
    for _, page, _ in opened:
        try:
            tti.append(wait_interactive(page, timeout_s)["interactive"] / 1000)
        except Exception:  # a page that never became interactive counts as failed
            failed += 1
    kernels = [rss_mb(pid) for pid in kernel_pids(server.process.pid)]
    for context, _, _ in opened:
        context.close()
    return {"size": size, "tti_s": tti, "failed": failed, "kernels": len(kernels), "kernel_rss_total_mb": sum(kernels),
            "external_requests": sorted({u for *_, ext in opened for u in ext})}


def scrub(page, steps: int) -> dict[str, list[float]]:
    slider = page.locator('[data-testid="rm-slider"]')
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_timeout(300)
    runner, percent = [], []
    for i in range(steps):
        if i and i % 100 == 0:
            page.keyboard.press("Home")
            page.wait_for_timeout(100)
        page.evaluate("() => { window.__rmBench.lastRunner = null; window.__rmBench.lastPercent = null; }")
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(
                "() => window.__rmBench.lastRunner !== null && window.__rmBench.lastPercent !== null",
                timeout=5000,
                polling="raf",
            )
        except Exception as error:  # noqa: BLE001 -- a step that never updated is a missing sample
            print(f"step {i}: no update within 5 s ({type(error).__name__})", file=sys.stderr)
        r, p = page.evaluate("() => [window.__rmBench.lastRunner, window.__rmBench.lastPercent]")
        if r is not None:
            runner.append(r)
        if p is not None:
            percent.append(p)
        page.wait_for_timeout(50)
    return {"runner": runner, "percent": percent}


def play_fps(page, seconds: float) -> float:
    play = page.locator('[data-testid="rm-play"]')
    play.click()
    page.wait_for_timeout(300)
    start_batches, start_t = page.evaluate("() => [window.__rmBench.runnerBatches, performance.now()]")
    page.wait_for_timeout(seconds * 1000)
    end_batches, end_t = page.evaluate("() => [window.__rmBench.runnerBatches, performance.now()]")
    play.click()
    return (end_batches - start_batches) / ((end_t - start_t) / 1000)


def summarize(results: dict) -> list[tuple[str, str, str]]:
    tti = results["tti_s"]
    rows = [
        ("time to interactive (median)", f"{statistics.median(tti):.2f} s", "tti_median_s"),
        ("time to interactive (p95)", f"{pct(tti, 95):.2f} s", None),
    ]
    for key in ("runner", "percent"):
        values = results["scrub_ms"][key]
        if values:
            rows.append((f"scrub -> {key} (median)", f"{statistics.median(values):.1f} ms", None))
            rows.append((f"scrub -> {key} (p95)", f"{pct(values, 95):.1f} ms", "scrub_p95_ms"))
    rows.append(("play", f"{results['play_fps']:.1f} frames/s", "play_fps"))
    rows.append(("Voilà server RSS", f"{results['server_rss_mb']:.0f} MB", None))
    for i, mb in enumerate(results["kernel_rss_mb"]):
        rows.append((f"kernel {i} RSS", f"{mb:.0f} MB", "kernel_rss_mb"))
    return rows


def verdict(budget_key: str | None, value_text: str) -> str:
    if budget_key is None:
        return ""
    value = float(value_text.split()[0])
    budget = BUDGETS[budget_key]
    ok = value >= budget if budget_key == "play_fps" else value <= budget
    sign = ">=" if budget_key == "play_fps" else "<="
    return f"{'PASS' if ok else 'MISS'} (budget {sign} {budget:g})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebook", type=Path, default=DEFAULT_NOTEBOOK)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--play-seconds", type=float, default=3.0)
    parser.add_argument("--no-preheat", action="store_true", help="start a new kernel for every load")
    parser.add_argument(
        "--voila-arg", action="append", default=[], help="extra Voilà option, e.g. --voila-arg=--theme=dark"
    )
    parser.add_argument(
        "--class-size", type=int, default=0,
        help="afterwards, open the dashboard in this many pages at once (a class); 0 skips it",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    notebook = args.notebook.resolve()
    if not notebook.is_file():
        print(f"no such notebook: {notebook}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    results: dict = {"notebook": str(notebook), "preheat": not args.no_preheat, "budgets": BUDGETS}
    with (
        Server(notebook, preheat=not args.no_preheat, extra_args=args.voila_arg) as server,
        sync_playwright() as pw,
    ):
        try:
            executable = find_chromium(pw)
        except FileNotFoundError as error:
            raise SystemExit(str(error)) from None
        browser = pw.chromium.launch(executable_path=executable, args=chromium_args())
        tti, loads, page, contexts = [], [], None, []
        for i in range(args.loads):
            server.wait_until_ready(handoffs=i)
            context, page, marks, external = load_once(browser, server)
            contexts.append(context)
            loads.append({**marks, "external_requests": external})
            tti.append(marks["interactive"] / 1000)
            print(f"load {i + 1}: interactive after {tti[-1]:.2f} s", file=sys.stderr)
        results.update(tti_s=tti, loads=loads, preheated_loads=server.log().count("Using pre-heated kernel"))
        results["scrub_ms"] = scrub(page, args.steps)
        results["play_fps"] = play_fps(page, args.play_seconds)
        results["server_rss_mb"] = rss_mb(server.process.pid)
        results["kernel_rss_mb"] = [rss_mb(pid) for pid in kernel_pids(server.process.pid)]
        for context in contexts:
            context.close()
        if args.class_size > 0:
            server.wait_until_ready(handoffs=args.loads)
            results["class"] = class_loads(browser, server, args.class_size)
        browser.close()

    print(
        f"\n{notebook.name}: {args.loads} loads ({results['preheated_loads']} on a preheated kernel), "
        f"{args.steps} scrub steps"
    )
    for label, value, key in summarize(results):
        print(f"  {label:<32} {value:>14}   {verdict(key, value)}")
    print("  (kernels include the pool's spare and the kernels of earlier loads, until they are culled)")
    breakdown = {
        k: statistics.median(load[k] for load in loads if k in load)
        for k in loads[0]
        if k != "external_requests"
    }
    print(
        "  median marks (ms after navigation start): "
        + ", ".join(f"{k} {v:.0f}" for k, v in sorted(breakdown.items(), key=lambda kv: kv[1]))
    )
    if "class" in results:
        c = results["class"]
        done = sorted(c["tti_s"])
        print(
            f"  class of {c['size']} opening it at once: {len(done)} interactive, {c['failed']} failed; "
            + (f"time to interactive median {statistics.median(done):.1f} s, slowest {done[-1]:.1f} s; " if done else "")
            + f"{c['kernels']} kernels, {c['kernel_rss_total_mb']:.0f} MB in all"
        )
    external = sorted({u for load in loads for u in load["external_requests"]}
                      | set(results.get("class", {}).get("external_requests", [])))
    print(f"  requests leaving the machine: {len(external)}" + (f" {external}" if external else ""))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
