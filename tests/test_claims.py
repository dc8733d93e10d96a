"""Claims vs evidence: every claim has a verdict and evidence, and the computed quantities agree
with physiology stated here as named expectations (not taken from this code's output)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

import runmuscles
from runmuscles import claims
from runmuscles.activation import sources_for

# Running physiology (surface EMG of healthy runners):
CALF_STANCE_SHARE_MIN = 0.7  # the calf's activity lies overwhelmingly in stance
CALF_FLOAT_MEAN_MAX = 0.3  # and it is nearly silent in flight (below the usual 30 % "active" level)
GLUTE_STANCE_SHARE_MIN = 0.45  # glutes: early-stance burst holds about half or more of their activity
GLUTE_FLOAT_SHARE_MAX = 0.4  # float is short (~20-30 % of the cycle); no way it holds most glute activity
TA_FLOAT_MEAN_MIN = 0.3  # tibialis anterior dorsiflexes the foot through swing
TA_AT_FOOT_STRIKE_MIN = 0.5  # and is strongly active at foot strike
HAMSTRING_PEAK_WINDOW = (75.0, 100.0)  # hamstrings peak in terminal swing [% of the cycle]
SUMMED_STANCE_SHARE_MIN = 0.5  # stance (<45 % of the cycle) holds most of the summed leg EMG
RUN_STANCE_TIME = (0.30, 0.45)  # share of the cycle
CADENCE_30_RUNNERS_SPM = (150.0, 180.0)  # mean cadence of recreational runners at 2.8 m/s


@pytest.fixture(scope="module")
def results():
    """Every claim, assessed once."""
    return {r.number: r for r in claims.assess_claims()}


def test_every_claim_has_a_verdict_explanation_rule_and_evidence(results):
    assert sorted(results) == list(range(1, 10)) == sorted(claims.CLAIMS)
    for r in results.values():
        assert r.verdict in claims.VERDICTS
        assert len(r.explanation) > 80 and r.rule and len(r.evidence) > 0
        assert r.kind in {"shares", "curves", "cadence", "count", "table"}


def test_every_claim_has_a_figure(results):
    from runmuscles.apps.claims import claim_figure

    for r in results.values():
        fig = claim_figure(r)
        assert isinstance(fig, go.Figure) and len(fig.data) > 0
        assert f"Claim {r.number}" in fig.layout.title.text


def test_claim_1_stance_holds_most_of_the_emg(results):
    ev = results[1].evidence
    assert (ev["stance"] > SUMMED_STANCE_SHARE_MIN).all()
    assert ev["stance_time"].between(*RUN_STANCE_TIME).all()
    assert (ev["float"] < 1 - claims.CLAIM1_FLIGHT_SHARE + 0.2).all()
    assert "not measure work" in results[1].explanation


def test_claim_2_glutes_are_not_mainly_active_in_flight(results):
    ev = results[2].evidence
    assert set(ev["source"]) == set(sources_for("run"))  # every running source shown, not averaged
    assert (ev["stance"] >= GLUTE_STANCE_SHARE_MIN).all()
    assert (ev["float"] <= GLUTE_FLOAT_SHARE_MAX).all()


def test_claim_3_calf_in_stance_and_quiet_in_flight(results):
    ev = results[3].evidence
    assert set(ev["muscle"]) == {"soleus", "gastrocnemius_medialis", "gastrocnemius_lateralis"}
    assert (ev["stance_share"] >= CALF_STANCE_SHARE_MIN).all()
    assert (ev["float_mean"] <= CALF_FLOAT_MEAN_MAX).all()


def test_claim_5_hamstrings_peak_before_foot_strike(results):
    ev = results[5].evidence
    assert ev["peak"].between(*HAMSTRING_PEAK_WINDOW).all()
    assert ev["active_at_end"].all()


def test_claim_6_tibialis_anterior_in_swing_and_at_landing(results):
    ev = results[6].evidence
    assert (ev["float_mean"] >= TA_FLOAT_MEAN_MIN).all()
    assert (ev["at_foot_strike"] >= TA_AT_FOOT_STRIKE_MIN).all()


def test_claim_8_reports_measured_cadences(results):
    ev = results[8].evidence.set_index("source")
    assert CADENCE_30_RUNNERS_SPM[0] <= ev.loc["santuz2020_synergies", "cadence_mean"] <= CADENCE_30_RUNNERS_SPM[1]
    assert ev.loc["santuz2020_synergies", "units"] == runmuscles.source_info("santuz2020_synergies", "run")["people"]


def test_region_shares_sum_to_one():
    shares = claims.region_shares("santuz2020_synergies")
    assert shares[list(claims.REGIONS)].sum(axis=1).to_numpy() == pytest.approx(1.0, abs=1e-6)
    per = claims.person_region_shares("santuz2020_synergies", "soleus")
    assert len(per) == 30 and per[list(claims.REGIONS)].sum(axis=1).to_numpy() == pytest.approx(1.0, abs=1e-6)


def test_cycle_regions_validate_event_order():
    regions = claims.cycle_regions(40, 50, 90)
    assert regions["float"] == [(40, 50), (90, 100.0)]
    with pytest.raises(ValueError):
        claims.cycle_regions(60, 50, 90)


def test_unknown_claim_lists_valid_numbers():
    with pytest.raises(ValueError, match="1, 2"):
        claims.assess_claim(10)


def test_texts_come_from_the_constants():
    rules = claims.rules_markdown()
    assert f"{100 * claims.MAINLY:.0f} %" in rules and f"{100 * claims.ACTIVE:.0f} %" in rules
    summary = claims.summary_markdown()
    assert summary.count("\n") == 8 and all(v in claims.VERDICTS for v in claims.claims_table()["verdict"])


def test_browser_constructs_and_follows_a_changed_claim():
    from runmuscles.apps.claims import ClaimsBrowser

    app = ClaimsBrowser()
    assert "Claim 1" in app.detail.value
    app.claim.value = 3
    assert "Claim 3" in app.detail.value and "supported" in app.detail.value
    assert app.view.figure.layout.title.text.startswith("Claim 3")
    app.claim.value = 5
    assert app.view.figure.layout.title.text.startswith("Claim 5")
    assert sum(t.visible is not False for t in app.view.figure.data) == len(app.results[5].evidence)
    app.claim.value = 8
    assert app.view.figure.layout.title.text.startswith("Claim 8")
    assert app.view.outputs[0]["data"]["application/vnd.plotly.v1+json"]["layout"]["title"]["text"].startswith("Claim 8")


# --------------------------------------------------------------------------- verdicts recomputed from the tables
#
# Every expected verdict below is computed here from the public loaders (or from perturbed copies
# of their tables) with the rules as the notebook states them; none is copied from the module.

SUPPORTED, PARTLY, CONTRADICTED, UNDECIDED = (
    "supported", "partly supported", "contradicted", "unsupported (our data cannot decide)",
)
THRESHOLD = runmuscles.DEFAULT_THRESHOLD
RUN = runmuscles.sources_for("run")
X = np.arange(101, dtype=float)


def _integral(y, a, b):
    g = np.linspace(a, b, 2001)
    return float(np.trapezoid(np.interp(g, X, y), g))


def _share(y, windows):
    return sum(_integral(y, a, b) for a, b in windows) / _integral(y, 0, 100)


def _active(y, windows):
    """The suite's rule: at or above the threshold for at least a quarter of the windows (0.1 % grid)."""
    g = np.arange(0, 1001) / 10
    inside = np.zeros_like(g, dtype=bool)
    for a, b in windows:
        inside |= (g >= a) & (g < b)
    return float((np.interp(g[inside], X, y) >= THRESHOLD).mean()) >= 0.25


