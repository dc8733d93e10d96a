"""Check functions for the "Analyse it yourself" notebook: feedback and a hint for a student's answer.

Each ``check_*`` function takes what a student computed from the package's tables, compares it with the
answer computed here from the same tables, and returns a :class:`Feedback` that a notebook shows as a short
message: *right* with what the answer means for the running stride, or *not yet* with what is off and a hint.
A check never raises on a student's answer: ``None``, a wrong type or a misspelt muscle all get a message.

>>> import runmuscles
>>> from runmuscles.tasks import check_stance
>>> check_stance(runmuscles.load_events("run").loc["toe_off", "percent"]).correct
True
>>> check_stance(None).correct
False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .activation import DEFAULT_THRESHOLD, load_activation, resolve_source, sources_for
from .apps.plotview import PlotView
from .compare import interval_mean
from .gait import GAITS, load_events, phase_at
from .muscles import resolve_group

__all__ = [
    "PEAK_TOLERANCE",
    "STANCE_TOLERANCE",
    "MEAN_TOLERANCE",
    "Feedback",
    "float_intervals",
    "check_peaks",
    "check_stance",
    "check_calf_in_flight",
    "check_compare",
    "show",
]

#: How far a peak may be from the table's [% of the gait cycle] (0 % and 100 % are the same instant).
PEAK_TOLERANCE = 1.0
#: How far a stance duration may be from the measured toe-off [% of the gait cycle].
STANCE_TOLERANCE = 1.0
#: How far a mean activation may be from the one computed here [fraction of the muscle's own peak]; wide
#: enough for any fair way of averaging a curve sampled at every 1 % (samples or interpolated area).
MEAN_TOLERANCE = 0.03


@dataclass(frozen=True)
class Feedback:
    """The result of a check: shown as Markdown in JupyterLab and Voilà, as plain text elsewhere.

    Attributes
    ----------
    correct : bool
        True when the answer matches the one computed from the tables.
    message : str
        What was right, or what is off.
    hint : str
        How to get there (empty when the answer is right).
    """

    correct: bool
    message: str
    hint: str = ""

    def __str__(self) -> str:
        head = "Right." if self.correct else "Not yet."
        return f"{head} {self.message}" + (f"\nHint: {self.hint}" if self.hint else "")

    def _repr_markdown_(self) -> str:
        head = "✅ **Right.**" if self.correct else "❌ **Not yet.**"
        return f"{head} {self.message}" + (f"\n\n💡 *Hint:* {self.hint}" if self.hint else "")


def _no_answer(hint: str) -> Feedback:
    return Feedback(False, "There is no answer yet: the cell gave `None`.", hint)


def _number(value) -> float | None:
    """``value`` as a float if it is one number (a Python or NumPy scalar), else ``None``."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (Real, np.number)):
        return float(value)
    return None


def _per_muscle(answer) -> dict[str, float] | None:
    """A ``{muscle: number}`` view of a Series or mapping, or ``None`` if it is neither (or holds no numbers)."""
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        return None
    out = {}
    for key, value in answer.items():
        number = _number(value)
        if number is None:
            return None
        out[str(key)] = number
    return out


def _cycle_distance(a: float, b: float) -> float:
    """Distance between two instants of the gait cycle [%], 0 % and 100 % being the same instant."""
    d = abs(a - b) % 100.0
    return min(d, 100.0 - d)


def _pct(x: float) -> str:
    return f"{x:.0f} %"


def _list(items: list[str]) -> str:
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else "none"


def float_intervals(source: str | None = None) -> list[tuple[float, float]]:
    """The two float phases of running (no foot on the ground) [% of the gait cycle].

    Parameters
    ----------
    source : str, optional
        Running data set; default: the default running source.

    Returns
    -------
    list of (float, float)
        Toe-off to the other foot's strike, and the other foot's toe-off to the next strike (100 %).

    Examples
    --------
    >>> [(round(a), round(b)) for a, b in float_intervals("rajagopal2016")]
    [(36, 50), (86, 100)]
    """
    ev = load_events("run", source)["percent"]
    return [(float(ev["toe_off"]), float(ev["contralateral_foot_strike"])),
            (float(ev["contralateral_toe_off"]), 100.0)]


