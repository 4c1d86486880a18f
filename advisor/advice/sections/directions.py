"""The ranked directions of the report: each direction's scores and reasons."""

from __future__ import annotations

from typing import Any

from advisor.advice.scoring import (
    DirectionScore,
)
from advisor.advice.sections.items import (
    item_out,
    reasons_out,
    tr,
)
from advisor.kb.records import (
    Direction,
)
from advisor.report.model import (
    DirectionOut,
)
from advisor.words.shape import Lang

__all__ = ["direction_out"]


def direction_out(kb: Any, s: DirectionScore, rank: int, lang: Lang) -> DirectionOut:
    node = kb.nodes[s.id]
    assert isinstance(node, Direction)
    return DirectionOut(
        id=s.id,
        title=tr(node.title, lang),
        score=float(s.score),
        criteria={k: round(float(v), 1) for k, v in s.criteria.items()},
        reasons=reasons_out(s.reasons, lang),
        rank=rank,
        description=tr(node.description, lang),
        industry=node.industry,
        criteria_reasons={c: reasons_out(rs, lang) for c, rs in s.criteria_reasons.items()},
        needs=[item_out(kb.nodes[n], lang) for n in node.addresses],
        roles=list(node.requires_roles),
        techniques=list(node.requires_techniques),
        business_models=list(node.business_models),
        time_to_market_months=node.time_to_market_months,
        flags=s.flags,
    )
