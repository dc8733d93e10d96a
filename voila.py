"""Voilà configuration for the runmuscles dashboards.

Voilà reads ``voila.py`` / ``voila.json`` from the *current directory* (then from the Jupyter config
path), so run it from the repository root::

    voila notebooks/ --no-browser                                  # the whole suite (tree page)
    voila notebooks/01-gait-cycle-explorer.ipynb --no-browser      # the explorer alone

Add ``--port=8866 --Voila.ip=127.0.0.1`` (the defaults) or ``--Voila.ip=0.0.0.0`` to serve a class room.
Command-line options override this file, e.g. ``--pool_size=4`` to keep four explorer kernels warm.
Use the ``voila`` command: ``python -m voila`` run from this folder would import this file instead of
the voila package (the current directory comes first on ``sys.path``).

What this file sets, and why:

* ``template = "runmuscles"`` (``share/jupyter/voila/templates/runmuscles``): Voilà's "lab" template
  minus its two Font Awesome stylesheet links to cdn.jsdelivr.net. No request leaves the server, so the
  dashboards work on a closed network (checked by ``tests/browser``). The template folder is found
  through ``JUPYTER_PATH``, which this file extends with ``<repo>/share/jupyter`` before Voilà looks
  templates up (the config file is loaded first).
* ``show_tracebacks = False``: a failing cell shows a short error, never a Python traceback.
* Preheated kernels: the explorer's notebook is executed in a spare kernel before anyone asks for it,
  so a page load only has to hand that kernel over. In tree mode Voilà would keep a warm kernel for
  *every* notebook under ``notebooks/`` (~100-150 MB each); ``preheat_denylist`` limits that to the
  explorer, the page a lecture starts with. When a single notebook is served, that notebook is
  preheated whatever its name (Voilà ignores the deny list in that mode). A second visitor while the
  pool refills (~3 s) gets a kernel started on demand, like any other page.
* Idle culling: kernels are not shut down when a tab closes, so idle kernels are culled after
  ``cull_idle_timeout``. Stock culling has a hole with preheated kernels: a kernel that waited in the
  pool for longer than the timeout is "idle" and unconnected at the moment it is handed to a page, and
  is culled if the culler runs before the page's websocket connects. ``HandOffSafeKernelManager``
  gives every kernel that has never had a connection one full timeout from the moment the culler
  first sees it outside the pool (``tests/browser/test_dashboards.py::test_culling_spares_handed_off_kernel``).
"""

if "get_config" not in globals():  # imported as a module, not executed by Voilà as its config file
    raise ImportError(
        "voila.py in the repository root is Voilà's configuration file and shadows the voila package "
        "for `python -m voila` or `import voila` run from this folder: use the `voila` command instead."
    )

import os
from datetime import timedelta
from pathlib import Path

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

c = get_config()  # noqa: F821 -- provided by traitlets when it executes this file

_SHARE = Path(__file__).resolve().parent / "share" / "jupyter"
_jupyter_path = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
if str(_SHARE) not in _jupyter_path:
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(_SHARE), *_jupyter_path])

#: The notebook kept warm in tree mode (a regular expression matched against paths under notebooks/).
PREHEATED_IN_TREE_MODE = r"01-gait-cycle-explorer\.ipynb"


class HandOffSafeKernelManager(AsyncMappingKernelManager):
    """Idle culling that never takes a kernel before its page had a chance to connect.

    Voilà's preheating subclasses this class and stops the culler from looking at kernels still in
    the pool. A kernel leaves the pool when a page takes it; from then on, a kernel that has never
    had a websocket connection is culled only when it has also been idle for ``cull_idle_timeout``
    since the culler first saw it, instead of since its last message (which, for a kernel that
    waited in the pool, may be hours ago). Abandoned page loads are still culled, one timeout later.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ever_connected: set[str] = set()
        self._unclaimed_since: dict = {}

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._ever_connected.add(kernel_id)
        self._unclaimed_since.pop(kernel_id, None)

    def remove_kernel(self, kernel_id):
        self._ever_connected.discard(kernel_id)
        self._unclaimed_since.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id not in self._ever_connected and kernel_id in self._kernels:
            first_seen = self._unclaimed_since.setdefault(kernel_id, utcnow())
            if utcnow() - first_seen <= timedelta(seconds=self.cull_idle_timeout):
                return None
        return await super().cull_kernel_if_idle(kernel_id)


c.VoilaConfiguration.template = "runmuscles"
c.VoilaConfiguration.show_tracebacks = False
# The notebook list of `voila notebooks/`: the server-rendered page. Voilà 0.5's default JupyterLab-based
# list boots the widget extensions without a kernel and logs errors in the browser console.
c.VoilaConfiguration.classic_tree = True
c.VoilaConfiguration.preheat_kernel = True
c.VoilaConfiguration.default_pool_size = 1
c.VoilaConfiguration.multi_kernel_manager_class = HandOffSafeKernelManager
# Voilà matches the deny list against absolute paths: deny every notebook except the one above.
c.VoilaKernelManager.preheat_denylist = [rf"^(?!(.*[\\/])?{PREHEATED_IN_TREE_MODE}$)"]
# Seconds before the pool is refilled after a hand-off: leave the CPU to the page being loaded first.
c.VoilaKernelManager.fill_delay = 2.0

c.MappingKernelManager.cull_idle_timeout = 15 * 60
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
