"""Lessons from cases: which success factors of each case the founder has, and in prose what
the founder shares and lacks of each case and what the first gap means at their funding stage."""

from __future__ import annotations

from typing import cast

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
    """A case's name without its note in brackets: ``DeepMind (Google DeepMind)``: ``DeepMind``."""
    for bracket in (" (", "（"):
        if bracket in title:
            return title.split(bracket, 1)[0]
    return title


def _paragraph(sentences: list[str]) -> str:
    """Sentences run together: a space after a Latin full stop, none after a CJK one."""
    text = ""
    for sentence in sentences:
        if text and not text.endswith(("\u3002", "\uff1b", "\uff01", "\uff1f")):
            text += " "
        text += sentence
    return text


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
    explained: set[str] = set()
    for case in kb.of_kind("case"):
        assert isinstance(case, Case)
        mine = [x for x in lessons if x.case == case.id]
        shared = [x for x in mine if x.present]
        lacking = [x for x in mine if not x.present]
        name = _short(tr(case.title, lang))
        relevant = bool(shared) or case.industry == industry
        sentences: list[str] = []
        if shared and not lacking:
            sentences.append(w["case_all_shared"].format(case=name))
        elif shared:
            factors = sep.join(_inline(x.factor_title or x.factor) for x in shared)
            sentences.append(w["case_shares"].format(case=name, factors=factors))
        else:
            sentences.append(w["case_shares_none"].format(case=name))
        if lacking:
            # each gap is explained once in the section: this case's first one not yet explained
            fresh = [x for x in lacking if x.factor not in explained]
            first = fresh[0] if fresh else None
            factor = kb.nodes[first.factor] if first else None
            rest = [x for x in lacking if x is not first]
            gap = ""
            if isinstance(factor, SuccessFactor) and factor.to_build is not None and first:
                gap = _inline(first.factor_title or first.factor)
                build = _inline(tr(factor.to_build, lang))
                sentences.append(w["case_lacks"].format(factor=gap, build=build))
                if relevant:  # only a case the report shows in prose explains its gap
                    explained.add(first.factor)
                at_stage = cast(dict[str, str], w["case_at_stage"]).get(stage)
            else:
                rest, at_stage = lacking, None
            if rest:
                frame = w["case_also_lacks"] if len(rest) < len(lacking) else w["case_lacks_plain"]
                factors = sep.join(_inline(x.factor_title or x.factor) for x in rest)
                sentences.append(frame.format(factors=factors))
            if at_stage:
                sentences.append(at_stage.format(case=name, gap=gap))
        notes.append(
            CaseNote(
                case=case.id,
                title=tr(case.title, lang),
                shared=[x.factor for x in shared],
                lacking=[x.factor for x in lacking],
                text=_paragraph(sentences),
                relevant=relevant,
            )
        )
    return notes
