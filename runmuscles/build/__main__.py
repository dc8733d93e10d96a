"""``python -m runmuscles.build``: see :mod:`runmuscles.build`."""

import sys

from .tables import main

sys.exit(main())
