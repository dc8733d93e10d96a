"""Serve the notebook suite as Voilà dashboards: the configuration and resource limits behind ``runmuscles serve``.

``runmuscles serve [FOLDER] [Voilà options]`` (:mod:`runmuscles.server`) runs :class:`~runmuscles.server.SuiteVoila` (Voilà with the settings of
:func:`configure`) on the packaged suite, or on FOLDER (e.g. a copy made by ``runmuscles notebooks``).
Every Voilà option is accepted (``--port=9000``, ``--port 9000``, ``--Voila.ip=0.0.0.0``, ...); the
command prints the address that is really served once the server listens.

What the configuration does, and why:

* ``template = "runmuscles"`` (``runmuscles/share/voila/templates/runmuscles``): Voilà's "lab" template
  without its links to a public CDN (the dashboards work on a closed network), with the notebook list of
  the suite, a "the class is full" page (``503.html``) and a banner with a Reload button when the page
  loses its kernel or its server (``index.html.j2``).
* ``show_tracebacks = False``: a failing cell shows a short error, never a Python traceback.
* Kernels talk to the server over Unix sockets (``ipc``) where the platform has them, so that many kernels
  starting at once never race for TCP ports.
* Preheating: the explorer's notebook is executed in a spare kernel before anyone asks for it, so a page
  load only hands that kernel over. Only the explorer is kept warm in tree mode (``PREHEATED_IN_TREE_MODE``).
* A cap on kernels (:attr:`~runmuscles.server.HandOffSafeKernelManager.max_kernels`, default :func:`default_max_kernels`):
  the warm kernel counts; a page that would exceed the cap gets HTTP 503 with the "class is full" page.
* Each page's kernel is shut down when the page closes or reloads: Voilà's page sends a shutdown request
  on ``beforeunload`` that must carry the ``_xsrf`` cookie, which :class:`~runmuscles.server.SuitePageHandler` sets.
  Abandoned kernels are still culled after ``cull_idle_timeout``.
* Memory per kernel is bounded (``RLIMIT_AS``, :attr:`~runmuscles.server.HandOffSafeKernelManager.kernel_memory_limit`)
  where the platform has :mod:`resource` (Linux, macOS).
* Messages from the browser are checked before they reach a kernel
  (:class:`~runmuscles.server.GuardedKernelWebsocketConnection`): at most ``max_client_comms`` widget comms opened by the
  browser per kernel, a message rate limit, and a maximum websocket message size.
* Symbolic links under the served folder that lead outside it are not served, neither as notebooks
  (:class:`~runmuscles.server.SuiteContentsManager`) nor as the images a notebook shows (``voila/files/``,
  :class:`~runmuscles.server.SuiteFileHandler`).
* Voilà's page templates are compiled once per server, not once per page (:class:`~runmuscles.server.SuiteExporter`).

Examples
--------
>>> from traitlets.config import Config
>>> c = configure(Config(), max_kernels=12)
>>> c.VoilaConfiguration.template, c.HandOffSafeKernelManager.max_kernels
('runmuscles', 12)
>>> (suite_dir() / DEFAULT_NOTEBOOK).is_file()
True
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from traitlets.config import Config

__all__ = [
    "DEFAULT_KERNEL_MEMORY_LIMIT",
    "CLASS_ARRIVAL_TIME",
    "KERNEL_MEMORY_ESTIMATE",
    "KERNEL_START_CPU",
    "MAX_WEBSOCKET_MESSAGE",
    "DEFAULT_NOTEBOOK",
    "PREHEATED_IN_TREE_MODE",
    "configure",
    "default_max_kernels",
    "suite_dir",
    "template_root",
]

#: The dashboard a lecture starts with (kept warm; the address printed by ``runmuscles serve``).
DEFAULT_NOTEBOOK = "01-gait-cycle-explorer.ipynb"
#: The notebook kept warm in tree mode (a regular expression matched against paths under the suite).
PREHEATED_IN_TREE_MODE = r"01-gait-cycle-explorer\.ipynb"
#: Kernel memory assumed by :func:`default_max_kernels` [bytes] (a dashboard kernel uses 110-200 MB).
KERNEL_MEMORY_ESTIMATE = 250 * 2**20
#: CPU time one explorer kernel takes to start and run its notebook [s] (measured 0.46-0.52 s on Linux,
#: Python 3.11; an idle kernel then uses none).
KERNEL_START_CPU = 0.5
#: A whole class opening the explorer at once should be on within this time [s].
CLASS_ARRIVAL_TIME = 15.0
#: Default address-space limit of one kernel [bytes]. A dashboard kernel maps 1.0-1.3 GB of address space
#: (shared libraries, thread stacks) while it uses 110-200 MB of memory (measured on Linux, Python 3.11).
DEFAULT_KERNEL_MEMORY_LIMIT = 3 * 2**30
#: Largest websocket message the server accepts from a browser [bytes].
MAX_WEBSOCKET_MESSAGE = 2**20


def suite_dir() -> Path:
    """Folder of the packaged notebooks (``runmuscles.suite``; the repository's ``notebooks/``)."""
    return Path(str(files("runmuscles.suite")))


def template_root() -> Path:
    """Folder to put on ``JUPYTER_PATH`` so that Voilà finds the ``runmuscles`` template."""
    return Path(str(files("runmuscles"))) / "share"


def _memory_bytes() -> int | None:
    """Memory available to this process [bytes]: the cgroup limit if there is one, else physical memory."""
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit():
            cgroup = int(limit)
        else:
            cgroup = None
    except OSError:
        cgroup = None
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        physical = None
    known = [m for m in (cgroup, physical) if m]
    return min(known) if known else None


def default_max_kernels(memory: int | None = None, cores: int | None = None) -> int:
    """Kernels a machine can run at once: half its memory at :data:`KERNEL_MEMORY_ESTIMATE` per kernel, and
    no more than its cores can start within :data:`CLASS_ARRIVAL_TIME` at :data:`KERNEL_START_CPU` each
    (30 per core); at least 2.

    Idle kernels cost memory, not CPU (the explorer plays in the browser): CPU limits only how many can
    start in the time a class will wait.

    Parameters
    ----------
    memory : int, optional
        Memory of the machine [bytes] (default: the cgroup limit or the physical memory).
    cores : int, optional
        CPU cores (default: :func:`os.cpu_count`).

    Examples
    --------
    >>> default_max_kernels(memory=24 * 2**30, cores=2)  # 24 GB, 2 cores: memory bound
    49
    >>> default_max_kernels(memory=64 * 2**30, cores=1)  # 1 core: CPU bound
    30
    >>> default_max_kernels(memory=2 * 2**30, cores=8)   # a small VM: memory bound
    4
    """
    memory = _memory_bytes() if memory is None else memory
    cores = (os.cpu_count() or 1) if cores is None else cores
    by_cpu = int(cores * CLASS_ARRIVAL_TIME / KERNEL_START_CPU)
    by_memory = int(memory // 2 // KERNEL_MEMORY_ESTIMATE) if memory else by_cpu
    return max(2, min(by_cpu, by_memory))


# ----------------------------------------------------------------------------------------------------
# Configuration and application


def configure(
    c: Config, *, max_kernels: int | None = None, kernel_memory_limit: int | None = None
) -> Config:
    """Apply the suite's Voilà settings to the traitlets config ``c`` and return it.

    Also puts :func:`template_root` on ``JUPYTER_PATH`` (in ``os.environ``), where Voilà looks up
    templates. Settings given on the command line override these.

    Parameters
    ----------
    c : traitlets.config.Config
        The configuration to update (e.g. ``get_config()`` in a ``voila.py``).
    max_kernels : int, optional
        Cap on kernels (default: :func:`default_max_kernels`); 0 for no cap.
    kernel_memory_limit : int, optional
        Address-space limit per kernel [bytes] (default :data:`DEFAULT_KERNEL_MEMORY_LIMIT`); 0 for none.
    """
    share = str(template_root())
    jupyter_path = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if share not in jupyter_path:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([share, *jupyter_path])

    c.VoilaConfiguration.template = "runmuscles"
    c.VoilaConfiguration.show_tracebacks = False
    # The server-rendered notebook list: Voilà 0.5's JupyterLab-based list boots the widget extensions
    # without a kernel and logs errors in the browser console.
    c.VoilaConfiguration.classic_tree = True
    c.VoilaConfiguration.preheat_kernel = True
    c.VoilaConfiguration.default_pool_size = 1
    c.VoilaConfiguration.multi_kernel_manager_class = "runmuscles.server.HandOffSafeKernelManager"
    # Voilà matches the deny list against absolute paths: deny every notebook except the explorer.
    c.VoilaKernelManager.preheat_denylist = [rf"^(?!(.*[\\/])?{PREHEATED_IN_TREE_MODE}$)"]
    # Seconds before the pool is refilled after a hand-off: leave the CPU to the page being loaded first.
    c.VoilaKernelManager.fill_delay = 2.0
    c.MappingKernelManager.cull_idle_timeout = 15 * 60
    c.MappingKernelManager.cull_interval = 60
    c.MappingKernelManager.cull_connected = False
    if max_kernels is not None:
        c.HandOffSafeKernelManager.max_kernels = int(max_kernels)
    if kernel_memory_limit is not None:
        c.HandOffSafeKernelManager.kernel_memory_limit = int(kernel_memory_limit)
    c.Voila.kernel_websocket_connection_class = "runmuscles.server.GuardedKernelWebsocketConnection"
    c.Voila.tornado_settings = {"websocket_max_message_size": MAX_WEBSOCKET_MESSAGE}
    if os.name == "posix":
        # Kernels on Unix sockets named after each kernel, not on TCP ports the server picks and the kernel
        # binds later: with a class starting kernels at once, another connection could take such a port in
        # between ("Address already in use") and the kernel would fail to start.
        c.KernelManager.transport = "ipc"
    return c
