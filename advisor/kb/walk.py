"""Walking a condition: the comparisons inside it, where each sits, and the facts it reads.

Conditions are data (:mod:`advisor.kb.records`); evaluating them is :mod:`advisor.rules.conditions`.
These walks only look at their shape, so knowledge checks, the graph and the sensitivity analysis
can use them without the rule engine.

Examples:
    >>> from advisor.kb.schema import parse_condition
    >>> eu = {"not": {"fact": "markets", "contains": "eu"}}
    >>> cond = parse_condition({"all": [{"fact": "team_size", "lt": 5}, eu]})
    >>> sorted(reads(cond))
    ['markets', 'team_size']
    >>> [loc for _, loc in walk_condition(cond)]
    [('all', 0), ('all', 1, 'not')]
"""

from __future__ import annotations

from collections.abc import Iterator

from advisor.kb.records import AllOf, AnyOf, Compare, Condition, NotOf

__all__ = ["comparisons", "reads", "walk_condition"]


def reads(cond: Condition) -> set[str]:
    """Every fact a condition looks at."""
    return {c.fact for c in comparisons(cond)}


def comparisons(cond: Condition) -> Iterator[Compare]:
    """Every comparison inside a condition, depth first."""
    if isinstance(cond, Compare):
        yield cond
    elif isinstance(cond, AllOf):
        for sub in cond.all:
            yield from comparisons(sub)
    elif isinstance(cond, AnyOf):
        for sub in cond.any:
            yield from comparisons(sub)
    else:
        yield from comparisons(cond.not_)


def walk_condition(
    cond: Condition, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[Compare, tuple[str | int, ...]]]:
    """Every comparison with its location path inside the condition's YAML."""
    if isinstance(cond, Compare):
        yield cond, loc
    elif isinstance(cond, AllOf):
        for i, sub in enumerate(cond.all):
            yield from walk_condition(sub, (*loc, "all", i))
    elif isinstance(cond, AnyOf):
        for i, sub in enumerate(cond.any):
            yield from walk_condition(sub, (*loc, "any", i))
    elif isinstance(cond, NotOf):
        yield from walk_condition(cond.not_, (*loc, "not"))
