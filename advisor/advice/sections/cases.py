"""Lessons from cases: which success factors of each case the founder has, and in prose what
the founder shares and lacks of each case and what the first gap means at their funding stage."""

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
    CaseNote,
)
from advisor.rules.conclusions import Conclusions
from advisor.rules.conditions import compile_condition
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["case_lessons_out", "case_notes_out"]


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


def _inline(title: str) -> str:
    """A title inside a sentence: ``World-class talent`` -> ``world-class talent``; ``API x``
    and Chinese titles stay as they are."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _short(title: str) -> str:
    """A case's name without its note in brackets: ``DeepMind (Google DeepMind)`` -> ``DeepMind``."""
    for bracket in (" (", "（"):
        if bracket in title:
            return title.split(bracket, 1)[0]
    return title


def case_notes_out(
    session: Session, out: Conclusions, lessons: list[CaseLesson], lang: Lang
) -> list[CaseNote]:
    """One note per case, in the order of the knowledge: the founder's share of its factors in
    a few sentences. A case is ``relevant`` when the founder shares a factor or its industry."""
    kb = session.kb
    w = words_for(lang)["report"]
    sep = w["factor_sep"]
    stage = str(out.facts.get("funding_stage", ""))
    industry = f"industry/{out.facts.get('industry', '')}"
    notes: list[CaseNote] = []
    for case in kb.of_kind("case"):
        assert isinstance(case, Case)
        mine = [x for x in lessons if x.case == case.id]
        shared = [x for x in mine if x.present]
        lacking = [x for x in mine if not x.present]
        name = _short(tr(case.title, lang))
        sentences: list[str] = []
        if shared and not lacking:
            sentences.append(w["case_all_shared"].format(case=name))
        elif shared:
            factors = sep.join(_inline(x.factor_title or x.factor) for x in shared)
            sentences.append(w["case_shares"].format(case=name, factors=factors))
        else:
            sentences.append(w["case_shares_none"].format(case=name))
        if lacking:
            first = kb.nodes[lacking[0].factor]
            assert isinstance(first, SuccessFactor)
            gap = _inline(lacking[0].factor_title or lacking[0].factor)
            rest = lacking[1:]
            if first.to_build is not None:
                build = _inline(tr(first.to_build, lang))
                sentences.append(w["case_lacks"].format(factor=gap, build=build))
            else:
                rest = lacking
            if rest:
                key = "case_also_lacks" if len(rest) < len(lacking) else "case_lacks_plain"
                factors = sep.join(_inline(x.factor_title or x.factor) for x in rest)
                sentences.append(w[key].format(factors=factors))
            at_stage = dict(w["case_at_stage"]).get(stage)
            if at_stage:
                sentences.append(at_stage.format(case=name, gap=gap))
        notes.append(
            CaseNote(
                case=case.id,
                title=tr(case.title, lang),
                shared=[x.factor for x in shared],
                lacking=[x.factor for x in lacking],
                text=w["sentence_sep"].join(sentences),
                relevant=bool(shared) or case.industry == industry,
            )
        )
    return notes
