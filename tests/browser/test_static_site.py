"""The exported static site in a real Chromium, opened from ``file://`` and over http: no Python at view time."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import runmuscles
import runmuscles.style
from runmuscles.site.export import PAGES
from runmuscles.testing import StaticServer

pytestmark = pytest.mark.browser

SLIDER = '[data-testid="rm-slider"]'
PERCENT = '[data-testid="rm-percent"]'
PHASE = '[data-testid="rm-phase"]'
ROOT = '[data-testid="rm-explorer"]'
#: Plot containers per page (each must end up holding a drawn plotly chart).
PLOTS = {"atlas.html": 2, "walk-vs-run.html": 5, "claims.html": 1}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
#: Seconds a static page may take to get ready in the test (generous: the machine is shared).
READY_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The site written by ``runmuscles export`` into a fresh folder."""
    from runmuscles.cli import main

    out = tmp_path_factory.mktemp("static") / "site"
    assert main(["export", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def http_site(exported):
    """The exported folder served by a plain static file server on a free loopback port."""
    with StaticServer(exported) as server:
        yield server


@pytest.fixture(params=["file", "http"])
def base_url(request, exported) -> str:
    """Where the site is opened: its folder as a ``file://`` URL, or the static server."""
    if request.param == "file":
        return exported.resolve().as_uri() + "/"
    return request.getfixturevalue("http_site").url


@dataclass
class StaticPage:
    """A page of the site, with every request it made off its own origin and every error it logged."""

    page: object
    base: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        problems = [f"request off the origin: {u}" for u in self.foreign_requests]
        problems += [f"console error: {m}" for m in self.console_errors]
        problems += [f"page error: {m}" for m in self.page_errors]
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)


def same_origin(url: str, base: str) -> bool:
    """Whether ``url`` stays within the site: under its folder (file://) or on its host and port (http)."""
    if urlsplit(url).scheme in {"data", "blob", "about"}:
        return True
    return url.startswith(base)


@pytest.fixture
def open_static(browser):
    """Factory: ``open_static(base, "explorer.html")`` -> :class:`StaticPage`, in a fresh browser context."""
    contexts = []

    def load(base: str, name: str, viewport=None) -> StaticPage:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        loaded = StaticPage(page, base)

        def route(r):
            if same_origin(r.request.url, base):
                r.continue_()
            else:
                loaded.foreign_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda r: None if same_origin(r.url, base) else loaded.foreign_requests.append(r.url))
        page.on("console", lambda m: loaded.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: loaded.page_errors.append(str(e)))
        page.goto(base + name, wait_until="load", timeout=READY_TIMEOUT_S * 1000)
        return loaded

    yield load
    for context in contexts:
        context.close()


def wait_plots(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('figure.plot .plot-area .main-svg').length >= n",
        arg=count, timeout=READY_TIMEOUT_S * 1000,
    )


def shown_percent(page) -> int:
    return int(re.match(r"(\d+) %", page.locator(PERCENT).inner_text()).group(1))


def soleus_points(page) -> str:
    return page.locator('polyline[data-muscle="soleus"][data-side="r"]').get_attribute("points")


# ---------------------------------------------------------------------------------------------- every page


def test_every_page_renders_clean(open_static, base_url):
    for page_info in PAGES:
        loaded = open_static(base_url, page_info.file)
        page = loaded.page
        if page_info.file in PLOTS:
            wait_plots(page, PLOTS[page_info.file])
            for fig in page.locator("figure.plot").all():  # a text alternative for every chart
                assert fig.get_attribute("aria-label").startswith("Chart: ")
                assert len(fig.locator("figcaption").text_content()) > 20
        if page_info.file == "explorer.html":
            page.wait_for_selector(SLIDER, state="visible", timeout=READY_TIMEOUT_S * 1000)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page_info.title in page.title()
        nav = page.get_by_role("navigation", name="Pages of the site")
        for other in PAGES:
            assert nav.get_by_role("link", name=other.title, exact=True).count() == 1
        assert nav.locator('[aria-current="page"]').inner_text() == page_info.title
        assert page.locator(".citations li").count() == runmuscles.list_sources()["source"].nunique()
        assert page.get_by_role("heading", name="Not in this static site").is_visible()
        loaded.assert_clean()


