"""The Voilà server of the suite: kernels with a cap and a memory limit, guarded browser messages, the
served folder kept closed to symbolic links that lead out of it, and the dashboard page handler.

These classes are named in the configuration that :func:`runmuscles.serving.configure` builds, and
``runmuscles serve`` runs :class:`SuiteVoila`; see :mod:`runmuscles.serving` for what each one is for.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from functools import cache
from pathlib import Path

import jinja2
from jupyter_server._tz import utcnow
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, ServerKernelManager
from tornado import web
from tornado.log import app_log
from traitlets import Float, Integer, default
from traitlets.config import Config
from voila import notebook_renderer
from voila.app import Voila
from voila.exporter import VoilaExporter
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from .serving import DEFAULT_KERNEL_MEMORY_LIMIT, DEFAULT_NOTEBOOK, configure, default_max_kernels, suite_dir

__all__ = [
    "ACCEPTS_EXTRA_ARGS",
    "add_arguments",
    "run",
    "GuardedKernelWebsocketConnection",
    "HandOffSafeKernelManager",
    "LimitedKernelManager",
    "SuiteContentsManager",
    "SuiteExporter",
    "SuiteFileHandler",
    "SuitePageHandler",
    "SuiteVoila",
    "escapes_root",
    "socket_folder",
]


# ----------------------------------------------------------------------------------------------------
# Kernels


#: Run by the server's Python before the kernel: set the address-space limit, then become the kernel.
_LIMIT_AND_EXEC = (
    "import os, resource, sys; n = int(sys.argv[1]); "
    "resource.setrlimit(resource.RLIMIT_AS, (n, n)); os.execvp(sys.argv[2], sys.argv[2:])"
)


@cache
def socket_folder() -> str:
    """This server's folder for its kernels' Unix sockets (made on first use, removed at exit).

    Short on purpose: the path of a Unix socket is limited to about 100 bytes, which a socket next to the
    connection file (``~/.local/share/jupyter/runtime/kernel-<uuid>-ipc-1``) can exceed.
    """
    base = "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()
    folder = tempfile.mkdtemp(prefix="rm-", dir=base)
    atexit.register(shutil.rmtree, folder, True)
    return folder


class LimitedKernelManager(ServerKernelManager):
    """A kernel whose address space is limited to the multi-kernel manager's ``kernel_memory_limit``.

    The kernel command is prefixed with a small Python launcher that calls ``setrlimit(RLIMIT_AS)`` and
    ``exec``\\ s the kernel (same process id, so signals and shutdown work as before). A kernel that
    allocates beyond the limit gets ``MemoryError`` instead of taking the server's memory.

    With the ``ipc`` transport (:func:`runmuscles.serving.configure` on POSIX), the kernel's sockets are
    ``<socket_folder()>/<12 random hex digits>-<n>``.
    """

    def _ip_default(self) -> str:
        if self.transport == "ipc":
            return os.path.join(socket_folder(), uuid.uuid4().hex[:12])
        return super()._ip_default()

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        limit = int(getattr(self.parent, "kernel_memory_limit", 0) or 0)
        if limit <= 0:
            return cmd
        try:
            import resource  # noqa: F401 -- POSIX only
        except ImportError:
            return cmd
        return [sys.executable, "-S", "-c", _LIMIT_AND_EXEC, str(limit), *cmd]  # -S: no site packages needed


class HandOffSafeKernelManager(AsyncMappingKernelManager):
    """Kernels for the dashboards: a cap on their number, a memory limit each, culling that never takes a
    kernel before its page had a chance to connect.

    Cap: a kernel start beyond ``max_kernels`` (the warm kernel included) raises HTTP 503, which Voilà
    shows with the template's ``503.html`` ("the class is full"). When a kernel is removed, a warm pool
    that could not be refilled at the cap is refilled.

    Culling: Voilà's preheating subclasses this class and stops the culler from looking at kernels still
    in the pool. A kernel leaves the pool when a page takes it; from then on, a kernel that has never had a
    websocket connection is culled only when it has also been idle for ``cull_idle_timeout`` since the
    culler first saw it, instead of since its last message (which, for a kernel that waited in the pool,
    may be hours ago). Abandoned page loads are still culled, one timeout later.
    """

    max_kernels = Integer(
        help="Most kernels the server runs at once (warm ones included); 0: no cap. "
        "Default: default_max_kernels() for this machine."
    ).tag(config=True)
    kernel_memory_limit = Integer(
        DEFAULT_KERNEL_MEMORY_LIMIT,
        help="Address-space limit of each kernel [bytes] (RLIMIT_AS; POSIX only); 0: none.",
    ).tag(config=True)

    @default("max_kernels")
    def _default_max_kernels(self):
        return default_max_kernels()

    @default("kernel_manager_class")
    def _default_kernel_manager_class(self):
        return "runmuscles.server.LimitedKernelManager"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ever_connected: set[str] = set()
        self._unclaimed_since: dict = {}
        self._starting = 0
        self._closing = False
        #: Per kernel: browser-opened comms and the message bucket of GuardedKernelWebsocketConnection.
        self.client_guards: dict[str, dict] = {}

    # -- cap -------------------------------------------------------------------------------------------

    def kernel_count(self) -> int:
        """Kernels running or being started."""
        return len(self._kernels) + self._starting

    async def start_kernel(self, *args, **kwargs):
        if self.max_kernels and self.kernel_count() >= self.max_kernels:
            self.log.warning("Kernel cap reached (%d kernels): refusing a new one", self.max_kernels)
            raise web.HTTPError(
                503,
                "This server runs at most %d dashboards at once and all of them are in use.",
                self.max_kernels,
                reason="The class is full",
            )
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1

    async def shutdown_all(self, now=False):
        self._closing = True  # no pool refills while the server stops
        return await super().shutdown_all(now=now)

    def _refill_empty_pools(self) -> None:
        pools = getattr(self, "_pools", None)  # Voilà 0.5's preheating (VoilaKernelManager)
        if not pools or self._closing:
            return
        for name, pool in pools.items():
            for task in list(pool):  # a refill refused at the cap: drop it and start again
                if task.done() and task.exception() is not None:
                    pool.remove(task)
            if not pool:
                self.fill_if_needed(notebook_name=name)

    # -- culling and bookkeeping -----------------------------------------------------------------------

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._ever_connected.add(kernel_id)
        self._unclaimed_since.pop(kernel_id, None)

    def remove_kernel(self, kernel_id):
        self._ever_connected.discard(kernel_id)
        self._unclaimed_since.pop(kernel_id, None)
        self.client_guards.pop(kernel_id, None)
        removed = super().remove_kernel(kernel_id)
        self._refill_empty_pools()
        return removed

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id not in self._ever_connected and kernel_id in self._kernels:
            first_seen = self._unclaimed_since.setdefault(kernel_id, utcnow())
            if utcnow() - first_seen <= timedelta(seconds=self.cull_idle_timeout):
                return None
        return await super().cull_kernel_if_idle(kernel_id)


class GuardedKernelWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The websocket between a page and its kernel, with limits on what the browser may send.

    The checks run in the server, before a message reaches the kernel, so they hold whatever the
    notebook's code does and cost the kernel nothing: a browser may open at most ``max_client_comms``
    comms per kernel (the widget manager opens one or two; each comm the browser opens can make the kernel
    build a widget), and send at most ``messages_per_second`` messages per kernel on average, in bursts of
    up to ``message_burst``. Messages beyond are dropped and logged. The counts belong to the kernel, so
    reconnecting does not reset them.
    """

    max_client_comms = Integer(32, help="Comms a browser may open per kernel.").tag(config=True)
    messages_per_second = Float(100.0, help="Sustained browser messages per kernel [1/s].").tag(config=True)
    message_burst = Integer(1000, help="Browser messages per kernel in one burst.").tag(config=True)

    def _msg_type(self, ws_msg) -> str | None:
        try:
            if self.subprotocol == "v1.kernel.websocket.jupyter.org":
                _, msg_list = deserialize_msg_from_ws_v1(ws_msg)
                return self.session.unpack(msg_list[0]).get("msg_type")
            msg = json.loads(ws_msg) if isinstance(ws_msg, str | bytes) else {}
            return (msg.get("header") or {}).get("msg_type")
        except Exception:  # malformed: the parent class decides what to do with it
            return None

    def _guard(self) -> dict:
        manager = self.multi_kernel_manager
        guards = getattr(manager, "client_guards", None)
        if guards is None:  # another kernel manager: keep the state on the connection
            guards = self.__dict__.setdefault("_own_guards", {})
        return guards.setdefault(
            self.kernel_id, {"comms": 0, "tokens": float(self.message_burst), "at": time.monotonic(), "warned": 0.0}
        )

    def handle_incoming_message(self, incoming_msg) -> None:
        guard = self._guard()
        now = time.monotonic()
        guard["tokens"] = min(
            float(self.message_burst), guard["tokens"] + (now - guard["at"]) * self.messages_per_second
        )
        guard["at"] = now
        if guard["tokens"] < 1:
            if now - guard["warned"] > 5:
                guard["warned"] = now
                self.log.warning("Kernel %s: browser messages over the rate limit are dropped", self.kernel_id)
            return
        guard["tokens"] -= 1
        if self._msg_type(incoming_msg) == "comm_open":
            if guard["comms"] >= self.max_client_comms:
                if now - guard["warned"] > 5:
                    guard["warned"] = now
                    self.log.warning(
                        "Kernel %s: comm_open beyond %d browser comms dropped", self.kernel_id, self.max_client_comms
                    )
                return
            guard["comms"] += 1
        super().handle_incoming_message(incoming_msg)


