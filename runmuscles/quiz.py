"""Self-check questions generated from the shipped data.

Every question is built from a table (activation, events, phases, strides, the muscle catalogue),
so its answer cannot drift from what the rest of the suite shows. Wrong options (distractors) are
also taken from the data and are checked to be wrong. Generation is deterministic for a seed.

Examples
--------
>>> from runmuscles.quiz import make_questions
>>> questions = make_questions(seed=1, n=4)
>>> len(questions), len(questions[0].options) >= 3
(4, True)
>>> make_questions(seed=1, n=4) == questions
True
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from .activation import active_at, load_activation
from .gait import load_events, load_phases, load_strides
from .muscles import EVIDENCE_LEVELS, load_muscles

__all__ = ["EXPLORER_KEYS", "KINDS", "Question", "make_questions"]

#: Keys of the gait-cycle explorer that jump to a running phase (see its "How to use it").
EXPLORER_KEYS = {
    "loading_response": ("1", "foot strike"),
    "mid_stance": ("2", "mid-stance"),
    "propulsion": ("3", "toe-off"),
    "initial_swing": ("4", "the float"),
    "mid_swing": ("5", "mid-swing"),
    "terminal_swing": ("6", "terminal swing"),
}

#: Smallest gap [fraction of peak] between the most active muscle and every distractor.
ACTIVE_MARGIN = 0.15

#: Smallest gap [% of the cycle, round the cycle] between a muscle's peak and every distractor.
PEAK_MARGIN = 12

#: Smallest gap [% of the cycle] between the right stance share and every distractor.
SHARE_MARGIN = 5

_EVENT_TEXT = {
    "foot_strike": "right foot strike",
    "next_foot_strike": "next right foot strike",
    "toe_off": "right toe-off",
    "contralateral_foot_strike": "left foot strike",
    "contralateral_toe_off": "left toe-off",
    "braking_end": "end of braking",
    "mid_braking": "middle of braking",
}

_EVIDENCE_TEXT = {
    "measured": "Measured: EMG of this muscle during running is in our data",
    "reconstructed": "Reconstructed: rebuilt from published muscle-synergy factorisations of running EMG",
    "literature": "Literature: only a published description of its timing, no curve in our data",
    "not established": "Not established: no usable source on its timing in running",
}


@dataclass(frozen=True)
class Question:
    """One multiple-choice question.

    Attributes
    ----------
    kind : str
        Which generator made it (a key of :data:`KINDS`).
    prompt : str
        The question.
    options : tuple of str
        Answer options, shuffled.
    answer : int
        Index of the correct option.
    explanation : str
        Why, with a pointer to where the suite shows it.
    facts : tuple of (str, object) pairs
        The data the answer rests on, e.g. ``(("percent", 15), ("muscle", "soleus"))``.
    """

    kind: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    facts: tuple[tuple[str, object], ...] = ()

    @property
    def correct(self) -> str:
        """The correct option's text."""
        return self.options[self.answer]


def _names() -> dict[str, str]:
    return load_muscles()["name"].to_dict()


def _shuffle(rng: random.Random, correct: str, wrong: list[str]) -> tuple[tuple[str, ...], int]:
    options = [correct, *wrong]
    rng.shuffle(options)
    return tuple(options), options.index(correct)


def _most_active(rng: random.Random) -> Question:
    table = load_activation("run")
    names = _names()
    candidates = []
    for percent in range(100):
        row = active_at(percent, "run", threshold=0.0)
        top, top_value = row.index[0], float(row.iloc[0])
        wrong = [m for m, v in row.items() if v <= top_value - ACTIVE_MARGIN]
        if top_value >= 0.5 and len(wrong) >= 3:
            candidates.append((percent, top, wrong))
    percent, top, wrong = rng.choice(candidates)
    wrong = rng.sample(sorted(wrong), 3)
    options, answer = _shuffle(rng, names[top], [names[m] for m in wrong])
    values = table.loc[percent]
    phase = load_phases("run")
    inside = phase[(phase["start"] <= percent) & (percent < phase["end"])].iloc[0]
    return Question(
        "most_active",
        f"Which of these muscles is most active at {percent} % of the running cycle (relative to its own peak)?",
        options,
        answer,
        f"At {percent} % ({inside['name'].lower()}) the {names[top].lower()} is at {100 * values[top]:.0f} % of its "
        "own peak; " + ", ".join(f"{names[m].lower()} {100 * values[m]:.0f} %" for m in wrong)
        + f". Open the gait-cycle explorer and drag the slider to {percent} % to see the active list.",
        (("percent", percent), ("muscle", top)),
    )


