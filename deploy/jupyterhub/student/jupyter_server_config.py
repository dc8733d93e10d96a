"""Jupyter server configuration of each student's server (on its Jupyter config path).

The hub puts this folder on ``JUPYTER_CONFIG_PATH`` of every student's server; the Kubernetes image
copies this file to ``/etc/jupyter/``. Values that come from ``deploy/classroom.toml`` (culling) are
passed on the command line by the hub instead.
"""

import os

c = get_config()  # noqa: F821 -- provided by traitlets when it executes this file

# Voilà's page loads MathJax from a public CDN unless both settings are null, as standalone Voilà
# sets them; its server extension leaves them unset. The dashboards need no MathJax, and no request
# may leave the server.
c.ServerApp.tornado_settings = {"mathjax_url": None, "mathjax_config": None}
# No shell for students: the dashboards and JupyterLab only.
c.ServerApp.terminals_enabled = False
# Kernels on Unix sockets, not on TCP ports picked at random: with a class starting servers and kernels at
# once, a kernel could take the port the hub had just picked for another student's server, which then never
# answered. The suite's kernel manager keeps the sockets' paths short (a socket beside the connection file in
# the student's home can be too long a name for a Unix socket).
if os.name == "posix":
    c.KernelManager.transport = "ipc"
    c.MappingKernelManager.kernel_manager_class = "runmuscles.server.LimitedKernelManager"
