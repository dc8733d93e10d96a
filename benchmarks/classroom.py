"""Classroom load test: N students open the gait-cycle explorer at once, switch gait and data set, and leave.

Usage (from anywhere)::

    python benchmarks/classroom.py --target voila --students 30 [--browsers 3] [--arrival-s 3]
                                   [--cull-timeout-s 30] [--json out.json]
    python benchmarks/classroom.py --target hub --students 30

Targets:

* ``voila``: the shipped configuration, as ``./run.sh`` serves it: ``runmuscles serve notebooks/`` started from the
  repository root (the suite's configuration: preheated explorer kernel, offline template, culling, kernel cap), on a free
  loopback port; only the culling times are shortened (``--cull-timeout-s``, checked every 5 s).
* ``hub``: the classroom hub, ``deploy/jupyterhub/jupyterhub_config.py`` with ``deploy/classroom.toml``
  (culling shortened the same way: kernels after ``--cull-timeout-s``, servers after twice that), each
  student on the class list, setting their password at their first login.

Students arrive spread over ``--arrival-s`` seconds. Most are light clients that speak the real protocol
the page's JavaScript speaks: an HTTP GET of the dashboard (for the hub: log in, wait for the server to
spawn, follow the OAuth redirects), which makes Voilà start a kernel and execute the notebook; then the
kernel websocket (``/api/kernels/<id>/channels``): ``kernel_info_request``, the ipywidgets control comm
(``jupyter.widget.control``, ``request_states``: the state every widget view is built from). A light
client is *interactive* when it holds the widgets' state. It then switches the gait (the "Gait" toggle
buttons) and the data set (the "Data" dropdown) with comm ``update`` messages and times the round trip
until the kernel's new payload for the stride view arrives. ``--browsers`` of the students are real
Chromium pages instead (interactive: slider and runner drawn; they click "Walk" and pick another data set,
round trip until the page shows the new data set). Students stay on the page until the whole class has
done so and memory has been measured; then every student leaves (closes the socket or tab, as a student
closes a tab: the kernel stays until culled).

It prints: how many became interactive, time to interactive p50/p95 (light clients and browsers
together; from the first request, or for the hub from the login), interaction round trip p50/p95,
memory (resident set size, psutil) of the server processes and kernels with everyone on, per student
(the students' own kernels plus what the server processes grew by, divided by N; also as unique set
size, which does not count pages shared between processes), and whether every student's kernel (and,
for the hub, server) was culled after the idle timeout. Budgets (2 cores, N = 30, ``voila``): 30/30 interactive, p95 time to interactive <= 15 s,
round trip p95 <= 500 ms, <= 130 MB per student, every kernel culled.

The light clients and browsers run on the same machine as the server: the figures are pessimistic.
The exit status is non-zero only when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
import requests
import websocket
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)

from runmuscles.testing import HubServer, VoilaServer, chromium_args, find_chromium

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
EXPLORER = "01-gait-cycle-explorer.ipynb"
PASSWORD = "stride-2026-phase"
BUDGETS = {"tti_p95_s": 15.0, "rtt_p95_ms": 500.0, "per_student_mb": 130.0}
#: ipywidgets' control comm protocol (ipywidgets 8).
CONTROL_VERSION = "1.0.0"
CONFIG_RE = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)
XSRF_RE = re.compile(r'name="_xsrf" value="([^"]+)"')


@dataclass
class Result:
    """One student's visit."""

    name: str
    kind: str  # "light" or "browser"
    tti_s: float | None = None
    rtt_ms: list[float] = field(default_factory=list)
    rtt_together_ms: list[float] = field(default_factory=list)  # light clients: the class clicking together
    kernel_id: str | None = None
    error: str | None = None
    done: bool = False
    stage: str = "waiting"  # how far the student got


# ----------------------------------------------------------------------------------------------------
# Light client: HTTP + kernel websocket