def _windows(source):
    ev = runmuscles.load_events("run", source)["percent"]
    to, cfs, cto = ev["toe_off"], ev["contralateral_foot_strike"], ev["contralateral_toe_off"]
    return {"stance": [(0.0, to)], "float": [(to, cfs), (cto, 100.0)], "swing": [(to, 100.0)], "toe_off": to}


def _rows_verdict(flags):
    flags = list(flags)
    return SUPPORTED if all(flags) else CONTRADICTED if not any(flags) else PARTLY


def _combined(parts):
    # the notebook's rule: supported only if every part is; undecided if no part can be decided;
    # contradicted if every decidable part is; partly supported otherwise
    decided = [p for p in parts if p != UNDECIDED]
    if not decided:
        return UNDECIDED
    if all(p == SUPPORTED for p in parts):
        return SUPPORTED
    if all(p == CONTRADICTED for p in decided):
        return CONTRADICTED
    return PARTLY


def _activation(source):
    return runmuscles.load_activation("run", source).copy()


def _with(columns_by_source):
    """Tables whose activation replaces some columns in some data sets."""
    act = {}
    for source, cols in columns_by_source.items():
        table = _activation(source)
        for m, y in cols.items():
            table[m] = y
        act[source] = table
    return claims.Tables(activation=act)


