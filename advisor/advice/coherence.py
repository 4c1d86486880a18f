"""Coherence checks: after the sections are built, compare what they say.

The checks are knowledge (``coherence_check`` nodes, knowledge/rules/coherence.yaml): a
condition in the rules' language over the answers, the derived facts and a few facts about the
findings (:data:`~advisor.kb.schema.nodes.FINDING_FACTS`), computed here from the assembled
report. A check that holds becomes a conflict of kind ``findings``, shown under "Answers to
check" with the questions that decide which section is right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from advisor.advice.sections.items import tr
from advisor.advice.sections.profile import labelled_subject
from advisor.advice.session import Session
from advisor.answers.profile import Profile
from advisor.kb.records import (
    Adjust,
    ApplyRegulation,
    CoherenceCheck,
    ExemptRegulation,
    RequireObligation,
)
from advisor.kb.walk import walk_condition
from advisor.report.model import CaseLesson, ConflictOut, RegulationOut, Team
from advisor.rules.conclusions import Conclusions
from advisor.rules.conditions import compile_condition
from advisor.words.shape import Lang

__all__ = ["coherence_conflicts", "finding_facts"]

_LEGAL = (ApplyRegulation, RequireObligation, ExemptRegulation)


def _values(value: Any) -> Iterable[Any]:
    return value if isinstance(value, list | tuple) else (value,)


def finding_facts(
    session: Session,
    out: Conclusions,
    profile: Profile,
    *,
    team: Team,
    case_lessons: Sequence[CaseLesson],
    regulations: Sequence[RegulationOut],
) -> dict[str, list[str]]:
    """The facts about the findings that coherence checks read.

    ``finding_fit_rests_on`` holds the answer values that a firing founder-fit rule both read
    and names in its condition (what the credit rests on, not everything it looked at);
    ``finding_legal_defaults`` the unanswered questions a firing legal rule read.
    """
    kb = session.kb
    defaulted = set(profile.defaulted)
    fit_rests_on: list[str] = []
    legal_defaults: list[str] = []
    for firing in out.trace:
        rule = kb.rules.get(firing.rule)
        if rule is None:
            continue
        bodies = [a.body for a in rule.then]
        if any(isinstance(b, Adjust) and b.criterion == "founder_fit" for b in bodies):
            named: set[Any] = set()
            for comp, _loc in walk_condition(rule.when):
                named.update(_values(comp.value))
            for value in firing.matched.values():
                for v in _values(value):
                    if v in named and str(v) not in fit_rests_on:
                        fit_rests_on.append(str(v))
        if any(isinstance(b, _LEGAL) for b in bodies):
            for fact in firing.matched:
                if fact in defaulted and fact not in legal_defaults:
                    legal_defaults.append(fact)
    return {
        "finding_team_gaps": [g.id for g in team.gaps],
        "finding_hire_now": [g.id for g in team.gaps if g.priority == "now"],
        "finding_case_factors": sorted({c.factor for c in case_lessons if c.present}),
        "finding_fit_rests_on": fit_rests_on,
        "finding_legal_defaults": legal_defaults,
        "finding_regulations": [r.id for r in regulations if r.applies],
    }


def coherence_conflicts(
    session: Session,
    facts: Mapping[str, Any],
    findings: Mapping[str, Any],
    lang: Lang,
) -> list[ConflictOut]:
    """A conflict for every coherence check that holds on ``facts`` plus ``findings``."""
    seen = {**facts, **findings}
    result: list[ConflictOut] = []
    for node in session.kb.of_kind("coherence_check"):
        assert isinstance(node, CoherenceCheck)
        if compile_condition(node.when)(seen) is True:
            result.append(
                ConflictOut(
                    kind="findings",
                    subject=labelled_subject(session.kb, ", ".join(node.questions), lang),
                    questions=list(node.questions),
                    subject_id=", ".join(node.questions),
                    detail=tr(node.description, lang),
                    rules=[node.id],
                )
            )
    return result
