"""Every notebook renders as a Voilà dashboard in Chromium: no error, no request leaving the machine."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.browser


def _notebooks() -> list[str]:
    # Collected when this module is imported, so a new notebook is tested without editing this file.
    folder = Path(os.environ.get("RUNMUSCLES_NOTEBOOK_DIR", Path(__file__).parents[2] / "notebooks"))
    return sorted(p.name for p in folder.glob("*.ipynb"))


NOTEBOOKS = _notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_dashboard_renders_cleanly(dashboard, notebook):
    """The dashboard executes, draws every output, shows no error and needs nothing from outside."""
    loaded = dashboard(notebook)
    shot = loaded.screenshot()
    assert loaded.page.locator("#rendered_cells").is_visible(), f"{notebook}: nothing shown, see {shot}"
    loaded.assert_clean()


def test_notebook_list_is_served_offline(dashboard):
    """The page of ``voila notebooks/`` lists every notebook and fetches nothing from outside."""
    loaded = dashboard("")
    for name in NOTEBOOKS:
        loaded.page.get_by_text(name).first.wait_for(timeout=30_000)
    loaded.screenshot()  # test-artifacts/screenshots/notebook-list.png
    loaded.assert_clean()


@pytest.fixture
def small_notebook(tmp_path):
    """A one-widget notebook in its own folder (independent of the suite's notebooks)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(3, description='n')")]
    path = tmp_path / "notebooks" / "small.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


def test_culling_spares_handed_off_kernel(voila_launcher, dashboard, small_notebook):
    """A preheated kernel that sat in the pool longer than the idle timeout survives its hand-off.

    Shipped configuration with the culler shrunk to seconds: the pooled kernel goes "idle" before the
    page asks for it, and the culler runs every second while the page connects.
    """
    timeout_s = 3
    server = voila_launcher(
        small_notebook,
        [f"--MappingKernelManager.cull_idle_timeout={timeout_s}", "--MappingKernelManager.cull_interval=1"],
    )
    server.wait_for_log("Kernel pool of small.ipynb is filled", timeout=60)
    time.sleep(timeout_s + 2)  # the pooled kernel is now idle for longer than the timeout
    loaded = dashboard(server=server)
    assert "Using pre-heated kernel" in server.log(), server.log()
    kernel_id = _kernel_id(loaded.page)
    time.sleep(timeout_s + 2)  # several culler passes while the page is connected
    assert server.kernel_exists(kernel_id), f"kernel {kernel_id} was culled:\n{server.log()}"
    loaded.assert_clean()
    # Once the page is gone the kernel is culled as usual.
    loaded.page.context.close()
    deadline = time.monotonic() + 4 * timeout_s + 10
    while server.kernel_exists(kernel_id) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not server.kernel_exists(kernel_id), f"idle kernel {kernel_id} never culled:\n{server.log()}"


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
