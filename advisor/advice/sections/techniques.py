"""The technical playbook: the techniques to use, their kernels and measured evidence.

A technique is listed only where it fits the product (``applies_to``: no quantising a hosted
API model, no multilingual models for a tabular scorer). Measured evidence moves it: when every
measured variant of a technique is slower or less accurate than its baseline on what the
technique must not lose (``must_not_lose``), for a comparable model, it drops one step from
"now" or "next", and the reason quotes the figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from advisor.advice.sections.items import (
    PRIORITY_RANK,
    reasons_out,
    said_once,
    tr,
)
from advisor.advice.shortfall import Shortfall, comparable, shortfall
from advisor.kb.fit import fits
from advisor.kb.records import (
    Technique,
)
from advisor.report.model import (
    Evidence,
    Reason,
    TechniqueOut,
)
from advisor.rules.conclusions import Conclusions
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["demoted", "techniques_out"]

Priority = Literal["now", "next", "later"]
#: one step down: a technique measured worse than its baseline is not a first step
_DOWN: dict[str, Priority] = {"now": "next", "next": "later"}


def _batch(facts: Mapping[str, Any]) -> int:
    """The batch size that decides speed: one request at a time where each answer is awaited."""
    return 1 if facts.get("latency_critical") is True or facts.get("on_device") is True else 64


def demoted(
    node: Technique,
    priority: str | None,
    measured: Sequence[Evidence],
    facts: Mapping[str, Any],
) -> Shortfall | None:
    """The measured shortfall that moves this technique down, if any."""
    if priority not in _DOWN or not node.must_not_lose or not comparable(facts):
        return None
    return shortfall(measured, node.must_not_lose, _batch(facts))


def _reason(s: Shortfall, old: str, new: str, lang: Lang) -> Reason:
    w = words_for(lang)
    a = w["advice"]
    losses = []
    if s.slower is not None:
        slower = a["measured_slower"].format(variant=s.variant, factor=s.slower, batch=s.batch)
        losses.append(slower)
    if s.less_accurate is not None:
        variant = "" if losses else s.variant
        losses.append(a["measured_less_accurate"].format(variant=variant, points=s.less_accurate))
    labels = w["report"]["priority_of"]
    text = a["measured_demoted"].format(
        losses=a["measured_and"].join(x.strip() for x in losses),
        old=labels[old],  # type: ignore[literal-required]
        new=labels[new],  # type: ignore[literal-required]
    )
    return Reason(rule=f"evidence/{s.evidence.kernel or 'measured'}", text=text, sources=[])


def techniques_out(
    kb: Any, out: Conclusions, lang: Lang, evidence: Mapping[str, Sequence[Evidence]]
) -> list[TechniqueOut]:
    result: list[TechniqueOut] = []
    for tid, rec in out.recommended.items():
        node = kb.nodes.get(tid)
        if not isinstance(node, Technique) or not fits(node, out.facts):
            continue
        # the measurement of the technique's own kernel first, then the others
        measured = sorted(evidence.get(tid, ()), key=lambda e: e.kernel != node.kernel)
        priority = rec.priority
        reasons = reasons_out(rec.reasons, lang)
        loss = demoted(node, priority, measured, out.facts)
        if loss is not None and priority is not None:
            reasons.append(_reason(loss, priority, _DOWN[priority], lang))
            priority = _DOWN[priority]
        result.append(
            TechniqueOut(
                id=tid,
                title=tr(node.title, lang),
                kernel=node.kernel,
                reasons=reasons,
                evidence=measured[0] if measured else None,
                more_evidence=list(measured[1:]),
                cli=node.cli,
                family=node.family,
                priority=priority,
                description=tr(node.description, lang),
            )
        )
    # most urgent first; among equals, the technique more rules asked for
    result.sort(key=lambda t: (PRIORITY_RANK[t.priority], -len(t.reasons), t.id))
    once = said_once([(t.title, t.reasons) for t in result], lang)
    return [t.replace(reasons=r) for t, r in zip(result, once, strict=True)]
