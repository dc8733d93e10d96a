"""``runmuscles serve``: settings, the kernel cap and its "class is full" page, kernels freed by the page's
shutdown request, limits on browser messages, symbolic links out of the served folder.

The server tests run ``runmuscles serve`` for real on a small notebook folder and talk to it over HTTP and
websockets on the loopback interface (no browser; ``tests/browser`` drives the pages).
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest

from runmuscles import serving
from runmuscles.testing import VoilaServer

CAP = 2
#: The smallest valid PNG: a 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
#: Browser-message limits for the server under test (small, so that the test is quick).
BURST, RATE = 100, 10.0


def test_default_cap_follows_the_machine():
    cap = serving.default_max_kernels()
    # no more than the cores start in the time a class waits, at the measured start-up CPU of a kernel
    assert 2 <= cap <= psutil.cpu_count() * serving.CLASS_ARRIVAL_TIME / serving.KERNEL_START_CPU
    # never more kernels than half the memory holds at the estimated size
    assert cap <= max(2, psutil.virtual_memory().total // 2 // serving.KERNEL_MEMORY_ESTIMATE)


def test_configuration_names_the_packaged_template():
    config = serving.configure(serving.Config(), max_kernels=5, kernel_memory_limit=2**30)
    template = serving.template_root() / "voila" / "templates" / config.VoilaConfiguration.template
    assert {"index.html.j2", "tree.html", "503.html", "page.html", "conf.json"} <= {
        p.name for p in template.iterdir()
    }
    assert config.HandOffSafeKernelManager.max_kernels == 5
    assert config.HandOffSafeKernelManager.kernel_memory_limit == 2**30
    if os.name == "posix":  # no TCP ports to race for when a class starts kernels at once
        assert config.KernelManager.transport == "ipc"


def test_page_templates_are_compiled_once_per_server(tmp_path, monkeypatch):
    """Voilà builds a new exporter for every page: the suite's exporters share the compiled templates, and an
    edited template is compiled again."""
    import jinja2

    from runmuscles.server import SuiteExporter

    monkeypatch.setattr(SuiteExporter, "compiled_templates", type(SuiteExporter.compiled_templates)())
    compiled = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    page = tmp_path / "page.j2"
    page.write_text("<p>{{ title }}</p>", encoding="utf-8")

    def render() -> str:
        exporter = SuiteExporter(template_paths=[str(tmp_path)])  # one page's exporter
        return exporter.environment.get_template("page.j2").render(title="Explorer")

    assert [render(), render(), render()] == ["<p>Explorer</p>"] * 3
    assert compiled == ["page.j2"]
    page.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    assert render() == "<h1>Explorer</h1>" and compiled == ["page.j2", "page.j2"]


# ----------------------------------------------------------------------------------------------------
# A real server


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """A notebook folder with a widget notebook, and a symbolic link to a notebook outside the folder."""
    root = tmp_path_factory.mktemp("serving")
    folder, outside = root / "suite", root / "outside"
    folder.mkdir()
    outside.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(3, description='n')")]
    nbformat.write(nb, folder / "small.ipynb")
    secret = nbformat.v4.new_notebook()
    secret.metadata["kernelspec"] = nb.metadata["kernelspec"]
    secret.cells = [nbformat.v4.new_code_cell("print('outside-the-suite')")]
    nbformat.write(secret, outside / "secret.ipynb")
    (folder / "linked.ipynb").symlink_to(outside / "secret.ipynb")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "figure.png").write_bytes(PNG)
    (outside / "private.png").write_bytes(PNG + b"outside-the-suite")
    (folder / "linked.png").symlink_to(outside / "private.png")
    return folder


@pytest.fixture(scope="module")
def server(suite, tmp_path_factory):
    log = tmp_path_factory.mktemp("serving-log") / "voila.log"
    srv = VoilaServer(
        suite,
        suite,
        [
            f"--max-kernels={CAP}",
            f"--GuardedKernelWebsocketConnection.message_burst={BURST}",
            f"--GuardedKernelWebsocketConnection.messages_per_second={RATE}",
        ],
        log_path=log,
    )
    try:
        srv.start(timeout=120)
    except RuntimeError as error:
        pytest.fail(str(error))
    yield srv
    srv.stop()


def kernels_of(srv: VoilaServer) -> list[psutil.Process]:
    """The kernel processes the server runs."""
    return [p for p in psutil.Process(srv.process.pid).children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


def get(url: str, opener=None):
    """(status, body, headers) of a GET; HTTP errors are returned, not raised."""
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(url, timeout=180) as response:
            return response.status, response.read().decode(errors="replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def kernel_id_in(page: str) -> str:
    config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(config.group(1))["kernelId"]


def wait_for(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return condition()


def shutdown_kernel(srv: VoilaServer, kernel_id: str, opener=None, jar=None) -> int:
    """POST the page's shutdown request for ``kernel_id``, with the ``_xsrf`` cookie (own one if none)."""
    if jar is None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        get(srv.url, opener)  # the notebook list sets the cookie too
    xsrf = {c.name: c.value for c in jar}["_xsrf"]
    request = urllib.request.Request(
        f"{srv.url}voila/api/shutdown/{kernel_id}",
        data=urllib.parse.urlencode({"_xsrf": xsrf}).encode(),
        method="POST",
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_symlinks_out_of_the_folder_are_not_served(server):
    status, body, _ = get(server.render_url("linked.ipynb"))
    assert status == 404
    assert "outside-the-suite" not in body and "Traceback" not in body
    status, body, _ = get(server.render_url("linked-folder/secret.ipynb"))
    assert status == 404
    status, listing, _ = get(server.url)
    assert status == 200
    assert "small.ipynb" in listing
    assert "linked" not in listing
    # the images a notebook shows (voila/files/): the folder's own, never one linked from outside
    status, body, _ = get(f"{server.url}voila/files/figure.png")
    assert status == 200 and body[1:4] == "PNG"
    for path in ("linked.png", "linked-folder/private.png"):
        status, body, _ = get(f"{server.url}voila/files/{path}")
        assert status == 404 and "outside-the-suite" not in body, path


def test_cap_full_page_and_release_on_page_close(server):
    """Pages beyond the cap get the "class is full" page (503); a page's shutdown request frees its kernel."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    pages = []
    for _ in range(CAP):
        status, body, _ = get(server.render_url("small.ipynb"), browser)
        assert status == 200, body[-2000:]
        pages.append(kernel_id_in(body))
    assert len(kernels_of(server)) == CAP

    status, body, headers = get(server.render_url("small.ipynb"))
    assert status == 503
    assert "The class is full" in body and "Try again" in body
    assert "Traceback" not in body
    assert len(kernels_of(server)) == CAP

    # What the page sends on `beforeunload` (navigator.sendBeacon): a form with the _xsrf cookie's value.
    assert "_xsrf" in {c.name for c in jar}, "the dashboard page did not set the _xsrf cookie"
    assert shutdown_kernel(server, pages[0], browser, jar) == 204
    assert wait_for(lambda: not server.kernel_exists(pages[0]))
    assert wait_for(lambda: len(kernels_of(server)) == CAP - 1)

    status, body, _ = get(server.render_url("small.ipynb"), browser)  # the freed place is usable again
    assert status == 200
    pages[0] = kernel_id_in(body)
    for kernel_id in pages:
        shutdown_kernel(server, kernel_id)
    assert wait_for(lambda: not kernels_of(server))


def shell_message(msg_type: str, content: dict, metadata: dict | None = None, session: str = "test") -> str:
    """A kernel message as a browser page sends it on the kernel's websocket (JSON protocol)."""
    header = {"msg_id": str(uuid.uuid4()), "msg_type": msg_type, "session": session, "username": "",
              "version": "5.3", "date": "2026-01-01T00:00:00Z"}
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                       "channel": "shell", "buffers": []})


