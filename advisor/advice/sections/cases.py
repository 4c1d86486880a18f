"""Lessons from cases: which success factors of each case the founder has."""

from __future__ import annotations

from advisor.advice.sections.items import (
    tr,
)
from advisor.advice.session import Session
from advisor.kb.graph import (
    success_factors_of,
)
from advisor.kb.records import (
    Case,
    SuccessFactor,
)
from advisor.report.model import (
    CaseLesson,
)
from advisor.rules.conclusions import Conclusions
from advisor.rules.conditions import compile_condition
from advisor.words.shape import Lang

__all__ = ["case_lessons_out"]


def case_lessons_out(session: Session, out: Conclusions, lang: Lang) -> list[CaseLesson]:
    kb = session.kb
    result: list[CaseLesson] = []
    for case in kb.of_kind("case"):
        assert isinstance(case, Case)
        for fid in success_factors_of(session.graph, case.id):
            factor = kb.nodes[fid]
            assert isinstance(factor, SuccessFactor)
            present = bool(
                factor.present_when is not None
                and compile_condition(factor.present_when)(out.facts)
            )
            result.append(
                CaseLesson(
                    case=case.id,
                    factor=fid,
                    present=present,
                    case_title=tr(case.title, lang),
                    factor_title=tr(factor.title, lang),
                )
            )
    return result
