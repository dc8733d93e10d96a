"""Widget apps behind the dashboards; each is a class composing plain ipywidgets."""

from .explorer import GaitExplorer, StrideView, explorer_payload

__all__ = ["GaitExplorer", "StrideView", "explorer_payload"]