# ----------------------------------------------------------------------------------------------------
# Files and pages


def escapes_root(root: str | os.PathLike, path: str) -> bool:
    """Whether the API path ``path`` under ``root`` resolves (following symbolic links) outside ``root``.

    Examples
    --------
    >>> escapes_root("/srv/suite", "01-explorer.ipynb"), escapes_root("/srv/suite", "../etc/passwd")
    (False, True)
    """
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, path.strip("/")))
    return os.path.commonpath([real_root, target]) != real_root


class SuiteContentsManager(LargeFileManager):
    """Files of the served folder only: a path whose real location (symbolic links followed) is outside
    ``root_dir`` does not exist for the server (404), and is left out of folder listings."""

    _listing = 0  # > 0 while a folder's entries are being read

    def get(self, path, content=True, type=None, format=None, **kwargs):
        if escapes_root(self.root_dir, path):
            if self._listing:  # an entry of a listing: a placeholder, filtered out below
                return {"name": "", "path": path, "type": "outside", "content": None}
            self.log.warning("Refusing %r: it leads outside the served folder", path)
            raise web.HTTPError(404, f"file or directory does not exist: {path!r}")
        self._listing += 1
        try:
            model = super().get(path, content=content, type=type, format=format, **kwargs)
        finally:
            self._listing -= 1
        if model.get("type") == "directory" and isinstance(model.get("content"), list):
            model["content"] = [m for m in model["content"] if not escapes_root(self.root_dir, m["path"])]
        return model


