"""The ranked directions of the report: each direction's scores and reasons.

A reason that moves many directions alike (the customer segment, the competition, a large
dataset, being in the founder's industry) is stated once, as a *factor* with the directions it
moves (:func:`direction_factors`); each direction's own ``reasons`` are only what sets it apart.
Its ``criteria_reasons`` still hold every signed contribution, so that ``base`` plus their
points is the score shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.advice.scoring import (
    DirectionScore,
)
from advisor.advice.sections.items import (
    item_out,
    tr,
)
from advisor.kb.recordbase import CRITERIA
from advisor.kb.records import (
    Direction,
)
from advisor.report.model import (
    DirectionFactor,
    DirectionMove,
    DirectionOut,
    Reason,
    Report,
)
from advisor.rules.conclusions import Reason as EngineReason
from advisor.words.shape import Lang

__all__ = [
    "direction_factors",
    "direction_out",
    "refer_elsewhere",
    "shared_rules",
    "stated_elsewhere",
]

#: pseudo rules that are bookkeeping, never a profile-wide reason (clipping to 0-100)
_NEVER_SHARED = frozenset({"scoring/clip"})


def _key(r: EngineReason) -> tuple[str, str]:
    return (r.rule, r.text.en)


def shared_rules(ranked: Sequence[DirectionScore], least: int) -> list[tuple[str, str]]:
    """The reasons (rule, English text) that move at least ``least`` directions, in the order
    they first appear in the ranking: those are stated once for all of them."""
    seen: dict[tuple[str, str], set[str]] = {}
    for s in ranked:
        for c in CRITERIA:
            for r in s.criteria_reasons.get(c, ()):
                if r.rule not in _NEVER_SHARED:
                    seen.setdefault(_key(r), set()).add(s.id)
    return [k for k, ids in seen.items() if len(ids) >= least]


def stated_elsewhere(report: Report) -> dict[str, str]:
    """Rule id -> the title of the first item outside the directions whose reasons show it
    (a risk, a law, a business model, a technique, an opportunity, a hire ...)."""
    found: dict[str, str] = {}
    groups: list[Sequence[Any]] = [
        report.risks,
        report.regulations,
        report.business_models,
        report.techniques,
        report.team.gaps,
        report.opportunities,
        report.threats,
        report.partnerships,
        report.practices,
    ]
    for group in groups:
        for item in group:
            for r in getattr(item, "reasons", ()):
                found.setdefault(r.rule, getattr(item, "title", "") or item.id)
    return found


def refer_elsewhere(report: Report) -> Report:
    """The report with each direction factor whose reason another section states pointing there
    (``see``) instead of saying it twice."""
    shown = stated_elsewhere(report)
    factors = [f.replace(see=shown.get(f.rule)) for f in report.direction_factors]
    directions = [
        d.replace(reasons=[r.replace(see=shown.get(r.rule)) for r in d.reasons])
        for d in report.directions
    ]
    return report.replace(direction_factors=factors, directions=directions)


def direction_factors(
    ranked: Sequence[DirectionScore],
    shared: Sequence[tuple[str, str]],
    lang: Lang,
) -> list[DirectionFactor]:
    """Each shared reason once, numbered ``F1``, ``F2`` ... with what it moves: per criterion and
    number of points, the directions (in ranking order)."""
    found: dict[tuple[str, str], EngineReason] = {}
    moves: dict[tuple[str, str], dict[tuple[str, float], list[str]]] = {k: {} for k in shared}
    for s in ranked:
        for c in CRITERIA:
            for r in s.criteria_reasons.get(c, ()):
                k = _key(r)
                if k in moves:
                    found.setdefault(k, r)
                    moves[k].setdefault((c, float(r.points or 0.0)), []).append(s.id)
    leaders = {s.id for s in ranked if s.leader}

    def moved(k: tuple[str, str]) -> set[str]:
        return {i for ids in moves[k].values() for i in ids}

    # the factors that move a leader first, so that the ones the report explains are F1..Fn
    ordered = sorted(shared, key=lambda k: not moved(k) & leaders)
    out = []
    for n, k in enumerate(ordered, start=1):
        r = found[k]
        out.append(
            DirectionFactor(
                key=f"F{n}",
                rule=r.rule,
                text=r.text.get(lang),
                sources=list(r.sources),
                moves=[
                    DirectionMove(criterion=c, points=p, directions=ids)
                    for (c, p), ids in moves[k].items()
                ],
                moves_leader=bool(moved(k) & leaders),
            )
        )
    return out


def _reason(r: EngineReason, lang: Lang, points: float | None) -> Reason:
    return Reason(rule=r.rule, text=r.text.get(lang), sources=list(r.sources), points=points)


def direction_out(
    kb: Any,
    s: DirectionScore,
    rank: int,
    lang: Lang,
    shared: Sequence[tuple[str, str]] = (),
) -> DirectionOut:
    """A direction of the report; ``shared`` are the reasons stated once for many directions
    (:func:`shared_rules`), left out of its own ``reasons``."""
    node = kb.nodes[s.id]
    assert isinstance(node, Direction)
    common = set(shared)
    own: dict[str, list[float]] = {}
    first: dict[str, EngineReason] = {}
    for c in (*CRITERIA, "flags"):
        for r in s.criteria_reasons.get(c, ()):
            if _key(r) in common or r.rule in _NEVER_SHARED:
                continue
            first.setdefault(r.rule, r)
            if r.points is not None:
                own.setdefault(r.rule, []).append(r.points)
    reasons = [
        # points where the reason moves one criterion; moving several, it has no single figure
        _reason(r, lang, own[rule][0] if len(own.get(rule, ())) == 1 else None)
        for rule, r in first.items()
    ]
    return DirectionOut(
        id=s.id,
        title=tr(node.title, lang),
        score=float(s.score),
        criteria={k: round(float(v), 1) for k, v in s.criteria.items()},
        reasons=reasons,
        rank=rank,
        description=tr(node.description, lang),
        industry=node.industry,
        criteria_reasons={
            c: [_reason(r, lang, r.points) for r in rs] for c, rs in s.criteria_reasons.items()
        },
        needs=[item_out(kb.nodes[n], lang) for n in node.addresses],
        roles=list(node.requires_roles),
        techniques=list(node.requires_techniques),
        business_models=list(node.business_models),
        time_to_market_months=node.time_to_market_months,
        flags=s.flags,
        pivot=s.pivot,
        leader=s.leader,
        current=s.current,
        base={k: round(float(v), 1) for k, v in s.base.items()},
    )
