"""Compiling rules for the engine: what each rule reads and writes, its index key, its actions.

Pure functions over a rule's condition tree (:mod:`advisor.rules.matcher`) and its actions; the
engine (:mod:`advisor.rules.engine`) calls them once per rule when it is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.kb.records import (
    Derive,
    Recommend,
    Rule,
)
from advisor.rules.conclusions import Reason
from advisor.rules.matcher import Tree

__all__ = [
    "DERIVE",
    "FIRED",
    "OTHER",
    "QUEUED",
    "RECOMMEND",
    "Actions",
    "Compiled",
    "action_of",
    "conjunction",
    "hashable",
    "key_of",
    "reads_of",
    "shared",
]


@dataclass(frozen=True)
class Compiled:
    index: int
    rule: Rule
    tree: Tree
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    reason: Reason
    actions: tuple[Any, ...]  # the action bodies, in order


def key_of(
    tree: Tree,
    slot_facts: Sequence[str],
    slot_ops: Sequence[tuple[str, Any]],
    list_facts: frozenset[str],
) -> tuple[list[tuple[str, Any]], int] | None:
    """The ``(fact, value)`` keys of one necessary top-level comparison, and its slot; or None.

    The comparison with the fewest keys is taken, the first of those on a tie.
    """
    tag = tree[0]
    if tag == "c":
        slots: Sequence[int] = (tree[1],)
    elif tag == "all":
        slots = tree[1]
    elif tag == "and":
        slots = [t[1] for t in tree[1] if t[0] == "c"]
    else:
        return None
    best: tuple[list[tuple[str, Any]], int] | None = None
    for slot in slots:
        fact = slot_facts[slot]
        op, value = slot_ops[slot]
        listy = fact in list_facts
        if (op == "eq" and not listy) or (op == "contains" and listy):
            keys = [(fact, hashable(value))]
        elif (op == "in" and not listy) or (op == "contains_any" and listy):
            keys = list(dict.fromkeys((fact, hashable(v)) for v in value))
        else:
            continue
        if best is None or len(keys) < len(best[0]):
            best = (keys, slot)
            if len(keys) == 1:
                break
    return best


def hashable(value: Any) -> Any:
    # 1 == 1.0 == True hash alike in Python; tag bools so that eq true does not match 1
    return ("__bool__", value) if isinstance(value, bool) else value


def reads_of(tree: Tree, facts: Sequence[str]) -> tuple[str, ...]:
    """The facts a condition reads, sorted (from its tree: one slot per comparison)."""
    tag = tree[0]
    if tag == "c":
        return (facts[tree[1]],)
    if tag == "all":
        return tuple(sorted({facts[s] for s in tree[1]}))
    found: set[str] = set()
    stack = [tree]
    while stack:
        t = stack.pop()
        if t[0] == "c":
            found.add(facts[t[1]])
        elif t[0] == "all":
            found.update(facts[s] for s in t[1])
        elif t[0] == "not":
            stack.append(t[1])
        else:  # and, or
            stack.extend(t[1])
    return tuple(sorted(found))


def conjunction(tree: Tree, key: int) -> tuple[int, ...] | None:
    """A condition that is a plain conjunction, as its slots (the key's last); else None."""
    if tree[0] == "c":
        return (tree[1],)
    if tree[0] == "all":
        slots: tuple[int, ...] = tree[1]
        if key in slots[:-1]:  # the key holds whenever the index brings the rule: test it last
            rest = list(slots)
            rest.remove(key)
            return (*rest, key)
        return slots
    return None


# what an action does, as a tagged tuple: a run dispatches on the tag without isinstance chains
DERIVE, RECOMMEND, OTHER = 0, 1, 2


Actions = tuple[tuple[Any, ...], ...]


# a rule's state in a run, besides 0
QUEUED, FIRED = 1, 2


def action_of(body: Any) -> tuple[Any, ...]:
    """An action as a tagged tuple; a derived list is a list again (facts hold lists, as the
    answers of ``multi`` questions do)."""
    if isinstance(body, Derive):
        value = list(body.value) if isinstance(body.value, tuple) else body.value
        return (DERIVE, body.fact, value)
    if isinstance(body, Recommend):
        return (RECOMMEND, body.id, body.fit, body.priority)
    return (OTHER, body)


def shared(pool: dict[Any, Actions], actions: Actions) -> Actions:
    """One tuple for all the rules that act alike, so that a run touches fewer objects."""
    for action in actions:
        if action[0] == OTHER:
            return actions
    key = (actions, *[type(v) for action in actions for v in action])  # as 1 == 1.0 == True
    try:
        return pool.setdefault(key, actions)
    except TypeError:  # an unhashable value (a derived list)
        return actions
