"""Evaluating conditions: compiled once to closures, never ``eval``-ed.

A fact that is absent (a question that was not asked, a fact no rule derived) makes every
comparison on it false, except ``exists: false``; ``not`` then turns that into true.

Examples:
    >>> from advisor.kb.schema import parse_condition
    >>> cond = parse_condition(
    ...     {"all": [{"fact": "team_size", "lt": 5}, {"fact": "markets", "contains": "eu"}]})
    >>> check = compile_condition(cond)
    >>> check({"team_size": 3, "markets": ["eu", "us"]}), check({"team_size": 9, "markets": []})
    (True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from advisor.kb.records import AllOf, AnyOf, Compare, Condition, NotOf

__all__ = ["Check", "compile_condition", "evaluate", "value_check"]

Check = Callable[[Mapping[str, Any]], bool]
_MISSING = object()


def evaluate(cond: Condition, facts: Mapping[str, Any]) -> bool:
    """Evaluate once (compile with :func:`compile_condition` to evaluate often)."""
    return compile_condition(cond)(facts)


def compile_condition(cond: Condition) -> Check:
    """Compile a condition to a closure over a fact mapping."""
    if isinstance(cond, AllOf):
        parts = tuple(compile_condition(c) for c in cond.all)
        if len(parts) == 1:
            return parts[0]
        return lambda facts: all(p(facts) for p in parts)
    if isinstance(cond, AnyOf):
        parts = tuple(compile_condition(c) for c in cond.any)
        return lambda facts: any(p(facts) for p in parts)
    if isinstance(cond, NotOf):
        inner = compile_condition(cond.not_)
        return lambda facts: not inner(facts)
    return _compile_compare(cond)


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _same(v: Any, want: Any) -> bool:
    """Equal and of the same type (1 == 1.0 counts; True == 1 does not)."""
    return bool(v == want) and (type(v) is type(want) or (_is_number(v) and _is_number(want)))


def _typed(x: Any) -> Any:
    """A set key under which True and 1 differ (as in :func:`_same`); 1 and 1.0 still meet."""
    return ("b", x) if isinstance(x, bool) else x


def _in(v: Any, pool: frozenset[Any]) -> bool:
    try:
        return _typed(v) in pool
    except TypeError:  # unhashable: in no pool of scalars
        return False


def _typed_set(values: Any) -> frozenset[Any]:
    try:
        return frozenset(_typed(x) for x in values)
    except TypeError:
        return frozenset()


def _contains(v: Any, want: Any) -> bool:
    if isinstance(v, list):
        return any(_same(x, want) for x in v)
    return isinstance(v, str) and isinstance(want, str) and want in v


def value_check(op: str, want: Any) -> Callable[[Any], bool]:
    """The check one operator (not ``exists``) makes on a present value.

    Membership follows equality: ``in: [1]`` holds for 1 and 1.0 but not for True.
    """
    if op == "eq":
        return lambda v: _same(v, want)
    if op == "ne":
        return lambda v: not _same(v, want)
    if op in ("in", "not_in", "contains_any", "contains_all"):
        pool = _typed_set(want)
        if op == "in":
            return lambda v: not isinstance(v, list) and _in(v, pool)
        if op == "not_in":
            return lambda v: not isinstance(v, list) and not _in(v, pool)
        if op == "contains_any":
            return lambda v: isinstance(v, list) and not pool.isdisjoint(_typed_set(v))
        return lambda v: isinstance(v, list) and pool.issubset(_typed_set(v))
    if op == "contains":
        return lambda v: _contains(v, want)
    if op == "gt":
        return lambda v: _is_number(v) and v > want
    if op == "gte":
        return lambda v: _is_number(v) and v >= want
    if op == "lt":
        return lambda v: _is_number(v) and v < want
    if op == "lte":
        return lambda v: _is_number(v) and v <= want
    raise ValueError(f"unknown operator {op!r}")


def _compile_compare(c: Compare) -> Check:
    fact, op, want = c.fact, c.op, c.value
    if op == "exists":
        flag = bool(want)
        return lambda facts: (facts.get(fact) is not None) is flag
    test = value_check(op, want)

    def check(facts: Mapping[str, Any]) -> bool:
        v = facts.get(fact, _MISSING)
        if v is _MISSING or v is None:
            return False
        return test(v)

    return check
