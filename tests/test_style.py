"""The activation colour table: colour-blind-safe scale that also reads in grayscale."""

from __future__ import annotations

from runmuscles.style import activation_lut


def luminance(hex_colour: str) -> float:
    """Relative luminance (sRGB, ITU-R BT.709 weights) of ``#rrggbb``."""
    r, g, b = (int(hex_colour[k : k + 2], 16) / 255 for k in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_one_colour_per_percent():
    lut = activation_lut()
    assert len(lut) == 101
    assert all(len(c) == 7 and c.startswith("#") for c in lut)


def test_lightness_rises_monotonically_so_grayscale_keeps_the_order():
    lum = [luminance(c) for c in activation_lut()]
    assert all(b > a for a, b in zip(lum, lum[1:]))
    assert lum[-1] / lum[0] > 10  # ends far apart: inactive and peak are distinguishable in grayscale
