"""The nine claims of popular running articles, each checked against our data.

Every verdict is computed here from the tables with the thresholds below, so the text a notebook
shows cannot drift from the data. A verdict is one of :data:`VERDICTS`:

* ``supported``: every data set that measures it agrees with the claim under the stated rule;
* ``partly supported``: part of the claim holds, or the data sets (or muscles) disagree (shown, not
  averaged);
* ``contradicted``: no data set agrees with the claim under the stated rule;
* ``unsupported (our data cannot decide)``: the claim is about something our data do not measure.

**One rule for what our data can decide.** EMG says *when* a muscle is active and how its
activity is spread over the stride, each muscle relative to its own peak. Any part of a claim about
something else — mechanical work, force or power, injuries, every muscle of the body, an "ideal" —
is "our data cannot decide" (:data:`UNMEASURED`), whatever the EMG shows; the EMG is still shown
where it helps. A claim with several parts gets one verdict per part, combined by
:func:`combine`: supported only if every part is; our data cannot decide if no part can be
decided; contradicted if every part that can be decided is; partly supported otherwise.

Definitions used throughout (running, right leg; 0 % = right foot strike):

* **stance**: foot strike to toe-off;
* **flight** = the two **float** phases, when neither foot is on the ground (toe-off to the other
  foot's strike, and the other foot's toe-off to the next strike). The looser reading "the whole
  swing of this leg" is shown beside it;
* **rest of swing**: the swinging leg while the other foot is on the ground;
* **active**: the suite's activity words (:mod:`runmuscles.activity`): at or above 30 % of the
  muscle's own peak for at least a quarter of a window;
* **burst**: a stretch of the cycle in which the activation stays at or above that threshold;
* **activity area**: the area under a muscle's activation curve (activation x time). It says *when*
  a muscle's activity lies. It is not force and not mechanical work.

The tables come from :class:`Tables`; its defaults are the shipped tables, and a test (or a
teacher) can pass other tables to see a verdict change.

Examples
--------
>>> from runmuscles import claims
>>> results = claims.assess_claims()
>>> len(results)
9
>>> all(r.verdict in claims.VERDICTS for r in results)
True
>>> claims.combine(["supported", "unsupported (our data cannot decide)"])
'partly supported'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import activity
from .activation import list_sources, load_activation, load_curves, source_info, sources_for
from .compare import area_share, interval_mean
from .gait import load_events, load_phases, load_strides
from .muscles import format_reference, load_catalogue, load_muscles, resolve_group

__all__ = [
    "ACTIVE",
    "ARTICLE_MUSCLE_COUNT",
    "CADENCE_CLAIM_SPM",
    "CADENCE_PER_LEG_SPM",
    "CLAIM1_FLIGHT_SHARE",
    "CLAIMS",
    "CLAIM_PARTS",
    "MAINLY",
    "UNMEASURED",
    "VERDICTS",
    "ClaimResult",
    "Tables",
    "assess_claim",
    "assess_claims",
    "bursts",
    "claims_table",
    "combine",
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

#: What a claim (or a part of it) is about, when that is something our data do not measure.
UNMEASURED: tuple[str, ...] = ("work", "force or power", "injury", "every muscle of the body", "an ideal")

#: Each claim's parts: (what the part says, what it is about). "timing" and "anatomy" can be decided
#: (from the activation tables and from the catalogue); the rest are in :data:`UNMEASURED`.
CLAIM_PARTS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("80 % of the lower body's work happens in flight", "work"),),
    2: (("the glutes' activity lies mainly in flight", "timing"),),
    3: (("the calves are active on the ground", "timing"), ("the calves relax in flight", "timing")),
    4: (
        ("the quadriceps are the most powerful muscles", "force or power"),
        ("the quadriceps bend the hip", "anatomy"),
        ("the quadriceps straighten the knee", "anatomy"),
    ),
    5: (("active at the end of the step", "timing"), ("active at the beginning of the step", "timing")),
    6: (("lifts the toes in flight", "timing"), ("active around the landing", "timing")),
    7: (("over 200 muscles are exercised", "every muscle of the body"),),
    8: (("180 steps per minute is ideal", "an ideal"),),
    9: (("weak or tight muscles cause these injuries", "injury"),),
}

#: "Mainly" = more than this share of a muscle's activity area.
MAINLY = 0.5
#: "Active" / "working" = at or above this fraction of the muscle's own peak for at least a quarter
#: of a window (the suite's rule, :mod:`runmuscles.activity`); "relaxed" = not active.
ACTIVE = activity.ACTIVE
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
class Tables:
    """The running tables the verdicts are computed from.

    Every attribute is optional: a data set missing from a dict is loaded from the package
    (:func:`runmuscles.load_activation`, :func:`runmuscles.load_curves`,
    :func:`runmuscles.load_events`, :func:`runmuscles.load_phases`, :func:`runmuscles.load_strides`),
    and ``muscles`` defaults to :func:`runmuscles.load_muscles`. Pass tables of your own to see
    what would change a verdict.

    Attributes
    ----------
    activation, curves, events, phases, strides : dict of str to pandas.DataFrame
        Per running data set id, in the layout of the matching loader.
    muscles : pandas.DataFrame, optional
        The catalogue, as :func:`runmuscles.load_muscles` (``actions``, ``joints``, ...).
    sources : list of str, optional
        Running data sets to use; default :func:`runmuscles.sources_for` ``("run")``.

    Examples
    --------
    >>> t = Tables()
    >>> t.activation_of("rajagopal2016").shape[0]
    101
    """

    activation: dict[str, pd.DataFrame] = field(default_factory=dict)
    curves: dict[str, pd.DataFrame] = field(default_factory=dict)
    events: dict[str, pd.DataFrame] = field(default_factory=dict)
    phases: dict[str, pd.DataFrame] = field(default_factory=dict)
    strides: dict[str, pd.DataFrame] = field(default_factory=dict)
    muscles: pd.DataFrame | None = None
    sources: list[str] | None = None

    def run_sources(self) -> list[str]:
        """Running data set ids."""
        return list(self.sources) if self.sources is not None else sources_for("run")

    def activation_of(self, source: str) -> pd.DataFrame:
        """Mean activation (101 rows x muscles) of one data set."""
        return self.activation[source] if source in self.activation else load_activation("run", source)

    def curves_of(self, source: str) -> pd.DataFrame:
        """Every stride's or person's curve of one data set."""
        return (self.curves[source] if source in self.curves else load_curves("run", source)).copy()

    def events_of(self, source: str) -> pd.DataFrame:
        """Gait events of one data set."""
        return self.events[source] if source in self.events else load_events("run", source)

    def phases_of(self, source: str) -> pd.DataFrame:
        """Phases of one data set."""
        return self.phases[source] if source in self.phases else load_phases("run", source)

    def strides_of(self, source: str) -> pd.DataFrame:
        """Strides (or people) of one data set."""
        return self.strides[source] if source in self.strides else load_strides("run", source)

    def catalogue(self) -> pd.DataFrame:
        """The muscle catalogue."""
        return self.muscles if self.muscles is not None else load_muscles()


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
    parts : list of (str, str)
        Each part of the claim with its own verdict (see :func:`combine`).
    summary : str
        The evidence in one sentence.
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
    parts: list[tuple[str, str]] = field(default_factory=list)
    summary: str = ""


def combine(verdicts: list[str]) -> str:
    """One verdict from the verdicts of a claim's parts.

    Supported only if every part is; our data cannot decide if no part can be decided; contradicted
    if every part that can be decided is contradicted; partly supported otherwise.

    Examples
    --------
    >>> combine(["supported", "supported"])
    'supported'
    >>> combine(["contradicted", "unsupported (our data cannot decide)"])
    'contradicted'
    >>> combine(["supported", "contradicted"])
    'partly supported'
    """
    unknown = [v for v in verdicts if v not in VERDICTS]
    if unknown:
        raise ValueError(f"Unknown verdicts {unknown}. Valid: {', '.join(VERDICTS)}")
    decided = [v for v in verdicts if v != UNDECIDED]
    if not decided:
        return UNDECIDED
    if all(v == SUPPORTED for v in verdicts):
        return SUPPORTED
    if all(v == CONTRADICTED for v in decided):
        return CONTRADICTED
    return PARTLY


def _verdict_from_rows(passed: pd.Series) -> str:
    """Supported if every row passes, contradicted if none does, partly supported otherwise."""
    if passed.all():
        return SUPPORTED
    if not passed.any():
        return CONTRADICTED
    return PARTLY


def _parts(number: int, decided: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Each part's verdict: from ``decided`` (by part text) or, for unmeasured quantities, undecided."""
    decided = decided or {}
    out = []
    for text, about in CLAIM_PARTS[number]:
        if about in UNMEASURED:
            out.append((text, UNDECIDED))
        else:
            out.append((text, decided[text]))
    return out


