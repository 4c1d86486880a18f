from __future__ import annotations

import random
from typing import Any

from advisor.kb import records
from advisor.kb.records import Derive
from advisor.kb.schema import parse_rule
from advisor.rules.conditions import compile_condition
from advisor.rules.engine import Engine


def rule(rid: str, when: dict[str, Any], *then: dict[str, Any], salience: int = 0) -> records.Rule:
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


def test_a_rule_woken_below_the_current_rank_runs_before_the_rest_of_its_stratum() -> None:
    # All three share the last stratum (a and b feed each other; c reads a). b runs first (a is
    # not keyed by the answers), wakes a, which outranks it and must run before c.
    rules = [
        rule("a", {"fact": "b", "eq": True}, derive("a"), salience=10),
        rule("b", {"any": [{"fact": "a", "eq": True}, {"fact": "kick", "eq": True}]}, derive("b")),
        rule(
            "c",
            {"any": [{"fact": "a", "eq": True}, {"fact": "kick", "eq": True}]},
            {"recommend": {"id": "role/c"}},
            salience=-10,
        ),
    ]
    engine = Engine(rules)
    assert len(set(engine.strata)) == 1
    out = engine.run({"kick": True})
    assert [f.rule for f in out.trace] == ["rule/b", "rule/a", "rule/c"]
    assert out.evaluations == 3  # c is evaluated once, though a's fact also wakes it


def test_a_derived_value_replacing_an_answer_is_what_later_rules_see() -> None:
    rules = [
        rule("bump", {"fact": "x", "eq": 1}, derive("x", 2), salience=1),
        rule("one", {"fact": "x", "eq": 1}, derive("saw_one")),
        rule("two", {"fact": "x", "eq": 2}, derive("saw_two")),
    ]
    out = Engine(rules).run({"x": 1})
    assert out.facts["x"] == 2 and out.fired == {"rule/bump", "rule/two"}


def test_a_keyed_rule_is_not_woken_by_another_fact_while_its_key_fails() -> None:
    rules = [
        rule("d", {"fact": "n", "gt": 0}, derive("d")),
        rule("r", {"all": [{"fact": "k", "eq": "a"}, {"fact": "d", "eq": True}]}, derive("y")),
    ]
    out = Engine(rules).run({"k": "b", "n": 1})
    assert out.fired == {"rule/d"} and out.evaluations == 1
    out = Engine(rules).run({"k": "a", "n": 1})
    assert out.fired == {"rule/d", "rule/r"} and out.evaluations == 2


def test_a_rule_two_keys_bring_is_evaluated_once() -> None:
    rules = [
        rule("any", {"fact": "tags", "contains_any": ["a", "b"]}, derive("y")),
        rule("in", {"fact": "k", "in": ["a", "a", "b"]}, derive("z")),
    ]
    out = Engine(rules, list_facts=["tags"]).run({"tags": ["a", "b", "a"], "k": "a"})
    assert out.fired == {"rule/any", "rule/in"} and out.evaluations == 2


def test_rules_deriving_equal_values_of_different_types_keep_their_types() -> None:
    rules = [
        rule("int", {"fact": "x", "eq": 1}, derive("v", 1)),
        rule("bool", {"fact": "x", "eq": 2}, derive("v", True)),
        rule("float", {"fact": "x", "eq": 3}, derive("v", 1.0)),
    ]
    engine = Engine(rules)
    assert [type(engine.run({"x": x}).facts["v"]) for x in (1, 2, 3)] == [int, bool, float]


# --- agreement with a naive engine on random rule sets -------------------------------------------


