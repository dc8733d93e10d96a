"""Voilà's settings for the students' servers: the suite's own configuration (runmuscles.serving.configure).

Jupyter reads this file from the students' config path (the local hub puts this folder on
``JUPYTER_CONFIG_PATH``; the Kubernetes image copies it to ``/usr/local/etc/jupyter``). It gives the hub's
dashboards what ``runmuscles serve`` gives a single server: the offline ``runmuscles`` template (shipped in
the package), no tracebacks, the warm explorer kernel and the kernel cap and limits.
"""

from runmuscles.serving import configure

configure(get_config())  # noqa: F821 -- provided by traitlets when it executes this file