def _check_gait(gait: str) -> Feedback | None:
    if gait not in GAITS:
        return Feedback(False, f"There is no gait {gait!r}.", f"Use one of: {', '.join(GAITS)}.")
    return None


def _check_source(gait: str, source: str | None) -> tuple[str | None, Feedback | None]:
    """The data set to use for ``gait`` (after checking the gait), or the feedback saying what is wrong."""
    bad = _check_gait(gait)
    if bad:
        return None, bad
    try:
        return resolve_source(gait, source), None
    except ValueError:
        return None, Feedback(False, f"There is no {gait} data set {source!r}.",
                              f"Use one of: {', '.join(sources_for(gait))} (`runmuscles.sources_for({gait!r})`).")


def check_peaks(answer, gait: str = "run", source: str | None = None) -> Feedback:
    """Check the instant at which each muscle peaks [% of the gait cycle].

    Parameters
    ----------
    answer : pandas.Series or dict
        Muscle id -> percent of the cycle at its peak, for every muscle of the table (e.g. ``table.idxmax()``).
    gait : {"run", "walk"}
        The gait the answer is about.
    source : str, optional
        The data set the answer is about; default: the gait's default data set.

    Returns
    -------
    Feedback
        Right when every muscle's peak is within :data:`PEAK_TOLERANCE` of the table's.

    Examples
    --------
    >>> import runmuscles
    >>> check_peaks(runmuscles.load_activation("run").idxmax()).correct
    True
    >>> check_peaks({"soleus": 50}).correct
    False
    """
    hint = ("Each column of `runmuscles.load_activation(...)` is a muscle and each row a percent of the cycle: "
            "`.idxmax()` gives, for every column, the row of its maximum.")
    if answer is None:
        return _no_answer(hint)
    source, bad = _check_source(gait, source)
    if bad:
        return bad
    table = load_activation(gait, source)
    expected = {m: float(table[m].idxmax()) for m in table.columns}
    given = _per_muscle(answer)
    if given is None:
        return Feedback(False, f"Expected one number per muscle (a Series or a dict), got {type(answer).__name__}.", hint)
    unknown = sorted(set(given) - set(expected))
    if unknown:
        return Feedback(False, f"Not muscles of this table: {_list(unknown)}.",
                        f"The table's muscles are: {', '.join(expected)}.")
    missing = [m for m in expected if m not in given]
    if all(0 <= v <= 1 for v in given.values()) and (any(v != round(v) for v in given.values()) or min(given.values()) == 1):
        return Feedback(False, "These look like activation values (0..1), not instants of the cycle.",
                        "You want *where* each maximum is (`.idxmax()`), not the maximum itself (`.max()`).")
    wrong = [m for m in given if _cycle_distance(given[m], expected[m]) > PEAK_TOLERANCE]
    if wrong:
        m = wrong[0]
        return Feedback(False, f"{len(wrong)} of {len(given)} peaks are off, e.g. {m}: you have {_pct(given[m])}.",
                        hint)
    if missing:
        return Feedback(False, f"The {len(given)} peaks you gave are right; {len(missing)} muscles are missing: "
                        f"{_list(missing)}.", "Compute the peak of every column at once: `table.idxmax()`.")
    toe_off = float(load_events(gait, source).loc["toe_off", "percent"])
    stance = [m for m, p in expected.items() if p < toe_off]
    swing = {m: phase_at(p, gait, source)["name"].lower() for m, p in expected.items() if p >= toe_off}
    late = ", ".join(f"{m} at {_pct(expected[m])} ({phase})" for m, phase in swing.items())
    return Feedback(True, f"In the {gait} data ({source}), {len(stance)} of {len(expected)} muscles peak while the "
                    f"foot is on the ground (before toe-off at {_pct(toe_off)}); the others peak in swing: "
                    f"{late or 'none'}.")


