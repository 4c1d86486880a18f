"""Shared condition matching for the engine: each distinct comparison is compiled once.

Rules often repeat comparisons (``markets contains eu`` appears in dozens of them). The matcher
gives each distinct ``(fact, operator, value)`` one slot; a run keeps one memo of results, so a
comparison is evaluated at most once per run (and again only after its fact changes). Conditions
become small trees of slot numbers walked by one shared function, which keeps a large rule set
cache-friendly.

The engine fills the memo eagerly instead (:meth:`Matcher.start`, :meth:`Matcher.assign`): when a
fact takes a value, every comparison on it is settled at once, equalities by one dictionary look-up
and numeric comparisons without a function call, so that evaluating a rule is only reading the
memo.

Examples:
    >>> from advisor.kb.schema import parse_condition
    >>> m = Matcher()
    >>> cond = parse_condition(
    ...     {"all": [{"fact": "n", "gt": 2}, {"not": {"fact": "k", "eq": "x"}}]})
    >>> tree = m.add(cond)
    >>> memo = m.new_memo()
    >>> m.evaluate(tree, {"n": 3, "k": "y"}, memo), len(memo)
    (True, 2)
    >>> memo = m.start({"n": 3, "k": "x"})
    >>> memo, m.evaluate(tree, {"n": 3, "k": "x"}, memo)
    ([True, True], False)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from advisor.kb.records import AllOf, AnyOf, Compare, Condition, NotOf
from advisor.rules.conditions import value_check

__all__ = ["Matcher", "Tree"]

_NUMERIC = ("gt", "gte", "lt", "lte")

#: ("c", slot) | ("all", slots) | ("and", trees) | ("or", trees) | ("not", tree)
Tree = tuple[Any, ...]


class _Plan:
    """How to settle every comparison on one fact when it takes a value."""

    __slots__ = ("all", "eq_of", "eqs", "exists", "gt", "gte", "lt", "lte", "numeric", "others")

    def __init__(self) -> None:
        self.all: list[int] = []  # every slot but the ``exists`` ones
        self.eq_of: dict[Any, int] = {}  # equalities by value
        self.eqs: list[int] = []
        self.gt: list[tuple[int, Any]] = []  # numeric comparisons: (slot, bound)
        self.gte: list[tuple[int, Any]] = []
        self.lt: list[tuple[int, Any]] = []
        self.lte: list[tuple[int, Any]] = []
        self.numeric: list[int] = []
        self.others: list[tuple[int, Callable[[Any], bool]]] = []
        self.exists: list[tuple[int, bool]] = []


def _key(value: Any) -> Any:
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    return value


class Matcher:
    """The distinct comparisons of a rule set, and the trees that combine them."""

    def __init__(self) -> None:
        self.facts: list[str] = []
        self.tests: list[Callable[[Any], bool] | None] = []
        self.exists: list[bool | None] = []
        self.by_fact: dict[str, list[int]] = {}
        self._slots: dict[tuple[str, str, Any], int] = {}
        self._ops: list[tuple[str, Any]] = []  # (operator, value) per slot
        self._plans: dict[str, _Plan] | None = None  # per fact, built on first use
        self._absent: list[bool | None] = []

    def __len__(self) -> int:
        return len(self.facts)

    def slot(self, c: Compare) -> int:
        op = c.op
        value = c.value
        key = (c.fact, op, _key(value))
        found = self._slots.get(key)
        if found is not None:
            return found
        i = len(self.facts)
        self._slots[key] = i
        self._plans = None
        self._ops.append((op, value))
        self.facts.append(c.fact)
        if op == "exists":
            self.exists.append(bool(value))
            self.tests.append(None)
        else:
            self.exists.append(None)
            self.tests.append(value_check(op, value))
        self.by_fact.setdefault(c.fact, []).append(i)
        return i

    def op_of(self, slot: int) -> tuple[str, Any]:
        """The operator and value a slot compares with."""
        return self._ops[slot]

    def add(self, cond: Condition) -> Tree:
        """Compile a condition into a tree over shared slots."""
        if isinstance(cond, Compare):
            return ("c", self.slot(cond))
        if isinstance(cond, AllOf):
            parts = [self.add(sub) for sub in cond.all]
            if all(p[0] == "c" for p in parts):
                return ("all", tuple(p[1] for p in parts))
            return ("and", tuple(parts))
        if isinstance(cond, AnyOf):
            return ("or", tuple(self.add(sub) for sub in cond.any))
        assert isinstance(cond, NotOf)
        return ("not", self.add(cond.not_))

    def new_memo(self) -> list[bool | None]:
        return [None] * len(self.facts)

    def start(self, facts: Mapping[str, Any]) -> list[bool | None]:
        """A memo with every comparison settled on ``facts`` (see :meth:`assign`)."""
        if self._plans is None:
            self._plan()
        memo = self._absent.copy()  # every comparison as if its fact were absent
        plans = self._plans
        assert plans is not None
        assign = self.assign
        for fact, value in facts.items():
            if value is not None and fact in plans:
                assign(memo, fact, value)
        return memo

    def assign(self, memo: list[bool | None], fact: str, value: Any) -> None:
        """``fact`` now has ``value`` (None: absent): settle every comparison on it."""
        if self._plans is None:
            self._plan()
        assert self._plans is not None
        plan = self._plans.get(fact)
        if plan is None:
            return
        if value is None:
            for i in plan.all:
                memo[i] = False
            for i, flag in plan.exists:
                memo[i] = not flag
            return
        for i, flag in plan.exists:
            memo[i] = flag
        if plan.eqs:
            for i in plan.eqs:
                memo[i] = False
            try:
                found = plan.eq_of.get(_key(value))
            except TypeError:  # unhashable: equal to no scalar
                found = None
            if found is not None:  # equal as a key; the test also checks the type
                test = self.tests[found]
                assert test is not None
                memo[found] = test(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            for i, want in plan.gt:
                memo[i] = value > want
            for i, want in plan.gte:
                memo[i] = value >= want
            for i, want in plan.lt:
                memo[i] = value < want
            for i, want in plan.lte:
                memo[i] = value <= want
        else:
            for i in plan.numeric:
                memo[i] = False
        for i, test in plan.others:
            memo[i] = test(value)

    def prepare(self) -> None:
        """Plan how to settle each fact's comparisons now (else the first :meth:`start` does)."""
        if self._plans is None:
            self._plan()

    def _plan(self) -> None:
        plans: dict[str, _Plan] = {}
        absent: list[bool | None] = []
        for i, (fact, (op, value)) in enumerate(zip(self.facts, self._ops, strict=True)):
            plan = plans.get(fact)
            if plan is None:
                plan = plans[fact] = _Plan()
            flag = self.exists[i]
            test = self.tests[i]
            absent.append(flag is False)  # absent: only "exists: false" holds
            if flag is not None:
                plan.exists.append((i, flag))
                continue
            plan.all.append(i)
            if op == "eq":
                plan.eq_of[_key(value)] = i
                plan.eqs.append(i)
            elif op in _NUMERIC and isinstance(value, int | float) and not isinstance(value, bool):
                getattr(plan, op).append((i, value))
                plan.numeric.append(i)
            else:
                assert test is not None
                plan.others.append((i, test))
        self._plans = plans
        self._absent = absent

    def forget(self, memo: list[bool | None], fact: str) -> None:
        """A fact changed: its comparisons must be evaluated again."""
        for i in self.by_fact.get(fact, ()):
            memo[i] = None

    def _leaf(self, i: int, facts: Mapping[str, Any], memo: list[bool | None]) -> bool:
        value = facts.get(self.facts[i])
        flag = self.exists[i]
        if flag is not None:
            result = (value is not None) is flag
        else:
            test = self.tests[i]
            assert test is not None
            result = value is not None and test(value)
        memo[i] = result
        return result

    def evaluate(self, tree: Tree, facts: Mapping[str, Any], memo: list[bool | None]) -> bool:
        tag = tree[0]
        if tag == "all":
            for i in tree[1]:
                r = memo[i]
                if r is None:
                    r = self._leaf(i, facts, memo)
                if not r:
                    return False
            return True
        if tag == "c":
            r = memo[tree[1]]
            return self._leaf(tree[1], facts, memo) if r is None else r
        if tag == "and":
            return all(self.evaluate(t, facts, memo) for t in tree[1])
        if tag == "or":
            return any(self.evaluate(t, facts, memo) for t in tree[1])
        return not self.evaluate(tree[1], facts, memo)
