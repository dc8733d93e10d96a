"""The Kubernetes deployment agrees with the hub tested locally (tests/hub/test_hub.py).

Three files state the classroom's settings: ``deploy/classroom.toml`` (read by the local hub's
``deploy/jupyterhub/jupyterhub_config.py``), the Zero-to-JupyterHub values ``deploy/kubernetes/config.yaml``
and the single-user image ``deploy/kubernetes/Dockerfile``. No Docker daemon or Kubernetes cluster is
needed: the files are parsed, and the local hub configuration is loaded as JupyterHub loads it.
"""

from __future__ import annotations

import os
import re
import shlex
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from traitlets.config.loader import PyFileConfigLoader

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
#: Where Jupyter looks for configuration and data files in the image (``sys.prefix`` of python:*-slim).
IMAGE_PREFIX = "/usr/local"


@pytest.fixture(scope="module")
def settings() -> dict:
    """``deploy/classroom.toml``."""
    return tomllib.loads((DEPLOY / "classroom.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def values() -> dict:
    """The Helm values, ``deploy/kubernetes/config.yaml``."""
    return yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """The local hub's configuration, loaded by traitlets as ``jupyterhub -f`` loads it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("RUNMUSCLES_HUB_STATE", str(tmp_path_factory.mktemp("state")))
    mp.delenv("RUNMUSCLES_CLASSROOM", raising=False)
    mp.delenv("RUNMUSCLES_SUITE", raising=False)
    try:
        yield PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY / "jupyterhub")).load_config()
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continuation lines joined."""
    text = (DEPLOY / "kubernetes" / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, args = line.partition(" ")
            out.append((op.upper(), " ".join(args.split())))
    return out


def _env(dockerfile) -> dict[str, str]:
    env = {}
    for op, args in dockerfile:
        if op == "ENV":
            env.update(part.split("=", 1) for part in shlex.split(args))
    return env


def _copies(dockerfile) -> dict[str, str]:
    """Destination of each copied source (``COPY a b dest/`` gives a and b the folder dest/)."""
    out = {}
    for op, args in dockerfile:
        if op == "COPY":
            *sources, dest = [a for a in shlex.split(args) if not a.startswith("--")]
            for src in sources:
                out[src] = dest + Path(src).name if dest.endswith("/") and len(sources) > 1 else dest
    return out


def _culler_args(local) -> dict[str, str]:
    (culler,) = [s for s in local.JupyterHub.services if "jupyterhub_idle_culler" in s["command"]]
    return dict(a[2:].split("=", 1) for a in culler["command"] if a.startswith("--"))


def test_same_entry_page(settings, values, local):
    entry = settings["student"]["entry_url"]
    assert values["singleuser"]["defaultUrl"] == entry
    assert local.Spawner.default_url == entry
    notebook = entry.removeprefix("/voila/render/")
    assert (REPO / "notebooks" / notebook).is_file(), f"{entry} names no notebook in notebooks/"


def test_same_notebooks_folder(values, dockerfile):
    """The image holds the notebooks where the postStart hook copies them from, into notebookDir."""
    copies = _copies(dockerfile)
    source = copies["notebooks"].rstrip("/")
    hook = " ".join(values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"])
    notebook_dir = values["singleuser"]["notebookDir"]
    assert f"{source}/." in hook and notebook_dir in hook, hook


def test_same_server_culling(settings, values, local):
    culling = settings["culling"]
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] == culling["server_timeout_s"]
    assert values["cull"]["every"] == culling["server_every_s"]
    args = _culler_args(local)
    assert int(args["timeout"]) == culling["server_timeout_s"]
    assert int(args["cull-every"]) == culling["server_every_s"]


def test_same_kernel_culling(settings, values, local):
    culling = settings["culling"]
    k8s_args = values["hub"]["config"]["KubeSpawner"]["args"]
    assert k8s_args == list(local.Spawner.args)
    assert f"--MappingKernelManager.cull_idle_timeout={culling['kernel_timeout_s']}" in k8s_args
    assert f"--MappingKernelManager.cull_interval={culling['kernel_every_s']}" in k8s_args


def test_same_limits(settings, values, local):
    student = settings["student"]
    single = values["singleuser"]
    assert str(single["memory"]["limit"]) == student["mem_limit"] == local.Spawner.mem_limit
    assert str(single["memory"]["guarantee"]) == student["mem_guarantee"] == local.Spawner.mem_guarantee
    assert float(single["cpu"]["limit"]) == float(student["cpu_limit"]) == local.Spawner.cpu_limit
    assert float(single["cpu"]["guarantee"]) == float(student["cpu_guarantee"]) == local.Spawner.cpu_guarantee


def test_same_thread_pools(values, local, dockerfile):
    image_env = _env(dockerfile)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        assert image_env[name] == values["singleuser"]["extraEnv"][name] == local.Spawner.environment[name], name


def test_same_accounts(settings, values, local):
    hub = values["hub"]["config"]
    assert hub["JupyterHub"]["authenticator_class"] == local.JupyterHub.authenticator_class
    for key in ("create_users", "min_password_length"):
        assert hub["FirstUseAuthenticator"][key] == local.FirstUseAuthenticator[key], key
    assert set(hub["Authenticator"]["admin_users"]) == set(local.Authenticator.admin_users) == {settings["hub"]["admin"]}
    assert hub["Authenticator"]["allow_existing_users"] is local.Authenticator.allow_existing_users is True


def test_image_serves_with_the_same_voila_files(dockerfile, local):
    """voila.py and the students' server settings: what the local hub puts on its students' Jupyter
    config path, the image copies to its own; the offline template ships inside the package."""
    from runmuscles.serving import template_root

    copies = _copies(dockerfile)
    assert dockerfile[0][0] == "FROM" and dockerfile[0][1].startswith("python:"), dockerfile[0]
    student = "deploy/jupyterhub/student"
    assert copies[f"{student}/voila.py"] == f"{IMAGE_PREFIX}/etc/jupyter/voila.py"
    assert copies[f"{student}/jupyter_server_config.py"] == f"{IMAGE_PREFIX}/etc/jupyter/jupyter_server_config.py"
    assert "runmuscles.serving import configure" in (REPO / student / "voila.py").read_text(encoding="utf-8")
    assert (template_root() / "voila" / "templates" / "runmuscles" / "index.html.j2").is_file()
    config_path = local.Spawner.environment["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert [Path(p) for p in config_path] == [REPO / student]


def test_image_runs_the_tested_jupyterhub_major_version(dockerfile):
    (arg,) = [a for op, a in dockerfile if op == "ARG" and a.startswith("JUPYTERHUB_VERSION=")]
    pinned = arg.split("=", 1)[1]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), pinned
    assert pinned.split(".")[0] == version("jupyterhub").split(".")[0], (pinned, version("jupyterhub"))
    assert any(op == "CMD" and "jupyterhub-singleuser" in a for op, a in dockerfile)


def test_students_kernels_use_no_tcp_ports():
    """Many servers and kernels start at once: on Unix sockets, no kernel can take the port the hub picked for a
    student's server (it happened: that server never answered)."""
    config = PyFileConfigLoader("jupyter_server_config.py", path=str(DEPLOY / "jupyterhub" / "student")).load_config()
    if os.name != "posix":
        return
    assert config.KernelManager.transport == "ipc"
    from runmuscles.server import LimitedKernelManager

    manager = config.MappingKernelManager.kernel_manager_class
    assert manager == f"{LimitedKernelManager.__module__}.{LimitedKernelManager.__qualname__}"
    assert len(LimitedKernelManager(transport="ipc").ip) < 80  # a Unix socket's path: at most about 100 bytes
