"""The technical playbook: the techniques to use, their kernels and measured evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.advice.sections.items import (
    PRIORITY_RANK,
    reasons_out,
    tr,
)
from advisor.kb.records import (
    Technique,
)
from advisor.report.model import (
    Evidence,
    TechniqueOut,
)
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["techniques_out"]


def techniques_out(
    kb: Any, out: Conclusions, lang: Lang, evidence: Mapping[str, Sequence[Evidence]]
) -> list[TechniqueOut]:
    result: list[TechniqueOut] = []
    for tid, rec in out.recommended.items():
        node = kb.nodes.get(tid)
        if not isinstance(node, Technique):
            continue
        # the measurement of the technique's own kernel first, then the others
        measured = sorted(evidence.get(tid, ()), key=lambda e: e.kernel != node.kernel)
        result.append(
            TechniqueOut(
                id=tid,
                title=tr(node.title, lang),
                kernel=node.kernel,
                reasons=reasons_out(rec.reasons, lang),
                evidence=measured[0] if measured else None,
                more_evidence=list(measured[1:]),
                cli=node.cli,
                family=node.family,
                priority=rec.priority,
                description=tr(node.description, lang),
            )
        )
    # most urgent first; among equals, the technique more rules asked for
    result.sort(key=lambda t: (PRIORITY_RANK[t.priority], -len(t.reasons), t.id))
    return result
