"""The nine claims of popular running articles, each checked against our data.

Every verdict is computed here from the shipped tables with the thresholds below, so the text
a notebook shows cannot drift from the data. A verdict is one of :data:`VERDICTS`:

* ``supported``: every data set that measures it agrees with the claim under the stated rule;
* ``partly supported``: part of the claim holds, or the data sets disagree (shown, not averaged);
* ``contradicted``: no data set agrees with the claim under the stated rule;
* ``unsupported (our data cannot decide)``: the claim is about something our data do not measure
  (force, work, injuries, a count of all muscles, an "ideal").

Definitions used throughout (running, right leg; 0 % = right foot strike):

* **stance**: foot strike to toe-off;
* **flight** = the two **float** phases, when neither foot is on the ground (toe-off to the other
  foot's strike, and the other foot's toe-off to the next strike). The looser reading "the whole
  swing of this leg" is shown beside it;
* **rest of swing**: the swinging leg while the other foot is on the ground;
* **activity area**: the area under a muscle's activation curve (activation x time). It says *when*
  a muscle's activity lies. It is not force and not mechanical work.

Examples
--------
>>> from runmuscles import claims
>>> results = claims.assess_claims()
>>> len(results)
9
>>> all(r.verdict in claims.VERDICTS for r in results)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .activation import DEFAULT_THRESHOLD, list_sources, load_activation, sources_for
from .compare import area_share, interval_mean
from .gait import load_events, load_phases, load_strides
from .muscles import load_catalogue, load_muscles, resolve_group

__all__ = [
    "ACTIVE",
    "ARTICLE_MUSCLE_COUNT",
    "CADENCE_CLAIM_SPM",
    "CADENCE_PER_LEG_SPM",
    "CLAIM1_FLIGHT_SHARE",
    "CLAIMS",
    "MAINLY",
    "VERDICTS",
    "ClaimResult",
    "assess_claim",
    "assess_claims",
    "claims_table",
    "cycle_regions",
    "person_region_shares",
    "region_shares",
    "rules_markdown",
    "summary_markdown",
]

#: The allowed verdicts.
VERDICTS: tuple[str, ...] = ("supported", "partly supported", "contradicted", "unsupported (our data cannot decide)")
SUPPORTED, PARTLY, CONTRADICTED, UNDECIDED = VERDICTS

#: The claims, numbered as in the product brief.
CLAIMS: dict[int, str] = {
    1: "During the flight the lower body does 80 % of the work, 20 % in support.",
    2: "The gluteal muscles work mainly during the flight phase.",
    3: "The calf muscles activate while the foot is on the ground and relax during the flight phase.",
    4: "The quadriceps are the most powerful muscles; they let the hips bend and straighten the knees.",
    5: "Hamstrings act at the beginning and the end of every step.",
    6: "Tibialis anterior lifts the toes in flight and cushions the landing.",
    7: "Over 200 muscles are exercised when running.",
    8: "The ideal cadence is 180 steps per minute (85–90 per leg).",
    9: "Weak quads cause runner's knee; weak calves overload the Achilles tendon; tight hip flexors tilt the pelvis.",
}

#: "Mainly" = more than this share of a muscle's activity area.
MAINLY = 0.5
#: "Active" / "working" = mean activation at or above this fraction of the muscle's own peak;
#: "relaxed" = below it.
ACTIVE = DEFAULT_THRESHOLD
#: Claim 1's share of the work said to happen in flight.
CLAIM1_FLIGHT_SHARE = 0.8
#: Claim 8's cadence [steps/min, both feet].
CADENCE_CLAIM_SPM = 180.0
#: Claim 8's "85–90 per leg", as steps/min of both feet.
CADENCE_PER_LEG_SPM = (170.0, 180.0)
#: Claim 7's number of muscles.
ARTICLE_MUSCLE_COUNT = 200

REGIONS = ("stance", "float", "rest_of_swing")
REGION_LABEL = {
    "stance": "stance (foot on the ground)",
    "float": "float (flight: no foot on the ground)",
    "rest_of_swing": "rest of swing (other foot on the ground)",
}


@dataclass
class ClaimResult:
    """One claim checked against the data.

    Attributes
    ----------
    number : int
        Claim number (1..9), as in the product brief.
    claim : str
        The claim, in our words.
    verdict : str
        One of :data:`VERDICTS`.
    rule : str
        How the verdict follows from the numbers (thresholds included).
    explanation : str
        One paragraph for students, with the numbers.
    evidence : pandas.DataFrame
        The computed numbers (one row per muscle and data set, per data set, or per item).
    kind : str
        How to draw the evidence: ``shares``, ``curves``, ``cadence``, ``count`` or ``table``.
    muscles : list of str
        Muscles the claim is about (may be empty).
    sources : list of str
        Citations of the data sets or references used.
    """

    number: int
    claim: str
    verdict: str
    rule: str
    explanation: str
    evidence: pd.DataFrame
    kind: str
    muscles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _run_sources() -> list[str]:
    return sources_for("run")


def _citations(source_ids: list[str]) -> list[str]:
    table = list_sources().drop_duplicates("source").set_index("source")
    return [f"{table.loc[s, 'citation']} doi:{table.loc[s, 'doi']}" for s in source_ids]


def cycle_regions(toe_off: float, contralateral_strike: float, contralateral_toe_off: float) -> dict[str, list]:
    """The running cycle cut into stance, float and the rest of swing.

    Parameters
    ----------
    toe_off, contralateral_strike, contralateral_toe_off : float
        Events in % of the gait cycle (0 = right foot strike).

    Returns
    -------
    dict
        ``stance``, ``float``, ``rest_of_swing`` and ``swing`` -> list of ``(start, end)`` [% of the cycle].
    """
    if not 0 < toe_off <= contralateral_strike <= contralateral_toe_off <= 100:
        raise ValueError(
            "expected 0 < toe-off <= other foot's strike <= other foot's toe-off <= 100 %, got "
            f"{toe_off}, {contralateral_strike}, {contralateral_toe_off}"
        )
    return {
        "stance": [(0.0, toe_off)],
        "float": [(toe_off, contralateral_strike), (contralateral_toe_off, 100.0)],
        "rest_of_swing": [(contralateral_strike, contralateral_toe_off)],
        "swing": [(toe_off, 100.0)],
    }


def _source_regions(source: str) -> dict[str, list]:
    ev = load_events("run", source)["percent"]
    return cycle_regions(ev["toe_off"], ev["contralateral_foot_strike"], ev["contralateral_toe_off"])


def _shares(curve: np.ndarray, regions: dict[str, list]) -> dict[str, float]:
    out = {r: area_share(curve, regions[r]) for r in REGIONS}
    out["swing"] = out["float"] + out["rest_of_swing"]
    return out


def region_shares(source: str, muscles: list[str] | None = None) -> pd.DataFrame:
    """Share of each muscle's activity area in stance, float and the rest of swing (mean running curve).

    Parameters
    ----------
    source : str
        Running data set.
    muscles : list of str, optional
        Muscle ids; default: every muscle of the source.

    Returns
    -------
    pandas.DataFrame
        Index ``muscle``; columns ``stance``, ``float``, ``rest_of_swing``, ``swing`` (fractions, the
        first three sum to 1) and ``float_mean`` (mean activation during float, fraction of own peak).
    """
    table = load_activation("run", source)
    regions = _source_regions(source)
    rows = []
    for m in muscles or list(table.columns):
        y = table[m].to_numpy()
        rows.append({"muscle": m, **_shares(y, regions), "float_mean": interval_mean(y, regions["float"])})
    return pd.DataFrame(rows).set_index("muscle")


def person_region_shares(source: str, muscle: str | None = None) -> pd.DataFrame:
    """Region shares for each person (or stride), each on its own toe-off.

    Parameters
    ----------
    source : str
        Running data set.
    muscle : str, optional
        Muscle id; default: the sum over all the source's muscles (each scaled to its own peak).

    Returns
    -------
    pandas.DataFrame
        Index ``unit``; columns as in :func:`region_shares` (without ``float_mean``).

    Notes
    -----
    The other foot's events are shifted with the unit's toe-off by the data set's mean offsets
    (for sources where they are placed by symmetry, that is exactly the symmetric convention).
    """
    from .activation import load_curves

    curves = load_curves("run", source)
    curves["unit"] = curves["unit"].astype(str)
    strides = load_strides("run", source).assign(unit=lambda t: t["unit"].astype(str)).set_index("unit")
    ev = load_events("run", source)["percent"]
    d_cfs = ev["contralateral_foot_strike"] - ev["toe_off"]
    d_cto = ev["contralateral_toe_off"] - ev["toe_off"]
    muscle_cols = [c for c in curves.columns if c not in ("unit", "percent")]
    rows = []
    for unit, part in curves.groupby("unit", sort=False):
        part = part.sort_values("percent")
        y = part[muscle].to_numpy() if muscle else part[muscle_cols].to_numpy().sum(axis=1)
        to = float(strides.loc[unit, "toe_off"])
        regions = cycle_regions(to, min(to + d_cfs, 100.0), min(to + d_cto, 100.0))
        rows.append({"unit": unit, **_shares(y, regions)})
    return pd.DataFrame(rows).set_index("unit")


def _phase_window(source: str, phase: str) -> list[tuple[float, float]]:
    row = load_phases("run", source).loc[phase]
    return [(float(row["start"]), float(row["end"]))]


def _pct(value: float, digits: int = 0) -> str:
    return f"{100 * value:.{digits}f} %"


def _fmt_range(values: pd.Series, pct: bool = True, digits: int = 0) -> str:
    """``"lo–hi %"`` (or one value when they round alike); ``pct=False`` for values already in %."""
    lo, hi = float(values.min()), float(values.max())
    scale = 100.0 if pct else 1.0
    a, b = f"{scale * lo:.{digits}f}", f"{scale * hi:.{digits}f}"
    return f"{a} %" if a == b else f"{a}–{b} %"


def _verdict_from_rows(passed: pd.Series) -> str:
    if passed.all():
        return SUPPORTED
    if not passed.any():
        return CONTRADICTED
    return PARTLY


def _shares_evidence(muscles: list[str]) -> pd.DataFrame:
    rows = []
    for source in _run_sources():
        available = [m for m in muscles if m in load_activation("run", source).columns]
        shares = region_shares(source, available)
        n_units = len(load_strides("run", source))
        table = load_activation("run", source)
        regions = _source_regions(source)
        for m in available:
            per = person_region_shares(source, m)
            rows.append(
                {
                    "muscle": m,
                    "source": source,
                    **shares.loc[m].to_dict(),
                    "peak": float(np.argmax(table[m].to_numpy())),
                    "toe_off": regions["stance"][0][1],
                    "pre_landing_mean": interval_mean(table[m].to_numpy(), regions["float"][1:]),
                    "units": n_units,
                    "units_float_mainly": int((per["float"] > MAINLY).sum()),
                    "units_stance_mainly": int((per["stance"] > MAINLY).sum()),
                }
            )
    return pd.DataFrame(rows)


def _claim1() -> ClaimResult:
    rows = []
    for source in _run_sources():
        table = load_activation("run", source)
        total = table.sum(axis=1).to_numpy()
        shares = _shares(total, _source_regions(source))
        per = person_region_shares(source)
        to = float(load_events("run", source).loc["toe_off", "percent"])
        rows.append(
            {
                "muscle": f"all {table.shape[1]} measured leg muscles",
                "source": source,
                **shares,
                "stance_time": to / 100.0,
                "units": len(per),
                "units_float_mainly": int((per["float"] > MAINLY).sum()),
                "units_stance_mainly": int((per["stance"] > MAINLY).sum()),
            }
        )
    ev = pd.DataFrame(rows)
    # Even the generous reading (flight = the leg's whole swing) must reach half of the area
    # for the claim's 80 % to be anywhere near; the strict reading is the float phases.
    ev["passes"] = ev["float"] >= CLAIM1_FLIGHT_SHARE - 0.1
    near = ev[["float", "swing"]].max(axis=1) >= MAINLY
    verdict = SUPPORTED if ev["passes"].all() else (CONTRADICTED if not near.any() else PARTLY)
    explanation = (
        "Our data record muscle activity (EMG), not mechanical work, so the closest question they can answer "
        "is: when does the lower body's muscle activity happen? Summing the activity areas of all measured leg "
        f"muscles (each scaled to its own peak), the float phases (flight) hold {_fmt_range(ev['float'])} of the "
        f"total and stance holds {_fmt_range(ev['stance'])}, although stance lasts only "
        f"{_fmt_range(ev['stance_time'])} of the cycle. Even counting the leg's whole swing as \"flight\", it "
        f"holds {_fmt_range(ev['swing'])}, far from 80 %. Muscle activity is concentrated in support, the "
        "opposite of the claim. EMG area is not work: a muscle can be active while holding or braking without "
        "doing positive work, and tendons store and return energy, so this does not measure work either way."
    )
    rule = (
        f"Supported if the float phases hold at least {_pct(CLAIM1_FLIGHT_SHARE - 0.1)} of the summed activity area "
        f"(the claim's {_pct(CLAIM1_FLIGHT_SHARE)} minus 10 points) in every data set; contradicted if neither the "
        f"float phases nor the whole swing reach {_pct(MAINLY)} in any data set; partly supported otherwise."
    )
    return ClaimResult(1, CLAIMS[1], verdict, rule, explanation, ev, "shares", [], _citations(_run_sources()))


def _claim2() -> ClaimResult:
    muscles = ["gluteus_maximus", "gluteus_medius"]
    ev = _shares_evidence(muscles)
    ev["passes"] = ev["float"] > MAINLY
    verdict = _verdict_from_rows(ev["passes"])
    units = ev.drop_duplicates("source").set_index("source")["units"]
    floaty = int(ev["units_float_mainly"].sum())
    who = " and ".join(f"{int(n)} {'people' if n > 1 and s != 'rajagopal2016' else 'strides'} ({s})"
                       for s, n in units.items())
    explanation = (
        f"\"Mainly\" means more than {_pct(MAINLY)} of a muscle's activity area. In running, the float phases "
        f"hold {_fmt_range(ev['float'])} of gluteus maximus and medius activity and stance holds "
        f"{_fmt_range(ev['stance'])}, in both data sets. Both glutes peak at {_fmt_range(ev['peak'], pct=False)} "
        f"of the cycle, in early stance (toe-off at {_fmt_range(ev['toe_off'], pct=False)}), while they hold the "
        "pelvis and trunk as the body lands on one leg. They switch on again in the float before landing "
        f"(mean {_fmt_range(ev['pre_landing_mean'])} of their peak), but that float is short. Even the whole swing "
        f"holds only {_fmt_range(ev['swing'])}. Checked one by one ({who}): "
        + ("none has" if floaty == 0 else f"{floaty} have")
        + " more than half of a glute's area in float."
    )
    rule = (
        f"Supported if the float phases hold more than {_pct(MAINLY)} of the area for both glutes in every data "
        "set; contradicted if they hold more than half in none; partly supported otherwise."
    )
    return ClaimResult(2, CLAIMS[2], verdict, rule, explanation, ev, "shares", muscles, _citations(_run_sources()))


def _curve_rows(muscles: list[str], parts: dict[str, callable]) -> pd.DataFrame:
    rows = []
    for source in _run_sources():
        table = load_activation("run", source)
        for m in muscles:
            if m not in table.columns:
                continue
            y = table[m].to_numpy()
            rows.append({"muscle": m, "source": source, **{k: f(source, y) for k, f in parts.items()}})
    return pd.DataFrame(rows)


def _claim3() -> ClaimResult:
    muscles = resolve_group("calves")

    def stance(source, y):
        return area_share(y, _source_regions(source)["stance"])

    def float_mean(source, y):
        return interval_mean(y, _source_regions(source)["float"])

    def pre_landing_mean(source, y):
        return interval_mean(y, _source_regions(source)["float"][1:])

    def peak_in_stance(source, y):
        return float(np.argmax(y)) / _source_regions(source)["stance"][0][1]

    ev = _curve_rows(
        muscles,
        {"stance_share": stance, "float_mean": float_mean, "pre_landing_mean": pre_landing_mean,
         "peak_in_stance": peak_in_stance},
    )
    ev["on_ground"] = ev["stance_share"] > MAINLY
    ev["relaxed_in_float"] = ev["float_mean"] < ACTIVE
    ev["passes"] = ev["on_ground"] & ev["relaxed_in_float"]
    if ev["passes"].all():
        verdict = SUPPORTED
    elif not (ev["on_ground"] | ev["relaxed_in_float"]).any():
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    explanation = (
        f"Stance holds {_fmt_range(ev['stance_share'])} of the calf muscles' activity area (soleus and both "
        f"gastrocnemius heads, every data set); they peak at {_fmt_range(ev['peak_in_stance'])} of stance, while "
        f"the ankle takes the body's load. During float their mean activation is {_fmt_range(ev['float_mean'], pct=True)} of their own "
        f"peak, below the {_pct(ACTIVE)} \"active\" threshold: they are nearly silent in flight. One nuance: in the "
        "second float, just before the foot lands, activation rises again "
        f"(mean {_fmt_range(ev['pre_landing_mean'])}) as the calf prepares for the impact."
    )
    rule = (
        f"On the ground: stance holds more than {_pct(MAINLY)} of the area; relaxed in flight: mean activation in "
        f"the float phases below {_pct(ACTIVE)} of the muscle's own peak. Supported if both hold for every calf "
        "muscle in every data set, contradicted if neither holds anywhere, partly supported otherwise."
    )
    return ClaimResult(3, CLAIMS[3], verdict, rule, explanation, ev, "curves", muscles, _citations(_run_sources()))


def _claim4() -> ClaimResult:
    quads = resolve_group("quads")
    cat = load_muscles()
    rows = []
    for m in quads:
        actions = list(cat.loc[m, "actions"])
        rows.append(
            {
                "muscle": m,
                "name": cat.loc[m, "name"],
                "actions": "; ".join(actions),
                "bends the hip": any("hip flexion" in a for a in actions),
                "straightens the knee": any("knee extension" in a for a in actions),
                "evidence": cat.loc[m, "evidence"],
            }
        )
    ev = pd.DataFrame(rows)
    normalised = all(
        np.allclose(load_activation("run", s).max().to_numpy(), 1.0) for s in _run_sources()
    )
    # EMG never measures force or power, so "most powerful" stays undecided whatever the tables hold.
    verdict = UNDECIDED
    n_hip = int(ev["bends the hip"].sum())
    explanation = (
        "\"Most powerful\" is about force or power, which EMG does not measure; and every activation curve here is "
        "scaled to its own muscle's peak, so our data cannot rank muscles by strength. The anatomy part can be "
        "read from the muscle catalogue: all four heads straighten (extend) the knee, but only "
        f"{n_hip} of 4 (rectus femoris) crosses the hip and helps bend it; the three vasti do not. "
        "No published source on the relative power of leg muscles was checked here."
    )
    rule = (
        "Deciding \"most powerful\" needs force or power of each muscle; our tables hold activation scaled to each "
        f"muscle's own peak (every running curve peaks at 1.0: {'yes' if normalised else 'no'}), so the verdict is "
        "'unsupported (our data cannot decide)'. The hip/knee part is checked against the catalogue's actions."
    )
    return ClaimResult(4, CLAIMS[4], verdict, rule, explanation, ev, "table", quads, [])


def _claim5() -> ClaimResult:
    muscles = resolve_group("hamstrings")

    def end(source, y):
        return interval_mean(y, _phase_window(source, "terminal_swing"))

    def beginning(source, y):
        return interval_mean(y, _phase_window(source, "loading_response"))

    def peak(source, y):
        return float(np.argmax(y))

    ev = _curve_rows(muscles, {"end_mean": end, "beginning_mean": beginning, "peak": peak})
    ev["active_at_end"] = ev["end_mean"] >= ACTIVE
    ev["active_at_beginning"] = ev["beginning_mean"] >= ACTIVE
    ev["passes"] = ev["active_at_end"] & ev["active_at_beginning"]
    if ev["passes"].all():
        verdict = SUPPORTED
    elif not (ev["active_at_end"] | ev["active_at_beginning"]).any():
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    ends = ev[ev["active_at_end"]]
    begins = ev[ev["active_at_beginning"]]
    if len(ends) == len(ev) and len(begins) == len(ev):
        verdict_text = "Both sides of foot strike are active in every data set."
    elif len(ends) == len(ev) and len(begins) == 0:
        verdict_text = (
            "The end of the step holds everywhere; by the start of stance the hamstrings are already fading, below "
            "the threshold in every data set, so only half of the claim holds."
        )
    else:
        verdict_text = "The data sets or muscles disagree; the table shows each one rather than an average."
    explanation = (
        "We read \"the beginning and the end of every step\" as the two sides of foot strike: the end of swing "
        "(terminal swing, the last float phase before the foot lands) and the start of stance (loading response). "
        f"The hamstrings peak at {_fmt_range(ev['peak'], pct=False)} of the cycle, in late swing, where they brake "
        f"the swinging lower leg. Mean activation in terminal swing is {_fmt_range(ev['end_mean'])} of their own "
        f"peak ({len(ends)} of {len(ev)} muscle/data-set pairs active); in loading response it is "
        f"{_fmt_range(ev['beginning_mean'], digits=1)} ({len(begins)} of {len(ev)} active). " + verdict_text
    )
    rule = (
        f"Active = mean activation at or above {_pct(ACTIVE)} of the muscle's own peak. End of the step: terminal "
        "swing; beginning: loading response (both from the data's phase table). Supported if both are active for "
        "both hamstrings in every data set, contradicted if neither is anywhere, partly supported otherwise."
    )
    return ClaimResult(5, CLAIMS[5], verdict, rule, explanation, ev, "curves", muscles, _citations(_run_sources()))


def _claim6() -> ClaimResult:
    muscles = ["tibialis_anterior"]

    def float_mean(source, y):
        return interval_mean(y, _source_regions(source)["float"])

    def landing(source, y):
        return interval_mean(y, _phase_window(source, "loading_response"))

    def at_strike(source, y):
        return float(y[0])

    ev = _curve_rows(muscles, {"float_mean": float_mean, "landing_mean": landing, "at_foot_strike": at_strike})
    ev["lifts_in_flight"] = ev["float_mean"] >= ACTIVE
    ev["active_at_landing"] = ev["landing_mean"] >= ACTIVE
    ev["passes"] = ev["lifts_in_flight"] & ev["active_at_landing"]
    if ev["passes"].all():
        verdict = SUPPORTED
    elif not (ev["lifts_in_flight"] | ev["active_at_landing"]).any():
        verdict = CONTRADICTED
    else:
        verdict = PARTLY
    explanation = (
        f"Tibialis anterior is active through the float phases (mean {_fmt_range(ev['float_mean'])} of its own "
        "peak), when it pulls the foot and toes up so they clear the ground, and it is at "
        f"{_fmt_range(ev['at_foot_strike'])} of its peak at foot strike and {_fmt_range(ev['landing_mean'])} on "
        "average during loading response, when it controls how the foot meets the ground. EMG shows the timing; "
        "that the muscle *cushions* the landing (lowers the foot while lengthening) is its known action at that "
        "moment, not something EMG alone can prove."
    )
    rule = (
        f"Lifts the toes in flight: mean activation in the float phases at or above {_pct(ACTIVE)} of its own peak; "
        f"around the landing: mean activation in loading response at or above {_pct(ACTIVE)}. Supported if both hold "
        "in every data set, contradicted if neither holds anywhere, partly supported otherwise."
    )
    return ClaimResult(6, CLAIMS[6], verdict, rule, explanation, ev, "curves", muscles, _citations(_run_sources()))


def _claim7() -> ClaimResult:
    listing = list_sources()
    run = listing[listing["gait"] == "run"]
    rows = [{"what": f"measured in {r.source} ({r.evidence})", "muscles": int(r.muscles)} for r in run.itertuples()]
    rows.append({"what": "named by the articles (our catalogue)", "muscles": len(load_catalogue()["muscles"])})
    rows.append({"what": "the claim", "muscles": ARTICLE_MUSCLE_COUNT})
    ev = pd.DataFrame(rows)
    measured_max = int(run["muscles"].max())
    verdict = UNDECIDED if measured_max < ARTICLE_MUSCLE_COUNT else SUPPORTED
    explanation = (
        f"Our data record at most {measured_max} muscles of one leg, and the articles themselves name "
        f"{len(load_catalogue()['muscles'])} muscles (our catalogue). Surface EMG can only reach muscles under the "
        "skin, so no running EMG data set records every muscle, and whether \"over 200\" are active depends on how "
        "muscles are counted (left and right, each head). Unsupported by our data; no source checked here."
    )
    rule = (
        f"Deciding needs activity of every muscle in the body; our data sets cover at most {measured_max} "
        f"(fewer than {ARTICLE_MUSCLE_COUNT}), so the verdict is 'unsupported (our data cannot decide)'."
    )
    return ClaimResult(7, CLAIMS[7], verdict, rule, explanation, ev, "count", [], _citations(_run_sources()))


def _claim8() -> ClaimResult:
    speed = {"santuz2020_synergies": "2.8 m/s", "rajagopal2016": "about 4 m/s"}
    rows = []
    for source in _run_sources():
        s = load_strides("run", source)
        cad = s["cadence_spm"]
        lo, hi = CADENCE_PER_LEG_SPM
        rows.append(
            {
                "source": source,
                "people": int(list_sources().query("source == @source and gait == 'run'")["people"].iloc[0]),
                "units": len(s),
                "speed": speed.get(source, "see the data card"),
                "cadence_mean": float(cad.mean()),
                "cadence_min": float(cad.min()),
                "cadence_max": float(cad.max()),
                "units_at_or_above_180": int((cad >= CADENCE_CLAIM_SPM).sum()),
                "units_in_170_180": int(cad.between(lo, hi).sum()),
            }
        )
    ev = pd.DataFrame(rows)
    # An "ideal" needs an outcome (injury, economy, performance) measured against cadence; none of our
    # data sets has one, so the verdict cannot be decided whatever the cadences are.
    outcome_measured = False
    verdict = UNDECIDED if not outcome_measured else PARTLY
    s30 = ev[ev["people"] > 1].iloc[0]
    s1 = ev[ev["people"] == 1].iloc[0]
    explanation = (
        "\"Ideal\" needs an outcome (injuries, energy cost, speed) measured at different cadences; our data have "
        f"none, so they cannot decide. They show what these people did. The {int(s30['people'])} runners at "
        f"{s30['speed']} ran at {s30['cadence_mean']:.0f} steps/min on average "
        f"({s30['cadence_min']:.0f}–{s30['cadence_max']:.0f}); {int(s30['units_at_or_above_180'])} of "
        f"{int(s30['units'])} reached 180. The single runner at {s1['speed']} ran at {s1['cadence_mean']:.0f} "
        f"steps/min ({s1['cadence_min']:.0f}–{s1['cadence_max']:.0f} over {int(s1['units'])} strides). These are "
        "different people at different speeds, so they cannot show how one runner's cadence changes with speed. "
        "Note also that 85–90 per leg is 170–180 steps per minute, not 180."
    )
    rule = (
        "Deciding an 'ideal' cadence needs an outcome measured across cadences; none of our data sets has one, so "
        f"the verdict is 'unsupported (our data cannot decide)'. Shown: measured cadences vs {CADENCE_CLAIM_SPM:.0f} "
        "steps/min."
    )
    return ClaimResult(8, CLAIMS[8], verdict, rule, explanation, ev, "cadence", [], _citations(_run_sources()))


def _claim9() -> ClaimResult:
    cat = load_muscles()
    rows = []
    for group, part in (("quads", "weak quads cause runner's knee"), ("calves", "weak calves overload the Achilles"),
                        ("hip flexors", "tight hip flexors tilt the pelvis")):
        for m in resolve_group(group):
            rows.append(
                {
                    "claim part": part,
                    "muscle": cat.loc[m, "name"],
                    "what the catalogue says": "; ".join(cat.loc[m, "injuries"]) or "—",
                    "in our data": "healthy runners; no strength, flexibility or injury measured",
                }
            )
    ev = pd.DataFrame(rows)
    injury_data = False
    verdict = UNDECIDED if not injury_data else PARTLY
    explanation = (
        "These are claims about causes of injury. Testing them needs strength or flexibility measured in runners "
        "who are followed up for injuries; our data are EMG of healthy people, with no strength, flexibility or "
        "injury records, so they cannot decide. The catalogue words each link as the articles' claim, and notes "
        "where the link is debated. Unsupported by our data; no source checked here."
    )
    rule = (
        "Deciding needs strength, flexibility and injury data; none of our data sets has them, so the verdict is "
        "'unsupported (our data cannot decide)'."
    )
    return ClaimResult(9, CLAIMS[9], verdict, rule, explanation, ev, "table", [], [])


_BUILDERS = {1: _claim1, 2: _claim2, 3: _claim3, 4: _claim4, 5: _claim5, 6: _claim6, 7: _claim7, 8: _claim8, 9: _claim9}


def assess_claim(number: int) -> ClaimResult:
    """Check one claim against the data.

    Parameters
    ----------
    number : int
        Claim number, 1..9 (see :data:`CLAIMS`).

    Returns
    -------
    ClaimResult
        Verdict, rule, explanation and evidence.

    Raises
    ------
    ValueError
        Unknown claim number (the message lists the valid ones).
    """
    if number not in _BUILDERS:
        raise ValueError(f"Unknown claim {number!r}. Valid: {', '.join(map(str, _BUILDERS))}")
    return _BUILDERS[number]()


def assess_claims() -> list[ClaimResult]:
    """Check every claim; one :class:`ClaimResult` per claim, in order."""
    return [assess_claim(n) for n in CLAIMS]


def claims_table(results: list[ClaimResult] | None = None) -> pd.DataFrame:
    """Claim number, text and verdict of every claim.

    Returns
    -------
    pandas.DataFrame
        Index ``number``; columns ``claim``, ``verdict``.
    """
    results = results or assess_claims()
    return pd.DataFrame(
        [{"number": r.number, "claim": r.claim, "verdict": r.verdict} for r in results]
    ).set_index("number")


def rules_markdown() -> str:
    """The thresholds behind every verdict, as Markdown (for notebooks; built from the constants)."""
    lo, hi = CADENCE_PER_LEG_SPM
    return "\n".join(
        [
            f"- **Mainly** = more than {_pct(MAINLY)} of a muscle's activity area (the area under its activation curve).",
            f"- **Active** = mean activation at or above {_pct(ACTIVE)} of the muscle's own peak; **relaxed** = below it.",
            ("- **Flight** = the two float phases, when neither foot touches the ground (from each data set's "
            "events); the whole swing of the leg is shown as a looser reading."),
            (f"- **Claim 1**: supported only if the float phases hold at least {_pct(CLAIM1_FLIGHT_SHARE - 0.1)} of "
            f"the summed activity area (the claimed {_pct(CLAIM1_FLIGHT_SHARE)} minus 10 points); contradicted if "
            f"neither the float phases nor the whole swing reach {_pct(MAINLY)}."),
            (f"- **Claim 8**: measured cadences are compared with {CADENCE_CLAIM_SPM:.0f} steps/min and with "
            f"{lo:.0f}–{hi:.0f} steps/min (85–90 per leg)."),
            ("- **All claims**: *supported* when every data set agrees, *contradicted* when none does, *partly "
            "supported* when part of the claim holds or the data sets disagree, *unsupported (our data cannot "
            "decide)* when the claim is about something we do not measure."),
        ]
    )


def summary_markdown(results: list[ClaimResult] | None = None) -> str:
    """One line per claim with its verdict, as Markdown."""
    results = results or assess_claims()
    return "\n".join(f"{r.number}. {r.claim} — **{r.verdict}**" for r in results)
