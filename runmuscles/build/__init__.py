"""Build step: rebuild every table shipped in ``runmuscles/data`` from the raw files in ``data/raw``.

Run from the repository root::

    python -m runmuscles.build            # rewrite the shipped tables
    python -m runmuscles.build --check    # rebuild into a temporary folder and compare byte for byte

One module per shipped data set (:data:`SHIPPED`; each has ``SOURCE`` and ``process``, see
:mod:`runmuscles.build.common`), plus :mod:`~runmuscles.build.body` (the runner's geometry and
kinematics) and :mod:`~runmuscles.build.lab` (the EMG lab's recording). Adding a data set is one
module here, listed in :data:`SHIPPED`, and a rebuild. Nothing at run time imports this package.
"""

from __future__ import annotations

from . import rajagopal2016, santuz2020_raw, santuz2020_synergies

#: The shipped data sets' build modules, in the order the product lists them.
SHIPPED = (rajagopal2016, santuz2020_raw, santuz2020_synergies)

from .tables import TABLE_DECIMALS, build, compare, main  # noqa: E402  (tables reads SHIPPED)

__all__ = ["SHIPPED", "TABLE_DECIMALS", "build", "compare", "main"]
