"""The body map in a real Chromium: its colours are the activation tables', and nothing unmeasured looks measured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import runmuscles
import runmuscles.style

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

EXPLORER = "01-gait-cycle-explorer.ipynb"
ATLAS = "02-muscle-atlas.ipynb"
SLIDER = '[data-testid="rm-slider"]'
MAP = '[data-testid="rm-bodymap"]'
#: Instants of the running stride the map is checked and photographed at (% of the gait cycle).
INSTANTS = (0, 15, 45)
LITERATURE_ONLY = "external_oblique"
NOT_ESTABLISHED = "psoas_major"


def set_percent(page, percent: int) -> None:
    """Drag the slider to ``percent`` (an input event, as a mouse drag makes) and wait until the map's colours
    and then its words (tooltips, labels, summary: they follow once the instant settles) show it."""
    page.locator(SLIDER).evaluate(
        "(el, p) => { el.value = String(p); el.dispatchEvent(new Event('input', {bubbles: true})); }", percent
    )
    for key in ("percent", "words"):
        page.wait_for_function(
            "([sel, key, p]) => document.querySelector(sel).dataset[key] === String(p)", arg=[MAP, key, percent]
        )


def map_shapes(page) -> list[dict]:
    """Every muscle shape of the map: muscle, view, side, how it is drawn, its fill and class."""
    return page.locator(f"{MAP} path.rm-bm-muscle").evaluate_all(
        """nodes => nodes.map(n => ({muscle: n.dataset.muscle, view: n.dataset.view, side: n.dataset.side,
              style: n.dataset.style, fill: n.getAttribute('fill'), cls: n.getAttribute('class')}))"""
    )


def curve_menu_label(page) -> str:
    return page.locator(".widget-dropdown:has(label:text-is('Curve')) select").evaluate(
        "s => s.value"  # the option's label (its text has non-breaking spaces)
    )


@pytest.fixture
def explorer(dashboard):
    """The explorer's dashboard, loaded and checked clean, at the default 1280 x 900 viewport."""
    loaded = dashboard(EXPLORER)
    loaded.page.wait_for_selector(f"{MAP} path.rm-bm-muscle", state="visible")
    yield loaded
    loaded.assert_clean()


def test_fills_are_the_colour_table_at_the_measured_activation(explorer):
    page = explorer.page
    table = runmuscles.load_activation("run")  # the default running data set, which the page shows
    lut = runmuscles.style.activation_lut()
    catalogue = runmuscles.load_muscles()
    for percent in INSTANTS:
        set_percent(page, percent)
        shapes = map_shapes(page)
        assert {s["muscle"] for s in shapes} == set(catalogue.index)  # the whole catalogue is on the map
        filled = {s["muscle"] for s in shapes if s["fill"] in lut}
        assert filled == set(table.columns), percent  # exactly the measured muscles are coloured
        for s in shapes:
            if s["muscle"] in table.columns and s["side"] == "r":
                expected = table.loc[percent, s["muscle"]] * 100
                assert abs(lut.index(s["fill"]) - expected) <= 0.55, (s, percent, expected)
            else:
                # the left leg (not recorded), literature and unmeasured muscles: never a colour of the scale
                assert s["fill"] not in lut, (s, percent)
                assert s["fill"] == "transparent" or s["fill"].startswith("url(#"), s
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".rm-stage").screenshot(path=str(SCREENSHOTS / f"bodymap-{percent}.png"))


def test_literature_muscle_lights_only_inside_its_window(explorer):
    page = explorer.page
    windows = [
        w for lit in runmuscles.load_muscles().loc[LITERATURE_ONLY, "literature"] if lit["gait"] == "run"
        for w in lit["windows"]
    ]
    inside = next(p for p in range(101) if any(a <= p <= b for a, b in windows))
    outside = next(p for p in range(101) if not any(a <= p <= b for a, b in windows))
    node = page.locator(f'{MAP} path[data-muscle="{LITERATURE_ONLY}"][data-side="r"]').first
    for percent, lit in ((inside, True), (outside, False)):
        set_percent(page, percent)
        assert ("rm-bm-active" in node.get_attribute("class")) is lit, percent
        assert node.get_attribute("data-style") == "literature"
        assert ("inside its published window" in node.get_attribute("aria-label")) is lit


def test_unmeasured_muscle_says_so_on_focus(explorer):
    page = explorer.page
    node = page.locator(f'{MAP} path[data-muscle="{NOT_ESTABLISHED}"][tabindex="0"]')
    node.focus()
    assert "not established" in node.get_attribute("aria-label")
    assert "not established" in page.locator('[data-testid="rm-bodymap-readout"]').inner_text()
    assert "not established" in node.locator("title").text_content()


def test_screen_reader_summary_lists_levels_by_region(explorer):
    page = explorer.page
    set_percent(page, 15)
    table = runmuscles.load_activation("run")
    shank = page.locator('[data-testid="rm-bodymap-summary"] li[data-region="shank"]').text_content()
    assert f"Soleus {round(table.loc[15, 'soleus'] * 100)} %" in shank
    trunk = page.locator('[data-testid="rm-bodymap-summary"] li[data-region="trunk"]').text_content()
    assert "no data here" in trunk and "Rectus abdominis" in trunk


def test_clicking_a_muscle_selects_it_in_the_curve(explorer):
    page = explorer.page
    heading = page.locator('[data-testid="rm-curve"] .rm-curve-title')
    assert curve_menu_label(page) == "Soleus"
    page.locator(f'{MAP} path[data-muscle="gastrocnemius_medialis"][data-side="r"]').first.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget-dropdown select')].some("
        "s => s.value === 'Gastrocnemius medialis')"
    )
    assert heading.text_content().startswith("Gastrocnemius medialis")
    selected = page.locator(f'{MAP} path.rm-bm-selected').evaluate_all("ns => ns.map(n => n.dataset.muscle)")
    assert set(selected) == {"gastrocnemius_medialis"}
    # a muscle without a curve: selected too, and the curve says why there is none
    page.locator(f'{MAP} path[data-muscle="{NOT_ESTABLISHED}"][tabindex="0"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget-dropdown select')].some("
        "s => s.value.startsWith('Psoas major'))"
    )
    assert re.match(r"Psoas major: no curve here", heading.text_content())
    assert "not established" in page.locator('[data-testid="rm-curve-note"]').text_content()


def test_atlas_map_highlights_the_muscle_and_a_click_opens_its_card(dashboard):
    loaded = dashboard(ATLAS)
    page = loaded.page
    page.wait_for_selector(f"{MAP} path.rm-bm-muscle", state="visible")
    selected = page.locator(f"{MAP} path.rm-bm-selected").evaluate_all("ns => ns.map(n => n.dataset.muscle)")
    assert set(selected) == {"soleus"}
    page.locator(f'{MAP} path[data-muscle="biceps_femoris"][data-side="r"]').first.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget-dropdown select')].some("
        "s => s.value === 'Biceps femoris')",
        timeout=30_000,
    )
    table = runmuscles.load_activation("run")
    peak = int(table["biceps_femoris"].idxmax())
    page.wait_for_function("([sel, p]) => document.querySelector(sel).dataset.percent === String(p)", arg=[MAP, peak])
    assert "Biceps femoris" in page.locator('[data-testid="rm-bodymap-caption"]').inner_text()
    loaded.screenshot(SCREENSHOTS / "bodymap-atlas.png")
    loaded.assert_clean()
