"""One plotly figure in a dashboard, drawn by the page's plotly renderer."""

from __future__ import annotations

import json

import ipywidgets as widgets
import plotly.graph_objects as go

__all__ = ["PlotView"]


class PlotView(widgets.Output):
    """A plot area showing one plotly figure, replaced as a whole by :meth:`show`.

    A figure identical to the one shown is not sent again; :attr:`sends` and :attr:`bytes_sent` count
    what was sent, so an app can be checked (and measured) for sending only what changed.

    The figure is sent as plotly's JSON mime bundle and drawn by the JupyterLab/Voilà plotly
    renderer, whose plotly.js is loaded once per page. (A ``FigureWidget`` instead ships its own
    ~5 MB script with every widget; on a busy machine its start-up can exceed the 2 s that
    anywidget allows, after which the view silently stops updating.)

    Attributes
    ----------
    figure : plotly.graph_objects.Figure or None
        The figure shown (for tests and for users who want to save it).
    sends : int
        How many figures were sent to the page.
    bytes_sent : int
        Their total size, as JSON in the kernel's messages [bytes].

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> view = PlotView(go.Figure(go.Scatter(y=[1, 3, 2])))
    >>> view.show(go.Figure(go.Scatter(y=[1, 3, 2])))  # the same figure: nothing is sent
    False
    >>> view.sends, view.bytes_sent > 0
    (1, True)
    """

    def __init__(self, figure: go.Figure | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.figure: go.Figure | None = None
        self.sends = 0
        self.bytes_sent = 0
        if figure is not None:
            self.show(figure)

    def show(self, figure: go.Figure) -> bool:
        """Replace the figure shown; return False (and send nothing) when it is the one shown."""
        text = figure.to_json()
        if self.figure is not None and text == getattr(self, "_shown_json", None):
            return False
        self.figure = figure
        self._shown_json = text
        bundle = json.loads(text)
        bundle["config"] = {"displaylogo": False}
        output = {
            "output_type": "display_data",
            "data": {
                "application/vnd.plotly.v1+json": bundle,
                "text/plain": str(figure.layout.title.text or "figure"),
            },
            "metadata": {},
        }
        self.outputs = (output,)
        self.sends += 1
        self.bytes_sent += len(json.dumps(output, ensure_ascii=False).encode())  # as the kernel's messages encode it
        return True
