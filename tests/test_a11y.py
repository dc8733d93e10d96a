"""Every dashboard with an ipywidgets slider carries the widget that names slider handles for screen readers."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from runmuscles.apps import GaitExplorer
from runmuscles.apps.a11y import SliderNames
from runmuscles.apps.atlas import MuscleAtlas
from runmuscles.apps.claims import ClaimsBrowser
from runmuscles.apps.lab import EmgLab
from runmuscles.apps.quiz import Quiz
from runmuscles.apps.strength import StrengthExplorer
from runmuscles.apps.walkrun import WalkRunComparison

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatRangeSlider, widgets.IntRangeSlider,
           widgets.SelectionSlider, widgets.SelectionRangeSlider, widgets.FloatLogSlider)


def _tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


@pytest.mark.parametrize("app", [GaitExplorer, MuscleAtlas, ClaimsBrowser, EmgLab, Quiz, StrengthExplorer,
                                 WalkRunComparison])
def test_apps_with_sliders_name_them(app):
    tree = list(_tree(app()))
    sliders = [w for w in tree if isinstance(w, SLIDERS)]
    namers = [w for w in tree if isinstance(w, SliderNames)]
    assert len(namers) == (1 if sliders else 0)
    for slider in sliders:  # the name the page gives each handle: the tooltip, else the description
        assert (slider.tooltip or slider.description).strip()


def test_slider_names_is_invisible_and_ships_its_script():
    namer = SliderNames()
    assert namer.layout.display == "none"
    assert "aria-label" in namer._esm and "noUi-handle" in namer._esm