def kernel_socket_url(srv: VoilaServer, kernel_id: str) -> str:
    return srv.url.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}"


async def _open_widget_comms(url: str, count: int) -> int:
    """Open ``count`` widget comms from the browser side, then ask the kernel how many widget comms it has."""
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(url)
    state = {"_model_name": "HTMLModel", "_model_module": "@jupyter-widgets/controls",
             "_model_module_version": "2.0.0", "_view_name": "HTMLView",
             "_view_module": "@jupyter-widgets/controls", "_view_module_version": "2.0.0", "value": "x" * 1000}
    for _ in range(count):
        await ws.write_message(shell_message("comm_open", {
            "comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget",
            "data": {"state": state, "buffer_paths": []}}, {"version": "2.1.0"}))
    asked = shell_message("comm_info_request", {"target_name": "jupyter.widget"})
    asked_id = json.loads(asked)["header"]["msg_id"]
    await ws.write_message(asked)
    try:
        while True:
            msg = json.loads(await asyncio.wait_for(ws.read_message(), timeout=60))
            if msg["parent_header"].get("msg_id") == asked_id and msg["msg_type"] == "comm_info_reply":
                return len(msg["content"]["comms"])
    finally:
        ws.close()


def test_browser_messages_are_limited_per_kernel(server):
    """However many widget comms a crafted page opens, the kernel gets at most ``max_client_comms``."""
    status, body, _ = get(server.render_url("small.ipynb"))
    assert status == 200, body[-2000:]
    kernel_id = kernel_id_in(body)
    comms_before = asyncio.run(_open_widget_comms(kernel_socket_url(server, kernel_id), 0))
    comms = asyncio.run(_open_widget_comms(kernel_socket_url(server, kernel_id), 80))
    shutdown_kernel(server, kernel_id)
    limit = 32  # GuardedKernelWebsocketConnection.max_client_comms
    print(f"widget comms in the kernel: {comms_before} before, {comms} after 80 comm_open from the browser")
    assert comms - comms_before <= limit
    assert "browser comms dropped" in server.log()


