"""Quiz questions: every answer is right by the data, every distractor distinct and wrong."""

from __future__ import annotations

import re

import pytest

import runmuscles
from runmuscles.quiz import KINDS, make_questions

SEEDS = range(25)
PER_SEED = 9
#: Running stance at everyday speeds: roughly 30-45 % of the cycle; walking about 60 % (science.md).
RUNNING_STANCE = (30, 45)
WALKING_STANCE = (55, 68)
#: Cadence of a runner at about 4 m/s [steps/min]: well above walking, in the usual 150-200 range.
RUNNING_CADENCE = (150, 200)


@pytest.fixture(scope="module")
def questions():
    """Many questions over many seeds, so that every kind appears several times."""
    return [q for seed in SEEDS for q in make_questions(seed, PER_SEED)]


def _numbers(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", text)]


def _names():
    return runmuscles.load_muscles()["name"]


def test_every_kind_appears_and_options_are_distinct(questions):
    assert {q.kind for q in questions} == set(KINDS)
    for q in questions:
        assert len(q.options) >= 3
        assert len(set(q.options)) == len(q.options), q
        assert 0 <= q.answer < len(q.options)
        assert re.search(r"explorer|atlas|notebook", q.explanation), q.explanation  # points into the suite


def test_same_seed_same_questions_and_no_repeats():
    assert make_questions(7, 6) == make_questions(7, 6)
    assert make_questions(7, 6) != make_questions(8, 6)
    prompts = [q.prompt for q in make_questions(3, 12)]
    assert len(set(prompts)) == len(prompts)
    with pytest.raises(ValueError):
        make_questions(0, 0)


def test_most_active_answers(questions):
    table = runmuscles.load_activation("run")
    names = _names()
    for q in (q for q in questions if q.kind == "most_active"):
        percent = _numbers(q.prompt)[0]
        row = table.loc[percent]
        options = {names[m]: row[m] for m in table.columns if names[m] in q.options}
        assert len(options) == len(q.options)
        best = max(options, key=options.get)
        assert q.correct == best
        assert all(v < options[best] for name, v in options.items() if name != best)


def test_peak_timing_answers(questions):
    table = runmuscles.load_activation("run")
    names = {v.lower(): k for k, v in _names().items()}
    for q in (q for q in questions if q.kind == "peak_timing"):
        muscle = names[re.search(r"does the (.+) reach", q.prompt).group(1)]
        peak = int(table[muscle].to_numpy().argmax())
        assert _numbers(q.correct)[0] == peak
        for option in q.options:
            if option != q.correct:
                d = abs(_numbers(option)[0] - peak) % 100
                assert min(d, 100 - d) >= 10, (q.prompt, option)


def test_stance_share_answers(questions):
    strides = runmuscles.load_strides("run")
    stance = strides["toe_off"].mean()  # per-stride toe-offs, averaged independently of events.csv
    assert RUNNING_STANCE[0] <= stance <= RUNNING_STANCE[1]
    for q in (q for q in questions if q.kind == "stance_share"):
        assert _numbers(q.correct)[0] == round(stance)
        assert all(abs(_numbers(o)[0] - stance) >= 4.5 for o in q.options if o != q.correct)


def _float_windows() -> list[tuple[float, float]]:
    """No foot on the ground: right toe-off to left foot strike, left toe-off to the next right strike."""
    ev = runmuscles.load_events("run")["percent"]
    return [(ev["toe_off"], ev["contralateral_foot_strike"]), (ev["contralateral_toe_off"], 100.0)]


def test_float_phase_answers(questions):
    phases = runmuscles.load_phases("run")
    windows = _float_windows()
    by_name = {row["name"]: row for _, row in phases.iterrows()}

    def airborne(name: str) -> bool:
        row = by_name[name]
        return any(a - 0.1 <= row["start"] and row["end"] <= b + 0.1 for a, b in windows)

    seen = 0
    for q in (q for q in questions if q.kind == "float_phase"):
        seen += 1
        assert airborne(q.correct)
        assert not any(airborne(o) for o in q.options if o != q.correct)
    assert seen


def test_walk_vs_run_answers(questions):
    run = runmuscles.load_strides("run")["toe_off"].mean()
    walk = runmuscles.load_strides("walk")["toe_off"].mean()
    assert WALKING_STANCE[0] <= walk <= WALKING_STANCE[1]
    for q in (q for q in questions if q.kind == "walk_vs_run"):
        assert q.correct.startswith("It shrinks")  # stance shrinks when we run
        assert _numbers(q.correct) == [round(walk), round(run)]


def test_evidence_answers(questions):
    muscles = runmuscles.load_muscles()
    names = {v.lower(): k for k, v in muscles["name"].items()}
    for q in (q for q in questions if q.kind == "evidence"):
        muscle = names[re.search(r"when the (.+) works", q.prompt).group(1)]
        level = muscles.loc[muscle, "evidence"]
        assert q.correct.lower().startswith(level + ":")
        assert not any(o.lower().startswith(level + ":") for o in q.options if o != q.correct)


def test_cadence_answers(questions):
    cadence = (120.0 / runmuscles.load_strides("run")["stride_time_s"]).mean()
    assert RUNNING_CADENCE[0] <= cadence <= RUNNING_CADENCE[1]
    for q in (q for q in questions if q.kind == "cadence"):
        assert _numbers(q.correct)[0] == round(cadence)
        assert all(abs(_numbers(o)[0] - cadence) >= 9.5 for o in q.options if o != q.correct)


def test_quiz_app_scores_first_answers_and_starts_new_rounds():
    from runmuscles.apps.quiz import Quiz

    quiz = Quiz(seed=0, n=2)
    q = quiz.question
    wrong = (q.answer + 1) % len(q.options)
    assert quiz.answer(wrong) is False
    assert quiz.score == (0, 1)
    quiz.answer(q.answer)  # a second click does not count
    assert quiz.score == (0, 1)
    assert quiz.option_buttons[q.answer].button_style == "success"
    assert quiz.option_buttons[wrong].button_style == "danger"
    assert "Not quite" in quiz.feedback.value
    quiz.next_button.click()
    assert quiz.index == 1 and quiz.feedback.value == ""
    assert quiz.answer(quiz.question.answer) is True
    assert quiz.score == (1, 2)
    quiz.next_button.click()  # past the last question: a new round
    assert (quiz.seed, quiz.index) == (1, 0)
    quiz.new_button.click()
    assert quiz.seed == 2 and quiz.score == (1, 2)
    assert "Score: <b>1</b> / 2" in quiz.score_label.value