def test_nav_links_lead_to_each_page(open_static, base_url):
    loaded = open_static(base_url, "index.html")
    page = loaded.page
    for page_info in PAGES[1:]:
        page.get_by_role("navigation").get_by_role("link", name=page_info.title, exact=True).click()
        page.wait_for_load_state("load")
        assert page.url.endswith(page_info.file)
    loaded.assert_clean()


# ---------------------------------------------------------------------------------------------- explorer


@pytest.fixture
def explorer(open_static, base_url):
    loaded = open_static(base_url, "explorer.html")
    loaded.page.wait_for_selector(SLIDER, state="visible", timeout=READY_TIMEOUT_S * 1000)
    yield loaded
    loaded.assert_clean()


def test_explorer_keyboard_scrub_changes_phase_pose_and_colour(explorer):
    page = explorer.page
    phases = runmuscles.load_phases("run")
    table = runmuscles.load_activation("run")
    lut = runmuscles.style.activation_lut()
    page.locator(SLIDER).focus()
    before_points, before_phase = soleus_points(page), page.locator(PHASE).inner_text()
    before_colour = page.locator('polyline[data-muscle="soleus"][data-side="r"]').get_attribute("stroke")
    target = int(phases.loc["mid_swing", "start"]) + 5
    for _ in range(target):
        page.keyboard.press("ArrowRight")
    assert shown_percent(page) == target
    assert page.locator(PHASE).inner_text() == phases.loc["mid_swing", "name"] != before_phase
    assert soleus_points(page) != before_points
    node = page.locator('polyline[data-muscle="soleus"][data-side="r"]')
    level = float(node.get_attribute("data-level"))
    assert level == pytest.approx(table.loc[target, "soleus"], abs=1e-3)
    assert node.get_attribute("stroke") == lut[math.floor(level * 100 + 0.5)] != before_colour
    for key in ("3", "5"):  # jump keys: toe-off, mid-swing
        page.locator(ROOT).press(key)
        p = shown_percent(page)
        for muscle in ("soleus", "tibialis_anterior", "biceps_femoris"):
            node = page.locator(f'polyline[data-muscle="{muscle}"][data-side="r"]')
            level = float(node.get_attribute("data-level"))
            assert level == pytest.approx(table.loc[p, muscle], abs=1e-3)
            assert node.get_attribute("stroke") == lut[math.floor(level * 100 + 0.5)]


def test_explorer_walk_moves_toe_off(explorer):
    page = explorer.page
    run_toe_off = float(page.locator(ROOT).get_attribute("data-toe-off"))
    walk = page.get_by_role("button", name="Walk", exact=True)
    walk.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("sel => document.querySelector(sel).dataset.gait === 'walk'", arg=ROOT, timeout=10000)
    walk_toe_off = float(page.locator(ROOT).get_attribute("data-toe-off"))
    assert run_toe_off == pytest.approx(runmuscles.load_events("run").loc["toe_off", "percent"], abs=0.1)
    assert walk_toe_off == pytest.approx(runmuscles.load_events("walk").loc["toe_off", "percent"], abs=0.1)
    assert walk.get_attribute("aria-pressed") == "true"
    assert "Walking" in page.locator(ROOT).inner_text()
    assert page.locator(ROOT).get_attribute("data-source") == runmuscles.DEFAULT_SOURCES["walk"]
    assert page.get_by_label("Data", exact=True).input_value() == runmuscles.DEFAULT_SOURCES["walk"]


def test_explorer_data_set_threshold_and_curve_controls(explorer):
    page = explorer.page
    page.get_by_label("Data", exact=True).select_option("santuz2020_synergies")
    page.wait_for_function(
        "sel => document.querySelector(sel).dataset.source === 'santuz2020_synergies'", arg=ROOT, timeout=10000
    )
    threshold = page.get_by_label("Active ≥", exact=True)
    threshold.focus()
    for _ in range(4):  # 30 % -> 50 % in steps of 5
        page.keyboard.press("ArrowRight")
    assert page.locator("#rm-threshold-value").inner_text() == "50 %"
    page.locator(ROOT).press("2")  # mid-stance
    p = shown_percent(page)
    listed = page.locator('[data-testid="rm-active"] li[data-muscle]').evaluate_all("r => r.map(x => x.dataset.muscle)")
    expected = runmuscles.active_at(p, "run", threshold=0.5, source="santuz2020_synergies")
    assert set(listed) == set(expected.index)
    assert "≥ 50 %" in page.locator(".rm-active-head").inner_text()
    page.get_by_label("Curve", exact=True).select_option("tibialis_anterior")
    assert page.locator(".rm-curve-title").text_content().startswith("Tibialis anterior")


