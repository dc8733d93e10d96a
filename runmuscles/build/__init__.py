"""Build step: rebuild every table shipped in ``runmuscles/data`` from the raw files in ``data/raw``.

Run from the repository root::

    python -m runmuscles.build            # rewrite the shipped tables
    python -m runmuscles.build --check    # rebuild into a temporary folder and compare byte for byte

Every module here that defines ``SOURCE`` is a shipped data set (see :mod:`runmuscles.build.common`
for what it provides); :mod:`~runmuscles.build.body` builds the runner's geometry and kinematics and
:mod:`~runmuscles.build.lab` the EMG lab's recording, and :mod:`~runmuscles.build.explorer` the gait-cycle
explorer's payloads. Adding a data set is one module here and a
rebuild. Nothing at run time imports this package.
"""

from __future__ import annotations

from .tables import TABLE_DECIMALS, build, compare, main, shipped_modules

#: The shipped data sets' build modules, in alphabetical order of their module names.
SHIPPED = shipped_modules()

__all__ = ["SHIPPED", "TABLE_DECIMALS", "build", "compare", "main", "shipped_modules"]
