from __future__ import annotations

from typing import Any

import pytest

from advisor.advice.scoring import normalise_weights, parse_weights, score_directions, severity
from advisor.answers.profile import build_profile
from advisor.errors import UserError


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected"),
    [
        (1, 1, "low"),
        (2, 2, "low"),
        (1, 5, "medium"),
        (3, 3, "medium"),
        (2, 5, "high"),
        (3, 4, "high"),
        (3, 5, "critical"),
        (5, 5, "critical"),
    ],
)
def test_severity_matrix(likelihood: int, impact: int, expected: str) -> None:
    assert severity(likelihood, impact) == expected


def test_severity_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        severity(0, 3)


def test_weights_parse_and_normalise() -> None:
    w = parse_weights("market_need=2, founder_fit=2")
    assert normalise_weights(w) == {
        "market_need": 0.5,
        "technical_feasibility": 0.0,
        "commercial_potential": 0.0,
        "founder_fit": 0.5,
    }


@pytest.mark.parametrize("text", ["speed=1", "market_need", "market_need=-1", "market_need=x"])
def test_bad_weights_are_user_errors(text: str) -> None:
    with pytest.raises(UserError):
        parse_weights(text)


def test_directions_in_the_founders_industry_rank_higher(session: Any) -> None:
    for industry in ("healthcare", "finance", "manufacturing"):
        profile = build_profile(session.kb, {"industry": industry})
        ranked = score_directions(
            session.kb, session.engine.run(profile.answers), session.kb.weights
        )
        assert session.kb.nodes[ranked[0].id].industry == f"industry/{industry}"


def test_each_score_is_the_weighted_sum_of_its_criteria(session: Any) -> None:
    profile = build_profile(session.kb, {"industry": "legal"})
    w = normalise_weights(session.kb.weights)
    for s in score_directions(session.kb, session.engine.run(profile.answers), w):
        assert s.score == pytest.approx(sum(w[c] * v for c, v in s.criteria.items()), abs=0.06)
        assert all(0 <= v <= 100 for v in s.criteria.values())


def test_prohibited_directions_drop_to_the_end(session: Any) -> None:
    from advisor.kb.schema import parse_rule
    from advisor.rules.engine import Engine

    flag = parse_rule(
        {
            "id": "rule/t",
            "sources": ["ch10.3"],
            "when": {"fact": "industry", "eq": "finance"},
            "then": [
                {
                    "flag_direction": {
                        "flag": "prohibited",
                        "where": {"industry": "industry/finance"},
                    }
                }
            ],
            "because": {"en": "Banned.", "zh": "禁止。"},
        }
    )
    out = Engine([flag]).run({"industry": "finance", "use_cases": []})
    ranked = score_directions(session.kb, out, session.kb.weights)
    finance = [
        i for i, s in enumerate(ranked) if session.kb.nodes[s.id].industry == "industry/finance"
    ]
    assert finance and min(finance) == len(ranked) - len(finance)
    assert all("prohibited" in ranked[i].flags for i in finance)


def _scored(name: str, score: float, *, pivot: bool = False) -> Any:
    from advisor.advice.scoring import DirectionScore

    return DirectionScore(f"direction/{name}", score, {}, pivot=pivot)


def test_a_pivot_leads_only_when_it_beats_the_best_home_direction_by_the_margin() -> None:
    from advisor.advice.scoring import _leaders_first
    from advisor.kb.records import DirectionSettings

    ranked = [
        _scored("far_pivot", 90, pivot=True),
        _scored("near_pivot", 75, pivot=True),
        _scored("home_a", 70),
        _scored("home_b", 60),
    ]
    out = _leaders_first(ranked, DirectionSettings(leaders=3, pivot_margin=10))
    # 90 > 70 + 10 leads; 75 does not and follows the leaders, however high it scores
    assert [s.id.removeprefix("direction/") for s in out] == [
        "far_pivot",
        "home_a",
        "home_b",
        "near_pivot",
    ]
    assert [s.leader for s in out] == [True, True, True, False]


def test_without_a_home_direction_the_ranking_is_by_score() -> None:
    from advisor.advice.scoring import _leaders_first
    from advisor.kb.records import DirectionSettings

    ranked = [_scored("a", 80, pivot=True), _scored("b", 70, pivot=True)]
    out = _leaders_first(ranked, DirectionSettings(leaders=1, pivot_margin=50))
    assert [s.id for s in out] == ["direction/a", "direction/b"]
    assert [s.leader for s in out] == [True, False]


def test_a_rules_several_adjustments_of_one_criterion_are_one_signed_contribution(
    session: Any,
) -> None:
    # rule/directions_uc_risk_scoring adjusts founder fit for fraud, credit and pricing use cases;
    # a direction with two of them gets one contribution of +16, not two lines of +8
    profile = build_profile(
        session.kb, {"industry": "finance", "use_cases": ["fraud_detection", "credit_scoring"]}
    )
    out = session.engine.run(profile.answers)
    for s in score_directions(session.kb, out, session.kb.weights):
        rules = [r.rule for r in s.criteria_reasons.get("founder_fit", [])]
        assert len(rules) == len(set(rules)), s.id
