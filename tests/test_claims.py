"""Claims vs evidence: every claim has a verdict and evidence, and the computed quantities agree
with physiology stated here as named expectations (not taken from this code's output)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

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
    assert results[1].verdict == "contradicted"
    assert "not mechanical work" in results[1].explanation or "not work" in results[1].explanation


def test_claim_2_glutes_are_not_mainly_active_in_flight(results):
    ev = results[2].evidence
    assert set(ev["source"]) == set(sources_for("run"))  # every running source shown, not averaged
    assert (ev["stance"] >= GLUTE_STANCE_SHARE_MIN).all()
    assert (ev["float"] <= GLUTE_FLOAT_SHARE_MAX).all()
    assert results[2].verdict == "contradicted"


def test_claim_3_calf_in_stance_and_quiet_in_flight(results):
    ev = results[3].evidence
    assert set(ev["muscle"]) == {"soleus", "gastrocnemius_medialis", "gastrocnemius_lateralis"}
    assert (ev["stance_share"] >= CALF_STANCE_SHARE_MIN).all()
    assert (ev["float_mean"] <= CALF_FLOAT_MEAN_MAX).all()
    assert results[3].verdict == "supported"


def test_claim_5_hamstrings_peak_before_foot_strike(results):
    ev = results[5].evidence
    assert ev["peak"].between(*HAMSTRING_PEAK_WINDOW).all()
    assert ev["active_at_end"].all()
    assert results[5].verdict in {"supported", "partly supported"}


def test_claim_6_tibialis_anterior_in_swing_and_at_landing(results):
    ev = results[6].evidence
    assert (ev["float_mean"] >= TA_FLOAT_MEAN_MIN).all()
    assert (ev["at_foot_strike"] >= TA_AT_FOOT_STRIKE_MIN).all()
    assert results[6].verdict == "supported"


def test_claim_8_reports_measured_cadences_but_cannot_decide_ideal(results):
    ev = results[8].evidence.set_index("source")
    assert CADENCE_30_RUNNERS_SPM[0] <= ev.loc["santuz2020_synergies", "cadence_mean"] <= CADENCE_30_RUNNERS_SPM[1]
    assert ev.loc["santuz2020_synergies", "units"] == 30
    assert results[8].verdict == claims.VERDICTS[3]


@pytest.mark.parametrize("number", [4, 7, 9])
def test_claims_outside_emg_are_undecided(results, number):
    assert results[number].verdict == claims.VERDICTS[3]


def test_claim_4_anatomy_only_rectus_femoris_crosses_the_hip(results):
    ev = results[4].evidence.set_index("muscle")
    assert ev["straightens the knee"].all()
    assert ev["bends the hip"].to_dict() == {
        "rectus_femoris": True, "vastus_lateralis": False, "vastus_medialis": False, "vastus_intermedius": False,
    }


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
