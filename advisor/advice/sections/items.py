"""Turning knowledge records and engine reasons into the report's items, in one language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.kb.records import (
    Bilingual,
    Node,
)
from advisor.report.model import (
    Item,
    Reason,
)
from advisor.rules.conclusions import Reason as EngineReason
from advisor.words.shape import Lang

__all__ = ["PRIORITY_RANK", "answer_text", "item_out", "reasons_out", "tr"]


PRIORITY_RANK = {"now": 0, "next": 1, "later": 2, None: 3}


def tr(text: Bilingual, lang: Lang) -> str:
    return text.get(lang)


def reasons_out(reasons: Sequence[EngineReason], lang: Lang) -> list[Reason]:
    out: list[Reason] = []
    seen: set[str] = set()
    for r in reasons:
        if r.rule in seen:
            continue
        seen.add(r.rule)
        out.append(Reason(rule=r.rule, text=r.text.get(lang), sources=list(r.sources)))
    return out


def item_out(node: Node, lang: Lang, reasons: Sequence[EngineReason] = ()) -> Item:
    return Item(
        id=node.id,
        title=tr(node.title, lang),
        description=tr(node.description, lang),
        reasons=reasons_out(reasons, lang),
    )


def answer_text(value: Any) -> str:
    """An answer as it would be written in an answers file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return str(value)
