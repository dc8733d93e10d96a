"""Accessible names for the dashboards' ipywidgets sliders.

ipywidgets 8 draws a slider's ``description`` as a ``<label>`` beside the slider, but the slider's handle (the
element a keyboard focuses, ``role="slider"``) gets no accessible name, so a screen reader announces an
unnamed slider (axe-core: ``aria-input-field-name``, WCAG 2.1 4.1.2). :class:`SliderNames` is an invisible
widget that a dashboard adds once: in the page it names every slider handle of its dashboard after the
slider's ``tooltip`` (or, without one, its ``description``), and keeps them named when views are redrawn.
"""

from __future__ import annotations

from importlib.resources import files

import anywidget

__all__ = ["SliderNames"]


class SliderNames(anywidget.AnyWidget):
    """Invisible: names the slider handles of the dashboard it is part of (see the module docstring).

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> box = widgets.VBox([widgets.FloatSlider(description="Low-pass [Hz]"), SliderNames()])
    >>> box.children[-1].layout.display
    'none'
    """

    _esm = (files("runmuscles") / "apps" / "a11y.js").read_text(encoding="utf-8")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.layout.display = "none"
