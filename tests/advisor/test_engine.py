from __future__ import annotations

from typing import Any

from advisor import records
from advisor.engine import Engine
from advisor.schema import parse_rule


def rule(
    rid: str, when: dict[str, Any], *then: dict[str, Any], salience: int = 0
) -> records.Rule:
    return parse_rule(
        {
            "id": f"rule/{rid}",
            "sources": ["ch5.3"],
            "salience": salience,
            "when": when,
            "then": list(then),
            "because": {"en": f"because {rid}", "zh": f"因为{rid}"},
        }
    )


def derive(fact: str, value: Any = True) -> dict[str, Any]:
    return {"derive": {"fact": fact, "value": value}}


def test_chains_derived_facts_to_a_fixpoint() -> None:
    rules = [
        rule("c", {"fact": "b", "eq": True}, derive("c")),
        rule("b", {"fact": "a", "eq": True}, derive("b")),
        rule("a", {"fact": "x", "gt": 1}, derive("a")),
    ]
    out = Engine(rules).run({"x": 2})
    assert out.facts["c"] is True
    assert [f.rule for f in out.trace] == ["rule/a", "rule/b", "rule/c"]


def test_readers_of_a_fact_wait_for_every_writer() -> None:
    # "quiet" must not fire on the absence of "alarm" before the rule that derives it ran,
    # even though it has the higher salience.
    rules = [
        rule("quiet", {"not": {"fact": "alarm", "eq": True}}, derive("calm"), salience=100),
        rule("alarm", {"fact": "x", "eq": "fire"}, derive("alarm")),
    ]
    out = Engine(rules).run({"x": "fire"})
    assert "rule/quiet" not in out.fired
    assert out.facts.get("calm") is None


def test_salience_orders_rules_within_a_stratum() -> None:
    rules = [
        rule("low", {"fact": "x", "eq": 1}, {"recommend": {"id": "role/a"}}, salience=-5),
        rule("high", {"fact": "x", "eq": 1}, {"recommend": {"id": "role/b"}}, salience=5),
    ]
    assert [f.rule for f in Engine(rules).run({"x": 1}).trace] == ["rule/high", "rule/low"]


def ping_pong() -> list[records.Rule]:
    """Two rules that feed each other: "ping" on start or pong, "pong" on ping."""
    return [
        rule(
            "ping",
            {"any": [{"fact": "start", "eq": True}, {"fact": "pong", "eq": True}]},
            derive("ping"),
        ),
        rule("pong", {"fact": "ping", "eq": True}, derive("pong")),
    ]


def test_cycle_terminates_and_each_rule_fires_once() -> None:
    rules = ping_pong()
    engine = Engine(rules)
    out = engine.run({"start": True})
    assert sorted(out.fired) == ["rule/ping", "rule/pong"]
    assert set(engine.cycles()) == {"rule/ping", "rule/pong"}


def test_two_values_for_one_fact_is_a_reported_conflict() -> None:
    rules = [
        rule("one", {"fact": "x", "eq": 1}, derive("mode", "a"), salience=1),
        rule("two", {"fact": "x", "eq": 1}, derive("mode", "b")),
    ]
    out = Engine(rules).run({"x": 1})
    assert out.facts["mode"] == "a"
    (conflict,) = out.conflicts
    assert conflict.kind == "fact" and conflict.rules == ("rule/one", "rule/two")


def test_recommended_and_advised_against_is_a_reported_conflict() -> None:
    rules = [
        rule("pro", {"fact": "x", "eq": 1}, {"recommend": {"id": "technique/t"}}),
        rule("con", {"fact": "y", "eq": 1}, {"advise_against": {"id": "technique/t"}}),
    ]
    out = Engine(rules).run({"x": 1, "y": 1})
    (conflict,) = out.conflicts
    assert conflict.kind == "recommendation" and conflict.subject == "technique/t"
    assert "technique/t" in out.recommended and "technique/t" in out.against


def test_trace_records_matched_values_and_sources() -> None:
    rules = [
        rule(
            "r",
            {"all": [{"fact": "x", "eq": 1}, {"fact": "y", "gt": 2}]},
            {"raise_risk": {"id": "risk/a", "likelihood": 4}},
        )
    ]
    (firing,) = Engine(rules).run({"x": 1, "y": 3, "z": 9}).trace
    assert firing.matched == {"x": 1, "y": 3} and firing.sources == ("ch5.3",)


def test_raised_risk_keeps_the_highest_likelihood_and_impact() -> None:
    rules = [
        rule(
            "a",
            {"fact": "x", "eq": 1},
            {"raise_risk": {"id": "risk/r", "likelihood": 2, "impact": 5}},
        ),
        rule("b", {"fact": "x", "eq": 1}, {"raise_risk": {"id": "risk/r", "likelihood": 4}}),
    ]
    hit = Engine(rules).run({"x": 1}).risks["risk/r"]
    assert (hit.likelihood, hit.impact, len(hit.reasons)) == (4, 5, 2)


def test_index_only_evaluates_rules_whose_key_matches() -> None:
    rules = [
        rule(
            f"r{i}",
            {"all": [{"fact": "k", "eq": f"v{i}"}, {"fact": "n", "gt": 0}]},
            derive(f"f{i}"),
        )
        for i in range(500)
    ]
    out = Engine(rules).run({"k": "v7", "n": 1})
    assert out.fired == {"rule/r7"}
    assert out.evaluations == 1


def test_contains_on_list_facts_is_indexed_by_element() -> None:
    rules = [
        rule(f"r{i}", {"fact": "tags", "contains": f"t{i}"}, derive(f"f{i}")) for i in range(100)
    ]
    out = Engine(rules, list_facts=["tags"]).run({"tags": ["t3", "t50"]})
    assert out.fired == {"rule/r3", "rule/r50"} and out.evaluations == 2


def test_bool_true_does_not_match_integer_one_through_the_index() -> None:
    rules = [rule("r", {"fact": "x", "eq": True}, derive("y"))]
    assert Engine(rules).run({"x": 1}).fired == set()


def test_regulation_tier_is_the_strictest_applied() -> None:
    rules = [
        rule(
            "a",
            {"fact": "x", "eq": 1},
            {"apply_regulation": {"id": "regulation/eu_ai_act", "tier": "limited_risk"}},
        ),
        rule(
            "b",
            {"fact": "x", "eq": 1},
            {"apply_regulation": {"id": "regulation/eu_ai_act", "tier": "high_risk"}},
        ),
        rule(
            "c",
            {"fact": "x", "eq": 1},
            {"apply_regulation": {"id": "regulation/eu_ai_act", "tier": "minimal_risk"}},
        ),
    ]
    assert Engine(rules).run({"x": 1}).regulations["regulation/eu_ai_act"].tier == "high_risk"


def test_a_run_leaves_the_engine_reusable() -> None:
    rules = [rule("r", {"fact": "x", "eq": 1}, derive("y"))]
    engine = Engine(rules)
    assert engine.run({"x": 1}).fired == {"rule/r"}
    assert engine.run({"x": 2}).fired == set()
    assert engine.run({"x": 1}).fired == {"rule/r"}


def test_trace_shows_a_fact_derived_later_as_absent_at_firing_time() -> None:
    rules = ping_pong()
    out = Engine(rules).run({"start": True})
    firings = {f.rule: f.matched for f in out.trace}
    assert out.facts["pong"] is True  # derived after "ping" fired...
    assert firings["rule/ping"] == {"pong": None, "start": True}  # ...so absent when it read
    assert firings["rule/pong"] == {"ping": True}