class KernelChannel:
    """The kernel websocket of a dashboard, speaking the Jupyter messaging protocol as the page does: the
    ``v1.kernel.websocket.jupyter.org`` subprotocol of JupyterLab 4 (binary frames, which the server passes
    between page and kernel without decoding the content), framed by jupyter_server's own functions."""

    SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"

    def __init__(self, ws_url: str, cookie: str | None):
        self.session = uuid.uuid4().hex
        headers = [f"Cookie: {cookie}"] if cookie else []
        self.ws = websocket.create_connection(
            f"{ws_url}?session_id={self.session}", header=headers, timeout=120, subprotocols=[self.SUBPROTOCOL]
        )
        if self.ws.getsubprotocol() != self.SUBPROTOCOL:
            raise RuntimeError(f"the server did not accept the {self.SUBPROTOCOL} subprotocol")

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "student", "session": self.session, "msg_type": msg_type,
                  "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()}
        parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
        self.ws.send(serialize_msg_to_ws_v1(parts, "shell"), opcode=websocket.ABNF.OPCODE_BINARY)
        return msg_id

    def wait(self, accept, timeout: float = 120) -> dict:
        """The first message ``accept`` takes (header fields, ``parent_header`` and ``content``)."""
        deadline = time.monotonic() + timeout
        while True:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            raw = self.ws.recv()
            if isinstance(raw, str):  # not a v1 frame
                continue
            _, parts = deserialize_msg_from_ws_v1(raw)
            header = json.loads(parts[0])
            msg = {**header, "header": header, "parent_header": json.loads(parts[1]), "content": json.loads(parts[3]),
                   "buffers": parts[4:]}
            if accept(msg):
                return msg
            if time.monotonic() > deadline:
                raise TimeoutError("no reply in time")

    def close(self) -> None:
        self.ws.close()


def _state_of(msg: dict) -> dict:
    """The widget state a comm message carries, with its binary buffers put back in place (as bytes)."""
    data = msg["content"].get("data", {})
    state = dict(data.get("state", {}))
    for path, buffer in zip(data.get("buffer_paths", []), msg.get("buffers", [])):
        if len(path) == 1:
            state[path[0]] = bytes(buffer)
    return state


#: The start of the stride view's payload (compact JSON, these keys first: ``runmuscles.apps.explorer``).
PAYLOAD_HEAD = re.compile(rb'^\{"gait":"(?P<gait>\w+)","gait_label":"[^"]*","source":"(?P<source>\w+)"')


def _payload_of(state: dict) -> dict | None:
    """Gait and data set of the stride view's payload in a state (the ``payload`` buffer of JSON).

    Only the head of the payload is read: a page decodes the whole of it on the student's own computer, where
    the light clients, all in this one process on the server's cores, would add that work to the server's.
    """
    raw = state.get("payload")
    head = PAYLOAD_HEAD.match(raw[:400]) if isinstance(raw, bytes) else None
    return {"gait": head["gait"].decode(), "source": head["source"].decode()} if head else None


def _comm_update_of(model_id: str, check):
    def accept(msg):
        if msg.get("msg_type") != "comm_msg" or msg["content"].get("comm_id") != model_id:
            return False
        data = msg["content"].get("data", {})
        return data.get("method") in ("update", "echo_update") and check(_state_of(msg))

    return accept


