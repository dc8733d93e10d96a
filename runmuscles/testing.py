"""Helpers for driving the dashboards in a real browser, shared by the test suite and the benchmark.

Nothing here is imported by the package itself; Playwright is needed only by the callers.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = [
    "CHROMIUM_ARGS",
    "SYSTEM_CHROMIUM_NAMES",
    "ServerCommand",
    "StaticServer",
    "HubServer",
    "VoilaServer",
    "chromium_args",
    "find_chromium",
    "flood",
    "free_port",
    "runmuscles_command",
]

#: Chromium flags that keep it quiet and fast on a closed network (``--no-sandbox`` is added as root).
CHROMIUM_ARGS = [
    "--headless=new",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SYSTEM_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium(playwright=None) -> str:
    """Path of a Chromium to drive: ``$RUNMUSCLES_CHROMIUM``, Playwright's own browser, or one on PATH.

    Raises ``FileNotFoundError`` with installation hints when none is found.
    """
    env = os.environ.get("RUNMUSCLES_CHROMIUM")
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return env
        raise FileNotFoundError(f"RUNMUSCLES_CHROMIUM={env!r} is not an executable file")
    if playwright is not None:
        own = playwright.chromium.executable_path  # where Playwright installs its browser
        if own and Path(own).is_file():
            return own
    for name in SYSTEM_CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError(
        "No Chromium found for the browser tests. Install one of: Playwright's browser "
        "(`python -m playwright install chromium`), Debian/Ubuntu's `apt-get install chromium`, "
        "or Google Chrome; or point RUNMUSCLES_CHROMIUM at an executable."
    )


def chromium_args() -> list[str]:
    """Launch flags; ``--no-sandbox`` only when running as root (Chromium refuses to start otherwise)."""
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def free_port() -> int:
    """A TCP port that is free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def runmuscles_command() -> str:
    """The ``runmuscles`` script of this Python (its ``serve`` sub-command runs Voilà with the suite's
    configuration)."""
    found = shutil.which("runmuscles", path=str(Path(sys.executable).parent)) or shutil.which("runmuscles")
    if not found:
        raise FileNotFoundError("the `runmuscles` command is not installed (pip install -e .)")
    return found


class ServerCommand:
    """A server started by a command line (``./run.sh``, ``runmuscles serve``, ``jupyterhub``) in its own
    process group, its output going to a log file (a pipe that nobody reads would fill up and block the server).

    ``start(pattern)`` waits until a line of the output matches the regular expression ``pattern`` and
    returns the match; ``stop()`` ends the process group (SIGTERM, then SIGKILL).
    """

    #: Seconds :meth:`stop` waits after SIGTERM before SIGKILL.
    stop_wait = 30.0

    def __init__(self, cmd: list, cwd: Path, env: dict | None = None, log_path: Path | None = None):
        self.cmd = [str(c) for c in cmd]
        self.cwd = Path(cwd)
        self.env = env
        if log_path is None:
            log_path = Path(tempfile.mkdtemp(prefix="runmuscles-server-")) / "server.log"
        self.log_path = Path(log_path)
        self.process: subprocess.Popen | None = None

    def _launch(self) -> None:
        self._log_file = open(self.log_path, "wb")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            self.cmd, cwd=self.cwd, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _await(self, ready, timeout: float, failure: str, interval: float = 0.2):
        """Poll ``ready()`` until it returns something true (returned); stop and raise if the process
        exits first or ``timeout`` [s] passes (the message says ``failure`` and shows the log)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = ready()
            if found:
                return found
            if self.process.poll() is not None:
                output = self.log()
                self.stop()
                raise RuntimeError(f"{' '.join(self.cmd[:2])} exited with {self.process.returncode} ({failure}):\n{output}")
            time.sleep(interval)
        output = self.log()
        self.stop()
        raise RuntimeError(f"{' '.join(self.cmd[:2])}: {failure} within {timeout} s:\n{output}")

    def start(self, pattern: str, timeout: float = 180):
        import re

        self._launch()
        return self._await(lambda: re.search(pattern, self.log()), timeout, f"printed nothing matching {pattern!r}")

    def log(self) -> str:
        """Everything the server (and what it started) has printed so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=self.stop_wait)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass
        finally:
            self._log_file.close()


def _answers(url: str) -> bool:
    """Whether ``url`` answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class VoilaServer(ServerCommand):
    """``runmuscles serve`` (Voilà with the suite's configuration) in its own process group, on a free
    loopback port.

    ``target`` is a folder (tree mode) or a notebook; ``cwd`` is where the server starts; ``extra_args``
    (Voilà or ``runmuscles serve`` options) are appended to the command line.
    """

    def __init__(
        self, target: Path, cwd: Path, extra_args: list[str] | None = None, log_path: Path | None = None
    ):
        self.target = Path(target)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        if log_path is None:
            log_path = Path(tempfile.mkdtemp(prefix="runmuscles-voila-")) / "voila.log"
        cmd = [
            runmuscles_command(),
            "serve",
            str(self.target),
            "--no-browser",
            f"--port={self.port}",
            "--Voila.ip=127.0.0.1",
            *(extra_args or []),
        ]
        super().__init__(cmd, cwd, None, log_path)

    stop_wait = 15.0  # Voilà shuts its kernels down on SIGTERM

    def start(self, timeout: float = 60) -> VoilaServer:
        self._launch()
        # a static file: fetching the page itself would take (and use up) a preheated kernel
        self._await(lambda: _answers(f"{self.url}voila/static/voila.js"), timeout, f"no answer on {self.url}")
        return self

    def render_url(self, notebook: str) -> str:
        """URL of a notebook's dashboard (tree mode: a path relative to the served folder)."""
        if self.target.is_file():
            return self.url
        return f"{self.url}voila/render/{notebook}"

    def kernel_exists(self, kernel_id: str) -> bool:
        """Whether the server still runs the kernel ``kernel_id``."""
        try:
            with urllib.request.urlopen(f"{self.url}api/kernels/{kernel_id}", timeout=5) as response:
                return response.status == 200
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return False
            raise

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 60) -> None:
        """Wait until ``text`` appears ``count`` times in the log."""
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} not logged {count}x within {timeout} s:\n{self.log()}")
            time.sleep(0.2)

    def kernel_processes(self) -> list:
        """The kernel processes this server runs (needs psutil)."""
        import psutil

        if self.process is None or self.process.poll() is not None:
            return []
        return [
            p
            for p in psutil.Process(self.process.pid).children(recursive=True)
            if "ipykernel" in " ".join(p.cmdline())
        ]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 -- the base class's signature
        pass


