"""Holding up in front of a class: a flood of page loads stays under the kernel cap, closing or reloading a
page frees its kernel at once, and a dead kernel or a stopped server shows a banner with a Reload button.

Each test prints its figures (run with ``-s`` to see them); the module runs in well under a minute of
server time on a 2-core machine.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from runmuscles.testing import flood

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
FLOOD_LOADS = 40
FLOOD_CAP = 8


@pytest.fixture(scope="module")
def small_suite(tmp_path_factory):
    """A folder with a one-widget notebook that imports runmuscles (a kernel of realistic size)."""
    folder = tmp_path_factory.mktemp("reliability") / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets\nimport runmuscles\n"
            "table = runmuscles.load_activation('run')\n"
            "ipywidgets.IntSlider(3, description='n')"
        )
    ]
    nbformat.write(nb, folder / "small.ipynb")
    return folder


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def _rss_mb(processes) -> float:
    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_flood_of_page_loads_stays_under_the_cap(voila_launcher, small_suite):
    server = voila_launcher(small_suite, [f"--max-kernels={FLOOD_CAP}"])
    started = time.monotonic()
    statuses = flood(server.render_url("small.ipynb"), FLOOD_LOADS)
    elapsed = time.monotonic() - started
    kernels = server.kernel_processes()
    memory = _rss_mb(kernels)
    print(
        f"\nflood of {FLOOD_LOADS} page loads in {elapsed:.1f} s: statuses {statuses}; "
        f"{len(kernels)} kernels running (cap {FLOOD_CAP}), kernel memory {memory:.0f} MB "
        f"({memory / max(1, len(kernels)):.0f} MB each), server {_rss_mb([psutil.Process(server.process.pid)]):.0f} MB"
    )
    assert len(kernels) <= FLOOD_CAP
    assert statuses.get(200, 0) >= 1
    assert set(statuses) <= {200, 503}, statuses  # no error page, no dropped connection
    assert statuses.get(200, 0) + statuses.get(503, 0) == FLOOD_LOADS
    assert "Traceback" not in server.log()


def test_closing_or_reloading_a_page_frees_its_kernel(voila_launcher, small_suite, dashboard):
    server = voila_launcher(small_suite, [f"--max-kernels={FLOOD_CAP}"])
    pages = [dashboard("small.ipynb", server=server) for _ in range(3)]
    kernels = [_kernel_id(p.page) for p in pages]
    assert all(server.kernel_exists(k) for k in kernels)

    reloaded = pages[0].page
    reloaded.reload(wait_until="commit")
    reloaded.wait_for_function(
        "(old) => { const c = document.getElementById('jupyter-config-data');"
        " return c && JSON.parse(c.textContent).kernelId !== old; }",
        arg=kernels[0],
        timeout=90_000,
    )
    for loaded in pages[1:]:
        loaded.page.close(run_before_unload=True)
    started = time.monotonic()
    freed = _wait(lambda: not any(server.kernel_exists(k) for k in kernels), timeout=15)
    gone = [k for k in kernels if not server.kernel_exists(k)]
    print(
        f"\n{len(gone)} of {len(kernels)} kernels freed within {time.monotonic() - started:.1f} s of their page "
        f"closing or reloading; kernels running now: {len(server.kernel_processes())}"
    )
    assert freed, f"kernels still running after their page closed:\n{server.log()[-3000:]}"
    assert "_xsrf" not in server.log()  # no refused shutdown request


def _banner(page):
    return page.get_by_role("alert").filter(has_text="Reload the page")


def test_a_dead_kernel_shows_a_reload_banner(voila_launcher, small_suite, dashboard):
    server = voila_launcher(small_suite)
    loaded = dashboard("small.ipynb", server=server)
    kernel_id = _kernel_id(loaded.page)
    assert _banner(loaded.page).count() == 0
    (process,) = [p for p in server.kernel_processes() if kernel_id in " ".join(p.cmdline())]
    process.kill()
    banner = _banner(loaded.page)
    banner.wait_for(timeout=30_000)
    assert "kernel stopped" in banner.inner_text()
    button = banner.get_by_role("button", name="Reload")
    assert button.is_visible()
    loaded.screenshot(SCREENSHOTS / 'kernel-stopped-banner.png')
    button.click()
    loaded.page.wait_for_function(
        "(old) => { const c = document.getElementById('jupyter-config-data');"
        " return c && JSON.parse(c.textContent).kernelId !== old; }",
        arg=kernel_id,
        timeout=90_000,
    )
    loaded.page.locator(".widget-slider").first.wait_for(timeout=90_000)
    assert _banner(loaded.page).count() == 0


def test_a_stopped_server_shows_a_reload_banner(voila_launcher, small_suite, dashboard):
    server = voila_launcher(small_suite)
    loaded = dashboard("small.ipynb", server=server)
    server.stop()
    banner = _banner(loaded.page)
    banner.wait_for(timeout=30_000)
    assert "connection to the server was lost" in banner.inner_text()


def test_every_dashboard_watches_its_kernel(dashboard):
    """The explorer, served with the suite's configuration, raises the banner when its kernel dies."""
    loaded = dashboard("01-gait-cycle-explorer.ipynb")
    kernel_id = _kernel_id(loaded.page)
    loaded.assert_clean()
    server_pid = None
    for p in psutil.process_iter(["cmdline"]):
        if kernel_id in " ".join(p.info["cmdline"] or []):
            server_pid = p.pid
            p.kill()
    assert server_pid is not None
    _banner(loaded.page).wait_for(timeout=30_000)