def widget_session(channel: KernelChannel) -> dict:
    """kernel_info, then the widgets' state over the control comm (what the page's widget manager does)."""
    msg_id = channel.send("kernel_info_request", {})
    channel.wait(lambda m: m.get("msg_type") == "kernel_info_reply" and m["parent_header"].get("msg_id") == msg_id)
    comm_id = uuid.uuid4().hex
    channel.send("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                 metadata={"version": CONTROL_VERSION})
    channel.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
    reply = channel.wait(lambda m: m.get("msg_type") == "comm_msg" and m["content"].get("comm_id") == comm_id)
    return reply["content"]["data"]["states"]


def interact(channel: KernelChannel, states: dict, to_gait: str = "walk") -> list[float]:
    """Switch to ``to_gait``, then to that gait's second data set; round trip of each until the view's new
    payload."""
    def model(name, description=None):
        return next(k for k, v in states.items() if v["model_name"] == name
                    and (description is None or v["state"].get("description") == description))

    gait, source, view = model("ToggleButtonsModel", "Gait"), model("DropdownModel", "Data"), model("AnyModel")

    def switch(widget: str, state: dict, check) -> tuple[float, dict]:
        t0 = time.perf_counter()
        channel.send("comm_msg", {"comm_id": widget, "data": {"method": "update", "state": state, "buffer_paths": []}})
        seen = {}

        def new_payload(view_state: dict) -> bool:
            payload = _payload_of(view_state)
            if payload is not None and check(payload):
                seen["payload"] = payload
            return "payload" in seen

        channel.wait(_comm_update_of(view, new_payload))
        return (time.perf_counter() - t0) * 1000, seen["payload"]

    index = {"run": 0, "walk": 1}[to_gait]
    rtt_gait, payload = switch(gait, {"index": index}, lambda data: data.get("gait") == to_gait)
    default = payload["source"]
    rtt_source, _ = switch(source, {"index": 1}, lambda data: data.get("source") != default)
    return [rtt_gait, rtt_source]


def open_dashboard_voila(base: str, name: str) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    return session, session.get(f"{base}/voila/render/{EXPLORER}", timeout=(10, 180))


def open_dashboard_hub(base: str, name: str) -> tuple[requests.Session, requests.Response]:
    """Log in (first use sets the password), wait for the spawn, follow the redirects to the explorer."""
    session = requests.Session()
    page = session.get(f"{base}/hub/login", timeout=120)
    xsrf = XSRF_RE.search(page.text).group(1)
    r = session.post(f"{base}/hub/login?next=", data={"_xsrf": xsrf, "username": name, "password": PASSWORD},
                     timeout=300)
    deadline = time.monotonic() + 300
    while "/hub/spawn-pending/" in r.url or "/hub/spawn" in r.url:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}'s server did not start")
        time.sleep(0.5)
        r = session.get(f"{base}/hub/spawn-pending/{name}", timeout=300)
    if r.status_code != 200 or "/voila/render/" not in r.url:
        raise RuntimeError(f"{name} landed on {r.status_code} {r.url}")
    return session, r


def light_student(
    base: str, name: str, target: str, start_at: float, result: Result, together: threading.Event,
    leave: threading.Event,
) -> None:
    time.sleep(max(0.0, start_at - time.monotonic()))
    t0 = time.monotonic()
    try:
        result.stage = "page"
        opener = open_dashboard_hub if target == "hub" else open_dashboard_voila
        session, page = opener(base, name)
        page.raise_for_status()
        config = json.loads(CONFIG_RE.search(page.text).group(1))
        result.kernel_id = config["kernelId"]
        ws_base = base.replace("http://", "ws://") + config["baseUrl"].rstrip("/")
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        result.stage = "websocket"
        channel = KernelChannel(f"{ws_base}/api/kernels/{result.kernel_id}/channels", cookie)
        result.stage = "widget state"
        states = widget_session(channel)
        result.tti_s = time.monotonic() - t0
        result.stage = "switching"
        result.rtt_ms = interact(channel, states)
        result.stage = "waiting for the class"
        result.done = True
        if together.wait(timeout=1800) and not leave.is_set():
            result.stage = "switching with the class"
            result.rtt_together_ms = interact(channel, states, to_gait="run")
        result.stage = "done"
        leave.wait(timeout=1800)
        channel.close()  # leaves, as a closed tab does: the kernel stays until culled
    except Exception as error:  # noqa: BLE001 -- a failed student is a figure, not a crash
        result.error = f"{type(error).__name__}: {error}"[:300]


# ----------------------------------------------------------------------------------------------------
# Real browsers

INTERACTIVE_JS = """() => {
  const v = (s) => { const el = document.querySelector(s); if (!el) return false;
    const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return v('[data-testid="rm-slider"]') && v('[data-testid="rm-runner"]');
}"""
SOURCE_JS = "() => (document.querySelector('[data-testid=\"rm-source\"]') || {}).textContent || ''"


def browser_open(browser, base: str, name: str, target: str) -> tuple[object, object, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else r.abort())
    page = context.new_page()
    t0 = time.monotonic()
    if target == "hub":
        page.goto(f"{base}/hub/login", timeout=120_000)
        page.fill("#username_input", name)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit", no_wait_after=True)
    else:
        page.goto(f"{base}/voila/render/{EXPLORER}", wait_until="commit", timeout=300_000)
    return context, page, t0


