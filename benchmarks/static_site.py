"""Benchmark the exported static site against the Voilà explorer, side by side in one run, in headless Chromium.

Usage::

    python benchmarks/static_site.py [--rounds 5] [--per-round 2] [--steps 60] [--json out.json]
                                     [--no-preheat] [--voila-arg=--OPTION=VALUE ...]

It exports the site with ``runmuscles export`` into a temporary folder, serves that folder with a plain
static file server on a free loopback port, and starts Voilà on the explorer notebook with the shipped
configuration exactly as ``benchmarks/dashboard.py`` does (its helpers are reused). Figures, each next to
its budget (PASS/MISS; a missed budget does not change the exit status):

* time to interactive of the explorer: navigation start -> ``[data-testid="rm-slider"]`` and
  ``[data-testid="rm-runner"]`` both present and visible (the same in-page marks as ``dashboard.py``);
  median and p95 over ``--rounds`` rounds, each one load of the Voilà dashboard (on a warm kernel from
  the pool, as shipped) followed by ``--per-round`` loads of the static page from ``file://`` and as many
  over http, each in a fresh browser context; interleaved, so both meet the same load of a shared machine.
  Budget: static median <= 0.15 x the Voilà median, for both ways of opening the site.
* scrub latency: focus the slider, press ArrowRight; keydown -> next mutation of the runner and of the
  percent readout, measured in the page; p95 over ``--steps`` steps. Budget: p95 <= 16 ms (one frame at 60 Hz).
* total size of the exported site. Budget: <= 15 MB.
* for information: how long each static page with plotly charts takes until all its charts are drawn,
  and the time ``runmuscles export`` took.

Every request that leaves the page's own origin is aborted and listed. The exit status is non-zero only
when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from runmuscles.site.export import export_site, site_size
from runmuscles.testing import StaticServer, chromium_args, find_chromium

HERE = Path(__file__).resolve().parent
BUDGETS = {"tti_ratio": 0.15, "scrub_p95_ms": 16.0, "size_mb": 15.0}
#: Static pages with plotly charts, and how many charts each draws when it opens.
PLOT_PAGES = {"atlas.html": 2, "walk-vs-run.html": 5, "claims.html": 1}


def _dashboard_module():
    """``benchmarks/dashboard.py`` (a script, not a package): its Voilà server, page marks and scrub loop."""
    spec = importlib.util.spec_from_file_location("runmuscles_bench_dashboard", HERE / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dash = _dashboard_module()


def static_context(browser, base: str):
    """A fresh context with the dashboard benchmark's page script; requests off ``base`` are aborted and listed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(dash.PAGE_SCRIPT)
    foreign: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith((base, "data:", "blob:", "about:")):
            r.continue_()
        else:
            foreign.append(url)
            r.abort()

    context.route("**/*", route)
    return context, foreign


def static_load(browser, base: str) -> tuple[object, object, float, list[str]]:
    """One load of the static explorer from ``base`` in a fresh context: (context, page, seconds, foreign requests)."""
    context, foreign = static_context(browser, base)
    page = context.new_page()
    page.goto(base + "explorer.html", wait_until="commit")
    return context, page, dash.wait_interactive(page, 30)["interactive"] / 1000, foreign


def plots_ready(browser, base: str) -> dict[str, float]:
    """Seconds until every chart of each static plotly page is drawn (first opening, fresh context)."""
    context, _ = static_context(browser, base)
    ready = {}
    for name, count in PLOT_PAGES.items():
        page = context.new_page()
        page.goto(base + name, wait_until="commit")
        page.wait_for_function(
            "n => document.querySelectorAll('figure.plot .plot-area .main-svg').length >= n", arg=count, timeout=60000
        )
        ready[name] = page.evaluate("() => performance.now()") / 1000
        page.close()
    context.close()
    return ready


def side_by_side(browser, bases: dict[str, str], rounds: int, per_round: int, steps: int, preheat: bool,
                 extra: list[str]) -> dict:
    """``rounds`` rounds of: one Voilà load (on a warm kernel, as shipped), then ``per_round`` loads of the
    static explorer from each base. Interleaving puts both under the same load of a shared machine."""
    results = {key: {"tti_s": [], "foreign_requests": []} for key in ("voila", *bases)}
    last: dict[str, object] = {}
    contexts = []
    with dash.Server(dash.DEFAULT_NOTEBOOK, preheat=preheat, extra_args=extra) as server:
        for i in range(rounds):
            server.wait_until_ready(handoffs=i)
            context, page, marks, external = dash.load_once(browser, server)
            contexts.append(context)
            results["voila"]["tti_s"].append(marks["interactive"] / 1000)
            results["voila"]["foreign_requests"] += external
            last["voila"] = page
            for key, base in bases.items():
                for _ in range(per_round):
                    context, page, tti, foreign = static_load(browser, base)
                    contexts.append(context)
                    results[key]["tti_s"].append(tti)
                    results[key]["foreign_requests"] += foreign
                    last[key] = page
            print(f"round {i + 1}: Voilà {results['voila']['tti_s'][-1]:.2f} s, "
                  + ", ".join(f"{k} {results[k]['tti_s'][-1]:.3f} s" for k in bases), file=sys.stderr)
        results["voila"]["preheated_loads"] = server.log().count("Using pre-heated kernel")
        for key, page in last.items():
            results[key]["scrub_ms"] = dash.scrub(page, steps)
        for context in contexts:
            context.close()
    for key, base in bases.items():
        results[key]["plots_ready_s"] = plots_ready(browser, base)
        results[key]["foreign_requests"] = sorted(set(results[key]["foreign_requests"]))
    return results


