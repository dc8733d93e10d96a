"""The classroom hub, for real: JupyterHub + configurable-http-proxy on loopback, three students in Chromium.

The hub runs ``deploy/jupyterhub/jupyterhub_config.py`` with ``deploy/classroom.toml``, except for times
shortened so that a test can watch culling (below), a smaller memory limit so that a test can cross it
(checked every 2 s instead of 30 s), and the hub's proxy-activity poll every 5 s instead of 300 s (so
that a student who is using their server is not taken for idle by the short timeout).
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import psutil
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.hub]

STUDENTS = ("ada", "ben", "cleo")
PASSWORD = "stride-2026-phase"
#: Shortened culling for the test: kernels of closed pages go after 20 s, idle servers after 60 s.
TEST_SETTINGS = {
    "culling": {"server_timeout_s": 60, "server_every_s": 5, "kernel_timeout_s": 20, "kernel_every_s": 5},
    "student": {"mem_limit": "700M"},
}
#: Seconds to wait for a student's server to start and the explorer to draw (busy 2-core machine).
RENDER_TIMEOUT_S = 120
LOOPBACK = ("127.0.0.1", "localhost")


class Student:
    """One student's browser context and explorer page, with what the page tried to fetch from outside."""

    def __init__(self, browser, name: str):
        self.name = name
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.external: list[str] = []
        self.page_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def log_in(self, hub) -> None:
        self.page.goto(f"{hub.url}/hub/login", timeout=60_000)
        self.page.fill("#username_input", self.name)
        self.page.fill("#password_input", PASSWORD)
        self.page.click("#login_submit", no_wait_after=True)

    def wait_for_explorer(self) -> float:
        start = time.monotonic()
        for testid in ("rm-phase", "rm-slider", "rm-runner"):
            self.page.locator(f'[data-testid="{testid}"]').wait_for(state="visible", timeout=RENDER_TIMEOUT_S * 1000)
        return time.monotonic() - start

    def kernel_id(self) -> str:
        import json

        return json.loads(self.page.locator("#jupyter-config-data").text_content())["kernelId"]


@pytest.fixture(scope="module")
def hub(hub_factory):
    """The classroom hub with three students on its class list, and the test's short times."""
    return hub_factory(
        STUDENTS,
        TEST_SETTINGS,
        ["--JupyterHub.last_activity_interval=5", "--Spawner.poll_interval=2"],
    )


@pytest.fixture(scope="module")
def students(hub, browser):
    """The three students, logged in at about the same time, each on their explorer page."""
    class_ = [Student(browser, name) for name in STUDENTS]
    for s in class_:
        s.log_in(hub)
    for s in class_:
        try:
            s.wait_for_explorer()
        except Exception as error:
            raise AssertionError(f"{s.name} never got the explorer ({s.page.url}): {error}\n{hub.log()[-6000:]}") from error
    yield {s.name: s for s in class_}
    for s in class_:
        s.context.close()


def test_each_student_gets_the_explorer_at_the_entry_url(hub, students):
    entry = hub.settings["student"]["entry_url"]
    for name, s in students.items():
        assert urlsplit(s.page.url).path == f"/user/{name}{entry}", s.page.url
        phase = s.page.locator('[data-testid="rm-phase"]').inner_text().strip()
        assert phase, f"{name}: the phase label is empty"
        text = s.page.locator("body").inner_text()
        assert "Traceback" not in text and "There was an error when executing cell" not in text, name
        assert not s.external, f"{name}: requests leaving the machine: {s.external}"
        assert not s.page_errors, f"{name}: page errors: {s.page_errors}"
    s = students["ada"]
    s.page.screenshot(path=str(hub.state / "ada-explorer.png"))
    # each student has a server of their own, with a kernel of their own
    servers = hub.student_servers()
    assert set(servers) == set(STUDENTS), servers
    assert len({s.kernel_id() for s in students.values()}) == len(STUDENTS)


