"""The three-valued run: pending rules, unknown facts, and agreement with the two-valued run."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.advice.session import Session, open_session
from advisor.kb.schema import parse_condition, parse_rule
from advisor.rules.conclusions import Conclusions
from advisor.rules.engine import Engine
from advisor.rules.kleene import compile_condition3
from tests.profile_files import PROFILES, load_profile


@pytest.fixture(scope="module")
def session() -> Session:
    return open_session()


_profile = load_profile


def _summary(out: Conclusions) -> dict[str, object]:
    return {
        "facts": out.facts,
        "fired": sorted(out.fired),
        "risks": {
            k: (h.likelihood, h.impact, [r.rule for r in h.reasons]) for k, h in out.risks.items()
        },
        "recommended": {
            k: (h.fit, h.priority, [r.rule for r in h.reasons]) for k, h in out.recommended.items()
        },
        "against": {k: [r.rule for r in v] for k, v in out.against.items()},
        "regulations": {k: (h.tiers, h.gpai) for k, h in out.regulations.items()},
        "obligations": sorted(out.obligations),
        "exemptions": sorted(out.exemptions),
        "conflicts": [(c.kind, c.subject, c.rules) for c in out.conflicts],
        "trace": [f.rule for f in out.trace],
    }


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_the_three_valued_run_agrees_when_nothing_it_reads_is_unknown(
    session: Session, path: Path
) -> None:
    answers = _profile(session, path).answers
    fast = session.engine.run(answers)
    slow = session.engine.run(answers, unknown=["no_rule_reads_this"])
    assert slow.pending == []
    assert _summary(slow) == _summary(fast)


@pytest.mark.parametrize("path", PROFILES[:6], ids=lambda p: p.stem)
def test_an_unknown_answer_never_decides_what_its_value_would_not(
    session: Session, path: Path
) -> None:
    """Soundness: with one answer unknown, a rule that fires fires also on the real answer,
    and a rule that fires on the real answer fires or is pending."""
    answers = _profile(session, path).answers
    full = session.engine.run(answers).fired
    for q in answers:
        if q == "company_name":
            continue
        out = session.engine.run(answers, unknown=[q])
        assert out.fired <= full, q
        waiting = {p.rule for p in out.pending}
        assert full - out.fired <= waiting, q
        for p in out.pending:
            assert q in p.depends_on, (q, p.rule)


def _rule(rid: str, when: dict, then: list) -> object:
    return parse_rule(
        {
            "id": rid,
            "sources": ["ch6.1"],
            "when": when,
            "then": then,
            "because": {"en": "Because.", "zh": "因为。"},
        }
    )


def test_a_pending_rule_makes_what_it_derives_unknown_for_the_rules_after_it() -> None:
    rules = [
        _rule(
            "rule/a",
            {"fact": "eu_users", "eq": True},
            [{"derive": {"fact": "in_eu", "value": True}}],
        ),
        _rule(
            "rule/b",
            {"all": [{"fact": "in_eu", "eq": True}, {"fact": "size", "gt": 3}]},
            [{"raise_risk": {"id": "risk/x"}}],
        ),
        _rule(
            "rule/c",
            {"any": [{"fact": "in_eu", "eq": True}, {"fact": "size", "gt": 3}]},
            [{"raise_risk": {"id": "risk/y"}}],
        ),
    ]
    engine = Engine(rules)  # type: ignore[arg-type]
    out = engine.run({"size": 2}, unknown={"eu_users": ("eu_users", "markets")})
    assert [(p.rule, p.depends_on) for p in out.pending] == [
        ("rule/a", ("eu_users", "markets")),
        ("rule/c", ("eu_users", "markets")),
    ]
    assert out.unknown["in_eu"] == {"eu_users", "markets"}
    assert "in_eu" not in out.facts and not out.risks
    # a part that is false decides an ``all`` (rule/b above); a true one decides an ``any``
    out = engine.run({"size": 9}, unknown=["eu_users"])
    assert [p.rule for p in out.pending] == ["rule/a", "rule/b"]
    assert set(out.risks) == {"risk/y"}


def test_a_definite_value_wins_only_when_every_pending_writer_agrees() -> None:
    def rules(second: object) -> list:
        return [
            _rule("rule/p", {"fact": "x", "eq": True}, [{"derive": {"fact": "f", "value": "a"}}]),
            _rule(
                "rule/q", {"fact": "y", "eq": True}, [{"derive": {"fact": "f", "value": second}}]
            ),
            _rule("rule/r", {"fact": "f", "eq": "a"}, [{"raise_risk": {"id": "risk/z"}}]),
        ]

    same = Engine(rules("a")).run({"y": True}, unknown=["x"])  # type: ignore[arg-type]
    assert same.facts["f"] == "a" and "risk/z" in same.risks
    other = Engine(rules("b")).run({"y": True}, unknown=["x"])  # type: ignore[arg-type]
    assert "f" not in other.facts and [p.rule for p in other.pending] == ["rule/p", "rule/r"]


# every comparison on an unknown fact is unknown, exists included; not keeps it unknown
@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"fact": "k", "eq": 1}, None),
        ({"fact": "k", "exists": True}, None),
        ({"fact": "k", "exists": False}, None),
        ({"not": {"fact": "k", "eq": 1}}, None),
        ({"all": [{"fact": "k", "eq": 1}, {"fact": "n", "eq": 2}]}, False),
        ({"all": [{"fact": "k", "eq": 1}, {"fact": "n", "eq": 1}]}, None),
        ({"any": [{"fact": "k", "eq": 1}, {"fact": "n", "eq": 1}]}, True),
        ({"any": [{"fact": "k", "eq": 1}, {"fact": "n", "eq": 2}]}, None),
        ({"not": {"any": [{"fact": "k", "eq": 1}, {"fact": "n", "eq": 1}]}}, False),
        ({"fact": "absent", "exists": False}, True),
    ],
)
def test_comparisons_and_connectives_on_an_unknown_fact(cond: dict, expected: object) -> None:
    check = compile_condition3(parse_condition(cond))
    assert check({"n": 1, "k": 1}, {"k"}) is expected
    # the engine's compiled trees agree with the closures
    engine = Engine([_rule("rule/t", cond, [{"raise_risk": {"id": "risk/t"}}])])  # type: ignore[list-item]
    out = engine.run({"n": 1, "k": 1}, unknown=["k"])
    got = True if out.risks else (None if out.pending else False)
    assert got is expected