def browser_finish(page, t0: float, result: Result, timeout_s: float = 300) -> None:
    try:
        page.wait_for_function(INTERACTIVE_JS, timeout=timeout_s * 1000, polling=100)
        result.tti_s = time.monotonic() - t0
        import json as _json

        result.kernel_id = _json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        for action in ("walk", "source"):
            before = page.evaluate(SOURCE_JS)
            t1 = time.monotonic()
            if action == "walk":
                page.get_by_role("button", name="Walk", exact=True).click()
            else:
                select = page.locator(".rm-toolbar select").first
                options = select.locator("option").all_inner_texts()
                current = select.evaluate("s => s.selectedIndex")
                select.select_option(index=(current + 1) % len(options))
            page.wait_for_function(f"(b) => ({SOURCE_JS})() !== b", arg=before, timeout=60_000, polling="raf")
            result.rtt_ms.append((time.monotonic() - t1) * 1000)
    except Exception as error:  # noqa: BLE001
        result.error = f"{type(error).__name__}: {error}"[:300]


# ----------------------------------------------------------------------------------------------------
# Processes and memory


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def is_kernel(proc: psutil.Process) -> bool:
    try:
        return "ipykernel" in " ".join(proc.cmdline())
    except psutil.Error:
        return False


def kernel_ids(pid: int) -> set[str]:
    """Ids of the kernels running under process ``pid`` (from their connection-file names)."""
    out = set()
    for proc in tree(pid):
        try:
            m = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(proc.cmdline()))
        except psutil.Error:
            continue
        if m:
            out.add(m.group(1))
    return out


def memory(pid: int) -> dict:
    """RSS and USS in MB of the server processes and of the kernels under ``pid``; ``by_kernel``: the
    kernels' (RSS, USS, CPU seconds used so far) by kernel id."""
    out = {"server_rss_mb": 0.0, "kernel_rss_mb": 0.0, "server_uss_mb": 0.0, "kernel_uss_mb": 0.0, "kernels": 0,
           "by_kernel": {}}
    for proc in tree(pid):
        try:
            kind = "kernel" if is_kernel(proc) else "server"
            info = proc.memory_full_info()
            out[f"{kind}_uss_mb"] += info.uss / 2**20
            out[f"{kind}_rss_mb"] += info.rss / 2**20
            if kind == "kernel":
                out["kernels"] += 1
                m = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(proc.cmdline()))
                if m:
                    cpu = proc.cpu_times()
                    out["by_kernel"][m.group(1)] = (info.rss / 2**20, info.uss / 2**20, cpu.user + cpu.system)
        except psutil.Error:
            pass
    return out


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


# ----------------------------------------------------------------------------------------------------
# Run


def start_server(args, names: list[str]):
    if args.target == "voila":
        server = VoilaServer(
            NOTEBOOKS, REPO,
            [f"--MappingKernelManager.cull_idle_timeout={args.cull_timeout_s}", "--MappingKernelManager.cull_interval=5"],
            Path(tempfile.mkdtemp(prefix="runmuscles-classroom-")) / "voila.log",
        )
        server.start(timeout=120)
        server.wait_for_log(f"Kernel pool of {EXPLORER} is filled", timeout=180)
        return server, server.url.rstrip("/"), server.process.pid
    settings = {"culling": {"kernel_timeout_s": args.cull_timeout_s, "kernel_every_s": 5,
                            "server_timeout_s": 2 * args.cull_timeout_s, "server_every_s": 5}}
    hub = HubServer(REPO, tuple(names), settings, ["--JupyterHub.last_activity_interval=5"])
    hub.start(timeout=180)
    return hub, hub.url, hub.process.pid