def _citations(source_ids: list[str]) -> list[str]:
    table = list_sources().drop_duplicates("source").set_index("source")
    return [f"{table.loc[s, 'citation']} doi:{table.loc[s, 'doi']}" for s in source_ids if s in table.index]


def _named(source: str) -> str:
    """The data set id with how many people and strides stand behind it, from its own facts."""
    return f"{source} ({activity.who(source, 'run')})"


def _unit_word(source: str) -> str:
    """What one curve of a data set stands for: a person, or a stride of its single runner."""
    return "people" if source_info(source, "run")["people"] > 1 else "strides"


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


def _source_regions(source: str, tables: Tables) -> dict[str, list]:
    ev = tables.events_of(source)["percent"]
    return cycle_regions(ev["toe_off"], ev["contralateral_foot_strike"], ev["contralateral_toe_off"])


def _shares(curve: np.ndarray, regions: dict[str, list]) -> dict[str, float]:
    out = {r: area_share(curve, regions[r]) for r in REGIONS}
    out["swing"] = out["float"] + out["rest_of_swing"]
    return out


def region_shares(source: str, muscles: list[str] | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """Share of each muscle's activity area in stance, float and the rest of swing (mean running curve).

    Parameters
    ----------
    source : str
        Running data set.
    muscles : list of str, optional
        Muscle ids; default: every muscle of the source.
    tables : Tables, optional
        Where the tables come from; default: the shipped ones.

    Returns
    -------
    pandas.DataFrame
        Index ``muscle``; columns ``stance``, ``float``, ``rest_of_swing``, ``swing`` (fractions, the
        first three sum to 1) and ``float_mean`` (mean activation during float, fraction of own peak).
    """
    tables = tables or Tables()
    table = tables.activation_of(source)
    regions = _source_regions(source, tables)
    rows = []
    for m in muscles or list(table.columns):
        y = table[m].to_numpy()
        rows.append({"muscle": m, **_shares(y, regions), "float_mean": interval_mean(y, regions["float"])})
    return pd.DataFrame(rows).set_index("muscle")


def person_region_shares(source: str, muscle: str | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """Region shares for each person (or stride), each on its own toe-off.

    Parameters
    ----------
    source : str
        Running data set.
    muscle : str, optional
        Muscle id; default: the sum over all the source's muscles (each scaled to its own peak).
    tables : Tables, optional
        Where the tables come from; default: the shipped ones.

    Returns
    -------
    pandas.DataFrame
        Index ``unit``; columns as in :func:`region_shares` (without ``float_mean``).

    Notes
    -----
    The other foot's events are shifted with the unit's toe-off by the data set's mean offsets
    (for sources where they are placed by symmetry, that is exactly the symmetric convention).
    """
    tables = tables or Tables()
    curves = tables.curves_of(source)
    curves["unit"] = curves["unit"].astype(str)
    strides = tables.strides_of(source).assign(unit=lambda t: t["unit"].astype(str)).set_index("unit")
    ev = tables.events_of(source)["percent"]
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


def bursts(curve, threshold: float = ACTIVE) -> list[tuple[int, int, int]]:
    """Stretches of the cycle where a curve stays at or above ``threshold``.

    The cycle is periodic, so a burst running through 100 % continues at 0 % and is reported once,
    with ``start > end``.

    Parameters
    ----------
    curve : array-like
        101 values, activation at 0..100 % of the cycle [fraction of the muscle's own peak].
    threshold : float
        Fraction of the muscle's own peak (0..1).

    Returns
    -------
    list of (int, int, int)
        ``(start, end, peak)`` [% of the cycle], in cycle order of their start.

    Examples
    --------
    >>> y = [0.0] * 101
    >>> y[10:25] = [0.8] * 15
    >>> y[95:] = [0.5] * 6
    >>> y[0:3] = [0.5] * 3
    >>> bursts(y)
    [(10, 24, 10), (95, 2, 95)]
    """
    y = np.asarray(curve, dtype=float)[:100]  # 100 % is 0 % of the next cycle
    on = y >= threshold
    if on.all():
        return [(0, 100, int(np.argmax(y)))]
    shift = int(np.argmin(on))  # start the scan at a quiet sample, so no burst is cut in two
    out = []
    k = 0
    while k < 100:
        i = (shift + k) % 100
        if on[i]:
            j = k
            while j + 1 < 100 and on[(shift + j + 1) % 100]:
                j += 1
            idx = [(shift + n) % 100 for n in range(k, j + 1)]
            peak = idx[int(np.argmax(y[idx]))]
            out.append((idx[0], idx[-1], peak))
            k = j + 1
        else:
            k += 1
    return sorted(out, key=lambda b: b[0])


def _pct(value: float, digits: int = 0) -> str:
    return f"{100 * value:.{digits}f} %"


def _fmt_range(values: pd.Series, pct: bool = True, digits: int = 0) -> str:
    """``"lo–hi %"`` (or one value when they round alike); ``pct=False`` for values already in %."""
    lo, hi = float(values.min()), float(values.max())
    scale = 100.0 if pct else 1.0
    a, b = f"{scale * lo:.{digits}f}", f"{scale * hi:.{digits}f}"
    return f"{a} %" if a == b else f"{a}–{b} %"


def _curve_rows(muscles: list[str], parts: dict[str, Callable], tables: Tables) -> pd.DataFrame:
    rows = []
    for source in tables.run_sources():
        table = tables.activation_of(source)
        for m in muscles:
            if m not in table.columns:
                continue
            y = table[m].to_numpy()
            rows.append({"muscle": m, "source": source, **{k: f(source, y) for k, f in parts.items()}})
    return pd.DataFrame(rows)


def _claim1(tables: Tables) -> ClaimResult:
    rows = []
    for source in tables.run_sources():
        table = tables.activation_of(source)
        total = table.sum(axis=1).to_numpy()
        regions = _source_regions(source, tables)
        shares = _shares(total, regions)
        per = person_region_shares(source, tables=tables)
        rows.append(
            {
                "muscle": f"all {table.shape[1]} measured leg muscles",
                "source": source,
                **shares,
                "stance_time": regions["stance"][0][1] / 100.0,
                "units": len(per),
                "units_float_mainly": int((per["float"] > MAINLY).sum()),
                "units_stance_mainly": int((per["stance"] > MAINLY).sum()),
            }
        )
    ev = pd.DataFrame(rows)
    parts = _parts(1)
    verdict = combine([v for _, v in parts])
    where = "stance" if (ev["stance"] > MAINLY).all() else ("the float phases" if (ev["float"] > MAINLY).all() else "")
    explanation = (
        "The claim is about mechanical work, and EMG does not measure work: a muscle can be active while holding "
        "or braking without doing positive work, and tendons store and return energy. So our data cannot decide "
        "it. What they do show is when the lower body's muscle activity happens. Summing the activity areas of all "
        f"measured leg muscles (each scaled to its own peak), the float phases (flight) hold "
        f"{_fmt_range(ev['float'])} of the total and stance holds {_fmt_range(ev['stance'])}, while stance lasts "
        f"{_fmt_range(ev['stance_time'])} of the cycle; even the leg's whole swing holds {_fmt_range(ev['swing'])}. "
        + (f"Most of the muscle activity lies in {where}. " if where else "")
        + "That is a statement about activity, not about work."
    )
    rule = (
        "Work cannot be measured with EMG, so by the rule for all claims this one is 'unsupported (our data cannot "
        "decide)'. Shown instead: where the summed activity area lies (float, rest of swing, stance), per data set, "
        f"against the claim's {_pct(CLAIM1_FLIGHT_SHARE)}."
    )
    summary = (
        f"EMG is not work, so our data cannot decide; the float phases hold {_fmt_range(ev['float'])} of the summed "
        f"leg EMG area and stance {_fmt_range(ev['stance'])}."
    )
    return ClaimResult(1, CLAIMS[1], verdict, rule, explanation, ev, "shares", [], _citations(tables.run_sources()),
                       parts, summary)


def _shares_evidence(muscles: list[str], tables: Tables) -> pd.DataFrame:
    rows = []
    for source in tables.run_sources():
        table = tables.activation_of(source)
        available = [m for m in muscles if m in table.columns]
        shares = region_shares(source, available, tables)
        regions = _source_regions(source, tables)
        for m in available:
            per = person_region_shares(source, m, tables)
            rows.append(
                {
                    "muscle": m,
                    "source": source,
                    **shares.loc[m].to_dict(),
                    "peak": float(np.argmax(table[m].to_numpy())),
                    "toe_off": regions["stance"][0][1],
                    "pre_landing_mean": interval_mean(table[m].to_numpy(), regions["float"][1:]),
                    "units": len(per),
                    "units_float_mainly": int((per["float"] > MAINLY).sum()),
                    "units_swing_mainly": int((per["swing"] > MAINLY).sum()),
                    "units_stance_mainly": int((per["stance"] > MAINLY).sum()),
                }
            )
    return pd.DataFrame(rows)


def _claim2(tables: Tables) -> ClaimResult:
    muscles = ["gluteus_maximus", "gluteus_medius"]
    names = tables.catalogue()["name"]
    ev = _shares_evidence(muscles, tables)
    ev["passes"] = ev["float"] > MAINLY
    part = _verdict_from_rows(ev["passes"])
    parts = _parts(2, {CLAIM_PARTS[2][0][0]: part})
    verdict = combine([v for _, v in parts])
    per_unit = "; ".join(
        f"{names[r.muscle]} in {_named(r.source)}: {r.units_float_mainly} of {r.units} "
        f"{_unit_word(r.source)} have more than half of its area "
        f"in float, {r.units_swing_mainly} of {r.units} more than half in the whole swing"
        for r in ev.itertuples()
    )
    swing_over = ev[ev["swing"] > MAINLY]
    borderline = (
        "Read loosely (flight = the whole swing of the leg), the swing holds more than half for "
        + ", ".join(f"{names[r.muscle]} in {_named(r.source)}: {_pct(r.swing, 1)}" for r in swing_over.itertuples())
        + ": the borderline of the loose reading. "
        if len(swing_over) else
        f"Even read loosely (flight = the whole swing of the leg), the swing holds {_fmt_range(ev['swing'])}. "
    )
    explanation = (
        f"\"Mainly\" means more than {_pct(MAINLY)} of a muscle's activity area. In running, the float phases "
        f"hold {_fmt_range(ev['float'])} of gluteus maximus and medius activity and stance holds "
        f"{_fmt_range(ev['stance'])}. The glutes peak at {_fmt_range(ev['peak'], pct=False)} of the cycle, in "
        f"stance (toe-off at {_fmt_range(ev['toe_off'], pct=False)}), while they hold the pelvis and trunk as the "
        "body lands on one leg. They switch on again before landing (mean "
        f"{_fmt_range(ev['pre_landing_mean'])} of their peak in the last float), but that float is short. "
        + borderline + f"Person by person (or stride by stride): {per_unit}."
    )
    rule = (
        f"Supported if the float phases hold more than {_pct(MAINLY)} of the area for both glutes in every data "
        "set; contradicted if they hold more than half in none; partly supported otherwise. The whole swing and "
        "each person's own shares are shown beside it."
    )
    summary = (
        f"The float phases hold {_fmt_range(ev['float'])} of the glutes' activity area and stance "
        f"{_fmt_range(ev['stance'])}; the whole swing holds {_fmt_range(ev['swing'])}, and "
        + "; ".join(f"{r.units_swing_mainly} of {r.units} {_unit_word(r.source)} in {r.source}"
                    for r in ev.itertuples() if r.muscle == "gluteus_maximus")
        + " have more than half of gluteus maximus in swing."
    )
    return ClaimResult(2, CLAIMS[2], verdict, rule, explanation, ev, "shares", muscles,
                       _citations(tables.run_sources()), parts, summary)


def _claim3(tables: Tables) -> ClaimResult:
    muscles = resolve_group("calves")
    names = tables.catalogue()["name"]

    def regions(source):
        return _source_regions(source, tables)

    def term_start(source):
        return float(tables.phases_of(source).loc["terminal_swing", "start"])

    def stance(source, y):
        return area_share(y, regions(source)["stance"])

    def float_mean(source, y):
        return interval_mean(y, regions(source)["float"])

    def float_active(source, y):
        return activity.share_above(y, regions(source)["float"], ACTIVE)

    def float_level(source, y):
        return activity.window_levels(y, regions(source)["float"])["level"]

    def at_landing(source, y):
        return float(y[100])

    def swing_low(source, y):
        a = term_start(source)
        return float(np.interp(a, np.arange(101), y))

    def onset(source, y):
        # last crossing of the threshold before landing, if it happens in the last float
        a = regions(source)["float"][1][0]
        if y[100] < ACTIVE:
            return float("nan")
        k = 100
        while k > 0 and y[k - 1] >= ACTIVE:
            k -= 1
        return float(k) if k >= a else float("nan")

    def peak_in_stance(source, y):
        return float(np.argmax(y)) / regions(source)["stance"][0][1]

    ev = _curve_rows(
        muscles,
        {"stance_share": stance, "float_mean": float_mean, "float_active_share": float_active,
         "float_level": float_level, "terminal_swing_start": swing_low, "at_landing": at_landing,
         "switch_on": onset, "peak_in_stance": peak_in_stance},
        tables,
    )
    ev["pre_landing_rise"] = ev["at_landing"] - ev["terminal_swing_start"]
    ev["on_ground"] = ev["stance_share"] > MAINLY
    ev["switches_on_in_flight"] = ev["at_landing"] >= ACTIVE
    ev["relaxed_in_float"] = ~ev["float_level"].map(activity.is_active) & ~ev["switches_on_in_flight"]
    ev["passes"] = ev["on_ground"] & ev["relaxed_in_float"]
    parts = _parts(3, {
        CLAIM_PARTS[3][0][0]: _verdict_from_rows(ev["on_ground"]),
        CLAIM_PARTS[3][1][0]: _verdict_from_rows(ev["relaxed_in_float"]),
    })
    verdict = combine([v for _, v in parts])
    early = ev[ev["switches_on_in_flight"]]
    exception = (
        "The exception: the calf switches back on before the foot lands. In terminal swing its activation rises by "
        f"{_fmt_range(ev['pre_landing_rise'])} of its peak, to {_fmt_range(ev['at_landing'])} at foot strike"
        + (
            "; " + ", ".join(f"{names[r.muscle]} in {_named(r.source)} crosses the {_pct(ACTIVE)} threshold at "
                             f"{r.switch_on:.0f} % of the cycle, still in flight" for r in early.itertuples())
            + ", so for it the claim's \"relax during flight\" does not hold up to the landing."
            if len(early) else ", still below the active threshold, so it is rising but not yet active in flight."
        )
    )
    explanation = (
        f"Stance holds {_fmt_range(ev['stance_share'])} of the calf muscles' activity area (soleus and both "
        f"gastrocnemius heads, every data set); they peak at {_fmt_range(ev['peak_in_stance'])} of stance, while "
        f"the ankle takes the body's load. During float they are at or above the {_pct(ACTIVE)} \"active\" "
        f"threshold for {_fmt_range(ev['float_active_share'])} of the time (mean {_fmt_range(ev['float_mean'])} of "
        f"their own peak): {', '.join(sorted(set(ev['float_level'])))}. " + exception
    )
    rule = (
        f"On the ground: stance holds more than {_pct(MAINLY)} of the area. Relaxed in flight: not active in the "
        f"float phases (at or above {_pct(ACTIVE)} of the muscle's own peak for less than {_pct(activity.MIN_SHARE)} "
        f"of their time), and below {_pct(ACTIVE)} when the foot lands "
        "(a muscle that crosses it in the last float has switched on in flight). Each part is supported if it holds "
        "for every calf muscle in every data set, contradicted if it holds nowhere, partly supported otherwise; "
        "the claim combines its parts."
    )
    summary = (
        f"Stance holds {_fmt_range(ev['stance_share'])} of the calves' activity area and they are at or above "
        f"{_pct(ACTIVE)} of peak for {_fmt_range(ev['float_active_share'])} of the float, but they rise to {_fmt_range(ev['at_landing'])} of "
        "peak by landing"
        + (f" ({len(early)} of {len(ev)} muscle/data-set pairs above {_pct(ACTIVE)})." if len(early) else ".")
    )
    return ClaimResult(3, CLAIMS[3], verdict, rule, explanation, ev, "curves", muscles,
                       _citations(tables.run_sources()), parts, summary)


def _claim4(tables: Tables) -> ClaimResult:
    quads = resolve_group("quads")
    cat = tables.catalogue()
    rows = []
    for m in quads:
        actions = list(cat.loc[m, "actions"])
        joints = list(cat.loc[m, "joints"])
        rows.append(
            {
                "muscle": m,
                "name": cat.loc[m, "name"],
                "joints crossed": ", ".join(joints),
                "actions": "; ".join(actions),
                "crosses the hip": "hip" in joints,
                "bends the hip": "hip" in joints and any("hip flexion" in a for a in actions),
                "straightens the knee": "knee" in joints and any("knee extension" in a for a in actions),
            }
        )
    ev = pd.DataFrame(rows)
    hip, knee = _verdict_from_rows(ev["bends the hip"]), _verdict_from_rows(ev["straightens the knee"])
    parts = _parts(4, {CLAIM_PARTS[4][1][0]: hip, CLAIM_PARTS[4][2][0]: knee})
    verdict = combine([v for _, v in parts])
    benders = ev.loc[ev["bends the hip"], "name"].tolist()
    straighteners = ev.loc[ev["straightens the knee"], "name"].tolist()
    explanation = (
        "\"Most powerful\" is about force or power, which EMG does not measure, and every activation curve here is "
        "scaled to its own muscle's peak: our data cannot rank muscles by strength. The anatomy can be read from the "
        f"muscle catalogue (the joints each head crosses and its actions): {len(straighteners)} of {len(ev)} heads "
        f"straighten (extend) the knee, and {len(benders)} of {len(ev)} "
        + (f"({', '.join(benders)}) {'crosses' if len(benders) == 1 else 'cross'} the hip and "
           f"{'helps' if len(benders) == 1 else 'help'} bend it" if benders else "cross the hip and bend it")
        + (", the others do not." if 0 < len(benders) < len(ev) else ".")
        + " No published source on the relative power of leg muscles was checked here."
    )
    rule = (
        "Force and power cannot be measured with EMG, so 'most powerful' is 'our data cannot decide'. 'They let the "
        "hips bend' and 'straighten the knees' are checked for each quadriceps head against the catalogue (hip or "
        "knee among the joints it crosses, and hip flexion or knee extension among its actions): supported if every "
        "head does it, contradicted if none does, partly supported otherwise. The claim combines its parts."
    )
    summary = (
        f"Power cannot be decided from EMG; {len(straighteners)} of {len(ev)} quadriceps heads straighten the knee "
        f"and {len(benders)} of {len(ev)} cross and bend the hip"
        + (f" ({', '.join(benders)})." if benders else ".")
    )
    refs = [r for r in ("betts2022",) if r in load_catalogue()["references"]]
    return ClaimResult(4, CLAIMS[4], verdict, rule, explanation, ev, "table", quads,
                       [format_reference(r) for r in refs], parts, summary)


def _claim5(tables: Tables) -> ClaimResult:
    muscles = resolve_group("hamstrings")
    names = tables.catalogue()["name"]
    rows = []
    for source in tables.run_sources():
        table = tables.activation_of(source)
        ev_pct = tables.events_of(source)["percent"]
        to = float(ev_pct["toe_off"])
        mid = to / 2
        term = tables.phases_of(source).loc["terminal_swing"]
        for m in muscles:
            if m not in table.columns:
                continue
            y = table[m].to_numpy()
            found = bursts(y)
            # a burst that starts after foot strike and before the middle of stance
            stance_bursts = [b for b in found if b[0] <= b[1] and b[0] < mid]
            # a burst that is on during terminal swing (the last float before the foot lands)
            end_bursts = [b for b in found
                          if (b[0] <= b[1] and b[0] < term["end"] and b[1] >= term["start"]) or b[0] > b[1]]
            rows.append(
                {
                    "muscle": m,
                    "source": source,
                    "bursts": "; ".join(f"{a}–{b} %" for a, b, _ in found) or "none",
                    "n_bursts": len(found),
                    "peak": float(np.argmax(y)),
                    "stance_burst": "; ".join(f"{a}–{b} %" for a, b, _ in stance_bursts) or "none",
                    "end_mean": interval_mean(y, [(float(term["start"]), float(term["end"]))]),
                    "active_at_end": bool(end_bursts),
                    "active_at_beginning": bool(stance_bursts),
                }
            )
    ev = pd.DataFrame(rows)
    ev["passes"] = ev["active_at_end"] & ev["active_at_beginning"]
    parts = _parts(5, {
        CLAIM_PARTS[5][0][0]: _verdict_from_rows(ev["active_at_end"]),
        CLAIM_PARTS[5][1][0]: _verdict_from_rows(ev["active_at_beginning"]),
    })
    verdict = combine([v for _, v in parts])
    begins = ev[ev["active_at_beginning"]]
    quiet = ev[~ev["active_at_beginning"]]
    explanation = (
        "We read \"the beginning and the end of every step\" as the two ends of a stride around foot strike: the "
        "end is terminal swing (the last float before the foot lands), the beginning is the first half of stance. "
        f"A burst is a stretch at or above {_pct(ACTIVE)} of the muscle's own peak. The hamstrings peak at "
        f"{_fmt_range(ev['peak'], pct=False)} of the cycle, in late swing, where they brake the swinging lower leg; "
        f"{int(ev['active_at_end'].sum())} of {len(ev)} muscle/data-set pairs have that burst in terminal swing "
        f"(mean {_fmt_range(ev['end_mean'])} of peak there). A second, separate burst in the first half of stance, "
        "while the hip extends over the planted foot, is found for "
        + (", ".join(f"{names[r.muscle]} in {_named(r.source)} ({r.stance_burst})" for r in begins.itertuples())
           if len(begins) else "no muscle in any data set")
        + (
            "; not for " + ", ".join(f"{names[r.muscle]} in {_named(r.source)}" for r in quiet.itertuples())
            + " (its bursts: " + "; ".join(f"{r.bursts}" for r in quiet.itertuples()) + ")"
            if len(quiet) else ""
        )
        + "."
    )
    rule = (
        f"Burst = at or above {_pct(ACTIVE)} of the muscle's own peak. End of the step: a burst during terminal swing; "
        "beginning: a separate burst that starts after foot strike and before the middle of stance (the swing burst "
        "running on past foot strike does not count twice). Each part is supported if it holds for every hamstring "
        "in every data set, contradicted if nowhere, partly supported otherwise; the claim combines its parts."
    )
    summary = (
        f"The terminal-swing burst is found in {int(ev['active_at_end'].sum())} of {len(ev)} muscle/data-set pairs, "
        f"a separate burst in the first half of stance in {len(begins)} of {len(ev)} ("
        + ", ".join(f"{names[r.muscle]} {r.source} {r.stance_burst}" for r in begins.itertuples()) + ")."
    )
    return ClaimResult(5, CLAIMS[5], verdict, rule, explanation, ev, "curves", muscles,
                       _citations(tables.run_sources()), parts, summary)


def _claim6(tables: Tables) -> ClaimResult:
    muscles = ["tibialis_anterior"]

    def float_mean(source, y):
        return interval_mean(y, _source_regions(source, tables)["float"])

    def float_active(source, y):
        return activity.share_above(y, _source_regions(source, tables)["float"], ACTIVE)

    def float_level(source, y):
        return activity.window_levels(y, _source_regions(source, tables)["float"])["level"]

    def lr(source):
        row = tables.phases_of(source).loc["loading_response"]
        return [(float(row["start"]), float(row["end"]))]

    def landing(source, y):
        return interval_mean(y, lr(source))

    def landing_active(source, y):
        return activity.share_above(y, lr(source), ACTIVE)

    def landing_level(source, y):
        return activity.window_levels(y, lr(source))["level"]

    def at_strike(source, y):
        return float(y[0])

    ev = _curve_rows(
        muscles,
        {"float_mean": float_mean, "float_active_share": float_active, "float_level": float_level,
         "landing_mean": landing, "landing_active_share": landing_active, "landing_level": landing_level,
         "at_foot_strike": at_strike},
        tables,
    )
    ev["lifts_in_flight"] = ev["float_level"].map(activity.is_active)
    ev["active_at_landing"] = ev["landing_level"].map(activity.is_active)
    ev["passes"] = ev["lifts_in_flight"] & ev["active_at_landing"]
    parts = _parts(6, {
        CLAIM_PARTS[6][0][0]: _verdict_from_rows(ev["lifts_in_flight"]),
        CLAIM_PARTS[6][1][0]: _verdict_from_rows(ev["active_at_landing"]),
    })
    verdict = combine([v for _, v in parts])
    explanation = (
        f"Tibialis anterior is at or above {_pct(ACTIVE)} of its own peak for {_fmt_range(ev['float_active_share'])} "
        f"of the float phases ({', '.join(sorted(set(ev['float_level'])))}; mean {_fmt_range(ev['float_mean'])} of "
        "its peak), when it pulls the foot and toes up so they clear the ground. It is at "
        f"{_fmt_range(ev['at_foot_strike'])} of its peak at foot strike and at or above {_pct(ACTIVE)} for "
        f"{_fmt_range(ev['landing_active_share'])} of loading response "
        f"({', '.join(sorted(set(ev['landing_level'])))}), when it controls how the foot meets the ground. EMG shows the timing; that the muscle *cushions* the landing (lowers the foot while "
        "lengthening) is its known action at that moment, not something EMG alone can prove."
    )
    rule = (
        f"Lifts the toes in flight: active in the float phases; around the landing: active in loading response "
        f"(active = at or above {_pct(ACTIVE)} of its own peak for at least {_pct(activity.MIN_SHARE)} of the "
        "window). Each part is supported "
        "if it holds in every data set, contradicted if nowhere, partly supported otherwise; the claim combines its "
        "parts."
    )
    summary = (
        f"At or above {_pct(ACTIVE)} of its peak for {_fmt_range(ev['float_active_share'])} of the float and "
        f"{_fmt_range(ev['landing_active_share'])} of loading response."
    )
    return ClaimResult(6, CLAIMS[6], verdict, rule, explanation, ev, "curves", muscles,
                       _citations(tables.run_sources()), parts, summary)


def _claim7(tables: Tables) -> ClaimResult:
    listing = list_sources()
    run = listing[(listing["gait"] == "run") & listing["source"].isin(tables.run_sources())]
    rows = [{"what": f"measured in {r.source} ({r.evidence})", "muscles": int(r.muscles)} for r in run.itertuples()]
    n_catalogue = len(tables.catalogue())
    rows.append({"what": "named by the articles (our catalogue)", "muscles": n_catalogue})
    rows.append({"what": "the claim", "muscles": ARTICLE_MUSCLE_COUNT})
    ev = pd.DataFrame(rows)
    measured_max = int(run["muscles"].max())
    parts = _parts(7)
    verdict = combine([v for _, v in parts])
    explanation = (
        f"Our data record at most {measured_max} muscles of one leg, and the articles themselves name "
        f"{n_catalogue} muscles (our catalogue). Surface EMG can only reach muscles under the skin, so no running "
        "EMG data set records every muscle, and whether \"over 200\" are active depends on how muscles are counted "
        "(left and right, each head). Unsupported by our data; no source checked here."
    )
    rule = (
        f"Deciding needs the activity of every muscle in the body; our data sets cover at most {measured_max}, so by "
        "the rule for all claims the verdict is 'unsupported (our data cannot decide)'."
    )
    summary = f"Our data sets record at most {measured_max} muscles of one leg; the articles name {n_catalogue}."
    return ClaimResult(7, CLAIMS[7], verdict, rule, explanation, ev, "count", [], _citations(tables.run_sources()),
                       parts, summary)


def _claim8(tables: Tables) -> ClaimResult:
    rows = []
    lo, hi = CADENCE_PER_LEG_SPM
    for source in tables.run_sources():
        s = tables.strides_of(source)
        cad = s["cadence_spm"]
        info = source_info(source, "run")
        rows.append(
            {
                "source": source,
                "data set": info["title"],
                "people": int(info["people"]),
                "units": len(s),
                "cadence_mean": float(cad.mean()),
                "cadence_min": float(cad.min()),
                "cadence_max": float(cad.max()),
                "units_at_or_above_180": int((cad >= CADENCE_CLAIM_SPM).sum()),
                "units_in_170_180": int(cad.between(lo, hi).sum()),
            }
        )
    ev = pd.DataFrame(rows)
    parts = _parts(8)
    verdict = combine([v for _, v in parts])
    lines = []
    for r in ev.itertuples():
        unit = "people" if r.people > 1 else "strides"
        lines.append(
            f"{_named(r.source)} ran at {r.cadence_mean:.0f} steps/min on average ({r.cadence_min:.0f}–"
            f"{r.cadence_max:.0f}); {r.units_at_or_above_180} of {r.units} {unit} reached 180"
        )
    explanation = (
        "\"Ideal\" needs an outcome (injuries, energy cost, speed) measured at different cadences; our data have "
        "none, so they cannot decide. They show what these runners did: " + "; ".join(lines) + ". The data sets are "
        "different people at different speeds (see each data set's description), so they cannot show how one "
        "runner's cadence changes with speed. Note also that 85–90 per leg is 170–180 steps per minute, not 180."
    )
    rule = (
        "Deciding an 'ideal' cadence needs an outcome measured across cadences; none of our data sets has one, so by "
        f"the rule for all claims the verdict is 'unsupported (our data cannot decide)'. Shown: measured cadences vs "
        f"{CADENCE_CLAIM_SPM:.0f} steps/min."
    )
    summary = "An ideal needs an outcome we do not have; measured means: " + "; ".join(
        f"{r.cadence_mean:.0f} steps/min in {_named(r.source)}" for r in ev.itertuples()) + "."
    return ClaimResult(8, CLAIMS[8], verdict, rule, explanation, ev, "cadence", [], _citations(tables.run_sources()),
                       parts, summary)


def _claim9(tables: Tables) -> ClaimResult:
    cat = tables.catalogue()
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
    parts = _parts(9)
    verdict = combine([v for _, v in parts])
    explanation = (
        "These are claims about causes of injury. Testing them needs strength or flexibility measured in runners "
        "who are followed up for injuries; our data are EMG of healthy people, with no strength, flexibility or "
        "injury records, so they cannot decide. The catalogue words each link as the articles' claim, and notes "
        "where the link is debated. Unsupported by our data; no source checked here."
    )
    rule = (
        "Deciding needs strength, flexibility and injury data; none of our data sets has them, so by the rule for "
        "all claims the verdict is 'unsupported (our data cannot decide)'."
    )
    summary = "Injury causes need strength, flexibility and injury records; our data have none."
    return ClaimResult(9, CLAIMS[9], verdict, rule, explanation, ev, "table", [], [], parts, summary)


_BUILDERS = {1: _claim1, 2: _claim2, 3: _claim3, 4: _claim4, 5: _claim5, 6: _claim6, 7: _claim7, 8: _claim8, 9: _claim9}


def assess_claim(number: int, tables: Tables | None = None) -> ClaimResult:
    """Check one claim against the data.

    Parameters
    ----------
    number : int
        Claim number, 1..9 (see :data:`CLAIMS`).
    tables : Tables, optional
        The tables to judge it on; default: the shipped ones.

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
    return _BUILDERS[number](tables or Tables())


def assess_claims(tables: Tables | None = None) -> list[ClaimResult]:
    """Check every claim; one :class:`ClaimResult` per claim, in order."""
    tables = tables or Tables()
    return [assess_claim(n, tables) for n in CLAIMS]


def claims_table(results: list[ClaimResult] | None = None) -> pd.DataFrame:
    """Claim number, text, verdict and the evidence in one sentence, for every claim.

    Returns
    -------
    pandas.DataFrame
        Index ``number``; columns ``claim``, ``verdict``, ``evidence``.
    """
    results = results or assess_claims()
    return pd.DataFrame(
        [{"number": r.number, "claim": r.claim, "verdict": r.verdict, "evidence": r.summary} for r in results]
    ).set_index("number")


def rules_markdown() -> str:
    """The thresholds behind every verdict, as Markdown (for notebooks; built from the constants)."""
    lo, hi = CADENCE_PER_LEG_SPM
    return "\n".join(
        [
            ("- **What our data can decide**: EMG says when a muscle is active and where its activity lies in the "
             f"stride. Any part of a claim about {', '.join(UNMEASURED[:-1])} or {UNMEASURED[-1]} is *unsupported "
             "(our data cannot decide)*, whatever the EMG shows; the EMG is still shown where it helps."),
            f"- **Mainly** = more than {_pct(MAINLY)} of a muscle's activity area (the area under its activation curve).",
            (f"- **Active** (in a phase or window) = at or above {_pct(ACTIVE)} of the muscle's own peak for at least "
             f"{_pct(activity.MIN_SHARE)} of it, the suite's one rule for activity words; **relaxed** = not active; "
             f"a **burst** = a stretch at or above {_pct(ACTIVE)}."),
            ("- **Flight** = the two float phases, when neither foot touches the ground (from each data set's "
             "events); the whole swing of the leg is shown as a looser reading."),
            (f"- **Claim 8**: measured cadences are compared with {CADENCE_CLAIM_SPM:.0f} steps/min and with "
             f"{lo:.0f}–{hi:.0f} steps/min (85–90 per leg)."),
            ("- **All claims**: each part is *supported* when every data set agrees, *contradicted* when none does, "
             "*partly supported* when the data sets or muscles disagree; a claim is *supported* only if every part "
             "is, *contradicted* if every part that can be decided is, *partly supported* otherwise."),
        ]
    )


def summary_markdown(results: list[ClaimResult] | None = None) -> str:
    """One line per claim with its verdict and the evidence in one sentence, as Markdown."""
    results = results or assess_claims()
    return "\n".join(f"{r.number}. {r.claim} — **{r.verdict}**. {r.summary}" for r in results)