def _verdict(ok: bool, text: str) -> str:
    return f"{'PASS' if ok else 'MISS'} (budget {text})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each with one load of the Voilà explorer")
    parser.add_argument("--per-round", type=int, default=2,
                        help="loads of the static explorer per round and way of opening it (file://, http)")
    parser.add_argument("--steps", type=int, default=60, help="scrub steps per page measured")
    parser.add_argument("--no-preheat", action="store_true", help="Voilà starts a new kernel for every load")
    parser.add_argument("--voila-arg", action="append", default=[], help="extra Voilà option")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="runmuscles-site-")) / "site"
    t0 = time.perf_counter()
    export_site(out)
    results: dict = {"export_s": time.perf_counter() - t0, "size_mb": site_size(out) / 2**20, "budgets": BUDGETS}
    print(f"exported the site in {results['export_s']:.1f} s to {out}", file=sys.stderr)

    with sync_playwright() as pw, StaticServer(out) as http:
        try:
            executable = find_chromium(pw)
        except FileNotFoundError as error:
            raise SystemExit(str(error)) from None
        browser = pw.chromium.launch(executable_path=executable, args=chromium_args())
        bases = {"static_file": out.resolve().as_uri() + "/", "static_http": http.url}
        results.update(
            side_by_side(browser, bases, args.rounds, args.per_round, args.steps, not args.no_preheat, args.voila_arg)
        )
        browser.close()

    voila_median = statistics.median(results["voila"]["tti_s"])
    print(
        f"\nStatic site vs Voilà explorer, interleaved: {args.rounds} Voilà loads "
        f"({results['voila']['preheated_loads']} on a preheated kernel), {args.rounds * args.per_round} static loads "
        f"from file:// and as many over http; {args.steps} scrub steps each"
    )
    print(f"  {'time to interactive':<46} {'median':>8} {'p95':>8}")
    for key, label in (("voila", "Voilà explorer"), ("static_file", "static explorer, file://"),
                       ("static_http", "static explorer, http")):
        tti = results[key]["tti_s"]
        line = f"    {label:<44} {statistics.median(tti):>7.3f}s {dash.pct(tti, 95):>7.3f}s"
        if key != "voila":
            ratio = statistics.median(tti) / voila_median
            results[key]["tti_ratio"] = ratio
            line += f"   {ratio:.3f} x Voilà  " + _verdict(ratio <= BUDGETS["tti_ratio"], f"<= {BUDGETS['tti_ratio']} x")
        print(line)
    for key, label in (("voila", "Voilà"), ("static_file", "static, file://"), ("static_http", "static, http")):
        for part in ("runner", "percent"):
            values = results[key]["scrub_ms"][part]
            if not values:
                print(f"  scrub -> {part:<8} {label:<16} no samples")
                continue
            p95 = dash.pct(values, 95)
            verdict = "" if key == "voila" else _verdict(p95 <= BUDGETS["scrub_p95_ms"], f"<= {BUDGETS['scrub_p95_ms']:g} ms")
            print(f"  scrub -> {part:<8} {label:<16} median {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms   {verdict}")
    print(f"  total size of the site {results['size_mb']:>29.1f} MB   "
          + _verdict(results["size_mb"] <= BUDGETS["size_mb"], f"<= {BUDGETS['size_mb']:g} MB"))
    for key, label in (("static_file", "file://"), ("static_http", "http")):
        ready = ", ".join(f"{k} {v:.2f} s" for k, v in results[key]["plots_ready_s"].items())
        print(f"  all charts drawn ({label}): {ready}")
    print(f"  runmuscles export took {results['export_s']:.1f} s")
    foreign = sorted({u for k in ("voila", "static_file", "static_http") for u in results[k]["foreign_requests"]})
    print(f"  requests off the page's origin: {len(foreign)}" + (f" {foreign}" if foreign else ""))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
