"""What a firing rule does to the conclusions: the actions both runs of the engine apply
(:mod:`advisor.rules.engine`'s sweep inlines derive and recommend, its hot path)."""

from __future__ import annotations

from typing import Any

from advisor.kb.records import (
    Adjust,
    AdviseAgainst,
    ApplyRegulation,
    CheckAnswers,
    ExemptRegulation,
    FlagDirection,
    RaiseRisk,
    RequireObligation,
)
from advisor.rules.conclusions import (
    PRIORITY_ORDER,
    Conclusions,
    Conflict,
    Exemption,
    Reason,
    RecommendHit,
    RegulationHit,
    RiskHit,
)

__all__ = ["apply_action", "contested", "recommend", "second_value"]


def second_value(out: Conclusions, fact: str, value: Any, rule: str) -> None:
    """A rule derives another value for a fact already derived: a conflict, the first kept."""
    first = out.derived_by[fact]
    current = out.facts.get(fact)
    out.conflicts.append(
        Conflict(
            "fact",
            fact,
            f"{rule} derives {fact} = {value!r}, but {first} "
            f"already derived {current!r}; the first value is kept",
            (first, rule),
        )
    )


def apply_action(body: Any, reason: Reason, out: Conclusions) -> None:
    """The actions other than derive and recommend (the run does those itself)."""
    if isinstance(body, RaiseRisk):
        hit = out.risks.get(body.id)
        if hit is None:
            hit = out.risks[body.id] = RiskHit()
        if body.likelihood is not None:
            hit.likelihood = max(hit.likelihood or 0, body.likelihood)
        if body.impact is not None:
            hit.impact = max(hit.impact or 0, body.impact)
        hit.reasons.append(reason)
    elif isinstance(body, AdviseAgainst):
        out.against.setdefault(body.id, []).append(reason)
        if body.id in out.recommended:
            contested(out, body.id, reason.rule)
    elif isinstance(body, Adjust):
        out.adjustments.append((body, reason))
    elif isinstance(body, FlagDirection):
        out.flags.append((body, reason))
    elif isinstance(body, ApplyRegulation):
        reg = out.regulations.get(body.id)
        if reg is None:
            reg = out.regulations[body.id] = RegulationHit()
        if body.tier:
            reg.tiers.append(body.tier)
        if body.gpai:
            reg.gpai.append(body.gpai)
        reg.reasons.append(reason)
    elif isinstance(body, RequireObligation):
        out.obligations.setdefault(body.id, []).append(reason)
        if body.effective_from is not None:
            known = out.obligation_dates.get(body.id)
            if known is None or body.effective_from < known:
                out.obligation_dates[body.id] = body.effective_from
    elif isinstance(body, ExemptRegulation):
        out.exemptions.setdefault(body.id, []).append(Exemption(body.citation, body.ground, reason))
    elif isinstance(body, CheckAnswers):
        subject = ", ".join(body.facts)
        out.conflicts.append(
            Conflict("answers", subject, reason.text.en, (reason.rule,), reason.text)
        )


def contested(out: Conclusions, node_id: str, rule_id: str) -> None:
    pro = [r.rule for r in out.recommended[node_id].reasons]
    con = [r.rule for r in out.against[node_id]]
    out.conflicts.append(
        Conflict(
            "recommendation",
            node_id,
            f"{node_id} is recommended by {', '.join(pro)} and advised against by "
            f"{', '.join(con)}; both are shown",
            (*pro, *con),
        )
    )


def recommend(out: Conclusions, node: str, fit: int, priority: Any, reason: Reason) -> None:
    """One recommendation (:meth:`Engine._sweep` inlines the same steps: it is the hot path)."""
    rec = out.recommended.get(node)
    if rec is None:
        rec = out.recommended[node] = RecommendHit()
    rec.fit += fit
    if priority and (
        rec.priority is None or PRIORITY_ORDER[priority] < PRIORITY_ORDER[rec.priority]
    ):
        rec.priority = priority
    rec.reasons.append(reason)
    if node in out.against:
        contested(out, node, reason.rule)
