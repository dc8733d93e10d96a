"""Gait events and stride phases.

Conventions (see ``runmuscles/data/activation.md``): 0 % of the gait cycle is a foot strike of
the right leg and 100 % its next foot strike. Events are detected from the measured vertical
ground reaction force (GRF) or taken from the given cycle timings; phase boundaries that are
not measured events are conventions and are flagged as such in every phase table.

Examples
--------
>>> import runmuscles
>>> phases = runmuscles.load_phases("run")
>>> list(phases.index[:3])
['loading_response', 'mid_stance', 'propulsion']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import datasets
from ._resources import check_choice
from .datasets import GAITS

__all__ = [
    "GAITS",
    "detect_contacts",
    "braking_end",
    "stride_events",
    "build_phases",
    "fill_missing_events",
    "load_events",
    "load_phases",
    "load_strides",
    "phase_at",
]

#: Plain-language description of each phase, for the product's text.
PHASE_TEXT = {
    "loading_response": (
        "Loading response",
        "The foot has just struck the ground. The leg absorbs the impact: knee and ankle bend under load "
        "while the ground pushes backwards on the foot (braking).",
    ),
    "mid_stance": (
        "Mid-stance",
        "The body passes over the supporting foot. Braking ends; knee flexion and ankle dorsiflexion "
        "reach their maximum as the leg stores elastic energy.",
    ),
    "terminal_stance": (
        "Terminal stance",
        "The heel rises and the body moves ahead of the supporting foot while the other leg swings through.",
    ),
    "propulsion": (
        "Propulsion",
        "The ground now pushes the body forwards. Hip, knee and ankle extend and the calf muscles "
        "and Achilles tendon return energy until toe-off.",
    ),
    "pre_swing": (
        "Pre-swing",
        "Both feet are on the ground; the trailing leg unloads and pushes off before its toes leave the ground.",
    ),
    "initial_swing": (
        "Initial swing",
        "The foot has left the ground. The hip flexes and the knee folds to bring the leg forwards.",
    ),
    "mid_swing": (
        "Mid-swing",
        "The swinging leg passes under the body while the other foot supports it.",
    ),
    "terminal_swing": (
        "Terminal swing",
        "The knee extends and the hamstrings brake the swinging leg, preparing the foot for the next strike.",
    ),
}

#: Walking descriptions where walking differs from running (the other phases share PHASE_TEXT).
WALK_PHASE_TEXT = {
    "loading_response": (
        "Loading response",
        "The heel has just struck the ground while the other foot is still down (double support). The knee "
        "bends a little and the shin muscles lower the forefoot under control as body weight is taken on.",
    ),
    "mid_stance": (
        "Mid-stance",
        "The other foot has left the ground. The body vaults over the nearly straight supporting leg while the "
        "shank rolls forwards over the foot, controlled by the calf muscles.",
    ),
    "initial_swing": (
        "Initial swing",
        "The foot has left the ground. The hip flexes and the knee bends so that the toes clear the floor.",
    ),
    "mid_swing": (
        "Mid-swing",
        "The swinging leg passes the supporting leg; the shin muscles hold the foot up to clear the floor.",
    ),
    "terminal_swing": (
        "Terminal swing",
        "The knee straightens and the hamstrings slow the swinging leg, placing the heel for the next strike.",
    ),
}

#: Which part of the cycle a phase belongs to.
PHASE_KIND = {
    "loading_response": "stance",
    "mid_stance": "stance",
    "terminal_stance": "stance",
    "propulsion": "stance",
    "pre_swing": "stance",
    "initial_swing": "swing",
    "mid_swing": "swing",
    "terminal_swing": "swing",
}


def detect_contacts(
    t: np.ndarray, vertical_force: np.ndarray, threshold_n: float = 20.0, min_contact_s: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """Foot strikes and toe-offs from the vertical ground reaction force of one foot.

    Parameters
    ----------
    t : numpy.ndarray
        Sample times [s].
    vertical_force : numpy.ndarray
        Vertical GRF under one foot [N].
    threshold_n : float
        Contact threshold [N].
    min_contact_s : float
        Contacts shorter than this are discarded as noise [s].

    Returns
    -------
    strikes, offs : numpy.ndarray
        Event times [s] (first sample at or above / below the threshold). A contact cut by the start
        or end of the recording contributes only the event that lies inside it.
    """
    on = np.asarray(vertical_force) >= threshold_n
    change = np.diff(on.astype(int))
    strikes = t[1:][change == 1]
    offs = t[1:][change == -1]
    keep_s = [s for s in strikes if not np.any((offs > s) & (offs < s + min_contact_s))]
    keep_o = [o for o in offs if not np.any((strikes < o) & (strikes > o - min_contact_s))]
    return np.asarray(keep_s, dtype=float), np.asarray(keep_o, dtype=float)


def braking_end(t: np.ndarray, ap_force: np.ndarray, strike: float, off: float) -> float:
    """Time at which the fore-aft GRF changes from braking to propulsion within one contact.

    The braking direction is taken from the force in the first 20 % of the contact rather than
    from an assumed axis sign. The change is where the cumulative propulsive impulse reaches its
    minimum, which is robust to brief sign flips from noise near foot strike and toe-off.

    Parameters
    ----------
    t : numpy.ndarray
        Sample times [s].
    ap_force : numpy.ndarray
        Fore-aft (anterior-posterior) GRF of the same foot [N].
    strike, off : float
        Foot strike and toe-off of the contact [s].

    Returns
    -------
    float
        Time of the braking-to-propulsion change [s].
    """
    inside = (t >= strike) & (t <= off)
    tt, f = t[inside], np.asarray(ap_force)[inside]
    early = f[: max(3, len(f) // 5)].mean()
    if early == 0:
        raise ValueError(f"no fore-aft force early in the contact {strike:.3f}-{off:.3f} s")
    impulse = np.cumsum(f * -np.sign(early))
    k = int(np.argmin(impulse))
    if k == 0 or k >= len(f) - 1:
        raise ValueError(f"no braking-to-propulsion change in the contact {strike:.3f}-{off:.3f} s")
    return float(tt[k + 1])


def stride_events(
    strikes: np.ndarray,
    offs: np.ndarray,
    contra_strikes: np.ndarray | None = None,
    contra_offs: np.ndarray | None = None,
    braking_ends: np.ndarray | None = None,
) -> pd.DataFrame:
    """Events of each complete stride as % of that stride.

    Parameters
    ----------
    strikes, offs : numpy.ndarray
        Foot strikes and toe-offs of the reference (right) foot [s].
    contra_strikes, contra_offs : numpy.ndarray, optional
        The same for the other foot [s].
    braking_ends : numpy.ndarray, optional
        Braking-to-propulsion times of the reference foot's contacts [s].

    Returns
    -------
    pandas.DataFrame
        One row per stride: ``start_s``, ``end_s``, ``stride_time_s`` and the events
        ``toe_off``, ``contralateral_foot_strike``, ``contralateral_toe_off``, ``braking_end``
        in % of the stride (NaN where not given).
    """
    def pct(times: np.ndarray | None, a: float, b: float) -> float:
        """First event strictly inside the stride (a, b), in % of it."""
        if times is None:
            return np.nan
        inside = [x for x in times if a < x < b]
        return 100.0 * (inside[0] - a) / (b - a) if inside else np.nan

    rows = []
    for a, b in zip(strikes[:-1], strikes[1:]):
        rows.append(
            {
                "start_s": a,
                "end_s": b,
                "stride_time_s": b - a,
                "toe_off": pct(offs, a, b),
                "contralateral_foot_strike": pct(contra_strikes, a, b),
                "contralateral_toe_off": pct(contra_offs, a, b),
                "braking_end": pct(braking_ends, a, b),
            }
        )
    return pd.DataFrame(rows)


def fill_missing_events(
    strides: pd.DataFrame, gait: str, allow_partial: bool = False
) -> tuple[dict[str, bool], list[str]]:
    """Place the events a recording lacks by the product's conventions, in place, and say which were measured.

    The other foot's events, when not recorded (a foot off the force plates, or no force plate at all),
    are put half a cycle from this foot's: its foot strike at 50 %, its toe-off at toe-off + 50 %
    (running) or toe-off - 50 % (walking). Running's braking end, when not measured, is put at half of
    stance. An event counts as measured when the recording has it.

    Parameters
    ----------
    strides : pandas.DataFrame
        One row per stride with ``toe_off`` [%] and whichever other events were recorded [%]; events
        placed by convention are written into it.
    gait : {"run", "walk"}
        Gait.
    allow_partial : bool
        An event recorded in some strides but not others: an error (False), or kept as measured with a
        note (True).

    Returns
    -------
    measured : dict
        Event -> True if recorded, False if placed by convention (``toe_off`` always True).
    notes : list of str
        Events recorded in only some strides (with ``allow_partial``).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"toe_off": [36.0, 38.0]})
    >>> fill_missing_events(s, "run")[0]
    {'toe_off': True, 'contralateral_foot_strike': False, 'contralateral_toe_off': False, 'braking_end': False}
    >>> s["contralateral_toe_off"].tolist()
    [86.0, 88.0]
    """
    if strides["toe_off"].isna().any():
        raise ValueError("every stride needs a measured toe-off")
    rules = {
        "contralateral_foot_strike": lambda s: 50.0,
        "contralateral_toe_off": (lambda s: s["toe_off"] + 50.0) if gait == "run" else (lambda s: s["toe_off"] - 50.0),
        "braking_end": lambda s: s["toe_off"] / 2,
    }
    measured, notes = {"toe_off": True}, []
    for event, rule in rules.items():
        if event == "braking_end" and gait != "run":
            continue
        if event not in strides or strides[event].isna().all():
            strides[event] = rule(strides)
            measured[event] = False
            continue
        if strides[event].isna().any():
            if not allow_partial:
                raise ValueError(f"{event} is measured in some strides but not in others")
            notes.append(f"{event.replace('_', ' ')} recorded in {int(strides[event].notna().sum())} of {len(strides)} strides")
        measured[event] = True
    return measured, notes


def build_phases(events: dict[str, float], measured: dict[str, bool], gait: str) -> pd.DataFrame:
    """Phase table from mean event times.

    Parameters
    ----------
    events : dict
        Mean event times in % of the cycle: ``toe_off``, ``contralateral_foot_strike``,
        ``contralateral_toe_off`` and, for running, ``braking_end``.
    measured : dict
        For each event, whether it was measured (True) or set by convention (False).
    gait : {"run", "walk"}
        Running gets loading response / mid-stance / propulsion and swing split at the other
        foot's events (so initial and terminal swing are the two float phases); walking gets
        the Perry sub-phases.

    Returns
    -------
    pandas.DataFrame
        Indexed by phase id, with ``name``, ``kind`` (stance/swing), ``support``, ``start``,
        ``end`` [% cycle], ``start_event``, ``end_event``, ``start_measured``, ``end_measured``
        and ``description``.
    """
    check_choice("gait", gait, GAITS)
    to = events["toe_off"]
    cfs = events["contralateral_foot_strike"]
    cto = events["contralateral_toe_off"]
    ev = {"foot_strike": 0.0, "next_foot_strike": 100.0, **events}
    meas = {"foot_strike": True, "next_foot_strike": True, **measured}
    if gait == "run":
        b = events["braking_end"]
        ev["mid_braking"] = b / 2
        meas["mid_braking"] = False
        bounds = [
            ("loading_response", "foot_strike", "mid_braking", "single support (right foot)"),
            ("mid_stance", "mid_braking", "braking_end", "single support (right foot)"),
            ("propulsion", "braking_end", "toe_off", "single support (right foot)"),
            ("initial_swing", "toe_off", "contralateral_foot_strike", "float (no foot on the ground)"),
            ("mid_swing", "contralateral_foot_strike", "contralateral_toe_off", "single support (left foot)"),
            ("terminal_swing", "contralateral_toe_off", "next_foot_strike", "float (no foot on the ground)"),
        ]
    else:
        ev["mid_single_support"] = (cto + cfs) / 2
        ev["early_swing_end"] = to + (100 - to) / 3
        ev["late_swing_start"] = to + 2 * (100 - to) / 3
        meas.update(mid_single_support=False, early_swing_end=False, late_swing_start=False)
        bounds = [
            ("loading_response", "foot_strike", "contralateral_toe_off", "double support"),
            ("mid_stance", "contralateral_toe_off", "mid_single_support", "single support (right foot)"),
            ("terminal_stance", "mid_single_support", "contralateral_foot_strike", "single support (right foot)"),
            ("pre_swing", "contralateral_foot_strike", "toe_off", "double support"),
            ("initial_swing", "toe_off", "early_swing_end", "single support (left foot)"),
            ("mid_swing", "early_swing_end", "late_swing_start", "single support (left foot)"),
            ("terminal_swing", "late_swing_start", "next_foot_strike", "single support (left foot)"),
        ]
    rows = []
    for pid, a, b_, support in bounds:
        name, text = (WALK_PHASE_TEXT if gait == "walk" else {}).get(pid, PHASE_TEXT[pid])
        rows.append(
            {
                "phase": pid,
                "name": name,
                "kind": PHASE_KIND[pid],
                "support": support,
                "start": round(float(ev[a]), 1),
                "end": round(float(ev[b_]), 1),
                "start_event": a,
                "end_event": b_,
                "start_measured": bool(meas[a]),
                "end_measured": bool(meas[b_]),
                "description": text,
            }
        )
    table = pd.DataFrame(rows).set_index("phase")
    if not (np.diff(table[["start", "end"]].to_numpy().ravel()) >= 0).all():
        raise ValueError(f"phase boundaries are not in order for {gait}: {events}")
    return table


def _rows(table_name: str, gait: str, source: str | None) -> pd.DataFrame:
    """The rows of a shipped per-(gait, source) table for one gait and source, without those two columns."""
    return datasets.table(table_name, gait, source)


def load_phases(gait: str = "run", source: str | None = None) -> pd.DataFrame:
    """Phases of the gait cycle, built from the measured events of a data set.

    Parameters
    ----------
    gait : {"run", "walk"}
        Gait.
    source : str, optional
        Data set (see :func:`runmuscles.list_sources`); default: the gait's default source.

    Returns
    -------
    pandas.DataFrame
        Indexed by phase id (``loading_response``, ``mid_stance``, ``propulsion`` or walking's
        ``terminal_stance`` and ``pre_swing``, ``initial_swing``, ``mid_swing``, ``terminal_swing``)
        with ``name``, ``kind``, ``support``, ``start`` and ``end`` [% of the gait cycle],
        the events bounding each phase and whether each boundary is measured (True) or a
        convention (False), and a short ``description``.

    Raises
    ------
    ValueError
        For an unknown gait or source; the message lists the valid ones.
    """
    return _rows("phases", gait, source).set_index("phase")


def load_events(gait: str = "run", source: str | None = None) -> pd.DataFrame:
    """Gait events in % of the cycle: mean, SD and count over strides (or people).

    Returns
    -------
    pandas.DataFrame
        Indexed by event (``foot_strike``, ``braking_end``, ``toe_off``,
        ``contralateral_foot_strike``, ``contralateral_toe_off``, ``next_foot_strike``) with
        ``percent``, ``sd``, ``n`` and ``measured`` (False: set by convention, e.g. the other
        foot's events assumed symmetric when only the right foot was recorded).
    """
    return _rows("events", gait, source).set_index("event")


def load_strides(gait: str = "run", source: str | None = None) -> pd.DataFrame:
    """Per-stride (or per-person) timing: stride time [s], cadence [steps/min], toe-off [%].

    Returns
    -------
    pandas.DataFrame
        One row per unit (``unit`` = stride number or person id) with ``stride_time_s``,
        ``cadence_spm`` (steps per minute, both feet: 120 / stride time) and ``toe_off``.
    """
    return _rows("strides", gait, source).reset_index(drop=True)


def phase_at(percent: float, gait: str = "run", source: str | None = None) -> pd.Series:
    """The phase row that contains ``percent`` (% of the gait cycle, 0..100)."""
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must lie in 0..100 % of the gait cycle, got {percent!r}")
    phases = load_phases(gait, source)
    inside = phases[(phases["start"] <= percent) & (percent < phases["end"])]
    return inside.iloc[0] if len(inside) else phases.iloc[-1]
