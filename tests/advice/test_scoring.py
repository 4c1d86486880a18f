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
