"""The business models section: every model's fit for this profile, best first."""

from __future__ import annotations

from advisor.advice.scoring import score_business_models
from advisor.advice.sections.items import reasons_out, tr
from advisor.kb.base import KnowledgeBase
from advisor.report.model import BusinessModelOut
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["business_models_out"]


def business_models_out(kb: KnowledgeBase, out: Conclusions, lang: Lang) -> list[BusinessModelOut]:
    """Each business model with its fit (0-100) and the reasons behind it."""
    models = []
    first: dict[str, str] = {}  # rule -> the model where its reason is stated in full
    for b in score_business_models(kb, out):
        node = kb.nodes[b.id]
        title = tr(node.title, lang)
        reasons = []
        for r in reasons_out(b.reasons, lang):
            if r.rule.startswith("rule/") and r.rule in first:
                r = r.replace(see=first[r.rule])
            elif r.rule.startswith("rule/"):
                first[r.rule] = title
            reasons.append(r)
        models.append(
            BusinessModelOut(
                id=b.id,
                title=title,
                fit=float(b.fit),
                reasons=reasons,
                description=tr(node.description, lang),
                revenue_streams=[tr(x, lang) for x in getattr(node, "revenue_streams", [])],
                advised_against=b.advised_against,
                base_fit=float(getattr(node, "base_fit", 0)),
            )
        )
    return models
