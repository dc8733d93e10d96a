"""The body map as a widget of its own: one instant of one data set, a click selects a muscle.

The explorer draws the same map inside its stride view (so it scrubs with the runner); this widget
is the static map of the muscle atlas. Both use the drawing code in ``bodymap.js`` and the payload of
:func:`runmuscles.bodymap.map_payload`.

Examples
--------
>>> from runmuscles.apps.bodymap import BodyMapView
>>> view = BodyMapView.for_source("run", "rajagopal2016", percent=13, selected="gluteus_maximus")
>>> view.data["map"]["muscles"]["gluteus_maximus"]["style"]
'data'
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import anywidget
import numpy as np
import traitlets

from .. import activation, bodymap
from ..style import activation_lut

__all__ = ["BodyMapView", "body_map_data"]


@cache
def _asset(name: str) -> str:
    return (files("runmuscles") / "apps" / name).read_text(encoding="utf-8")


@cache
def _cached_data(gait_name: str, source: str) -> dict[str, Any]:
    table = activation.load_activation(gait_name, source)
    return {
        "map": bodymap.map_payload(gait_name, source),
        "act": {m: [round(float(v), 3) for v in table[m]] for m in table.columns},
        "lut": activation_lut(),
        "threshold": activation.DEFAULT_THRESHOLD,
    }


def body_map_data(gait_name: str = "run", source: str | None = None) -> dict[str, Any]:
    """What :class:`BodyMapView` draws: the map, the data set's activation and the colour table.

    Parameters
    ----------
    gait_name : {"run", "walk"}
        Gait.
    source : str, optional
        Data set id; default: the gait's default data set.

    Returns
    -------
    dict
        ``map`` (:func:`runmuscles.bodymap.map_payload`), ``act`` (muscle id -> 101 values, 0..1 of
        its own peak, for the data set's muscles), ``lut`` (101 colours) and ``threshold``.

    Examples
    --------
    >>> sorted(body_map_data("run"))
    ['act', 'lut', 'map', 'threshold']
    """
    return _cached_data(gait_name, activation.resolve_source(gait_name, source))


class BodyMapView(anywidget.AnyWidget):
    """Front and back body map at one instant (synced: ``data``, ``percent``, ``selected``, ``caption``).

    Clicking a muscle (or focusing it and pressing Enter) sets ``selected``; observe it to follow.
    """

    _esm = _asset("bodymap.js") + _asset("bodymap_view.js")
    _css = _asset("bodymap.css")
    data = traitlets.Dict().tag(sync=True)
    percent = traitlets.Int(0).tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    caption = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("percent")
    def _valid_percent(self, proposal):
        return int(np.clip(proposal["value"], 0, 100))

    @classmethod
    def for_source(
        cls, gait_name: str = "run", source: str | None = None, percent: int = 0, selected: str = "", **kwargs
    ) -> BodyMapView:
        """A view of one data set's map at ``percent`` with ``selected`` highlighted."""
        return cls(data=body_map_data(gait_name, source), percent=percent, selected=selected, **kwargs)
