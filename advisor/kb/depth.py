"""How deep conditions may nest: refused at validation, so nothing later recurses too far.

A condition nests through ``all``, ``any`` and ``not``; the rule engine, the cache and the
explanations walk such trees recursively. Real rules nest three or four levels; a tree deeper
than :data:`MAX_CONDITION_DEPTH` is refused with the file and line where the limit is passed.

Examples:
    >>> too_deep({"when": {"not": {"not": {"fact": "x", "eq": 1}}}}, at_most=1)
    ('when', 'not', 'not')
    >>> too_deep({"when": {"all": [{"fact": "x", "eq": 1}]}}) is None
    True
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_CONDITION_DEPTH", "too_deep"]

#: The most ``all``/``any``/``not`` levels one condition may nest.
MAX_CONDITION_DEPTH = 32

_NESTING = ("all", "any", "not")


def too_deep(item: Any, at_most: int = MAX_CONDITION_DEPTH) -> tuple[str | int, ...] | None:
    """The location path of the first condition nested deeper than ``at_most``, or ``None``.

    Walks plain parsed YAML (dicts and lists) without recursion.
    """
    stack: list[tuple[tuple[str | int, ...], Any, int]] = [((), item, 0)]
    while stack:
        loc, value, depth = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                level = depth + 1 if key in _NESTING else depth
                if level > at_most:
                    return (*loc, key)
                stack.append(((*loc, key), child, level))
        elif isinstance(value, list):
            stack.extend(((*loc, i), child, depth) for i, child in enumerate(value))
    return None
