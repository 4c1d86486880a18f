"""The roadmap: the plan's stages in dependency order, with their weeks and milestones."""

from __future__ import annotations

from advisor.advice.sections.items import (
    tr,
)
from advisor.advice.session import Session
from advisor.kb.graph import (
    stage_order,
)
from advisor.kb.records import (
    Milestone,
    Stage,
)
from advisor.report.model import (
    RoadmapItem,
)
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["roadmap_out"]


def roadmap_out(session: Session, out: Conclusions, lang: Lang) -> list[RoadmapItem]:
    kb = session.kb
    g = session.graph
    chosen: list[Stage] = []
    for sid in stage_order(g):
        node = kb.nodes[sid]
        assert isinstance(node, Stage)
        if "optional" not in node.tags or sid in out.recommended:
            chosen.append(node)
    ids = {s.id for s in chosen}
    milestones: dict[str, list[str]] = {}
    for m in kb.of_kind("milestone"):
        assert isinstance(m, Milestone)
        milestones.setdefault(m.stage, []).append(tr(m.title, lang))
    preds: dict[str, list[str]] = {s.id: [] for s in chosen}
    for s in chosen:
        for nxt in s.precedes:
            if nxt in ids:
                preds[nxt].append(s.id)
    end: dict[str, int] = {}
    items: list[RoadmapItem] = []
    for s in chosen:  # stage_order is topological, so predecessors come first
        start = max((end[p] for p in preds[s.id] if p in end), default=0)
        end[s.id] = start + s.duration_weeks
        added = [r.rule for r in out.recommended[s.id].reasons] if s.id in out.recommended else []
        items.append(
            RoadmapItem(
                id=s.id,
                title=tr(s.title, lang),
                start_week=start,
                end_week=end[s.id],
                phase=s.phase,
                milestones=milestones.get(s.id, []),
                added_by=added,
            )
        )
    items.sort(key=lambda it: (it.start_week, it.end_week, it.id))
    return items
