"""JupyterHub configuration: the runmuscles suite for a class, on one machine.

Run it from anywhere (see ``deploy/jupyterhub/README.md``)::

    npm ci --prefix deploy/jupyterhub            # configurable-http-proxy, once
    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

What it sets up, and where each value comes from:

* **Settings** (entry page, per-student limits, culling times, the admin account) are read from
  ``deploy/classroom.toml``, or from the file named by ``$RUNMUSCLES_CLASSROOM``; the Kubernetes
  values in ``deploy/kubernetes/`` state the same ones (``tests/hub/test_deploy_agree.py``).
* **The suite** (``notebooks/``) is taken from ``$RUNMUSCLES_SUITE``, by default the checkout this file is
  in; Voilà's settings and the offline ``runmuscles`` template come with the installed package
  (``student/voila.py`` applies :func:`runmuscles.serving.configure`).
  Each student gets a private copy of the notebooks (``<state>/students/<name>/runmuscles``); files
  already there are kept.
* **State** (user database, cookie secret, students' folders) lives in ``$RUNMUSCLES_HUB_STATE``,
  by default ``deploy/jupyterhub/state/`` (git-ignored).
* **Accounts**: FirstUseAuthenticator. The class list is the hub's user list: the admin account
  (``[hub] admin``) adds the students' names on the admin page (``/hub/admin``) or they are given
  with ``--Authenticator.allowed_users``; each student chooses their password at their first login
  and needs it afterwards. ``--FirstUseAuthenticator.create_users=True`` lets anyone who can reach
  the hub make an account by logging in (a closed lab room).
* **Entry**: each student's server opens the explorer dashboard (Voilà's server extension at
  ``/user/<name>/voila/render/...``); JupyterLab stays available at ``/user/<name>/lab``.
* **Culling**: the ``jupyterhub-idle-culler`` service stops servers idle for ``server_timeout_s``;
  inside each server, kernels idle for ``kernel_timeout_s`` are shut down.
* **Limits**: ``mem_limit``/``cpu_limit`` are passed to each server (``MEM_LIMIT``/``CPU_LIMIT``).
  A local process has no container around it, so :class:`ClassroomSpawner` enforces the memory
  limit itself: when a student's processes together hold more than ``mem_limit`` resident, their
  largest process (a kernel) is killed, as the kernel's out-of-memory killer does in a container.
  It is checked every ``Spawner.poll_interval`` seconds (30 s), so a fast spike can pass between
  checks. The CPU limit only caps the numerical libraries' thread pools here; it is a hard quota
  on Kubernetes only.
* **Isolation**: JupyterHub's per-user OAuth keeps each student off every other student's server
  (``tests/hub/test_hub.py`` checks it in a browser). By default the students' servers run as the
  hub's own Unix account (``ClassroomSpawner.shared_account``): a student who runs code of their own
  in a kernel can read whatever that account can read. Where that matters, create a Unix account
  per student and pass ``--ClassroomSpawner.shared_account=False`` (the hub then needs root), or
  use the Kubernetes deployment, where every student has a container of their own.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Bool, Unicode

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

c = get_config()  # noqa: F821 -- provided by traitlets when it executes this file

HERE = Path(__file__).resolve().parent
SETTINGS_FILE = Path(os.environ.get("RUNMUSCLES_CLASSROOM", HERE.parent / "classroom.toml")).resolve()
SETTINGS = tomllib.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
SUITE = Path(os.environ.get("RUNMUSCLES_SUITE", HERE.parents[1])).resolve()
STATE = Path(os.environ.get("RUNMUSCLES_HUB_STATE", HERE / "state")).resolve()
STUDENT, CULLING = SETTINGS["student"], SETTINGS["culling"]

if not (SUITE / "notebooks").is_dir():
    raise SystemExit(f"RUNMUSCLES_SUITE={SUITE} has no notebooks/: point it at a runmuscles checkout")
STATE.mkdir(parents=True, exist_ok=True)


def _tree_rss(pid: int) -> list[tuple[int, int]]:
    """(pid, resident bytes) of a process and all its descendants; empty if it is gone."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    out = []
    for proc in procs:
        try:
            out.append((proc.pid, proc.memory_info().rss))
        except psutil.NoSuchProcess:
            pass
    return out