class SuiteFileHandler(AllowListFileHandler):
    """Voilà's ``voila/files/`` handler (the images a notebook shows), refusing files whose real location
    (symbolic links followed) is outside the served folder: 404, as if they did not exist."""

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        if escapes_root(root, os.path.relpath(absolute_path, root)):
            app_log.warning("Refusing %r: it leads outside the served folder", absolute_path)
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory for the life of the server.

    Jinja checks each template's source against the code it keeps (a checksum), so an edited template is
    compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class SuiteExporter(VoilaExporter):
    """Voilà's exporter, with the page templates compiled once per server instead of once per page.

    Voilà builds a new exporter, and so a new Jinja environment, for every page; compiling its templates
    again took about a quarter of the server's time while a class opened the explorer. The environments
    share one :class:`jinja2.BytecodeCache` instead. :class:`SuiteVoila` makes Voilà's notebook renderer use
    this class (``voila.notebook_renderer.VoilaExporter``, Voilà 0.5).
    """

    compiled_templates = _CompiledTemplates()

    def _create_environment(self) -> jinja2.Environment:
        environment = super()._create_environment()
        environment.bytecode_cache = self.compiled_templates
        return environment


class SuitePageHandler(TornadoVoilaHandler):
    """Voilà's dashboard page, which also sets the ``_xsrf`` cookie.

    The page asks the server to shut its kernel down when it closes or reloads (``navigator.sendBeacon``
    to ``voila/api/shutdown/<kernel>`` with the ``_xsrf`` cookie's value); without the cookie the
    request is refused (403) and the kernel lives on until it is culled.
    """

    async def get(self, path=None):
        self.xsrf_token  # noqa: B018 -- reading it sets the cookie
        return await super().get(path)




