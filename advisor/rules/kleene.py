"""Three-valued conditions (Kleene's strong logic) for answers a founder was not sure of.

A fact is *unknown* when its question was answered "not sure" (or depends on such an answer).
Every comparison on an unknown fact is unknown, ``exists`` included (the answer exists but its
value is not known). The connectives combine true, false and unknown (:data:`UNKNOWN`, which is
``None``) as Kleene's strong logic does:

* ``all`` is false if any part is false, else unknown if any part is unknown, else true;
* ``any`` is true if any part is true, else unknown if any part is unknown, else false;
* ``not`` swaps true and false and keeps unknown.

Truth tables:
    >>> T, F, U = True, False, UNKNOWN
    >>> [[k_and((a, b)) for b in (T, F, U)] for a in (T, F, U)]
    [[True, False, None], [False, False, False], [None, False, None]]
    >>> [[k_or((a, b)) for b in (T, F, U)] for a in (T, F, U)]
    [[True, True, True], [True, False, None], [True, None, None]]
    >>> [k_not(a) for a in (T, F, U)]
    [False, True, None]

A whole condition, evaluated over facts and the set of unknown facts:
    >>> from advisor.kb.schema import parse_condition
    >>> cond = parse_condition(
    ...     {"all": [{"fact": "team_size", "lt": 5}, {"fact": "markets", "contains": "eu"}]})
    >>> check = compile_condition3(cond)
    >>> check({"team_size": 3}, {"markets"}), check({"team_size": 9}, {"markets"})
    (None, False)
    >>> check({"team_size": 3, "markets": ["eu"]}, set())
    True
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from advisor.kb.records import AllOf, AnyOf, Compare, Condition, NotOf
from advisor.rules.conditions import value_check

__all__ = [
    "UNKNOWN",
    "Check3",
    "Truth",
    "compile_condition3",
    "evaluate_tree3",
    "k_and",
    "k_not",
    "k_or",
]

#: The third truth value. It is ``None`` so that a memo of truth values reads naturally.
UNKNOWN = None
Truth = bool | None
Check3 = Callable[[Mapping[str, Any], Collection[str]], Truth]


def k_and(values: Iterable[Truth]) -> Truth:
    """Kleene conjunction: false wins, then unknown."""
    result: Truth = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def k_or(values: Iterable[Truth]) -> Truth:
    """Kleene disjunction: true wins, then unknown."""
    result: Truth = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result


def k_not(value: Truth) -> Truth:
    """Kleene negation: unknown stays unknown."""
    return None if value is None else not value


def compile_condition3(cond: Condition) -> Check3:
    """Compile a condition to a three-valued closure over ``(facts, unknown facts)``.

    A fact that is neither known nor unknown is absent, as in
    :func:`advisor.rules.conditions.compile_condition`.
    """
    if isinstance(cond, AllOf):
        parts = tuple(compile_condition3(c) for c in cond.all)
        return lambda facts, unknown: k_and(p(facts, unknown) for p in parts)
    if isinstance(cond, AnyOf):
        parts = tuple(compile_condition3(c) for c in cond.any)
        return lambda facts, unknown: k_or(p(facts, unknown) for p in parts)
    if isinstance(cond, NotOf):
        inner = compile_condition3(cond.not_)
        return lambda facts, unknown: k_not(inner(facts, unknown))
    return _compare3(cond)


def _compare3(c: Compare) -> Check3:
    fact, op, want = c.fact, c.op, c.value
    if op == "exists":
        flag = bool(want)

        def exists(facts: Mapping[str, Any], unknown: Collection[str]) -> Truth:
            if fact in unknown:
                return None
            return (facts.get(fact) is not None) is flag

        return exists
    test = value_check(op, want)

    def check(facts: Mapping[str, Any], unknown: Collection[str]) -> Truth:
        if fact in unknown:
            return None
        v = facts.get(fact)
        return False if v is None else test(v)

    return check


def evaluate_tree3(tree: tuple[Any, ...], memo: list[Truth]) -> Truth:
    """A matcher tree (:class:`advisor.rules.matcher.Matcher`) over a memo of truth values, one
    per comparison slot, every slot settled (``None`` is unknown here, not "not yet")."""
    tag = tree[0]
    if tag == "c":
        found: Truth = memo[tree[1]]
        return found
    if tag == "all":
        return k_and(memo[i] for i in tree[1])
    if tag == "and":
        return k_and(evaluate_tree3(t, memo) for t in tree[1])
    if tag == "or":
        return k_or(evaluate_tree3(t, memo) for t in tree[1])
    return k_not(evaluate_tree3(tree[1], memo))