def _inside(windows, value=1.0, outside=0.0):
    """A curve at ``value`` inside the windows and ``outside`` elsewhere (101 samples)."""
    y = np.full(101, outside)
    for a, b in windows:
        y[(X > a) & (X < b)] = value
    return y


def test_one_rule_for_what_the_data_cannot_decide():
    # EMG measures timing; every claim part about work, power, injuries, all muscles or an ideal
    # cannot be decided, whatever the tables say.
    not_emg = {"work", "force or power", "injury", "every muscle of the body", "an ideal"}
    assert set(claims.UNMEASURED) == not_emg
    all_in_float = _with({s: {m: _inside(_windows(s)["float"]) for m in _activation(s).columns} for s in RUN})
    for tables in (None, all_in_float):
        for number, parts in claims.CLAIM_PARTS.items():
            r = claims.assess_claim(number, tables)
            for (text, about), (text2, verdict) in zip(parts, r.parts):
                assert text == text2
                if about in not_emg:
                    assert verdict == UNDECIDED, (number, text)
            if all(about in not_emg for _, about in parts):
                assert r.verdict == UNDECIDED, number


def test_claim_1_cannot_be_decided_but_shows_where_the_emg_lies():
    r = claims.assess_claim(1)
    assert r.verdict == UNDECIDED
    ev = r.evidence.set_index("source")
    for s in RUN:
        total = _activation(s).sum(axis=1).to_numpy()
        assert ev.loc[s, "float"] == pytest.approx(_share(total, _windows(s)["float"]), abs=2e-3)
        assert ev.loc[s, "stance"] == pytest.approx(_share(total, _windows(s)["stance"]), abs=2e-3)
    # moving all activity into float changes the numbers shown, never the verdict
    moved = _with({s: {m: _inside(_windows(s)["float"]) for m in _activation(s).columns} for s in RUN})
    r2 = claims.assess_claim(1, moved)
    assert r2.verdict == UNDECIDED and (r2.evidence["float"] > 0.95).all()


def _claim2_expected(tables_act):
    flags = []
    for s in RUN:
        for m in ("gluteus_maximus", "gluteus_medius"):
            flags.append(_share(tables_act[s][m].to_numpy(), _windows(s)["float"]) > 0.5)
    return _combined([_rows_verdict(flags)])


def test_claim_2_verdict_follows_the_float_shares():
    act = {s: _activation(s) for s in RUN}
    assert claims.assess_claim(2).verdict == _claim2_expected(act)
    moved = {s: {m: _inside(_windows(s)["float"]) for m in ("gluteus_maximus", "gluteus_medius")} for s in RUN}
    tables = _with(moved)
    r = claims.assess_claim(2, tables)
    assert r.verdict == _claim2_expected(tables.activation) == SUPPORTED
    # only one data set perturbed: the data sets disagree
    half = _with({RUN[0]: moved[RUN[0]]})
    assert claims.assess_claim(2, half).verdict == _claim2_expected({s: half.activation_of(s) for s in RUN}) == PARTLY


def test_claim_2_counts_the_people_with_most_glute_activity_in_swing():
    r = claims.assess_claim(2)
    ev = r.evidence.set_index(["muscle", "source"])
    for s in RUN:
        curves = runmuscles.load_curves("run", s)
        strides = runmuscles.load_strides("run", s).assign(unit=lambda t: t["unit"].astype(str)).set_index("unit")
        swing_mainly = 0
        for unit, part in curves.assign(unit=curves["unit"].astype(str)).groupby("unit"):
            y = part.sort_values("percent")["gluteus_maximus"].to_numpy()
            swing_mainly += _share(y, [(float(strides.loc[unit, "toe_off"]), 100.0)]) > 0.5
        assert ev.loc[("gluteus_maximus", s), "units_swing_mainly"] == swing_mainly
        assert ev.loc[("gluteus_maximus", s), "units"] == len(strides)
        assert f"{swing_mainly} of {len(strides)}" in r.explanation
    # the borderline of the loose reading is named with its share
    mean_swing = _share(_activation("santuz2020_synergies")["gluteus_maximus"].to_numpy(),
                        _windows("santuz2020_synergies")["swing"])
    assert abs(mean_swing - 0.5) < 0.05
    assert f"{100 * mean_swing:.1f} %" in r.explanation


