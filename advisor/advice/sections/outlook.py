"""The outlook: opportunities and partnerships rules recommend, the threats behind raised risks,
and the practices to adopt (capital practices go to the funding section)."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.advice.sections.items import item_out, said_once
from advisor.kb.base import KnowledgeBase
from advisor.kb.fit import fits
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
    """The nodes of one kind that rules recommend and that fit the product (``applies_to``),
    by id, with their reasons."""
    items = [
        item_out(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith(kind + "/") and fits(kb.nodes[i], out.facts)
    ]
    return sorted(items, key=lambda it: it.id)


def outlook_of(kb: KnowledgeBase, out: Conclusions, lang: Lang) -> Outlook:
    raised = {r for r in out.risks if fits(kb.nodes[r], out.facts)}  # the risks shown
    threats = [
        item_out(n, lang)
        for n in kb.of_kind("threat")
        if isinstance(n, Threat) and raised & set(n.risks) and fits(n, out.facts)
    ]
    practices = [
        p
        for p in recommended_of(kb, out, "practice", lang)
        if not (
            isinstance(kb.nodes[p.id], Practice)
            and getattr(kb.nodes[p.id], "area", "") == "capital"
        )
    ]
    lists = [
        recommended_of(kb, out, "opportunity", lang),
        recommended_of(kb, out, "partnership", lang),
        practices,
    ]
    # one rule that recommends an opportunity and a partnership gives its reason once
    once = iter(said_once([(it.title, it.reasons) for items in lists for it in items], lang))
    opportunities, partnerships, practices = (
        [it.replace(reasons=next(once)) for it in items] for items in lists
    )
    return Outlook(
        opportunities=opportunities,
        threats=threats,
        partnerships=partnerships,
        practices=practices,
    )