def test_browser_message_rate_is_limited(server):
    """A burst of messages beyond the budget is dropped before it reaches the kernel."""
    status, body, _ = get(server.render_url("small.ipynb"))
    assert status == 200, body[-2000:]
    kernel_id = kernel_id_in(body)

    async def burst() -> tuple[int, float]:
        from tornado.websocket import websocket_connect

        ws = await websocket_connect(kernel_socket_url(server, kernel_id))
        # one request answered first: the kernel and the server's channels to it are ready (this one
        # request is part of the budget, so at most BURST - 1 of the burst below can go through)
        await ws.write_message(shell_message("kernel_info_request", {}))
        while json.loads(await asyncio.wait_for(ws.read_message(), timeout=60))["msg_type"] != "kernel_info_reply":
            pass
        start = time.monotonic()
        for _ in range(3 * BURST):
            await ws.write_message(shell_message("kernel_info_request", {}))
        elapsed = time.monotonic() - start
        replies = 0
        while True:
            try:
                # a loaded machine can keep the kernel from answering for seconds: wait long for what the
                # budget lets through, then briefly for anything beyond it (which must not come)
                raw = await asyncio.wait_for(ws.read_message(), timeout=3 if replies >= BURST - 1 else 30)
            except asyncio.TimeoutError:
                break
            if raw is None:
                break
            if json.loads(raw)["msg_type"] == "kernel_info_reply":
                replies += 1
        ws.close()
        return replies, elapsed

    replies, elapsed = asyncio.run(burst())
    shutdown_kernel(server, kernel_id)
    print(f"{3 * BURST} kernel_info_request sent in {elapsed:.2f} s: {replies} answered")
    assert replies <= BURST + RATE * (elapsed + 1) + 1
    assert replies >= BURST // 2  # the budget itself goes through


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="needs Linux's /proc")
def test_each_kernel_has_a_memory_limit(server):
    status, body, _ = get(server.render_url("small.ipynb"))
    assert status == 200, body[-2000:]
    kernel_id = kernel_id_in(body)
    try:
        (kernel,) = [p for p in kernels_of(server) if kernel_id in " ".join(p.cmdline())]
        limits = Path(f"/proc/{kernel.pid}/limits").read_text()
        (line,) = [x for x in limits.splitlines() if x.startswith("Max address space")]
        assert line.split()[3] == str(serving.DEFAULT_KERNEL_MEMORY_LIMIT), line
    finally:
        shutdown_kernel(server, kernel_id)