def check_stance(answer, gait: str = "run", source: str | None = None) -> Feedback:
    """Check how long stance (the foot on the ground) lasts [% of the gait cycle].

    Parameters
    ----------
    answer : float
        Stance duration in % of the gait cycle (stance runs from foot strike at 0 % to toe-off).
    gait : {"run", "walk"}
        The gait the answer is about.
    source : str, optional
        The data set; default: the gait's default data set.

    Returns
    -------
    Feedback
        Right when within :data:`STANCE_TOLERANCE` of the measured toe-off.

    Examples
    --------
    >>> check_stance(50).correct
    False
    """
    hint = ("Stance starts at foot strike (0 %) and ends at toe-off: look up the `toe_off` row of "
            "`runmuscles.load_events(...)`, column `percent`.")
    if answer is None:
        return _no_answer(hint)
    source, bad = _check_source(gait, source)
    if bad:
        return bad
    value = _number(answer)
    if value is None:
        return Feedback(False, f"Expected one number (% of the cycle), got {type(answer).__name__}.", hint)
    toe_off = float(load_events(gait, source).loc["toe_off", "percent"])
    if abs(value - toe_off) <= STANCE_TOLERANCE:
        share = "well under half" if toe_off < 45 else "more than half" if toe_off > 55 else "about half"
        return Feedback(True, f"In the {gait} data ({source}) the foot is on the ground for {toe_off:.1f} % of the "
                        f"cycle, {share} of it; swing takes the other {100 - toe_off:.1f} %.")
    if abs(value - (100 - toe_off)) <= STANCE_TOLERANCE:
        return Feedback(False, f"{value:.1f} % is how long the foot is *off* the ground (swing).", hint)
    if 0 < value <= 1 and abs(100 * value - toe_off) <= STANCE_TOLERANCE:
        return Feedback(False, "That is a fraction of the cycle; the tables use percent.", "Multiply by 100.")
    return Feedback(False, f"{value:.1f} % is {'more' if value > toe_off else 'less'} than the measured stance.", hint)


def check_calf_in_flight(answer, source: str | None = None, threshold: float = DEFAULT_THRESHOLD) -> Feedback:
    """Check the calf muscles' mean activation during the two float phases of running (no foot down).

    Parameters
    ----------
    answer : pandas.Series or dict
        Calf muscle id -> mean activation during float [fraction of the muscle's own peak, 0..1], for the
        calf muscles of the data set (soleus, gastrocnemius medialis and lateralis).
    source : str, optional
        Running data set; default: the default running source.
    threshold : float
        What counts as active [fraction of the muscle's own peak].

    Returns
    -------
    Feedback
        Right when every calf muscle's mean is within :data:`MEAN_TOLERANCE` of the one computed here
        (the mean of the interpolated curve over :func:`float_intervals`).

    Examples
    --------
    >>> check_calf_in_flight({"soleus": 0.9}).correct
    False
    """
    hint = ("Float is toe-off to `contralateral_foot_strike`, and `contralateral_toe_off` to 100 % "
            "(`runmuscles.load_events('run')`). Select those rows of the table (`table.index` is the percent) "
            "and take `.mean()` of the calf columns.")
    if answer is None:
        return _no_answer(hint)
    source, bad = _check_source("run", source)
    if bad:
        return bad
    table = load_activation("run", source)
    calf = [m for m in resolve_group("calves") if m in table.columns]
    given = _per_muscle(answer)
    if given is None:
        return Feedback(False, f"Expected one mean per calf muscle (a Series or a dict), got {type(answer).__name__}.",
                        hint)
    missing = [m for m in calf if m not in given]
    if missing:
        return Feedback(False, f"Missing calf muscles: {_list(missing)}.", f"The calf muscles here are {_list(calf)}.")
    if any(v > 1.0 for v in given.values()):
        return Feedback(False, "Activation is a fraction of the muscle's own peak (0..1); some of yours are above 1.",
                        hint)
    intervals = float_intervals(source)
    expected = {m: interval_mean(table[m].to_numpy(), intervals) for m in calf}
    wrong = [m for m in calf if abs(given[m] - expected[m]) > MEAN_TOLERANCE]
    if wrong:
        stance_like = [m for m in wrong if given[m] > expected[m]]
        extra = " (higher than in float: does your selection include stance?)" if stance_like else ""
        m = wrong[0]
        return Feedback(False, f"{m}: you have {given[m]:.2f}{extra}.", hint)
    top = max(expected.values())
    silent = top < threshold
    verdict = (f"all below the {_pct(100 * threshold)} \"active\" threshold: the calf is nearly silent in flight"
               if silent else f"not all below the {_pct(100 * threshold)} \"active\" threshold")
    mean_text = ", ".join(f"{m} {_pct(100 * expected[m])}" for m in calf)
    return Feedback(True, f"Mean activation in float ({source}): {mean_text} of each muscle's own peak, {verdict}.")


