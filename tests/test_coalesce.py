"""Coalescing of request bursts, on a real asyncio event loop (as in ipykernel) and without one."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets

from runmuscles.apps.coalesce import BUSY_TEXT, LatestOnly


def test_without_an_event_loop_each_request_runs_at_once():
    seen = []
    updates = LatestOnly(lambda: seen.append(len(seen)))
    for _ in range(3):
        updates.request()
    assert seen == [0, 1, 2] and updates.runs == 3 and not updates.pending


def test_a_burst_runs_once_with_the_latest_value_and_shows_busy_meanwhile():
    status, box = widgets.HTML(), widgets.VBox()
    state = {"value": None}
    runs = []

    async def main():
        updates = LatestOnly(lambda: runs.append(state["value"]), delay_s=0.05, status=status, busy=box)
        for k in range(200):
            state["value"] = k
            updates.request()
            if k % 20 == 0:
                await asyncio.sleep(0)  # the loop handles other messages between some of them
        assert BUSY_TEXT in status.value and "aria-busy" in status.value and "rm-busy" in box._dom_classes
        assert runs == []
        await updates.settled()
        return updates

    updates = asyncio.run(main())
    assert runs == [199]
    assert (updates.requests, updates.runs) == (200, 1)
    assert status.value == "" and "rm-busy" not in box._dom_classes


def test_requests_during_a_run_cause_exactly_one_more_run():
    runs = []

    async def main():
        updates = LatestOnly(lambda: None, delay_s=0.02)

        def work():
            runs.append(len(runs))
            if len(runs) == 1:
                for _ in range(50):  # changes that arrive while the first run computes
                    updates.request()

        updates.work = work
        updates.request()
        await updates.settled()
        return updates

    updates = asyncio.run(main())
    assert runs == [0, 1] and updates.runs == 2


def test_a_message_from_the_work_replaces_the_busy_text():
    status = widgets.HTML()
    updates = LatestOnly(lambda: setattr(updates, "status_message", "<b>bad settings</b>"), status=status)
    updates.request()
    assert status.value == "<b>bad settings</b>"
    updates.work = lambda: None
    updates.request()
    assert status.value == ""


def test_the_quiet_time_grows_while_a_burst_goes_on_and_resets_after_a_pause():
    async def main():
        updates = LatestOnly(lambda: None, delay_s=0.02, max_delay_s=0.08)
        delays = []
        for _ in range(4):  # each request comes right after the previous run
            updates.request()
            delays.append(updates._delay)
            await updates.settled()
        await asyncio.sleep(0.1)  # a pause longer than max_delay_s
        updates.request()
        delays.append(updates._delay)
        await updates.settled()
        return delays

    assert asyncio.run(main()) == [0.02, 0.04, 0.08, 0.08, 0.02]
