"""The answers the founder was not sure of: what waits on them (``pending``), which to find out
first (``resolve_first``), and the headline fields they leave open."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from advisor.advice.sections.items import tr
from advisor.advice.uncertain import HEADLINE_FIELDS, Uncertainty
from advisor.kb.base import KnowledgeBase
from advisor.kb.records import (
    Adjust,
    AdviseAgainst,
    ApplyRegulation,
    CheckAnswers,
    ExemptRegulation,
    FlagDirection,
    RaiseRisk,
    Recommend,
    RequireObligation,
)
from advisor.report.model import OpenField, PendingOut, ResolveOut
from advisor.rules.conclusions import Conclusions, Pending
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["open_fields_out", "pending_out", "resolve_first_out"]


def _title(kb: KnowledgeBase, node_id: str, lang: Lang) -> str:
    node = kb.nodes.get(node_id)
    return tr(node.title, lang) if node is not None else node_id


def _would(kb: KnowledgeBase, p: Pending, lang: Lang) -> tuple[str, str]:
    """(the title of what the rule is about, what it would conclude) in ``lang``."""
    w: Mapping[str, str] = words_for(lang)["unsure"]  # type: ignore[assignment]
    tiers = words_for(lang)["report"]["tier_of"]
    parts: list[str] = []
    about = ""
    for body in p.actions:
        text = ""
        if isinstance(body, RaiseRisk):
            text = w["would_raise_risk"].format(title=_title(kb, body.id, lang))
        elif isinstance(body, ApplyRegulation):
            title = _title(kb, body.id, lang)
            tier = tiers.get(body.tier, body.tier) if body.tier else None
            text = (
                w["would_apply_tier"].format(title=title, tier=tier)
                if tier
                else w["would_apply"].format(title=title)
            )
        elif isinstance(body, ExemptRegulation):
            text = w["would_exempt"].format(title=_title(kb, body.id, lang))
        elif isinstance(body, Recommend):
            text = w["would_recommend"].format(title=_title(kb, body.id, lang))
        elif isinstance(body, AdviseAgainst):
            text = w["would_advise_against"].format(title=_title(kb, body.id, lang))
        elif isinstance(body, RequireObligation):
            text = w["would_require"].format(title=_title(kb, body.id, lang))
        elif isinstance(body, Adjust):
            criterion = words_for(lang)["report"]["criterion"].get(body.criterion, body.criterion)
            text = w["would_adjust"].format(criterion=criterion, delta=f"{body.delta:+d}")
        elif isinstance(body, FlagDirection):
            text = w["would_flag"].format(flag=body.flag)
        elif isinstance(body, CheckAnswers):
            text = w["would_check"].format(text=p.reason.text.get(lang))
        if text:
            parts.append(text)
            node_id = getattr(body, "id", None)
            if not about and isinstance(node_id, str):
                about = _title(kb, node_id, lang)
    return about or p.reason.text.get(lang), w["would_sep"].join(parts)


def pending_out(kb: KnowledgeBase, out: Conclusions, lang: Lang) -> list[PendingOut]:
    """Every pending rule that would conclude something a report shows (rules that would only
    derive a fact are left out: the rules reading that fact are pending in turn)."""
    found: list[PendingOut] = []
    for p in out.pending:
        title, would = _would(kb, p, lang)
        if would:
            found.append(
                PendingOut(id=p.rule, title=title, depends_on=list(p.depends_on), would=would)
            )
    return found


def open_fields_out(uncertainty: Uncertainty) -> list[OpenField]:
    return [OpenField(field=o.field, questions=sorted(o.questions)) for o in uncertainty.open]


def resolve_first_out(
    kb: KnowledgeBase,
    unknown: Mapping[str, frozenset[str]],
    uncertainty: Uncertainty,
    pending: Sequence[PendingOut],
    lang: Lang,
) -> list[ResolveOut]:
    """The unknown answers, those that decide the most headline fields first, then those the
    most findings wait on, then in questionnaire order."""
    deciders = uncertainty.deciders()
    waiting: dict[str, int] = {}
    for p in pending:
        for on in p.depends_on:
            waiting[on] = waiting.get(on, 0) + 1
    order = {qid: i for i, qid in enumerate(kb.questions)}
    rows: list[ResolveOut] = []
    for qid in unknown:
        q = kb.questions.get(qid)
        if q is None:
            continue
        decides = [f for f in HEADLINE_FIELDS if f in deciders.get(qid, ())]
        how = getattr(q, "find_out", None)
        rows.append(
            ResolveOut(
                question=qid,
                label=tr(q.label or q.prompt, lang),
                impact=len(decides),
                decides=decides,
                findings=waiting.get(qid, 0),
                how=tr(how, lang) if how is not None else "",
                follows=[x for x in kb.questions if x != qid and x in unknown.get(qid, ())],
            )
        )
    rows.sort(key=lambda r: (-r.impact, -r.findings, order.get(r.question, 0)))
    return rows
