"""Coalescing of bursts of requests in a widget app: only the latest pending request runs.

A student who drags a slider back and forth or clicks a button twenty times sends one widget
message per change. If each recomputed and redrew at once, a one-second computation would leave the
kernel busy for minutes, the page's connection could time out, and what the page shows could lag
behind, or contradict, its own controls. :class:`LatestOnly` collects the requests instead: each
one (re)starts a short quiet timer on the kernel's event loop, and the work runs once, with the
controls' values at that moment, when no new request has come for ``delay_s``. Messages that
arrive while the work runs wait in the kernel's queue; they are then handled in a few milliseconds
each (they only restart the timer), so a burst of any length costs one or two runs.

When requests keep coming right after a run (a long burst, or a page slowed down by drawing the
previous result), the quiet time doubles with each such run, up to ``max_delay_s``, so that the page
is not flooded with intermediate results while it is still busy; it returns to ``delay_s`` once the
requests pause for ``max_delay_s``.

ipykernel ≥ 6 (Voilà, JupyterLab) handles widget messages in coroutines on an :mod:`asyncio` loop,
so the timer is an ``asyncio`` ``call_later``. Without a running loop (plain Python, tests, doctests)
every request runs at once, so code that sets a value and reads the result still works.

Examples
--------
>>> calls = []
>>> updates = LatestOnly(lambda: calls.append("run"))
>>> updates.request(); updates.request()   # no event loop here: each request runs at once
>>> calls, updates.runs, updates.requests
(['run', 'run'], 2, 2)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import ipywidgets as widgets

__all__ = ["BUSY_TEXT", "LatestOnly"]

#: What the status line says while a change is pending or being computed.
BUSY_TEXT = "updating…"


class LatestOnly:
    """Run ``work`` once for a burst of requests, after a short quiet time, and show that it is busy.

    Parameters
    ----------
    work : callable
        Called without arguments; reads the current control values itself.
    delay_s : float
        Quiet time after the last request before ``work`` runs [s]: long enough for the rest of a
        double click or a key held down to arrive, short enough that one click answers at once.
    max_delay_s : float
        Longest quiet time during a sustained burst [s].
    status : ipywidgets.HTML, optional
        Shows :data:`BUSY_TEXT` (``role="status"``, ``aria-busy``) from the first request until the
        work has run; ``work`` may then write its own message there.
    busy : ipywidgets.DOMWidget, optional
        Gets the CSS class ``rm-busy`` while busy (the dashboards dim their plots with it).

    Attributes
    ----------
    requests, runs : int
        How many requests came and how many times ``work`` ran.
    last_run_s : float
        Duration of the last run [s].
    """

    def __init__(
        self,
        work: Callable[[], None],
        delay_s: float = 0.05,
        max_delay_s: float = 2.0,
        status: widgets.HTML | None = None,
        busy: widgets.DOMWidget | None = None,
    ) -> None:
        self.work = work
        self.delay_s = delay_s
        self.max_delay_s = max(max_delay_s, delay_s)
        self._delay = delay_s
        self._last_end = -float("inf")
        self.status = status
        self.busy_widget = busy
        self.requests = 0
        self.runs = 0
        self.last_run_s = 0.0
        self.status_message = ""  # HTML for the status line after a run; set it inside ``work`` (escaped)
        self._handle: asyncio.TimerHandle | None = None
        self._running = False

    @property
    def pending(self) -> bool:
        """True while a request waits to run or the work is running."""
        return self._handle is not None or self._running

    def request(self) -> None:
        """Ask for the work to run with the controls' current values."""
        self.requests += 1
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        self._show(True)
        if loop is None:
            self._run()
            return
        if self._handle is not None:
            self._handle.cancel()
        elif not self._running:  # the first request after a run: is the burst going on?
            since = time.perf_counter() - self._last_end
            self._delay = min(2 * self._delay, self.max_delay_s) if since < self.max_delay_s else self.delay_s
        self._handle = loop.call_later(self._delay, self._run)

    def _run(self) -> None:
        self._handle = None
        self._running = True
        self._show(True)  # the status may have been replaced by a message in the meantime
        start = time.perf_counter()
        try:
            self.runs += 1
            self.status_message = ""
            self.work()
        finally:
            self._running = False
            self._last_end = time.perf_counter()
            self.last_run_s = self._last_end - start
            if self._handle is None:  # nothing new came while working
                self._show(False)

    def _show(self, busy: bool) -> None:
        if self.status is not None:
            self.status.value = (
                f"<span role='status' aria-live='polite' aria-busy='true' class='rm-busy-text'>{BUSY_TEXT}</span>"
                if busy
                else self.status_message
            )
        if self.busy_widget is not None:
            (self.busy_widget.add_class if busy else self.busy_widget.remove_class)("rm-busy")

    async def settled(self, timeout_s: float = 60.0) -> None:
        """Wait until no request is pending (for tests and scripts running on the event loop)."""
        end = time.perf_counter() + timeout_s
        while self.pending:
            if time.perf_counter() > end:
                raise TimeoutError(f"still busy after {timeout_s} s")
            await asyncio.sleep(self.delay_s / 4)
