"""The compliance score (pure): defaults, changed weights, what is missing, ranking."""

import pytest

from ucj.monitoring import compliance
from ucj.monitoring.compliance import Facts

FULL = Facts(regulation_type="perda", budget=1_000_000, non_asn_total=100,
             non_asn_enrolled=100, bumd_total=2, bumd_registered=2, village_total=50,
             village_covered=50, ptsp_required=True)


def test_defaults_full_and_empty():
    assert compliance.score(FULL).total == pytest.approx(100)
    empty = compliance.score(Facts())
    assert empty.total == 0
    assert {p.gap for p in empty.parts} == {"no_regulation", "budget_unknown", "non_asn_unknown",
                                            "bumd_unknown", "village_unknown", "no_ptsp"}
    # Defaults documented in docs/monitoring.md.
    assert compliance.DEFAULT_WEIGHTS == {"regulation": 30, "budget": 25, "non_asn": 15,
                                          "bumd": 10, "village": 10, "ptsp": 10}
    assert compliance.DEFAULT_CREDITS == {"perda": 1.0, "perkada": 0.6, "other": 0.3}


def test_partial_score_with_default_weights():
    facts = Facts(regulation_type="perkada", budget=0, non_asn_total=200, non_asn_enrolled=50,
                  bumd_total=0, bumd_registered=0, ptsp_required=False)
    result = compliance.score(facts)
    # 30 x 0.6 + 25 x 0 + 15 x 0.25 + 10 x 1 (no BUMD to register) + 0 + 0 = 31.75
    assert result.total == pytest.approx(31.75)
    gaps = [p.gap for p in result.gaps]
    # Most points lost first: budget 25, regulation 12, non-ASN 11.25, then 10 each by name.
    assert gaps == ["no_budget", "regulation_not_perda", "non_asn_incomplete",
                    "no_ptsp", "village_unknown"]
    share = next(p for p in result.parts if p.criterion == "non_asn").share
    assert share == pytest.approx(0.25)


def test_changed_weights_change_score_and_ranking():
    perda_only = Facts(regulation_type="perda")
    budget_only = Facts(budget=500_000_000)
    default = compliance.rank({"61.71": compliance.score(perda_only),
                               "61.72": compliance.score(budget_only)})
    assert [code for code, _ in default] == ["61.71", "61.72"]  # 30 vs 25
    weights = {**compliance.DEFAULT_WEIGHTS, "regulation": 10, "budget": 40}
    changed = {code: compliance.score(f, weights=weights)
               for code, f in (("61.71", perda_only), ("61.72", budget_only))}
    assert changed["61.72"].total == pytest.approx(100 * 40 / 95)  # weights now total 95
    assert [code for code, _ in compliance.rank(changed)] == ["61.72", "61.71"]
    credits = {"perda": 1.0, "perkada": 1.0, "other": 0.5}
    assert compliance.score(Facts(regulation_type="perkada"), credits=credits).total == \
        pytest.approx(30)


def test_ties_rank_by_code_and_invalid_weights_are_refused():
    ranked = compliance.rank({"61.72": compliance.score(Facts()),
                              "61.01": compliance.score(Facts())})
    assert [code for code, _ in ranked] == ["61.01", "61.72"]
    with pytest.raises(ValueError):
        compliance.score(FULL, weights={**compliance.DEFAULT_WEIGHTS, "budget": -1})
    with pytest.raises(ValueError):
        compliance.score(FULL, weights=dict.fromkeys(compliance.CRITERIA, 0))
    with pytest.raises(ValueError):
        compliance.score(FULL, credits={"perda": 1.5, "perkada": 0.5, "other": 0})
    # A zero weight leaves the criterion out, and out of the missing list.
    weights = {**compliance.DEFAULT_WEIGHTS, "ptsp": 0}
    assert "no_ptsp" not in [p.gap for p in compliance.score(Facts(), weights=weights).gaps]
