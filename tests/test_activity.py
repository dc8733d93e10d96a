"""Activity words agree with the curves: every word is recomputed here from the shipped tables
(share of each data set's own phases spent at or above the suite's threshold, on the linearly
interpolated curve), and every role written in the catalogue is checked against it, for every data
set that measures the muscle."""

from __future__ import annotations

import re

import numpy as np
import pytest

import runmuscles
from runmuscles import activity, muscles

ACTIVE = runmuscles.DEFAULT_THRESHOLD  # the suite's "active" threshold (fraction of own peak)
STRONG = activity.STRONG  # the one named level above it
QUARTER = 0.25  # ... held for at least a quarter of the phase
RUN_SOURCES = runmuscles.sources_for("run")


def _stats(y: np.ndarray, a: float, b: float) -> dict:
    """Shares of [a, b) % of the cycle at or above each level (0.1 % grid), edges and peak of a curve."""
    g = np.arange(0, 1001) / 10
    g = g[(g >= a) & (g < b)]
    v = np.interp(g, np.arange(101), y)
    ends = np.interp([a, b], np.arange(101), y)
    return {"active": float((v >= ACTIVE).mean()), "strong": float((v >= STRONG).mean()),
            "start": ends[0], "end": ends[1], "peak": max(v.max(), ends[1])}


def _expected_level(st: dict) -> str:
    return "strongly active" if st["strong"] >= QUARTER else "active" if st["active"] >= QUARTER else "little activity"


def _measured(gait: str = "run") -> dict[str, dict[str, dict[str, dict]]]:
    """muscle -> source -> phase -> stats, from the public loaders."""
    out: dict = {}
    for source in runmuscles.sources_for(gait):
        table = runmuscles.load_activation(gait, source)
        phases = runmuscles.load_phases(gait, source)
        for m in table.columns:
            y = table[m].to_numpy(dtype=float)
            for pid, row in phases.iterrows():
                out.setdefault(m, {}).setdefault(source, {})[pid] = _stats(y, row["start"], row["end"])
    return out


MEASURED = _measured()

# Activity words a hand-written role might contain, and what each asserts about the curve.
_WORDS = [
    (r"strongly active", lambda s: _expected_level(s) == "strongly active"),
    (r"moderately active", lambda s: _expected_level(s) == "active"),
    (r"(?<!strongly )(?<!moderately )(?<!in)\bactive\b", lambda s: _expected_level(s) != "little activity"),
    (r"little activity|\blow\b|silent|quiet|relax", lambda s: _expected_level(s) == "little activity"),
    (r"fading|falling off|switch(es)? off", lambda s: s["start"] >= ACTIVE > s["end"]),
    (r"switch(es)? on", lambda s: s["end"] >= ACTIVE > s["start"]),
]


def contradictions(muscle: str, phase: str, text: str) -> list[str]:
    """Every way a role text disagrees with a data set's curve (empty: it agrees with all)."""
    found = []
    per_source = {s: phases[phase] for s, phases in MEASURED.get(muscle, {}).items()}
    for pattern, holds in _WORDS:
        if re.search(pattern, text, flags=re.IGNORECASE):
            found += [f"{muscle}/{phase}: '{pattern}' false in {s}" for s, st in per_source.items() if not holds(st)]
    if text.strip() and per_source and not any(st["peak"] >= ACTIVE for st in per_source.values()):
        found.append(f"{muscle}/{phase}: a task is written but no data set reaches the active threshold")
    return found


def test_every_written_role_agrees_with_every_data_set():
    problems = []
    for muscle_id, row in muscles.load_muscles().iterrows():
        for phase, text in row["roles"].items():
            problems += contradictions(muscle_id, phase, text)
    assert not problems, problems


@pytest.mark.parametrize(
    "muscle, phase, old_text",
    [
        ("biceps_femoris", "loading_response", "active: extends the hip and steadies the knee as the foot lands"),
        ("semitendinosus", "loading_response", "active: extends the hip and steadies the knee as the foot lands"),
        ("gluteus_maximus", "mid_stance", "active, fading by mid-stance"),
        ("gastrocnemius_lateralis", "terminal_swing", "switches on shortly before foot strike"),
    ],
)
def test_the_check_catches_roles_that_contradict_the_curves(muscle, phase, old_text):
    # Statements the catalogue used to make; the check must reject each of them.
    assert contradictions(muscle, phase, old_text)


