"""Values to try for a question: enough to meet every outcome of the rules that read it.

The adaptive questionnaire looks one answer ahead with them (:mod:`advisor.advice.adaptive`),
and ``benchmarks/advisor_adaptive.py --bound`` tries every one of them.

Examples:
    >>> from advisor.kb.load import load_knowledge
    >>> kb = load_knowledge()
    >>> trial_values(kb, kb.questions["runway_months"])[:4]
    [0, 5, 6, 7]
    >>> spread([1, 2, 3, 4, 5, 6, 7, 8], 4)
    [1, 3, 5, 7]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from advisor.kb.base import KnowledgeBase
from advisor.kb.coercion import coerce_answer
from advisor.kb.records import Question
from advisor.kb.walk import comparisons

__all__ = ["spread", "trial_values"]

T = TypeVar("T")


def trial_values(kb: KnowledgeBase, q: Question) -> list[Any]:
    """Answers to ``q`` that cover every outcome of the rules' comparisons on it: true and
    false; every choice; no, one and every choice of a multi (those it accepts); each number
    the rules compare it with, and one step either side (within its range). Text: none."""
    if q.type == "bool":
        return [True, False]
    if q.type == "choice":
        return [c.value for c in q.choices]
    if q.type == "multi":
        every = [c.value for c in q.choices]
        return _accepted(q, [[], *([v] for v in every), every])
    if q.type in ("int", "float"):
        bounds = {
            c.value
            for r in kb.rules.values()
            for c in comparisons(r.when)
            if c.fact == q.id and isinstance(c.value, int | float) and not isinstance(c.value, bool)
        }
        found: set[float] = {q.min if q.min is not None else 0}
        for b in bounds:
            step = 1 if q.type == "int" else 1e-6 * max(1.0, abs(b))
            found.update({b - step, b, b + step})
        keep = [v for v in found if (q.min is None or v >= q.min) and (q.max is None or v <= q.max)]
        return sorted(int(v) if q.type == "int" else float(v) for v in keep)
    return []


def spread(values: Sequence[T], most: int) -> list[T]:
    """At most ``most`` of ``values``, evenly spaced from the first."""
    if len(values) <= most:
        return list(values)
    step = len(values) / most
    return [values[int(i * step)] for i in range(most)]


def _accepted(q: Question, values: list[Any]) -> list[Any]:
    kept = []
    for v in values:
        try:
            kept.append(coerce_answer(q, v))
        except ValueError:  # e.g. a multi that needs at least one choice
            continue
    return kept
