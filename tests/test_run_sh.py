"""``./run.sh`` passes any Voilà option through and prints the address it really serves."""

from __future__ import annotations

import urllib.request

import pytest

from runmuscles.testing import ServerCommand, free_port

ANNOUNCED = r"runmuscles: serving \S+ at (http://\S+)\nrunmuscles: start at (http://\S+)\n"


@pytest.mark.parametrize("form", ["--port N", "--port=N --Voila.ip=127.0.0.1"])
def test_run_sh_serves_on_the_port_asked(repo_root, tmp_path, form):
    port = free_port()
    server = ServerCommand([repo_root / "run.sh", *form.replace("N", str(port)).split()], repo_root,
                           log_path=tmp_path / "run.log")
    try:
        address, start = server.start(ANNOUNCED).groups()
        assert address == f"http://127.0.0.1:{port}/", server.log()
        assert start == f"http://127.0.0.1:{port}/voila/render/01-gait-cycle-explorer.ipynb", server.log()
        with urllib.request.urlopen(address, timeout=60) as response:  # the notebook list
            assert response.status == 200
            assert "01-gait-cycle-explorer.ipynb" in response.read().decode()
        with urllib.request.urlopen(start, timeout=240) as response:  # the explorer, rendered
            assert response.status == 200
            assert 'id="jupyter-config-data"' in response.read().decode()
    finally:
        server.stop()
