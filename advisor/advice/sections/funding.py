"""The funding section: the next stage, what investors expect, channels and policies."""

from __future__ import annotations

from typing import Any

from advisor.advice.sections.items import (
    item_out,
    tr,
)
from advisor.kb.fit import fits
from advisor.kb.records import (
    FundingStage,
    Node,
)
from advisor.report.model import (
    Funding,
)
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["funding_out"]


def funding_out(kb: Any, out: Conclusions, lang: Lang) -> Funding:
    stage_value = str(out.facts.get("funding_stage", ""))
    stage = kb.nodes.get(f"funding_stage/{stage_value}")
    next_stage: Node | None = None
    for sid in out.recommended:
        if sid.startswith("funding_stage/") and sid != getattr(stage, "id", None):
            next_stage = kb.nodes[sid]
            break
    if next_stage is None and isinstance(stage, FundingStage) and stage.precedes:
        next_stage = kb.nodes[stage.precedes[0]]
    channels = [
        item_out(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith("funding_channel/")
    ]
    avoid = [
        item_out(kb.nodes[i], lang, rs)
        for i, rs in out.against.items()
        if i.startswith("funding_channel/")
    ]
    policies = [
        item_out(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith("policy/")
    ]
    practices = [
        item_out(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith("practice/")
        and getattr(kb.nodes[i], "area", "") == "capital"
        and fits(kb.nodes[i], out.facts)
    ]
    target = next_stage if isinstance(next_stage, FundingStage) else stage
    return Funding(
        stage=stage_value,
        next_stage=item_out(
            next_stage,
            lang,
            out.recommended[next_stage.id].reasons if next_stage.id in out.recommended else [],
        )
        if next_stage
        else None,
        typical_raise=tr(target.typical_raise, lang) if isinstance(target, FundingStage) else "",
        investors_expect=[tr(x, lang) for x in target.investors_expect]
        if isinstance(target, FundingStage)
        else [],
        runway_months=out.facts.get("runway_months"),
        runway_target_months=target.runway_target_months
        if isinstance(target, FundingStage)
        else None,
        channels=channels,
        avoid=avoid,
        policies=policies,
        practices=practices,
    )
