"""Fixtures for the classroom hub tests: the real JupyterHub on loopback and a headless Chromium.

* ``hub_factory``: ``hub_factory(students, settings=None, extra_args=None)`` starts
  :class:`runmuscles.testing.HubServer` (``deploy/jupyterhub/jupyterhub_config.py``) with its state in
  a temporary folder; every hub started is stopped at teardown of the module.
* ``browser``: a headless Chromium found by :func:`runmuscles.testing.find_chromium`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from runmuscles.testing import HubServer

REPO = Path(__file__).resolve().parents[2]
PROXY = REPO / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"


@pytest.fixture(scope="module")
def hub_factory(tmp_path_factory):
    """Factory: start the classroom hub for ``students`` (with ``settings`` overriding classroom.toml)."""
    if not PROXY.exists() and not shutil.which("configurable-http-proxy"):
        pytest.fail("configurable-http-proxy is not installed: run `npm ci --prefix deploy/jupyterhub` (./test.sh does)")
    hubs = []

    def start(students, settings=None, extra_args=None) -> HubServer:
        hub = HubServer(REPO, tuple(students), settings, extra_args, tmp_path_factory.mktemp("hub"))
        hubs.append(hub)
        try:
            return hub.start()
        except RuntimeError as error:
            pytest.fail(str(error))

    yield start
    for hub in hubs:
        hub.stop()
