"""The activation colour scale shared by every view.

Kept apart from the plotly figure builders (:mod:`runmuscles.plots`) on purpose: it needs only
``plotly.colors``, so the explorer's kernel, which draws in the browser, never imports
``plotly.graph_objects``. Colours follow ``cividis``, a sequential scale designed to read the same for colour-blind
viewers and whose lightness rises monotonically, so it also reads in grayscale.
"""

from __future__ import annotations

from plotly.colors import sample_colorscale

__all__ = ["COLORSCALE", "activation_lut"]

#: The product's activation colour scale.
COLORSCALE = "cividis"


def _hex(rgb: str) -> str:
    parts = rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")
    return "#" + "".join(f"{round(float(p)):02x}" for p in parts[:3])


def activation_lut(n: int = 101, colorscale: str = COLORSCALE) -> list[str]:
    """Colour of each activation level from 0 to 1 in ``n`` steps, as ``#rrggbb``.

    Parameters
    ----------
    n : int
        Number of levels (101: one per whole percent of the muscle's own peak).
    colorscale : str
        A plotly sequential colour scale name.
    """
    return [_hex(c) for c in sample_colorscale(colorscale, [k / (n - 1) for k in range(n)])]