def test_a_student_cannot_reach_another_students_server(hub, students):
    ada, ben = students["ada"], students["ben"]
    ben_kernel = ben.kernel_id()
    probe = ada.context.new_page()
    response = probe.goto(f"{hub.url}/user/ben/voila/render/01-gait-cycle-explorer.ipynb", timeout=60_000)
    probe.wait_for_load_state("load")
    final = urlsplit(probe.url).path
    refused = response.status in (401, 403, 404) or final.startswith("/hub/login")
    assert refused, f"ada's browser got {response.status} at {probe.url}"
    assert probe.locator('[data-testid="rm-explorer"]').count() == 0
    assert ben_kernel not in probe.content()
    probe.close()
    # ben's server API, with ada's cookies: refused, while ben himself gets in
    for path in ("api/status", f"api/kernels/{ben_kernel}"):
        as_ada = ada.context.request.get(f"{hub.url}/user/ben/{path}", max_redirects=0)
        assert as_ada.status in (302, 401, 403, 404), (path, as_ada.status, as_ada.text()[:300])
        if as_ada.status == 302:
            assert "/user/ben/" not in as_ada.headers.get("location", "").split("?")[0], as_ada.headers
    as_ben = ben.context.request.get(f"{hub.url}/user/ben/api/kernels/{ben_kernel}")
    assert as_ben.status == 200, as_ben.status


def test_limits_reach_each_server_and_memory_is_enforced(hub, students):
    student = hub.settings["student"]
    servers = hub.student_servers()
    for name, proc in servers.items():
        env = proc.environ()
        assert int(env["MEM_LIMIT"]) == _bytes(student["mem_limit"]), (name, env["MEM_LIMIT"])
        assert float(env["CPU_LIMIT"]) == float(student["cpu_limit"]), (name, env["CPU_LIMIT"])
        assert env["OMP_NUM_THREADS"] == str(max(1, int(student["cpu_limit"])))
    # ada's kernel takes more memory than her limit: the hub kills it (and only it)
    ada = students["ada"]
    kernels = [p for p in servers["ada"].children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    assert kernels, "ada's server runs no kernel"
    others_before = {name: p.pid for name, p in servers.items() if name != "ada"}
    ada.page.evaluate(EXECUTE_JS, [f"/user/ada/api/kernels/{ada.kernel_id()}/channels", HOG])
    gone, alive = psutil.wait_procs(kernels, timeout=60)
    assert gone and not alive, f"ada's kernel survived:\n{hub.log()[-3000:]}"
    assert re.search(r"ada uses \d+ MB > mem_limit 700 MB: killing process", hub.log()), hub.log()[-3000:]
    still = hub.student_servers()
    assert {name: still[name].pid for name in others_before} == others_before


def test_idle_kernels_and_servers_are_culled(hub, students):
    for s in students.values():
        s.context.close()
    culling = hub.settings["culling"]
    deadline = time.monotonic() + culling["server_timeout_s"] + 4 * culling["server_every_s"] + 60
    while hub.student_servers() and time.monotonic() < deadline:
        time.sleep(1)
    log = hub.log()
    assert not hub.student_servers(), f"servers still running:\n{log[-4000:]}"
    for name in STUDENTS:
        assert f"Culling server {name}" in log, f"{name}'s server was not stopped by the culler:\n{log[-4000:]}"
    # ben's and cleo's kernels (pages closed) were culled inside their servers before the servers went
    assert log.count("Culling 'idle' kernel") >= 2, log[-4000:]


def _bytes(text: str) -> int:
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


#: Allocates (and touches) 800 MB in the kernel: more than the test's 700 MB limit on its own.
HOG = "hog = b'x' * (800 * 2**20)\nimport time; time.sleep(120)"

#: Runs ``code`` in a kernel over its websocket, as any page of the student's own server could.
EXECUTE_JS = """
async ([path, code]) => {
  const ws = new WebSocket(`ws://${location.host}${path}?session_id=hub-test`);
  await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
  ws.send(JSON.stringify({
    header: {msg_id: 'hog', username: 'test', session: 'hub-test', msg_type: 'execute_request',
             version: '5.3', date: new Date().toISOString()},
    parent_header: {}, metadata: {}, channel: 'shell', buffers: [],
    content: {code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false,
              stop_on_error: true},
  }));
  return true;
}
"""
