"""The outlook: opportunities and partnerships rules recommend, the threats behind raised risks,
and the practices to adopt (capital practices go to the funding section)."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.advice.sections.items import item_out
from advisor.kb.base import KnowledgeBase
from advisor.kb.records import Practice, Threat
from advisor.report.model import Item
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["Outlook", "outlook_of", "recommended_of"]


@dataclass(frozen=True)
class Outlook:
    opportunities: list[Item]
    threats: list[Item]
    partnerships: list[Item]
    practices: list[Item]


def recommended_of(kb: KnowledgeBase, out: Conclusions, kind: str, lang: Lang) -> list[Item]:
    """The nodes of one kind that rules recommend, by id, with their reasons."""
    items = [
        item_out(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith(kind + "/")
    ]
    return sorted(items, key=lambda it: it.id)


def outlook_of(kb: KnowledgeBase, out: Conclusions, lang: Lang) -> Outlook:
    raised = set(out.risks)
    threats = [
        item_out(n, lang)
        for n in kb.of_kind("threat")
        if isinstance(n, Threat) and raised & set(n.risks)
    ]
    practices = [
        p
        for p in recommended_of(kb, out, "practice", lang)
        if not (
            isinstance(kb.nodes[p.id], Practice)
            and getattr(kb.nodes[p.id], "area", "") == "capital"
        )
    ]
    return Outlook(
        opportunities=recommended_of(kb, out, "opportunity", lang),
        threats=threats,
        partnerships=recommended_of(kb, out, "partnership", lang),
        practices=practices,
    )