def _claim3_expected(act):
    ground, relaxed = [], []
    for s in RUN:
        w = _windows(s)
        for m in ("gastrocnemius_medialis", "gastrocnemius_lateralis", "soleus"):
            y = act[s][m].to_numpy()
            ground.append(_share(y, w["stance"]) > 0.5)
            relaxed.append(not _active(y, w["float"]) and y[100] < THRESHOLD)
    return _combined([_rows_verdict(ground), _rows_verdict(relaxed)])


def test_claim_3_has_the_pre_landing_exception():
    act = {s: _activation(s) for s in RUN}
    r = claims.assess_claim(3)
    assert r.verdict == _claim3_expected(act)
    ev = r.evidence.set_index(["muscle", "source"])
    for s in RUN:
        ts = runmuscles.load_phases("run", s).loc["terminal_swing", "start"]
        for m in ("gastrocnemius_medialis", "soleus"):
            y = act[s][m].to_numpy()
            assert ev.loc[(m, s), "pre_landing_rise"] == pytest.approx(y[100] - np.interp(ts, X, y), abs=1e-6)
            assert ev.loc[(m, s), "pre_landing_rise"] > 0  # the calf rises again before landing
    early = [(m, s) for s in RUN for m in ("gastrocnemius_medialis", "gastrocnemius_lateralis", "soleus")
             if act[s][m].iloc[100] >= THRESHOLD]
    assert "before the foot lands" in r.explanation
    names = runmuscles.load_muscles()["name"]
    for m, s in early:
        assert f"{names[m]} in {s}" in r.explanation and "crosses" in r.explanation


def test_claim_3_flips_when_the_calves_are_quiet_or_busy_in_flight():
    calves = ("gastrocnemius_medialis", "gastrocnemius_lateralis", "soleus")
    quiet = _with({s: {m: _inside(_windows(s)["stance"], 1.0, 0.05) for m in calves} for s in RUN})
    assert claims.assess_claim(3, quiet).verdict == _claim3_expected(quiet.activation) == SUPPORTED
    busy = _with({s: {m: _inside(_windows(s)["float"], 1.0, 0.05) for m in calves} for s in RUN})
    assert claims.assess_claim(3, busy).verdict == _claim3_expected(busy.activation) == CONTRADICTED


def _claim4_expected(cat):
    quads = ["rectus_femoris", "vastus_lateralis", "vastus_medialis", "vastus_intermedius"]
    hip = [("hip" in cat.loc[q, "joints"]) and any("hip flexion" in a for a in cat.loc[q, "actions"]) for q in quads]
    knee = [("knee" in cat.loc[q, "joints"]) and any("knee extension" in a for a in cat.loc[q, "actions"])
            for q in quads]
    return [UNDECIDED, _rows_verdict(hip), _rows_verdict(knee)]


def test_claim_4_anatomy_is_read_from_the_catalogue():
    cat = runmuscles.load_muscles()
    r = claims.assess_claim(4)
    assert [v for _, v in r.parts] == _claim4_expected(cat)
    assert r.verdict == _combined(_claim4_expected(cat))
    ev = r.evidence.set_index("muscle")
    assert ev["bends the hip"].to_dict() == {q: "hip" in cat.loc[q, "joints"] for q in ev.index}
    # every head crossing the hip: that part becomes supported; no head crossing anything: contradicted
    all_hip = cat.copy()
    for q in ev.index:
        all_hip.at[q, "joints"] = ["hip", "knee"]
        all_hip.at[q, "actions"] = ["knee extension", "hip flexion"]
    parts = [v for _, v in claims.assess_claim(4, claims.Tables(muscles=all_hip)).parts]
    assert parts == _claim4_expected(all_hip) and parts[1] == SUPPORTED
    none = cat.copy()
    for q in ev.index:
        none.at[q, "joints"] = []
    r_none = claims.assess_claim(4, claims.Tables(muscles=none))
    assert r_none.verdict == _combined(_claim4_expected(none)) == CONTRADICTED


def _runs(y):
    """Bursts as (start, end) index pairs on the periodic cycle (0..99), wrapping bursts with start > end."""
    on = np.asarray(y[:100]) >= THRESHOLD
    starts = [i for i in range(100) if on[i] and not on[i - 1]]
    out = []
    for a in starts:
        b = a
        while on[(b + 1) % 100] and (b + 1) % 100 != a:
            b = (b + 1) % 100
        out.append((a, b))
    return out


