"""Presentation constants shared by every view: the activation colour scale, gait and phase labels.

One home for how things look and are named on screen; plots, apps and the explorer's page take
them from here. Kept apart from the plotly figure builders (:mod:`runmuscles.plots`) on purpose: it
needs only ``plotly.colors``, and only to compute a colour table, so the explorer's kernel, which draws in the
browser, imports no plotly at all. Colours follow ``cividis``, a sequential scale designed to read the same for colour-blind
viewers and whose lightness rises monotonically, so it also reads in grayscale.
"""

from __future__ import annotations

__all__ = ["COLORSCALE", "GAIT_LABEL", "PHASE_LABELS", "activation_lut"]

#: The product's activation colour scale.
COLORSCALE = "cividis"

#: How each gait is named in titles and legends.
GAIT_LABEL = {"run": "Running", "walk": "Walking"}

#: Short labels of the phase bands on plots (two lines where a band is narrow); the phases' full
#: names and descriptions are in :data:`runmuscles.gait.PHASE_TEXT`.
PHASE_LABELS = {
    "loading_response": "loading",
    "mid_stance": "mid-<br>stance",
    "terminal_stance": "terminal<br>stance",
    "propulsion": "propulsion",
    "pre_swing": "pre-<br>swing",
    "initial_swing": "initial<br>swing",
    "mid_swing": "mid-swing",
    "terminal_swing": "terminal<br>swing",
}


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

    Examples
    --------
    >>> lut = activation_lut()
    >>> len(lut), lut[0], lut[-1]
    (101, '#00224e', '#fee838')
    """
    from plotly.colors import sample_colorscale

    return [_hex(c) for c in sample_colorscale(colorscale, [k / (n - 1) for k in range(n)])]
