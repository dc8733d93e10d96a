"""Widget apps behind the dashboards; each is a class composing plain ipywidgets.

Apps are imported on first use, so a dashboard's kernel loads only the app it shows
(the explorer's kernel stays free of the plotly figure machinery the other apps need).
"""

from __future__ import annotations

import importlib

_APPS = {
    "GaitExplorer": "explorer",
    "StrideView": "explorer",
    "explorer_payload": "explorer",
    "MuscleAtlas": "atlas",
    "BodyMapView": "bodymap",
    "StrengthExplorer": "strength",
    "WalkRunComparison": "walkrun",
    "ClaimsBrowser": "claims",
    "EmgLab": "lab",
    "Quiz": "quiz",
    "RecordingUpload": "recording",
}

__all__ = list(_APPS)


def __getattr__(name: str):
    if name not in _APPS:
        raise AttributeError(f"module 'runmuscles.apps' has no attribute {name!r}; apps are: {', '.join(_APPS)}")
    return getattr(importlib.import_module(f".{_APPS[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