def _phase_name(percent: float) -> str:
    phases = load_phases("run")
    inside = phases[(phases["start"] <= percent) & (percent < phases["end"])]
    return (inside.iloc[0] if len(inside) else phases.iloc[-1])["name"].lower()


def _peak_timing(rng: random.Random) -> Question:
    table = load_activation("run")
    names = _names()
    muscle = rng.choice(sorted(table.columns))
    peaks = table.idxmax().astype(int)
    peak = int(peaks[muscle])
    phases = load_phases("run")
    # distractors: where the other muscles peak, then the middle of each phase
    pool = sorted({int(p) for m, p in peaks.items() if m != muscle})
    rng.shuffle(pool)
    middles = [round((a + b) / 2) for a, b in zip(phases["start"], phases["end"])]
    wrong: list[int] = []
    for value in [*pool, *rng.sample(middles, len(middles))]:
        if all(_cycle_distance(value, other) >= PEAK_MARGIN for other in [peak, *wrong]):
            wrong.append(value)
        if len(wrong) == 3:
            break

    def text(p: int) -> str:
        return f"at about {p} % of the cycle ({_phase_name(p)})"

    options, answer = _shuffle(rng, text(peak), [text(p) for p in wrong])
    return Question(
        "peak_timing",
        f"When does the {names[muscle].lower()} reach its peak in the running stride?",
        options,
        answer,
        f"Its averaged curve peaks at {peak} % of the cycle, in {_phase_name(peak)}. The other options lie at least "
        f"{PEAK_MARGIN} % of the cycle away. Open the gait-cycle explorer, drag the slider to {peak} % and click the "
        f"{names[muscle].lower()} to see its curve.",
        (("muscle", muscle), ("peak_percent", peak)),
    )


def _cycle_distance(a: float, b: float) -> float:
    """Distance between two instants of the cycle [%], going round (97 % is 3 % from 0 %)."""
    d = abs(a - b) % 100
    return min(d, 100 - d)


def _spread(rng: random.Random, correct: int, pool: list[int], fallback: list[int]) -> list[int]:
    """Three distractors from ``pool`` then ``fallback``, each at least SHARE_MARGIN from the others."""
    chosen: list[int] = []
    for value in [*pool, *rng.sample(fallback, len(fallback))]:
        if all(abs(value - other) >= SHARE_MARGIN for other in [correct, *chosen]) and 0 < value < 100:
            chosen.append(value)
        if len(chosen) == 3:
            break
    return chosen


def _stance_share(rng: random.Random) -> Question:
    events = load_events("run")["percent"]
    stance = round(events["toe_off"])
    walk = round(load_events("walk")["percent"]["toe_off"])
    pool = [walk, 100 - stance, round(events["braking_end"])]
    wrong = _spread(rng, stance, pool, [50, 80, 20, 70])
    options, answer = _shuffle(rng, f"about {stance} %", [f"about {v} %" for v in wrong])
    key, label = EXPLORER_KEYS["propulsion"]
    return Question(
        "stance_share",
        "What share of the running cycle is stance (the right foot on the ground)?",
        options,
        answer,
        f"The right foot leaves the ground at {events['toe_off']:.1f} % of the cycle (measured from the force plate), "
        f"so stance is about {stance} % and swing about {100 - stance} %. In walking stance is about {walk} %. "
        f"Open the gait-cycle explorer and press {key} to jump to {label}.",
        (("toe_off", float(events["toe_off"])),),
    )


def _float_phase(rng: random.Random) -> Question:
    phases = load_phases("run")
    floats = sorted(p for p in phases.index if phases.loc[p, "support"].startswith("float"))
    others = sorted(p for p in phases.index if p not in floats)
    correct = rng.choice(floats)
    wrong = rng.sample(others, 3)
    options, answer = _shuffle(rng, phases.loc[correct, "name"], [phases.loc[p, "name"] for p in wrong])
    row = phases.loc[correct]
    key, label = EXPLORER_KEYS[correct]
    return Question(
        "float_phase",
        "Which of these running phases is a float phase, with no foot on the ground?",
        options,
        answer,
        f"{row['name']} ({row['start']:g}–{row['end']:g} %) runs from the {_EVENT_TEXT[row['start_event']]} to the "
        f"{_EVENT_TEXT[row['end_event']]}: neither foot touches the ground. Running has two float phases. "
        f"Open the gait-cycle explorer and press {key} to jump to {label}.",
        (("phase", correct),),
    )


