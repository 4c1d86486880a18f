"""Assemble the :class:`~advisor.report.model.Report` from a profile: run the rules, score, and
build each section (:mod:`advisor.advice.sections`, one module per section of the report).

Sections are where conclusions meet the knowledge graph (mitigations, obligations, kernels,
roles, cases); the templates only render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from advisor.advice.scoring import (
    normalise_weights,
    score_directions,
)
from advisor.advice.sections.business import business_models_out
from advisor.advice.sections.cases import case_lessons_out
from advisor.advice.sections.directions import direction_out
from advisor.advice.sections.funding import funding_out
from advisor.advice.sections.items import (
    item_out,
)
from advisor.advice.sections.outlook import outlook_of
from advisor.advice.sections.profile import assumptions_out, labels_out, profile_rows_out
from advisor.advice.sections.regulations import regulations_out, upcoming_out
from advisor.advice.sections.risks import risks_out
from advisor.advice.sections.roadmap import roadmap_out
from advisor.advice.sections.summary import summary_of
from advisor.advice.sections.team import team_out
from advisor.advice.sections.techniques import techniques_out
from advisor.advice.sensitivity import sensitivity
from advisor.advice.session import Session
from advisor.answers.profile import Profile, build_profile
from advisor.errors import AnswersError
from advisor.report.model import (
    ConflictOut,
    Evidence,
    Report,
    TraceEntry,
)
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["answers_to_check", "assemble_report", "sensitivity"]


def answers_to_check(
    session: Session, answers: Mapping[str, Any], lang: Lang = "en"
) -> list[tuple[str, str]]:
    """(questions, why) for each ``check_answers`` rule that fires on these answers."""
    try:
        profile = build_profile(session.kb, dict(answers), use_defaults=True)
    except AnswersError:  # not a complete, valid set yet: nothing to say about it
        return []
    out = session.engine.run(profile.answers)
    return [
        (c.subject, c.text.get(lang) if c.text else c.detail)
        for c in out.conflicts
        if c.kind == "answers"
    ]


def assemble_report(
    session: Session,
    profile: Profile,
    *,
    lang: Lang = "en",
    weights: Mapping[str, float] | None = None,
    evidence: Mapping[str, Sequence[Evidence]] | None = None,
    now: datetime | None = None,
    with_sensitivity: bool = True,
) -> Report:
    """Run the rules on ``profile`` and build the whole report."""
    kb = session.kb
    w = dict(weights or kb.weights)
    out = session.engine.run(profile.answers)
    facts = out.facts
    ranked = score_directions(kb, out, w)
    directions = [direction_out(kb, s, i + 1, lang) for i, s in enumerate(ranked)]

    risks = risks_out(session, out, lang)
    models = business_models_out(kb, out, lang)
    team = team_out(session, out, ranked, lang)
    regulations = regulations_out(session, out, lang)
    today = (now or datetime.now(UTC)).date()
    techniques = techniques_out(kb, out, lang, evidence or {})
    funding = funding_out(kb, out, lang)
    roadmap = roadmap_out(session, out, lang)
    lessons = case_lessons_out(session, out, lang)
    outlook = outlook_of(kb, out, lang)

    report = Report(
        generated_at=(now or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        knowledge_version=kb.version,
        lang=lang,
        profile=dict(profile.answers),
        directions=directions,
        risks=risks,
        business_models=models,
        team=team,
        regulations=regulations,
        techniques=techniques,
        funding=funding,
        roadmap=roadmap,
        case_lessons=lessons,
        trace=[
            TraceEntry(rule=f.rule, sources=list(f.sources), matched=dict(f.matched))
            for f in out.trace
        ],
        company_name=str(facts.get("company_name", "")),
        assumptions=assumptions_out(kb, profile, lang),
        profile_rows=profile_rows_out(kb, profile, lang),
        weights={k: round(float(v), 4) for k, v in normalise_weights(w).items()},
        sensitivity=sensitivity(session, profile, w, lang) if with_sensitivity else [],
        # answers that contradict each other first: they put the whole report in doubt
        conflicts=[
            ConflictOut(
                kind=c.kind,
                subject=c.subject,
                detail=c.text.get(lang) if c.text else c.detail,
                rules=list(c.rules),
            )
            for c in sorted(out.conflicts, key=lambda c: c.kind != "answers")
        ],
        opportunities=outlook.opportunities,
        threats=outlook.threats,
        partnerships=outlook.partnerships,
        practices=outlook.practices,
        cases=[item_out(n, lang) for n in kb.of_kind("case")],
        disclaimer=words_for(lang)["advice"]["disclaimer"],
        upcoming=upcoming_out(regulations, today),
    )
    report = report.replace(labels=labels_out(kb, report, lang))
    return report.replace(summary=summary_of(report, lang))
