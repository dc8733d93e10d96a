"""The muscle atlas: finding muscles, the card's content and figures, and the app without a kernel."""

from __future__ import annotations

import pytest

import runmuscles
from runmuscles import atlas
from runmuscles.apps.atlas import MuscleAtlas, atlas_figures

#: Muscles at each evidence level in the shipped catalogue and tables.
MEASURED = "soleus"
RECONSTRUCTED_ONLY = "peroneus_longus"  # only in the synergy reconstruction
LITERATURE_ONLY = "external_oblique"  # Saunders et al. (2005) windows
NOT_ESTABLISHED_WITH_PATH = "psoas_major"
NOT_ESTABLISHED_NO_PATH = "biceps_brachii"  # an arm muscle: the runner has no path for it


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("query", "members"),
    [
        ("quads", {"rectus_femoris", "vastus_lateralis", "vastus_medialis", "vastus_intermedius"}),
        ("twins", {"gastrocnemius_medialis", "gastrocnemius_lateralis"}),
        ("calves", {"gastrocnemius_medialis", "gastrocnemius_lateralis", "soleus"}),
        ("hip flexors", {"psoas_major", "iliacus", "rectus_femoris"}),
    ],
)
def test_group_words_give_the_group_members(query, members):
    found = atlas.find_muscles(query)
    assert found.kind == "group"
    assert set(found.muscles) == members
    assert "pick one" in found.message


@pytest.mark.parametrize(
    ("query", "muscle"),
    [
        ("soleus", "soleus"),
        ("Gastrocnemius medialis", "gastrocnemius_medialis"),
        ("glute max", "gluteus_maximus"),
    ],
)
def test_ids_names_and_common_names_give_one_muscle(query, muscle):
    found = atlas.find_muscles(query)
    assert (found.kind, found.muscles) == ("muscle", (muscle,))


def test_part_of_a_name_lists_the_matches():
    found = atlas.find_muscles("glut")
    assert found.kind == "partial"
    assert set(found.muscles) == {"gluteus_maximus", "gluteus_medius", "gluteus_minimus"}


def test_wrong_name_gives_close_matches_not_an_error():
    found = atlas.find_muscles("solues")
    assert found.kind == "none" and found.muscles == ()
    assert "Soleus" in found.suggestions
    assert "solues" in found.message and "Soleus" in found.message


def test_nonsense_gives_a_friendly_hint():
    found = atlas.find_muscles("xyzzy")
    assert found.kind == "none" and not found.suggestions
    assert "Try a name" in found.message


def test_empty_query_lists_every_muscle():
    assert len(atlas.find_muscles("").muscles) >= 30


# --------------------------------------------------------------------------- data per muscle


def test_sources_that_measure_a_muscle_default_first():
    assert atlas.run_sources_for(MEASURED) == ["rajagopal2016", "santuz2020_synergies"]
    assert atlas.run_sources_for(RECONSTRUCTED_ONLY) == ["santuz2020_synergies"]
    assert atlas.run_sources_for(LITERATURE_ONLY) == []
    assert atlas.default_run_source(NOT_ESTABLISHED_WITH_PATH) is None


def test_literature_windows_carry_source_and_confidence():
    windows = atlas.literature_windows(LITERATURE_ONLY)
    assert len(windows) >= 2  # one burst per foot strike
    for w in windows:
        assert 0 <= w["start"] < w["end"] <= 100
        assert w["reference"] == "saunders2005"
        assert "Saunders" in w["label"] and "confidence" in w["label"]
    assert atlas.literature_windows(MEASURED) == []


# --------------------------------------------------------------------------- card text


def test_card_of_a_measured_muscle_names_data_roles_exercises_and_injuries():
    card = atlas.muscle_card_html(MEASURED)
    for text in ("Soleus", "measured", "Rajagopal", "6 strides", "30 people", "own peak", "mid-stance"):
        assert text in card, text
    assert "Calf raise" in card and "not from training trials" in card
    assert "Achilles" in card


def test_card_of_a_literature_muscle_gives_the_window_and_its_source():
    card = atlas.muscle_card_html(LITERATURE_ONLY)
    assert "literature" in card and "not a measured curve" in card
    assert "Saunders" in card and "low confidence" in card


def test_card_says_not_established_plainly():
    card = atlas.muscle_card_html(NOT_ESTABLISHED_WITH_PATH)
    assert "Not established" in card and "no curve or window is drawn" in card


# --------------------------------------------------------------------------- figures


def _shape_names(fig) -> list[str]:
    return [s.name for s in fig.layout.shapes]


def test_measured_muscle_figures_highlight_it_and_draw_its_curve():
    body_fig, curve_fig = atlas_figures(MEASURED)
    assert any(t.name == f"outline:{MEASURED}" for t in body_fig.data)
    spread, mean = curve_fig.data
    assert len(mean.y) == 101 and len(spread.y) == 202
    assert "toe_off" in _shape_names(curve_fig)
    assert "Rajagopal" in curve_fig.layout.title.text


