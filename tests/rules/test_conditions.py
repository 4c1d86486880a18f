from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from advisor.kb.schema import parse_condition
from advisor.kb.walk import reads
from advisor.rules.conditions import compile_condition


def check(cond: dict[str, Any], facts: dict[str, Any]) -> bool:
    return compile_condition(parse_condition(cond))(facts)


@pytest.mark.parametrize(
    ("cond", "facts", "expected"),
    [
        ({"fact": "a", "eq": "x"}, {"a": "x"}, True),
        ({"fact": "a", "eq": "x"}, {"a": "y"}, False),
        ({"fact": "a", "ne": "x"}, {"a": "y"}, True),
        ({"fact": "a", "in": ["x", "y"]}, {"a": "y"}, True),
        ({"fact": "a", "not_in": ["x", "y"]}, {"a": "z"}, True),
        ({"fact": "a", "contains": "x"}, {"a": ["x", "z"]}, True),
        ({"fact": "a", "contains": "q"}, {"a": ["x", "z"]}, False),
        ({"fact": "a", "contains_any": ["q", "z"]}, {"a": ["x", "z"]}, True),
        ({"fact": "a", "contains_all": ["x", "q"]}, {"a": ["x", "z"]}, False),
        ({"fact": "n", "gt": 3}, {"n": 4}, True),
        ({"fact": "n", "gte": 4}, {"n": 4}, True),
        ({"fact": "n", "lt": 4}, {"n": 4}, False),
        ({"fact": "n", "lte": 4.0}, {"n": 4}, True),
        ({"fact": "n", "exists": True}, {"n": 0}, True),
        ({"fact": "n", "exists": False}, {}, True),
        ({"all": [{"fact": "n", "gt": 1}, {"fact": "n", "lt": 3}]}, {"n": 2}, True),
        ({"any": [{"fact": "n", "gt": 5}, {"fact": "n", "lt": 1}]}, {"n": 2}, False),
        ({"not": {"fact": "n", "gt": 5}}, {"n": 2}, True),
    ],
)
def test_operators(cond: dict[str, Any], facts: dict[str, Any], expected: bool) -> None:
    assert check(cond, facts) is expected


def test_absent_fact_makes_comparisons_false_but_not_negations() -> None:
    assert check({"fact": "a", "ne": "x"}, {}) is False
    assert check({"fact": "a", "not_in": ["x"]}, {}) is False
    assert check({"not": {"fact": "a", "eq": "x"}}, {}) is True


def test_booleans_are_not_numbers() -> None:
    assert check({"fact": "b", "eq": True}, {"b": 1}) is False
    assert check({"fact": "n", "gt": 0}, {"n": True}) is False
    assert check({"fact": "n", "eq": 1}, {"n": 1.0}) is True


@pytest.mark.parametrize(
    ("cond", "value", "expected"),
    [
        ({"in": [1]}, True, False),
        ({"in": [True]}, 1, False),
        ({"in": [1]}, 1.0, True),
        ({"not_in": [1]}, True, True),
        ({"not_in": [False]}, 0, True),
        ({"contains": 1}, [True], False),
        ({"contains": True}, [True, 2], True),
        ({"contains_any": [1]}, [True], False),
        ({"contains_any": [1, "x"]}, ["x"], True),
        ({"contains_all": [1]}, [True, 1.0], True),
        ({"contains_all": [True]}, [1], False),
        ({"contains": 5}, "a5b", False),  # a number is not a substring
        ({"contains": "5"}, "a5b", True),
    ],
)
def test_membership_follows_equality(cond: dict[str, Any], value: Any, expected: bool) -> None:
    """``in`` and the ``contains`` family tell True from 1 exactly as ``eq`` does."""
    assert check({"fact": "f", **cond}, {"f": value}) is expected


def test_reads_lists_every_fact() -> None:
    cond = parse_condition(
        {"all": [{"fact": "a", "eq": 1}, {"not": {"any": [{"fact": "b", "gt": 2}]}}]}
    )
    assert reads(cond) == {"a", "b"}


@pytest.mark.parametrize(
    ("cond", "fragment"),
    [
        ({"fact": "a"}, "exactly one operator"),
        ({"fact": "a", "eq": 1, "ne": 2}, "exactly one operator"),
        ({"foo": 1}, "not a condition"),
        ({"fact": "a", "like": "x%"}, "unknown key 'like'"),
        ({"fact": "A B", "eq": 1}, "pattern"),
        ({"all": []}, "at least 1"),
    ],
)
def test_malformed_conditions_are_rejected(cond: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        parse_condition(cond)