def check_compare(answer, muscle: str = "soleus", gait: str = "run") -> Feedback:
    """Check a muscle's peak in every data set of a gait [% of the gait cycle].

    Parameters
    ----------
    answer : pandas.Series or dict
        Data set id -> percent of the cycle at the muscle's peak, for every data set of ``gait`` that has
        the muscle (``runmuscles.sources_for(gait)``).
    muscle : str
        Muscle id.
    gait : {"run", "walk"}
        Gait.

    Returns
    -------
    Feedback
        Right when every data set's peak is within :data:`PEAK_TOLERANCE` of its table's.

    Examples
    --------
    >>> check_compare({"rajagopal2016": 0}).correct
    False
    """
    hint = ("Loop over `runmuscles.sources_for(gait)`, load each data set's table with "
            "`runmuscles.load_activation(gait, source)` and take `.idxmax()` of the muscle's column.")
    if answer is None:
        return _no_answer(hint)
    bad = _check_gait(gait)
    if bad:
        return bad
    tables = {s: load_activation(gait, s) for s in sources_for(gait)}
    tables = {s: t for s, t in tables.items() if muscle in t.columns}
    if not tables:
        known = sorted({m for s in sources_for(gait) for m in load_activation(gait, s).columns})
        return Feedback(False, f"No {gait} data set has the muscle {muscle!r}.", f"Try one of: {', '.join(known)}.")
    given = _per_muscle(answer)
    if given is None:
        return Feedback(False, f"Expected one peak per data set (a Series or a dict), got {type(answer).__name__}.",
                        hint)
    unknown = sorted(set(given) - set(tables))
    if unknown:
        return Feedback(False, f"Not {gait} data sets with {muscle}: {_list(unknown)}.",
                        f"They are: {_list(list(tables))}.")
    missing = [s for s in tables if s not in given]
    if missing:
        return Feedback(False, f"Missing data sets: {_list(missing)}.", hint)
    expected = {s: float(t[muscle].idxmax()) for s, t in tables.items()}
    wrong = [s for s in tables if _cycle_distance(given[s], expected[s]) > PEAK_TOLERANCE]
    if wrong:
        return Feedback(False, f"The peak in {wrong[0]} is off: you have {_pct(given[wrong[0]])}.", hint)
    parts = []
    for s, p in expected.items():
        toe_off = float(load_events(gait, s).loc["toe_off", "percent"])
        where = "in stance" if p < toe_off else f"in {phase_at(p, gait, s)['name'].lower()}"
        parts.append(f"{_pct(p)} in {s} ({where}, toe-off at {_pct(toe_off)})")
    spread = max(_cycle_distance(a, b) for a in expected.values() for b in expected.values())
    return Feedback(True, f"{muscle} peaks at {_list(parts)}: the data sets differ by {_pct(spread)} of the cycle.")


def show(figure: go.Figure) -> PlotView:
    """Show a plotly figure the same way in JupyterLab and on a Voilà page.

    The figure is drawn by the page's plotly renderer inside an output widget
    (:class:`runmuscles.apps.plotview.PlotView`): a bare figure as a cell's result raises an error on a Voilà
    page, where the renderer tries to store a static copy into the page's read-only output.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        E.g. from ``plotly.express``.

    Returns
    -------
    PlotView
        Showing ``figure`` (its ``.figure``).

    Examples
    --------
    >>> import plotly.express as px
    >>> fig = px.line(x=[0, 50, 100], y=[0.2, 1.0, 0.2])
    >>> show(fig).figure is fig
    True
    """
    return PlotView(figure)