def random_condition(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    kind = rng.random()
    if depth < 2 and kind < 0.3:
        key = rng.choice(["all", "any"])
        return {key: [random_condition(rng, depth + 1) for _ in range(rng.randint(1, 3))]}
    if depth < 2 and kind < 0.4:
        return {"not": random_condition(rng, depth + 1)}
    fact = rng.choice(["a", "b", "tags", "d0", "d1", "d2", "d3"])
    if fact == "tags":
        op = rng.choice(["contains", "contains_any", "exists"])
        value: Any = {"contains": "t1", "contains_any": ["t0", "t2"], "exists": True}[op]
    else:
        op = rng.choice(["eq", "eq", "eq", "ne", "in", "gt", "lt", "exists"])
        value = {
            "in": sorted(rng.sample(range(3), 2)),
            "exists": rng.random() < 0.5,
        }.get(op, rng.randrange(3))
    return {"fact": fact, op: value}


def random_rules(rng: random.Random, n: int) -> list[records.Rule]:
    out = []
    for i in range(n):
        actions = []
        for _ in range(rng.randint(1, 2)):
            if rng.random() < 0.7:  # "a" is an answer that a rule may overwrite
                actions.append(derive(rng.choice(["a", "d0", "d1", "d2", "d3"]), rng.randrange(3)))
            else:
                actions.append({"recommend": {"id": f"technique/t{rng.randrange(3)}"}})
        out.append(rule(f"r{i}", random_condition(rng), *actions, salience=rng.randint(-1, 1)))
    return out


def naive_run(engine: Engine, rules: list[records.Rule], answers: dict[str, Any]) -> list[str]:
    """Fire the first rule by rank that holds and has not fired, until none does."""
    checks = [compile_condition(r.when) for r in rules]
    order = sorted(range(len(rules)), key=lambda i: engine.rank[i])
    facts = dict(answers)
    derived: set[str] = set()
    fired: list[str] = []
    while True:
        i = next((i for i in order if rules[i].id not in fired and checks[i](facts)), None)
        if i is None:
            return fired
        fired.append(rules[i].id)
        for action in rules[i].then:
            body = action.body
            if isinstance(body, Derive) and body.fact not in derived:
                derived.add(body.fact)
                facts[body.fact] = body.value


def test_runs_agree_with_a_naive_engine_on_random_rule_sets() -> None:
    rng = random.Random(7)
    for _ in range(300):
        rules = random_rules(rng, rng.randint(1, 14))
        engine = Engine(rules, list_facts=["tags"])
        for _ in range(3):
            answers: dict[str, Any] = {
                "a": rng.randrange(3),
                "b": rng.choice([0, 1, 2, None]),
                "tags": rng.sample(["t0", "t1", "t2"], rng.randint(0, 3)),
            }
            out = engine.run(answers)
            assert [f.rule for f in out.trace] == naive_run(engine, rules, answers)


def test_an_exemption_is_recorded_with_its_provision_ground_and_rule() -> None:
    rules = [
        rule("applies", {"fact": "x", "eq": 1}, {"apply_regulation": {"id": "regulation/law"}}),
        rule(
            "exempt",
            {"fact": "y", "eq": True},
            {
                "exempt_regulation": {
                    "id": "regulation/law",
                    "citation": "Law Art. 2(3)",
                    "ground": {"en": "military use", "zh": "军事用途"},
                }
            },
        ),
    ]
    out = Engine(rules).run({"x": 1, "y": True})
    [e] = out.exemptions["regulation/law"]
    assert (e.citation, e.ground.en, e.reason.rule) == (
        "Law Art. 2(3)",
        "military use",
        "rule/exempt",
    )
    assert "regulation/law" not in Engine(rules).run({"x": 1, "y": False}).exemptions


def test_the_earliest_path_date_of_an_obligation_wins_and_undated_paths_do_not_count() -> None:
    from datetime import date

    def need(rid: str, fact: str, when: str | None) -> records.Rule:
        body: dict[str, Any] = {"id": "obligation/duty"}
        if when:
            body["effective_from"] = when
        return rule(rid, {"fact": fact, "eq": True}, {"require_obligation": body})

    rules = [
        need("late", "a", "2028-08-02"),
        need("early", "b", "2027-12-02"),
        need("own", "c", None),
    ]
    both = Engine(rules).run({"a": True, "b": True, "c": True})
    assert both.obligation_dates["obligation/duty"] == date(2027, 12, 2)
    late = Engine(rules).run({"a": True, "b": False, "c": True})
    assert late.obligation_dates["obligation/duty"] == date(2028, 8, 2)
    assert (
        "obligation/duty"
        not in Engine(rules).run({"a": False, "b": False, "c": True}).obligation_dates
    )