class StaticServer:
    """A plain static file server (like ``python -m http.server``) for a folder, on a free loopback port.

    Runs in a thread of this process; use it as a context manager or call :meth:`start` and :meth:`stop`.
    ``url`` ends with ``/``.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        handler = functools.partial(_QuietHandler, directory=str(self.directory))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> StaticServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
class HubServer(ServerCommand):
    """The classroom hub (``deploy/jupyterhub/jupyterhub_config.py``) on free loopback ports.

    ``repo`` is the checkout holding ``deploy/`` and the suite. Its state (database, cookie secret,
    students' folders) goes to ``state_dir`` (a new temporary folder by default). ``settings`` overrides
    entries of ``deploy/classroom.toml`` (``{"culling": {"server_timeout_s": 30}}``); the merged file is
    written to the state folder. ``students`` are put on the class list (each sets a password at first
    login); ``extra_args`` are appended to the ``jupyterhub`` command line.
    """

    def __init__(
        self,
        repo: Path,
        students: tuple[str, ...] = (),
        settings: dict | None = None,
        extra_args: list[str] | None = None,
        state_dir: Path | None = None,
    ):
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib

        self.repo = Path(repo)
        self.state = Path(state_dir or tempfile.mkdtemp(prefix="runmuscles-hub-"))
        self.state.mkdir(parents=True, exist_ok=True)
        merged = tomllib.loads((self.repo / "deploy" / "classroom.toml").read_text(encoding="utf-8"))
        for section, values in (settings or {}).items():
            merged.setdefault(section, {}).update(values)
        self.settings = merged
        self.settings_path = self.state / "classroom.toml"
        self.settings_path.write_text(_toml(merged), encoding="utf-8")
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.state / "jupyterhub.log"
        hub = shutil.which("jupyterhub", path=str(Path(sys.executable).parent)) or shutil.which("jupyterhub")
        if not hub:
            raise FileNotFoundError("the `jupyterhub` command is not installed (pip install -e '.[hub]')")
        self.cmd = [
            hub,
            "-f",
            str(self.repo / "deploy" / "jupyterhub" / "jupyterhub_config.py"),
            f"--JupyterHub.bind_url={self.url}",
            f"--JupyterHub.hub_port={self.hub_port}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{self.api_port}",
            *(f"--Authenticator.allowed_users={name}" for name in students),
            *(extra_args or []),
        ]
        env = {
            **os.environ,
            "RUNMUSCLES_CLASSROOM": str(self.settings_path),
            "RUNMUSCLES_SUITE": str(self.repo),
            "RUNMUSCLES_HUB_STATE": str(self.state),
        }
        super().__init__(self.cmd, self.state, env, self.log_path)

    def start(self, timeout: float = 90) -> HubServer:
        self._launch()
        # through the proxy, so both are up
        self._await(lambda: _answers(f"{self.url}/hub/api"), timeout, f"no answer on {self.url}", interval=0.3)
        return self

    def processes(self) -> list:
        """The hub's descendants (proxy, culler, students' servers and their kernels) as psutil processes."""
        import psutil

        if self.process is None:
            return []
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def student_servers(self) -> dict[str, object]:
        """Running single-user servers by student name (psutil processes)."""
        import psutil

        out = {}
        for proc in self.processes():
            try:
                if any("jupyterhub-singleuser" in part for part in proc.cmdline()):
                    out[proc.environ().get("JUPYTERHUB_USER", "?")] = proc
            except psutil.NoSuchProcess:
                pass
        return out

    def stop(self) -> None:
        """SIGTERM the hub (it stops the servers it spawned), then SIGKILL whatever it left."""
        if self.process is None or self.process.poll() is not None:
            return
        left = self.processes()
        try:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        finally:
            for proc in left:
                try:
                    proc.kill()
                except Exception:  # noqa: BLE001 -- already gone
                    pass
            self._log_file.close()


def _toml(data: dict) -> str:
    """Tables of scalars as TOML (enough for ``deploy/classroom.toml``)."""
    lines = []
    for section, values in data.items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, int | float):
                text = repr(value)
            else:
                text = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
            lines.append(f"{key} = {text}")
        lines.append("")
    return "\n".join(lines)


def flood(url: str, loads: int, timeout: float = 300) -> dict[int, int]:
    """Request ``url`` ``loads`` times at once (one thread each, reading each page to its end, as a page
    load does) and return how many answers had each HTTP status (0: no answer)."""
    from concurrent.futures import ThreadPoolExecutor

    def load(_):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            error.read()
            return error.code
        except (urllib.error.URLError, OSError):
            return 0

    with ThreadPoolExecutor(max_workers=loads) as pool:
        statuses = list(pool.map(load, range(loads)))
    return {status: statuses.count(status) for status in sorted(set(statuses))}
