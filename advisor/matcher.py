"""Shared condition matching for the engine: each distinct comparison is compiled once.

Rules often repeat comparisons (``markets contains eu`` appears in dozens of them). The matcher
gives each distinct ``(fact, operator, value)`` one slot; a run keeps one memo of results, so a
comparison is evaluated at most once per run (and again only after its fact changes). Conditions
become small trees of slot numbers walked by one shared function, which keeps a large rule set
cache-friendly.

Examples:
    >>> from advisor.schema import parse_condition
    >>> m = Matcher()
    >>> cond = parse_condition(
    ...     {"all": [{"fact": "n", "gt": 2}, {"not": {"fact": "k", "eq": "x"}}]})
    >>> tree = m.add(cond)
    >>> memo = m.new_memo()
    >>> m.evaluate(tree, {"n": 3, "k": "y"}, memo), len(memo)
    (True, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from advisor.conditions import test_for
from advisor.records import AllOf, AnyOf, Compare, Condition, NotOf

__all__ = ["Matcher", "Tree"]

#: ("c", slot) | ("all", slots) | ("and", trees) | ("or", trees) | ("not", tree)
Tree = tuple[Any, ...]


def _key(value: Any) -> Any:
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, list):
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
        self.facts.append(c.fact)
        if op == "exists":
            self.exists.append(bool(value))
            self.tests.append(None)
        else:
            self.exists.append(None)
            self.tests.append(test_for(op, value))
        self.by_fact.setdefault(c.fact, []).append(i)
        return i

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