def wait_quiet(pid: int, timeout: float = 60, below: float = 20.0) -> None:
    """Wait until the server's processes use less than ``below`` % CPU (the pool has been filled)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        procs = tree(pid)
        for p in procs:
            try:
                p.cpu_percent(None)
            except psutil.Error:
                pass
        time.sleep(1)
        busy = 0.0
        for p in procs:
            try:
                busy += p.cpu_percent(None)
            except psutil.Error:
                pass
        if busy < below:
            return


def run(args) -> dict:
    n, n_browsers = args.students, min(args.browsers, args.students)
    names = [f"s{i:03d}" for i in range(1, n - n_browsers + 1)] + [f"b{i:03d}" for i in range(1, n_browsers + 1)]
    server, base, pid = start_server(args, names)
    try:
        wait_quiet(pid)
        before = memory(pid)
        kernels_before = kernel_ids(pid)
        results = [Result(name, "browser" if name.startswith("b") else "light") for name in names]
        t_start = time.monotonic() + 0.5
        offsets = [args.arrival_s * i / max(1, n - 1) for i in range(n)]
        threads, together, leave = [], threading.Event(), threading.Event()

        def wait_light(timeout: float = 360) -> None:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and any(
                not (r.done or r.error) for r in results if r.kind == "light"
            ):
                time.sleep(0.5)

        def class_clicks(timeout: float = 120) -> None:
            """Everyone is on and the machine is quiet: the whole class switches at the same moment, as when a
            lecturer says "now click Run"."""
            wait_quiet(pid)
            together.set()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and any(
                r.stage == "switching with the class" or (r.done and r.stage == "waiting for the class")
                for r in results if r.kind == "light"
            ):
                time.sleep(0.2)

        for result, offset in zip(results, offsets):
            if result.kind == "light":
                th = threading.Thread(target=light_student, args=(base, result.name, args.target, t_start + offset, result, together, leave), daemon=True)
                th.start()
                threads.append(th)
        browser_results = [r for r in results if r.kind == "browser"]
        if browser_results:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=find_chromium(pw), args=chromium_args())
                opened = []
                for result, offset in zip(results, offsets):
                    if result.kind == "browser":
                        time.sleep(max(0.0, t_start + offset - time.monotonic()))
                        opened.append((result, *browser_open(browser, base, result.name, args.target)))
                for result, _context, page, t0 in opened:
                    browser_finish(page, t0, result)
                wait_light()
                class_clicks()
                during = memory(pid)
                leave.set()
                for _, context, _, _ in opened:
                    context.close()
                browser.close()
        else:
            wait_light()
            class_clicks()
            during = memory(pid)
            leave.set()
        for th in threads:
            th.join(timeout=60)
        left_at = time.monotonic()
        student_kernels = {r.kernel_id for r in results if r.kernel_id}
        # culling: every kernel a student used is shut down after the idle timeout
        wait_for = args.cull_timeout_s + 30 + (args.cull_timeout_s if args.target == "hub" else 0)
        deadline = left_at + wait_for + 60
        while time.monotonic() < deadline:
            running = kernel_ids(pid) & student_kernels
            servers = HubServer.student_servers(server) if args.target == "hub" else {}
            if not running and not servers:
                break
            time.sleep(2)
        running = kernel_ids(pid) & student_kernels
        servers = HubServer.student_servers(server) if args.target == "hub" else {}
        culled_after = time.monotonic() - left_at
        log = server.log()
    finally:
        server.stop()
    return {
        "target": args.target, "students": n, "browsers": n_browsers, "arrival_s": args.arrival_s,
        "cull_timeout_s": args.cull_timeout_s, "results": [asdict(r) for r in results],
        "memory_before": before, "memory_during": during, "kernels_before": len(kernels_before),
        "student_kernels": len(student_kernels), "kernels_left": len(running),
        "servers_left": sorted(servers), "culled_after_s": culled_after,
        "kernels_culled_in_log": log.count("Culling 'idle' kernel"),
        "servers_culled_in_log": log.count("Culling server "),
        "load_average": psutil.getloadavg(),
    }


def report(out: dict) -> None:
    res = out["results"]
    ok = [r for r in res if r["tti_s"] is not None]
    tti = [r["tti_s"] for r in ok]
    rtt = [x for r in res for x in r["rtt_ms"]]
    n = out["students"]
    b, d = out["memory_before"], out["memory_during"]
    # the students' kernels (by id) plus what the server processes grew by, shared among the students
    mine = [mem for kid, mem in d["by_kernel"].items() if kid in {r["kernel_id"] for r in res}]
    growth_rss = sum(m[0] for m in mine) + d["server_rss_mb"] - b["server_rss_mb"]
    growth_uss = sum(m[1] for m in mine) + d["server_uss_mb"] - b["server_uss_mb"]
    per_rss, per_uss = growth_rss / n, growth_uss / n

    def verdict(ok_: bool) -> str:
        return "PASS" if ok_ else "MISS"

    print(f"\n{out['target']}: {n} students ({n - out['browsers']} light clients + {out['browsers']} Chromium pages) "
          f"arriving over {out['arrival_s']:g} s; load average afterwards {out['load_average'][0]:.1f}")
    print(f"  interactive                  {len(ok)}/{n}   {verdict(len(ok) == n)} (budget {n}/{n})")
    if tti:
        light = [r["tti_s"] for r in ok if r["kind"] == "light"]
        brows = [r["tti_s"] for r in ok if r["kind"] == "browser"]
        print(f"  time to interactive p50/p95  {statistics.median(tti):.1f} / {pct(tti, 95):.1f} s   "
              f"{verdict(pct(tti, 95) <= BUDGETS['tti_p95_s'])} (budget p95 <= {BUDGETS['tti_p95_s']:g} s)")
        if light:
            print(f"    light clients              p50 {statistics.median(light):.1f} s, max {max(light):.1f} s")
        if brows:
            print(f"    Chromium pages             p50 {statistics.median(brows):.1f} s, max {max(brows):.1f} s")
    if rtt:
        print(f"  interaction round trip p50/p95 {statistics.median(rtt):.0f} / {pct(rtt, 95):.0f} ms   "
              f"{verdict(pct(rtt, 95) <= BUDGETS['rtt_p95_ms'])} (budget p95 <= {BUDGETS['rtt_p95_ms']:g} ms; "
              f"{len(rtt)} switches, each student's right after their page became interactive)")
    together = [x for r in res for x in r.get("rtt_together_ms", [])]
    if together:
        print(f"    the class clicking together  p50/p95 {statistics.median(together):.0f} / "
              f"{pct(together, 95):.0f} ms   {verdict(pct(together, 95) <= BUDGETS['rtt_p95_ms'])} "
              f"({len(together)} switches: everyone on, then all at the same moment)")
    print(f"  memory with everyone on      server {d['server_rss_mb']:.0f} MB, {d['kernels']} kernels "
          f"{d['kernel_rss_mb']:.0f} MB (RSS); before: server {b['server_rss_mb']:.0f} MB, {b['kernels']} kernels "
          f"{b['kernel_rss_mb']:.0f} MB")
    print(f"  per student                  {per_rss:.0f} MB RSS ({per_uss:.0f} MB unique; their {len(mine)} kernels "
          f"+ server growth)   "
          f"{verdict(per_rss <= BUDGETS['per_student_mb'])} (budget <= {BUDGETS['per_student_mb']:g} MB, RSS)")
    if mine:
        cpu = [m[2] for m in mine]
        print(f"  kernel CPU per student       p50 {statistics.median(cpu):.2f} s, max {max(cpu):.2f} s (start-up, "
              "notebook and both switches)")
    culled = out["kernels_left"] == 0 and not out["servers_left"]
    extra = f", {len(out['servers_left'])} servers left" if out["target"] == "hub" else ""
    print(f"  culled after idle timeout    {out['student_kernels'] - out['kernels_left']}/{out['student_kernels']} "
          f"student kernels{extra} within {out['culled_after_s']:.0f} s of leaving "
          f"(timeout {out['cull_timeout_s']} s; log: {out['kernels_culled_in_log']} kernels, "
          f"{out['servers_culled_in_log']} servers culled)   {verdict(culled)}")
    errors = [f"{r['name']} ({r['stage']}): {r['error'] or 'no answer'}" for r in res if r["error"] or not r["done"] and r["kind"] == "light"]
    if errors:
        print(f"  failures ({len(errors)}), first: " + "; ".join(errors[:3]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=("voila", "hub"), default="voila")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=3, help="how many of the students are real Chromium pages")
    parser.add_argument("--arrival-s", type=float, default=3.0, help="students arrive spread over this many seconds")
    parser.add_argument("--cull-timeout-s", type=int, default=30, help="idle timeout of kernels (hub servers: twice)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    try:
        out = run(args)
    except (RuntimeError, FileNotFoundError, TimeoutError) as error:
        print(f"could not run: {error}", file=sys.stderr)
        return 2
    report(out)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
