"""Turning knowledge records and engine reasons into the report's items, in one language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.kb.base import KnowledgeBase
from advisor.kb.fit import kinds_of
from advisor.kb.records import (
    Bilingual,
    Node,
)
from advisor.report.model import (
    Item,
    Reason,
)
from advisor.rules.conclusions import Reason as EngineReason
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = [
    "PRIORITY_RANK",
    "answer_text",
    "item_out",
    "product_kind_labels",
    "reasons_out",
    "said_once",
    "tr",
]


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
        out.append(
            Reason(rule=r.rule, text=r.text.get(lang), sources=list(r.sources), points=r.points)
        )
    return out


def product_kind_labels(kb: KnowledgeBase, facts: Mapping[str, Any], lang: Lang) -> list[str]:
    """What the product is: the labels of the product kinds true of this profile."""
    declared = kb.settings.product_kinds or {}
    return [declared[k].label.get(lang) for k in kinds_of(kb, facts)]


def said_once(items: Sequence[tuple[str, Sequence[Reason]]], lang: Lang) -> list[list[Reason]]:
    """Each rule's reason in full at the first item that gives it, in reading order; a later item
    that rests on the same rule points back to that one instead of repeating the sentence and
    its sources."""
    pointer = words_for(lang)["advice"]["same_reason"]
    first: dict[str, str] = {}
    out: list[list[Reason]] = []
    for title, reasons in items:
        mine: list[Reason] = []
        for r in reasons:
            where = first.setdefault(r.rule, title)
            if where != title:
                r = r.replace(text=pointer.format(title=where), sources=())
            mine.append(r)
        out.append(mine)
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