def _walk_vs_run(rng: random.Random) -> Question:
    run = float(load_events("run")["percent"]["toe_off"])
    walk = float(load_events("walk")["percent"]["toe_off"])
    r, w = round(run), round(walk)
    if run < walk:
        correct = f"It shrinks, from about {w} % of the cycle in walking to about {r} % in running"
        wrong = [f"It grows, from about {r} % of the cycle in walking to about {w} % in running"]
    else:
        correct = f"It grows, from about {w} % of the cycle in walking to about {r} % in running"
        wrong = [f"It shrinks, from about {r} % of the cycle in walking to about {w} % in running"]
    wrong.append("It stays the same share; only the stride gets shorter")
    options, answer = _shuffle(rng, correct, wrong)
    return Question(
        "walk_vs_run",
        "How does the stance share of the gait cycle change from walking to running?",
        options,
        answer,
        f"Toe-off comes at {walk:.1f} % of the walking cycle but at {run:.1f} % of the running cycle. "
        "In running, both feet leave the ground twice per stride (the float phases). "
        "Open the gait-cycle explorer and switch between running and walking above the view.",
        (("run_toe_off", run), ("walk_toe_off", walk)),
    )


def _evidence(rng: random.Random) -> Question:
    muscles = load_muscles()
    level = rng.choice([lv for lv in EVIDENCE_LEVELS if (muscles["evidence"] == lv).any()])
    muscle = rng.choice(sorted(muscles.index[muscles["evidence"] == level]))
    name = muscles.loc[muscle, "name"]
    wrong = [lv for lv in EVIDENCE_LEVELS if lv != level]
    options, answer = _shuffle(rng, _EVIDENCE_TEXT[level], [_EVIDENCE_TEXT[lv] for lv in wrong])
    return Question(
        "evidence",
        f"How do we know when the {name.lower()} works during running?",
        options,
        answer,
        f"The catalogue derives the evidence level of each muscle from the data shipped with the suite: for the "
        f"{name.lower()} it is '{level}'. Open the muscle atlas to see its card, or the gait-cycle explorer, where "
        "measured muscles are coloured, literature-only ones dashed and the rest grey.",
        (("muscle", muscle), ("evidence", level)),
    )


def _cadence(rng: random.Random) -> Question:
    run = float(load_strides("run")["cadence_spm"].mean())
    walk = float(load_strides("walk")["cadence_spm"].mean())
    r, w = round(run), round(walk)
    pool = [w, r // 2, round(run * 1.3)]
    wrong: list[int] = []
    for value in [*pool, 240, 90, 140]:
        if all(abs(value - other) >= 10 for other in [r, *wrong]):
            wrong.append(value)
        if len(wrong) == 3:
            break
    options, answer = _shuffle(rng, f"about {r} steps per minute", [f"about {v} steps per minute" for v in wrong])
    return Question(
        "cadence",
        "The runner in our data (about 4 m/s on a treadmill) takes how many steps per minute, counting both feet?",
        options,
        answer,
        f"Each stride (two steps) lasts {120 / run:.3f} s on average, so the cadence is 120 / stride time = {run:.0f} "
        f"steps per minute. The walker takes about {w}. The often-quoted 180 is a rule of thumb, not a law. The walk vs run notebook compares both gaits' "
        "strides.",
        (("cadence_spm", run),),
    )


#: Question generators by kind.
KINDS: dict[str, Callable[[random.Random], Question]] = {
    "most_active": _most_active,
    "peak_timing": _peak_timing,
    "stance_share": _stance_share,
    "float_phase": _float_phase,
    "walk_vs_run": _walk_vs_run,
    "evidence": _evidence,
    "cadence": _cadence,
}


def make_questions(seed: int = 0, n: int = 5) -> list[Question]:
    """A deterministic set of ``n`` questions drawn from the data.

    Kinds are cycled in a seed-dependent order so that a short quiz mixes topics; repeated kinds get
    new parameters (another instant, another muscle) and the same question is never asked twice.

    Parameters
    ----------
    seed : int
        Random seed; the same seed gives the same questions, options and order.
    n : int
        Number of questions (at least 1).

    Returns
    -------
    list of Question
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    rng = random.Random(seed)
    kinds = list(KINDS)
    rng.shuffle(kinds)
    questions: list[Question] = []
    seen: set[str] = set()
    attempts = 0
    while len(questions) < n:
        kind = kinds[(len(questions) + attempts) % len(kinds)]
        q = KINDS[kind](rng)
        if q.prompt in seen and attempts < 50 * n:
            attempts += 1
            continue
        seen.add(q.prompt)
        questions.append(q)
    return questions