def test_a_muscle_with_running_emg_has_a_task_only_where_it_works():
    # ...and where it is above the threshold for most of a phase in some data set, a task is written.
    cat = muscles.load_muscles()
    missing = [
        (m, p) for m, by_source in MEASURED.items() for p in runmuscles.load_phases("run").index
        if any(_expected_level(by_source[s][p]) != "little activity" for s in by_source) and not cat.loc[m, "roles"][p]
    ]
    assert not missing, missing


@pytest.mark.parametrize("source", RUN_SOURCES)
def test_phase_levels_follow_the_thresholds(source):
    levels = activity.phase_levels("run", source)
    for m, by_source in MEASURED.items():
        for p, st in by_source.get(source, {}).items():
            assert levels.loc[(m, p), "active_share"] == pytest.approx(st["active"], abs=1e-9)
            assert levels.loc[(m, p), "level"] == _expected_level(st), (m, p, st)


def test_describe_says_where_data_sets_disagree():
    seen_disagreement = seen_agreement = 0
    for m, by_source in MEASURED.items():
        for p in runmuscles.load_phases("run").index:
            expected = {s: _expected_level(by_source[s][p]) for s in by_source}
            text = activity.describe(m, p)
            for s, lvl in expected.items():
                # the data set is named after its own level, with no other level word in between
                assert re.search(rf"(?<!strongly ){lvl} in (?:(?!active|little).)*\b{s}\b", text), (m, p, text)
                assert activity.who(s) in text
            if len(set(expected.values())) > 1:
                seen_disagreement += 1
                assert "but" in text, text
            else:
                seen_agreement += 1
                assert "but" not in text, text
    assert seen_disagreement and seen_agreement


def test_who_counts_people_and_strides_from_the_source_facts():
    for s in RUN_SOURCES:
        info = runmuscles.source_info(s, "run")
        text = activity.who(s)
        assert str(info["people"]) in text
        if info["people"] == 1:
            assert f"{info['strides']} strides" in text


def test_window_levels_on_a_made_up_curve():
    ramp = np.linspace(0.0, 1.0, 101)  # activation = percent / 100
    assert activity.window_levels(ramp, [(0, 50)])["active_share"] == pytest.approx(0.4, abs=1e-3)
    assert activity.window_levels(ramp, [(0, 50)])["word"] == "active, switching on"
    assert activity.window_levels(ramp, [(0, 38)])["word"] == "little activity, switching on"  # 30-38: < a quarter
    assert activity.window_levels(ramp[::-1], [(50, 100)])["change"] == "switching off"
    bump = np.zeros(101)
    bump[40:45] = 1.0
    assert activity.window_levels(bump, [(20, 80)])["word"] == "little activity, brief burst"
    assert activity.window_levels(bump, [(38, 50)])["word"] == "strongly active, brief burst"
    assert activity.is_active("strongly active, switching off") and not activity.is_active("little activity")


def test_explorer_rows_lead_with_the_word_of_the_data_set_shown():
    from runmuscles.apps.explorer import explorer_payload

    for source in RUN_SOURCES:
        payload = explorer_payload("run", source)
        for row in payload["muscles"]:
            for p, text in row["roles"].items():
                st = MEASURED[row["id"]][source][p]
                assert text.startswith(_expected_level(st)), (source, row["id"], p, text)
                for other, phases in MEASURED[row["id"]].items():  # a data set that disagrees is named
                    if other != source and _expected_level(phases[p]) != _expected_level(st):
                        assert f"{_expected_level(phases[p])} in {other}" in text, (source, row["id"], p, text)
                    elif other != source:
                        assert other not in text
                function = muscles.load_muscles().loc[row["id"], "roles"][p]
                quiet = st["peak"] < ACTIVE and all(
                    _expected_level(phases[p]) == "little activity" for phases in MEASURED[row["id"]].values()
                )
                assert (bool(function) and function in text) == (bool(function) and not quiet), (source, row["id"], p, text)


def test_atlas_card_shows_the_computed_words():
    from runmuscles.atlas import muscle_card_html

    card = muscle_card_html("gluteus_maximus")
    raj = MEASURED["gluteus_maximus"]["rajagopal2016"]["mid_stance"]
    assert "fading" not in card
    assert f"{_expected_level(raj)} in rajagopal2016" in card.replace("&#x27;", "'")


def test_strength_map_works_in_exactly_the_active_phases():
    from runmuscles import atlas

    for source in RUN_SOURCES:
        works = atlas.working_phases(atlas.phase_activity("run", source))
        for m, by_phase in MEASURED.items():
            if source in by_phase:
                expected = [p for p, st in by_phase[source].items() if _expected_level(st) != "little activity"]
                assert works[m] == expected, (source, m)
