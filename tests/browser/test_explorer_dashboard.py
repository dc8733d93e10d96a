"""The gait-cycle explorer driven in a real Chromium: what a student and an instructor see."""

from __future__ import annotations

import math
import re

import pytest

import runmuscles
import runmuscles.style

pytestmark = pytest.mark.browser

NOTEBOOK = "01-gait-cycle-explorer.ipynb"
SLIDER = '[data-testid="rm-slider"]'
PERCENT = '[data-testid="rm-percent"]'
PHASE = '[data-testid="rm-phase"]'
ROOT = '[data-testid="rm-explorer"]'


def shown_percent(page) -> int:
    return int(re.match(r"(\d+) %", page.locator(PERCENT).inner_text()).group(1))


def soleus_points(page) -> str:
    return page.locator('polyline[data-muscle="soleus"][data-side="r"]').get_attribute("points")


@pytest.fixture
def explorer(dashboard):
    """The explorer's dashboard, loaded and checked clean, at the default 1280 x 900 viewport."""
    loaded = dashboard(NOTEBOOK)
    loaded.page.wait_for_selector(f"{SLIDER}", state="visible")
    yield loaded
    loaded.assert_clean()


def test_renders_clean_and_saves_a_screenshot(explorer):
    page = explorer.page
    assert page.locator(ROOT).count() == 1
    assert page.locator('[data-testid="rm-runner"] polyline.rm-data').count() >= 10
    assert "Running" in page.locator(ROOT).inner_text()
    assert explorer.screenshot().exists()


def test_keyboard_scrub_changes_phase_and_pose(explorer):
    page = explorer.page
    page.locator(SLIDER).focus()
    phases = runmuscles.load_phases("run")
    before_points, before_phase = soleus_points(page), page.locator(PHASE).inner_text()
    target = int(phases.loc["mid_swing", "start"]) + 5
    for _ in range(target):
        page.keyboard.press("ArrowRight")
    assert shown_percent(page) == target
    assert page.locator(PHASE).inner_text() == phases.loc["mid_swing", "name"] != before_phase
    assert soleus_points(page) != before_points


def test_colours_follow_the_measured_activation(explorer):
    page = explorer.page
    table = runmuscles.load_activation("run")
    lut = runmuscles.style.activation_lut()
    for key in ("3", "5"):  # jump buttons: toe-off, mid-swing
        page.locator(ROOT).press(key)
        p = shown_percent(page)
        for muscle in ("soleus", "tibialis_anterior", "biceps_femoris"):
            node = page.locator(f'polyline[data-muscle="{muscle}"][data-side="r"]')
            level = float(node.get_attribute("data-level"))
            assert level == pytest.approx(table.loc[p, muscle], abs=1e-3)
            assert node.get_attribute("stroke") == lut[math.floor(level * 100 + 0.5)]  # round half up, as JS


def test_active_list_matches_active_at(explorer):
    page = explorer.page
    page.locator(ROOT).press("2")  # mid-stance
    p = shown_percent(page)
    listed = page.locator('[data-testid="rm-active"] li[data-muscle]').evaluate_all(
        "rows => rows.map(r => r.dataset.muscle)"
    )
    expected = runmuscles.active_at(p, "run")
    assert set(listed) == set(expected.index)
    levels = [expected[m] for m in listed]  # strongest first (ties within the payload's 3 decimals)
    assert all(a >= b - 1e-3 for a, b in zip(levels, levels[1:]))


def test_play_advances(explorer):
    page = explorer.page
    start = shown_percent(page)
    page.locator('[data-testid="rm-play"]').click()
    page.wait_for_timeout(1200)
    # on a busy machine the first frames can come late: wait (up to 15 s) for the stride to move on
    page.wait_for_function(
        "([sel, start]) => parseInt(document.querySelector(sel).textContent) !== start",
        arg=[PERCENT, start], timeout=15_000,
    )
    page.locator('[data-testid="rm-play"]').click()
    assert shown_percent(page) != start


def test_walk_switch_moves_toe_off(explorer):
    page = explorer.page
    run_toe_off = float(page.locator(ROOT).get_attribute("data-toe-off"))
    page.get_by_role("button", name="Walk").click()
    page.wait_for_function(
        "sel => document.querySelector(sel).dataset.gait === 'walk'", arg=ROOT, timeout=20000
    )
    walk_toe_off = float(page.locator(ROOT).get_attribute("data-toe-off"))
    assert run_toe_off == pytest.approx(runmuscles.load_events("run").loc["toe_off", "percent"], abs=0.1)
    assert walk_toe_off == pytest.approx(runmuscles.load_events("walk").loc["toe_off", "percent"], abs=0.1)
    assert "Walking" in page.locator(ROOT).inner_text()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}])
def test_layout_fits_a_projector(dashboard, viewport):
    loaded = dashboard(NOTEBOOK, viewport=viewport)
    page = loaded.page
    slider = page.locator(SLIDER).bounding_box()
    runner = page.locator('[data-testid="rm-runner"]').bounding_box()
    assert slider["y"] + slider["height"] <= viewport["height"]
    assert runner["y"] < viewport["height"] * 0.6  # the runner starts in the upper part of the screen
    body_map = page.locator('[data-testid="rm-bodymap-svg"]').bounding_box()
    assert body_map["x"] >= runner["x"] + runner["width"] - 1  # beside the runner, not over it
    assert body_map["y"] < viewport["height"] * 0.6
    assert body_map["height"] >= viewport["height"] * 0.4  # big enough to read on a projector
    assert body_map["x"] + body_map["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    loaded.screenshot(loaded.screenshot().parent / f"explorer-{viewport['width']}x{viewport['height']}.png")
    loaded.assert_clean()


def test_screen_reader_summary_describes_the_instant(explorer):
    page = explorer.page
    page.locator(ROOT).press("3")
    page.wait_for_timeout(600)
    summary = page.locator('[data-testid="rm-summary"]').inner_text()
    assert f"{shown_percent(page)} % of the stride" in summary
    assert "Most active" in summary or "No measured muscle" in summary