def test_screenshot_of_the_explorer_from_file(open_static, exported):
    loaded = open_static(exported.resolve().as_uri() + "/", "explorer.html")
    page = loaded.page
    page.wait_for_selector(SLIDER, state="visible", timeout=READY_TIMEOUT_S * 1000)
    page.locator(ROOT).press("2")  # mid-stance: a moment with several active muscles
    page.wait_for_timeout(400)
    path = SCREENSHOTS / "static-explorer.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000
    loaded.assert_clean()


# ---------------------------------------------------------------------------------------------- other pages


def test_atlas_finds_a_group_and_draws_its_card(open_static, base_url):
    loaded = open_static(base_url, "atlas.html")
    page = loaded.page
    wait_plots(page, 2)
    search = page.get_by_label("Find a muscle")
    search.fill("quads")
    search.press("Enter")
    menu = page.get_by_label("Muscle", exact=True)
    page.wait_for_function("() => document.getElementById('atlas-muscle').options.length === 4")
    assert "group of 4 muscles" in page.locator("#atlas-message").inner_text()
    menu.select_option("vastus_lateralis")
    page.wait_for_function("() => document.body.dataset.muscle === 'vastus_lateralis'")
    assert "Vastus lateralis" in page.locator('[data-testid="atlas-card"]').inner_text()
    assert "Vastus lateralis" in page.locator("#atlas-curve").get_attribute("aria-label")
    search.fill("zzz")
    search.press("Enter")
    assert "No muscle or group matches" in page.locator("#atlas-message").inner_text()
    loaded.assert_clean()


def test_walk_vs_run_follows_the_muscle_and_hides_people(open_static, base_url):
    loaded = open_static(base_url, "walk-vs-run.html")
    page = loaded.page
    wait_plots(page, PLOTS["walk-vs-run.html"])
    page.get_by_label("Muscle", exact=True).select_option("tibialis_anterior")
    page.wait_for_function("() => document.body.dataset.muscle === 'tibialis_anterior'")
    assert page.locator("#wr-text").inner_text().startswith("Tibialis anterior peaks at")
    people = page.get_by_label("Each person’s curve")
    people.focus()
    page.keyboard.press("Space")
    hidden = page.evaluate(
        """() => document.querySelector('#wr-curves .plot-area').data
             .filter(t => / each of /.test(t.name)).map(t => t.visible)"""
    )
    assert hidden == [False, False]
    loaded.assert_clean()


def test_claims_show_the_chosen_claim(open_static, base_url):
    from runmuscles.claims import assess_claim

    loaded = open_static(base_url, "claims.html")
    page = loaded.page
    wait_plots(page, 1)
    page.get_by_label("Claim", exact=True).select_option("3")
    page.wait_for_function("() => document.body.dataset.claim === '3'")
    assert assess_claim(3).verdict in page.locator("#claims-detail").inner_text()
    assert page.locator("#claims-figure").get_attribute("aria-label") == "Chart: Claim 3: the evidence"
    loaded.assert_clean()


def test_quiz_answers_with_the_keyboard(open_static, base_url):
    from runmuscles.quiz import make_questions
    from runmuscles.site.export import QUIZ_LENGTH

    loaded = open_static(base_url, "quiz.html")
    page = loaded.page
    options = page.locator("#quiz-options button")
    options.first.wait_for()
    prompt = page.locator("#quiz-prompt").inner_text()
    first = make_questions(0, QUIZ_LENGTH)[0]
    assert prompt == first.prompt
    options.first.focus()
    page.keyboard.press("Enter")  # answer A
    assert page.locator("#quiz-score").inner_text() == f"Score: {int(first.answer == 0)} / 1"
    assert page.locator("#quiz-options button.right").inner_text().startswith("ABCD"[first.answer])
    assert page.locator("#quiz-options button.right").count() == 1
    assert page.locator("#quiz-feedback").inner_text().strip()
    page.keyboard.press("Enter")  # focus moved to "Next question"
    assert page.locator("#quiz-prompt").inner_text() != prompt
    assert page.locator("#quiz-feedback").inner_text() == ""
    loaded.assert_clean()