class SuiteVoila(Voila):
    """Voilà with :class:`SuiteContentsManager`, :class:`SuitePageHandler`, :class:`SuiteFileHandler`,
    :class:`SuiteExporter`, and a line on stdout
    giving the address really served (after the port is bound)."""

    def parse_command_line(self, argv=None):
        super().parse_command_line(argv)
        if not self.extra_args and not self.notebook_path and "root_dir" not in self.config.Voila:
            self.extra_args = [str(suite_dir())]  # no folder given: the packaged suite
        # an absolute path: Voilà's file checks refuse a relative root folder
        self.extra_args = [os.path.abspath(a) for a in self.extra_args]

    def init_settings(self):
        notebook_renderer.VoilaExporter = SuiteExporter  # every page's exporter (see SuiteExporter)
        settings = super().init_settings()
        self.contents_manager = SuiteContentsManager(parent=self, root_dir=self.root_dir)
        settings["contents_manager"] = self.contents_manager
        return settings

    def init_handlers(self):
        ours = {TornadoVoilaHandler: SuitePageHandler, AllowListFileHandler: SuiteFileHandler}
        return [(h[0], ours[h[1]], *h[2:]) if len(h) > 1 and h[1] in ours else h for h in super().init_handlers()]

    def start(self):
        import tornado.ioloop

        tornado.ioloop.IOLoop.current().add_callback(self._announce)
        super().start()

    def _announce(self):
        host = self.ip if self.ip not in ("", "0.0.0.0", "::") else "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        url = f"http://{host}:{self.port}{self.base_url}"
        token = getattr(getattr(self, "identity_provider", None), "token", "")
        query = f"?token={token}" if token else ""
        if self.notebook_path:
            print(f"runmuscles: serving {self.notebook_path} at {url}{query}", flush=True)
        else:
            print(f"runmuscles: serving {self.root_dir} at {url}{query}", flush=True)
            if Path(self.root_dir, DEFAULT_NOTEBOOK).is_file():
                print(f"runmuscles: start at {url}voila/render/{DEFAULT_NOTEBOOK}{query}", flush=True)
        if self.ip in ("", "0.0.0.0", "::"):
            print("runmuscles: listening on every network interface", flush=True)
        sys.stdout.flush()


# ----------------------------------------------------------------------------------------------------
# The `runmuscles serve` command

#: ``runmuscles serve`` passes the options it does not know to Voilà.
ACCEPTS_EXTRA_ARGS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``runmuscles serve`` (any other option is passed to Voilà)."""
    parser.add_argument(
        "--max-kernels", type=int, default=None,
        help=f"most dashboards served at once (default for this machine: {default_max_kernels()}; 0: no cap)",
    )
    parser.add_argument(
        "--kernel-memory", type=int, default=None, metavar="MB",
        help=f"address-space limit of each kernel in MB (default {DEFAULT_KERNEL_MEMORY_LIMIT // 2**20}; 0: none)",
    )
    parser.epilog = (
        "A folder or one notebook may follow (default: the packaged suite), and any Voilà option, e.g. "
        "--port=9000 or --port 9000, --Voila.ip=127.0.0.1, --token=SECRET. "
        "Default address: http://127.0.0.1:8866/."
    )


def run(args: argparse.Namespace) -> int:
    """Serve the suite until interrupted; return the exit code."""
    memory = None if args.kernel_memory is None else args.kernel_memory * 2**20
    config = configure(Config(), max_kernels=args.max_kernels, kernel_memory_limit=memory)
    config.Voila.ip = "127.0.0.1"
    config.Voila.open_browser = False
    argv = list(getattr(args, "extra_args", []))
    try:
        SuiteVoila.launch_instance(argv=argv, config=config)
    except ValueError as error:  # Voilà's message for a path that is neither a file nor a folder
        print(f"runmuscles serve: {error}", file=sys.stderr)
        return 2
    return 0
