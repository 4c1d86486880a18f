"""The team section: the roles present and the gaps, in hiring order."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.advice.scoring import (
    DirectionScore,
    builtin_reason,
)
from advisor.advice.sections.items import (
    PRIORITY_RANK,
    reasons_out,
    tr,
)
from advisor.advice.session import Session
from advisor.kb.graph import (
    roles_for,
)
from advisor.kb.records import (
    Direction,
)
from advisor.report.model import (
    Team,
    TeamGap,
)
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["team_out"]


def team_out(
    session: Session, out: Conclusions, ranked: Sequence[DirectionScore], lang: Lang
) -> Team:
    kb = session.kb
    present = [f"role/{r}" for r in out.facts.get("team_roles") or []]
    gaps: dict[str, TeamGap] = {}
    for rid, rec in out.recommended.items():
        if rid.startswith("role/") and rid not in present:
            gaps[rid] = TeamGap(
                id=rid,
                priority=rec.priority or "next",
                reasons=reasons_out(rec.reasons, lang),
                title=tr(kb.nodes[rid].title, lang),
            )
    needs_role = kb.settings.team.direction_needs_role if kb.settings.team else None
    for s in ranked[:1]:
        if needs_role is None:  # validation requires it wherever there are directions
            break
        node = kb.nodes[s.id]
        assert isinstance(node, Direction)
        for rid in roles_for(session.graph, node.id):
            if rid not in present and rid not in gaps and rid in kb.nodes:
                # the role is named, so each gap's reason is its own sentence, not a repeat
                why = builtin_reason(
                    "scoring/direction_needs_role",
                    needs_role,
                    direction=node.title,
                    role=kb.nodes[rid].title,
                )
                gaps[rid] = TeamGap(
                    id=rid,
                    priority="later",
                    reasons=reasons_out([why], lang),
                    title=tr(kb.nodes[rid].title, lang),
                )
    ordered = sorted(gaps.values(), key=lambda gp: (PRIORITY_RANK[gp.priority], gp.id))
    return Team(present=present, gaps=ordered, size=int(out.facts.get("team_size") or 0))