class ClassroomSpawner(LocalProcessSpawner):
    """Local student servers: a private folder with the notebooks, and ``mem_limit`` enforced.

    With ``shared_account`` (the default) the servers run as the hub's Unix account, each in its
    own folder ``<state>/students/<name>`` that is also its ``HOME``; without it they run as the
    Unix account of the student's name, as :class:`LocalProcessSpawner` does.
    """

    shared_account = Bool(
        True, config=True, help="Run students' servers as the hub's Unix account (no per-student accounts)."
    )
    students_dir = Unicode(str(STATE / "students"), config=True, help="Parent of the students' folders.")

    def _home(self) -> Path:
        name = self.user.name
        if not name or name in {".", ".."} or "/" in name or "\0" in name:
            raise ValueError(f"unusable user name for a folder: {name!r}")
        return Path(self.students_dir) / name

    def make_preexec_fn(self, name):
        if not self.shared_account:
            return super().make_preexec_fn(name)
        home = str(self._home())
        return lambda: os.chdir(home)

    def user_env(self, env):
        if not self.shared_account:
            return super().user_env(env)
        env.update(USER=self.user.name, HOME=str(self._home()), SHELL="/bin/sh")
        return env

    async def move_certs(self, paths):
        return paths if self.shared_account else await super().move_certs(paths)

    def _copy_suite(self, home: Path) -> Path:
        """Copy the notebooks into the student's folder, keeping any file already there."""
        target = home / "runmuscles"
        target.mkdir(parents=True, exist_ok=True)
        for notebook in sorted((SUITE / "notebooks").glob("*.ipynb")):
            if not (target / notebook.name).exists():
                shutil.copy2(notebook, target / notebook.name)
        if not self.shared_account:
            for path in [home, target, *target.iterdir()]:
                shutil.chown(path, user=self.user.name)
        return target

    def get_args(self):
        args = super().get_args()
        if self.shared_account and hasattr(os, "geteuid") and os.geteuid() == 0:
            # A hub run as root with one shared account runs the students' servers as root too,
            # which Jupyter refuses without this flag: run the hub as an unprivileged user instead.
            self.log.warning("%s's server runs as root (shared account)", self.user.name)
            args.append("--ServerApp.allow_root=True")
        return args

    async def start(self):
        home = Path(self.user_env({}).get("HOME", "")) if not self.shared_account else self._home()
        self.notebook_dir = str(self._copy_suite(home))
        return await super().start()

    async def poll(self):
        status = await super().poll()
        if status is None and self.mem_limit and self.pid:
            self._enforce_mem_limit()
        return status

    def _enforce_mem_limit(self) -> None:
        """Kill the student's largest process when their processes together exceed ``mem_limit``."""
        procs = _tree_rss(self.pid)
        total = sum(rss for _, rss in procs)
        if total <= self.mem_limit:
            return
        children = [p for p in procs if p[0] != self.pid] or procs
        victim, rss = max(children, key=lambda p: p[1])
        self.log.warning(
            "%s uses %.0f MB > mem_limit %.0f MB: killing process %d (%.0f MB)",
            self.user.name, total / 2**20, self.mem_limit / 2**20, victim, rss / 2**20,
        )
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _seconds(key: str) -> int:
    return int(CULLING[key])


# --- hub, proxy, state -------------------------------------------------------------------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # behind a TLS-terminating proxy for a real class
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
_chp = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(_chp) if _chp.exists() else "configurable-http-proxy"]

# --- accounts ----------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.FirstUseAuthenticator.dbm_path = str(STATE / "passwords.dbm")
c.FirstUseAuthenticator.create_users = False  # only names on the class list
c.FirstUseAuthenticator.min_password_length = 8
c.Authenticator.admin_users = {SETTINGS["hub"]["admin"]}
c.Authenticator.allow_existing_users = True  # the users added on the admin page are the class

# --- students' servers -------------------------------------------------------------------------
c.JupyterHub.spawner_class = ClassroomSpawner
_singleuser = shutil.which("jupyterhub-singleuser", path=str(Path(sys.executable).parent))
c.Spawner.cmd = [_singleuser or "jupyterhub-singleuser"]
c.Spawner.default_url = STUDENT["entry_url"]
c.Spawner.mem_limit = STUDENT["mem_limit"]
c.Spawner.mem_guarantee = STUDENT["mem_guarantee"]
c.Spawner.cpu_limit = float(STUDENT["cpu_limit"])
c.Spawner.cpu_guarantee = float(STUDENT["cpu_guarantee"])
_threads = str(max(1, int(STUDENT["cpu_limit"])))
c.Spawner.environment = {
    # Voilà's server extension reads voila.py from the Jupyter config path: student/voila.py applies the
    # suite's own configuration (the offline "runmuscles" template, no tracebacks), and
    # student/jupyter_server_config.py keeps MathJax off the CDN and terminals off.
    "JUPYTER_CONFIG_PATH": str(HERE / "student"),
    "OMP_NUM_THREADS": _threads,
    "OPENBLAS_NUM_THREADS": _threads,
    "MKL_NUM_THREADS": _threads,
}
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={_seconds('kernel_timeout_s')}",
    f"--MappingKernelManager.cull_interval={_seconds('kernel_every_s')}",
    "--MappingKernelManager.cull_connected=False",
]
# A class logging in at once starts many servers on few cores: give them time.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.concurrent_spawn_limit = 100

# --- idle culling ------------------------------------------------------------------------------
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={_seconds('server_timeout_s')}",
            f"--cull-every={_seconds('server_every_s')}",
        ],
    }
]
