from __future__ import annotations

import math

from advisor.kb.records import Compare
from advisor.kb.schema import parse_condition
from advisor.rules.conditions import compile_condition
from advisor.rules.matcher import Matcher

COMPARISONS = [
    {"eq": 1},
    {"eq": 1.0},
    {"eq": True},
    {"eq": False},
    {"eq": 0},
    {"eq": "1"},
    {"eq": "x"},
    {"ne": 1},
    {"ne": "x"},
    {"in": [1, 2]},
    {"in": ["x", "y"]},
    {"not_in": ["x"]},
    {"contains": "x"},
    {"contains_any": ["x", "z"]},
    {"contains_all": ["x", "y"]},
    {"gt": 1},
    {"gte": 1},
    {"lt": 2.5},
    {"lte": 1},
    {"exists": True},
    {"exists": False},
]

VALUES = [None, 0, 1, 1.0, 2, 2.5, -3, True, False, "1", "x", "", ["x", "y"], ["z"], [], math.nan]


def matcher_with_every_comparison() -> tuple[Matcher, list[tuple[int, Compare]]]:
    m = Matcher()
    slots = []
    for spec in COMPARISONS:
        cond = parse_condition({"fact": "a", **spec})
        assert isinstance(cond, Compare)
        slots.append((m.slot(cond), cond))
    return m, slots


def test_start_settles_each_comparison_as_its_closure_would() -> None:
    m, slots = matcher_with_every_comparison()
    for value in VALUES:
        facts = {"a": value, "other": 1}
        memo = m.start(facts)
        for slot, cond in slots:
            expected = compile_condition(cond)(facts)
            assert memo[slot] is expected, (cond, value)


def test_assign_settles_a_changed_and_a_removed_fact() -> None:
    m, slots = matcher_with_every_comparison()
    memo = m.start({})
    for value in [*VALUES, None]:
        m.assign(memo, "a", value)
        for slot, cond in slots:
            assert memo[slot] is compile_condition(cond)({"a": value}), (cond, value)


def test_one_slot_per_distinct_comparison() -> None:
    m = Matcher()
    tree = m.add(parse_condition({"all": [{"fact": "a", "eq": 1}, {"fact": "a", "eq": 1}]}))
    assert tree == ("all", (0, 0)) and len(m) == 1
    assert m.op_of(0) == ("eq", 1)
