"""An answer as the founder reads it: choice labels, yes/no and plain numbers, in their language."""

from __future__ import annotations

from typing import Any

from advisor.answers.profile import is_unknown
from advisor.kb.records import Question
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["question_label", "show_answer", "show_number"]


def show_number(value: float) -> str:
    """``3.0`` as ``3``; other numbers as Python writes them."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value) if isinstance(value, int) else repr(value)


def show_answer(q: Question, value: Any, lang: Lang, *, labels: bool = False) -> str:
    """A value as the person reads it: labels (``labels=True``) or values of choices."""
    words = words_for(lang)["ask"]
    if value is None:
        return words["unanswered"]
    if is_unknown(value):
        return words["unknown"]
    if q.type == "bool":
        return words["yes" if value else "no"]
    if q.type in ("choice", "multi"):
        items = value if isinstance(value, list) else [value]
        if labels:
            by_value = {c.value: c.label.get(lang) for c in q.choices}
            return words["enum_sep"].join(by_value.get(str(v), str(v)) for v in items)
        return ", ".join(str(v) for v in items)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return show_number(value)
    return str(value)


def question_label(q: Question, lang: Lang) -> str:
    """The question's short label, or its prompt when it has none."""
    return (q.label or q.prompt).get(lang)
