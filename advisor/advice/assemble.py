"""Assemble the :class:`~advisor.report.model.Report` from a profile: run the rules, score, and
build each section (:mod:`advisor.advice.sections`, one module per section of the report).

Sections are where conclusions meet the knowledge graph (mitigations, obligations, kernels,
roles, cases); the templates only render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from advisor.advice.coherence import coherence_conflicts, finding_facts
from advisor.advice.scoring import (
    normalise_weights,
    score_directions,
)
from advisor.advice.sections.brief import brief_of
from advisor.advice.sections.business import business_models_out
from advisor.advice.sections.cases import case_lessons_out, case_notes_out
from advisor.advice.sections.directions import (
    direction_factors,
    direction_out,
    refer_elsewhere,
    shared_rules,
)
from advisor.advice.sections.funding import funding_out
from advisor.advice.sections.items import (
    item_out,
    product_kind_labels,
)
from advisor.advice.sections.once import say_once
from advisor.advice.sections.outlook import outlook_of
from advisor.advice.sections.profile import (
    assumptions_out,
    labelled_subject,
    labels_out,
    profile_rows_out,
)
from advisor.advice.sections.regulations import regulations_out, upcoming_out
from advisor.advice.sections.risks import risks_out
from advisor.advice.sections.roadmap import roadmap_out, runway_check
from advisor.advice.sections.summary import summary_of
from advisor.advice.sections.team import team_out
from advisor.advice.sections.techniques import techniques_out
from advisor.advice.sections.unsure import open_fields_out, pending_out, resolve_first_out
from advisor.advice.sensitivity import sensitivity
from advisor.advice.session import Session
from advisor.advice.uncertain import Uncertainty, assess, unknown_facts
from advisor.answers.profile import UNKNOWN_ANSWER, Profile, build_profile
from advisor.answers.show import show_answer
from advisor.errors import AnswersError
from advisor.kb.base import KnowledgeBase
from advisor.kb.records import DirectionSettings, ReportSettings
from advisor.report.model import (
    ConflictOut,
    Evidence,
    Report,
    TraceEntry,
)
from advisor.rules.conclusions import Conflict
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["answers_to_check", "assemble_report", "move_margin_at", "sensitivity"]


def _conflict_detail(session: Session, c: Conflict, lang: Lang) -> str:
    """What a conflict says, in the report's language where the catalog or knowledge has it."""
    if c.text:
        return c.text.get(lang)
    node = session.kb.nodes.get(c.subject)
    if c.kind == "recommendation" and node is not None:
        return words_for(lang)["advice"]["contested"].format(title=node.title.get(lang))
    return c.detail


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
        (labelled_subject(session.kb, c.subject, lang), c.text.get(lang) if c.text else c.detail)
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
    unknown = profile.unknown
    waits = unknown_facts(kb, unknown)
    out = session.engine.run(profile.answers, unknown=waits)
    facts = out.facts
    ranked = score_directions(kb, out, w)
    rank_rules = kb.settings.scoring.directions if kb.settings.scoring else None
    rank_rules = rank_rules or DirectionSettings()
    unsure = (
        assess(kb, out, ranked, normalise_weights(w), float(rank_rules.pivot_margin))
        if unknown
        else Uncertainty()
    )
    shared = shared_rules(ranked, rank_rules.shared_reason_min)
    directions = [direction_out(kb, s, i + 1, lang, shared) for i, s in enumerate(ranked)]
    if unsure.score_ranges:  # where unknown answers can move a score: its range
        directions = [
            d.replace(score_range=list(unsure.score_ranges[d.id]))
            if d.id in unsure.score_ranges
            else d
            for d in directions
        ]
    pending = pending_out(kb, out, lang)

    risks = [
        r.replace(score_range=list(unsure.risk_ranges[r.id])) if r.id in unsure.risk_ranges else r
        for r in risks_out(session, out, lang)
    ]
    models = [
        m.replace(fit_range=list(unsure.fit_ranges[m.id])) if m.id in unsure.fit_ranges else m
        for m in business_models_out(kb, out, lang)
    ]
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
        profile={**dict(profile.answers), **dict.fromkeys(unknown, UNKNOWN_ANSWER)},
        pending=pending,
        resolve_first=resolve_first_out(kb, waits, unsure, pending, lang),
        open_headline=open_fields_out(unsure),
        unknown=list(unknown),
        asked=list(profile.asked),
        directions=directions,
        risks=risks,
        business_models=models,
        team=team,
        regulations=regulations,
        techniques=techniques,
        funding=funding,
        roadmap=roadmap,
        runway_check=runway_check(session, out, lang),
        case_lessons=lessons,
        case_notes=case_notes_out(session, out, lessons, lang),
        trace=[
            TraceEntry(rule=f.rule, sources=list(f.sources), matched=dict(f.matched))
            for f in out.trace
        ],
        company_name=str(facts.get("company_name", "")),
        assumptions=assumptions_out(kb, profile, lang),
        profile_rows=profile_rows_out(kb, profile, lang),
        product_kinds=product_kind_labels(kb, facts, lang),
        weights={k: round(float(v), 4) for k, v in normalise_weights(w).items()},
        sensitivity=sensitivity(session, profile, w, lang) if with_sensitivity else [],
        # answers that contradict each other first: they put the whole report in doubt
        conflicts=[
            ConflictOut(
                kind=c.kind,
                subject=labelled_subject(kb, c.subject, lang),
                questions=c.subject.split(", ") if c.kind == "answers" else [],
                subject_id=c.subject,
                detail=_conflict_detail(session, c, lang),
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
        direction_factors=direction_factors(ranked, shared, lang),
        pivot_margin=float(rank_rules.pivot_margin),
    )
    # the sections are built: check what they say against each other (knowledge/rules/coherence)
    findings = finding_facts(
        session, out, profile, team=team, case_lessons=lessons, regulations=regulations
    )
    report = report.replace(
        conflicts=[*report.conflicts, *coherence_conflicts(session, facts, findings, lang)]
    )
    report = say_once(refer_elsewhere(report))
    report = report.replace(labels=labels_out(kb, report, lang))
    roles = {n.id: n.title.get(lang) for n in kb.of_kind("role")}
    margin, stage = move_margin_at(kb, profile, rank_rules, lang)
    report = report.replace(
        summary=summary_of(report, lang, move_margin=margin, role_titles=roles, margin_stage=stage)
    )
    settings = kb.settings.report or ReportSettings()
    return report.replace(brief=brief_of(report, lang, today, settings.act_within_weeks, roles))


def move_margin_at(
    kb: KnowledgeBase, profile: Profile, rank_rules: DirectionSettings, lang: Lang
) -> tuple[float, str | None]:
    """The points a move must gain at the founder's funding stage, and that stage's label when
    ``move_margin_by_stage`` sets them (``None``: the general ``move_margin``)."""
    stage = profile.answers.get("funding_stage")
    if not isinstance(stage, str) or stage not in rank_rules.move_margin_by_stage:
        return float(rank_rules.move_margin), None
    q = kb.questions.get("funding_stage")
    label = show_answer(q, stage, lang, labels=True) if q is not None else stage
    return float(rank_rules.move_margin_by_stage[stage]), label