def _hamstrings(table) -> list[str]:
    """The hamstring electrodes a data set has (biceps femoris, and semitendinosus or the medial hamstrings)."""
    return [m for m in runmuscles.resolve_group("hamstrings") if m in table]


def _claim5_expected(act):
    end, begin = [], []
    for s in RUN:
        term = runmuscles.load_phases("run", s).loc["terminal_swing"]
        mid = _windows(s)["toe_off"] / 2
        for m in _hamstrings(act[s]):
            runs = _runs(act[s][m].to_numpy())
            end.append(any(a > b or (a < term["end"] and b >= term["start"]) for a, b in runs))
            begin.append(any(a <= b and a < mid for a, b in runs))
    return _combined([_rows_verdict(end), _rows_verdict(begin)])


def test_claim_5_counts_the_biceps_femoris_stance_burst():
    act = {s: _activation(s) for s in RUN}
    r = claims.assess_claim(5)
    assert r.verdict == _claim5_expected(act)
    ev = r.evidence.set_index(["muscle", "source"])
    bf = _runs(act["rajagopal2016"]["biceps_femoris"].to_numpy())
    stance = [(a, b) for a, b in bf if a <= b and a < _windows("rajagopal2016")["toe_off"] / 2]
    assert stance, "the biceps femoris of the single runner has a burst in early stance"
    assert ev.loc[("biceps_femoris", "rajagopal2016"), "active_at_beginning"]
    assert f"{stance[0][0]}–{stance[0][1]} %" in r.explanation


def test_claim_5_flips_with_the_stance_bursts():
    with_burst, without = {}, {}
    for s in RUN:
        with_burst[s], without[s] = {}, {}
        for m in _hamstrings(_activation(s)):
            y = _activation(s)[m].to_numpy().copy()
            y2 = y.copy()
            y2[3:15] = 0.9  # a burst in early stance
            with_burst[s][m] = y2
            y3 = y.copy()
            y3[1:int(_windows(s)["toe_off"])] = 0.05  # no activity in stance
            without[s][m] = y3
    t1, t2 = _with(with_burst), _with(without)
    assert claims.assess_claim(5, t1).verdict == _claim5_expected(t1.activation) == SUPPORTED
    r2 = claims.assess_claim(5, t2)
    assert r2.verdict == _claim5_expected(t2.activation)
    assert not r2.evidence["active_at_beginning"].any()


def _claim6_expected(act):
    lifts, landing = [], []
    for s in RUN:
        y = act[s]["tibialis_anterior"].to_numpy()
        lr = runmuscles.load_phases("run", s).loc["loading_response"]
        lifts.append(_active(y, _windows(s)["float"]))
        landing.append(_active(y, [(lr["start"], lr["end"])]))
    return _combined([_rows_verdict(lifts), _rows_verdict(landing)])


def test_claim_6_verdict_follows_the_tibialis_anterior_curve():
    act = {s: _activation(s) for s in RUN}
    assert claims.assess_claim(6).verdict == _claim6_expected(act)
    silent = _with({s: {"tibialis_anterior": _inside(_windows(s)["stance"], 1.0, 0.0)} for s in RUN})
    r = claims.assess_claim(6, silent)
    assert r.verdict == _claim6_expected(silent.activation)
    assert r.verdict != claims.assess_claim(6).verdict


def test_combine_follows_the_stated_rule():
    for parts in ([SUPPORTED], [SUPPORTED, UNDECIDED], [CONTRADICTED, UNDECIDED], [UNDECIDED], [PARTLY, SUPPORTED],
                  [CONTRADICTED, CONTRADICTED], [SUPPORTED, CONTRADICTED]):
        assert claims.combine(parts) == _combined(parts)
    with pytest.raises(ValueError, match="Valid"):
        claims.combine(["maybe"])


def test_claims_text_takes_data_set_facts_from_the_sources():
    import inspect

    code = inspect.getsource(claims)
    for fact in ("m/s", "30 people", "30 runners", "6 strides", "1 runner"):
        assert fact not in code, fact
    table = claims.claims_table()
    assert list(table.columns) == ["claim", "verdict", "evidence"] and table["evidence"].str.len().gt(30).all()
    for s in RUN:
        info = runmuscles.source_info(s, "run")
        assert f"{s} ({info['people']} " in claims.assess_claim(8).explanation