def test_source_choice_changes_the_curve():
    _, default = atlas_figures(MEASURED)
    _, other = atlas_figures(MEASURED, "santuz2020_synergies")
    assert tuple(default.data[1].y) != tuple(other.data[1].y)
    assert "30 people" in other.data[0].name


def test_literature_muscle_gets_windows_and_no_curve():
    _, curve_fig = atlas_figures(LITERATURE_ONLY)
    assert any(n.startswith("literature:") for n in _shape_names(curve_fig))
    assert all(len(t.y) == 0 for t in curve_fig.data)


def test_muscle_without_a_path_says_there_is_no_drawing():
    body_fig, curve_fig = atlas_figures(NOT_ESTABLISHED_NO_PATH)
    assert "No drawing" in body_fig.layout.title.text
    assert "not established" in curve_fig.layout.title.text


# --------------------------------------------------------------------------- app (no kernel)


@pytest.fixture(scope="module")
def app() -> MuscleAtlas:
    """One atlas, shared by the app tests (building it draws two figures)."""
    return MuscleAtlas()


def test_app_starts_on_soleus(app):
    assert app.choice.value == "soleus"
    assert "Soleus" in app.card.value and len(app.curve_view.figure.data[1].y) == 101


def test_group_search_fills_the_menu_and_changes_the_card(app):
    before = app.card.value
    app.search.value = "twins"
    assert [v for _, v in app.choice.options] == ["gastrocnemius_medialis", "gastrocnemius_lateralis"]
    assert app.choice.value == "gastrocnemius_medialis"
    assert "twins" in app.message.value
    assert app.card.value != before and "Gastrocnemius medialis" in app.card.value
    app.choice.value = "gastrocnemius_lateralis"
    assert "Gastrocnemius lateralis" in app.curve_view.figure.layout.title.text


def test_source_change_redraws_the_curve(app):
    app.search.value = "soleus"
    y_default = tuple(app.curve_view.figure.data[1].y)
    app.source.value = "santuz2020_synergies"
    assert tuple(app.curve_view.figure.data[1].y) != y_default
    assert "Santuz" in app.curve_view.figure.layout.title.text


def test_wrong_name_keeps_the_card_and_shows_close_matches(app):
    app.search.value = "soleus"
    card = app.card.value
    app.search.value = "solues"
    assert "Did you mean" in app.message.value and "Soleus" in app.message.value
    assert app.card.value == card


def test_literature_and_unknown_muscles_in_the_app(app):
    app.search.value = "external oblique"
    assert app.source.disabled and any(
        n.startswith("literature:") for n in _shape_names(app.curve_view.figure)
    )
    app.search.value = "biceps brachii"
    assert "No drawing" in app.body_view.figure.layout.title.text
    assert "Not established" in app.card.value


def test_views_carry_the_plotly_bundle_of_the_figure_shown(app):
    app.search.value = "soleus"
    (output,) = app.curve_view.outputs
    bundle = output["data"]["application/vnd.plotly.v1+json"]
    assert bundle["layout"]["title"]["text"] == app.curve_view.figure.layout.title.text
    assert [t["name"] for t in bundle["data"]] == ["spread: ±1 SD across 6 strides", "mean activation"]


# --------------------------------------------------------------------------- body map


def test_map_shows_the_muscle_at_its_peak_highlighted(app):
    app.show(MEASURED)
    source = app.source.value
    peak = int(runmuscles.load_activation("run", source)[MEASURED].idxmax())
    assert (app.map_view.selected, app.map_view.percent) == (MEASURED, peak)
    assert app.map_view.data["map"]["source"] == source
    assert f"{peak} %" in app.map_view.caption


def test_map_of_a_literature_muscle_sits_inside_its_window(app):
    app.show(LITERATURE_ONLY)
    windows = [(w["start"], w["end"]) for w in atlas.literature_windows(LITERATURE_ONLY, "run")]
    assert any(a <= app.map_view.percent <= b for a, b in windows)
    assert app.map_view.data["map"]["muscles"][LITERATURE_ONLY]["style"] == "literature"


def test_clicking_a_muscle_on_the_map_opens_its_card(app):
    app.show(MEASURED)
    app.map_view.selected = NOT_ESTABLISHED_WITH_PATH  # what a click in the browser sends back
    assert app.choice.value == NOT_ESTABLISHED_WITH_PATH
    assert "not established" in app.card.value.lower()
    assert "no running data" in app.map_view.caption


@pytest.mark.parametrize("attack", ["<img src=x onerror=alert(1)>", "calf<script>alert(1)</script>", "\"'><svg onload=alert(1)>"])
def test_search_text_is_escaped_in_every_message(app, attack):
    app.search.value = attack
    shown = app.message.value + app.card.value
    assert "<img" not in shown and "<script" not in shown and "<svg" not in shown
    assert "&lt;" in app.message.value  # the text is shown, as text
