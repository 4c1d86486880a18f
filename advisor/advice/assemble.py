"""Assemble the :class:`~advisor.report.model.Report` from a profile: run the rules, score, and
look up mitigations, obligations, kernels, roles and cases in the graph.

This is the one place where conclusions meet the knowledge graph; the templates only render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from advisor.advice.scoring import (
    DirectionScore,
    builtin_reason,
    score_business_models,
    score_directions,
    severity,
)
from advisor.advice.session import Session
from advisor.answers.profile import Profile, build_profile
from advisor.errors import AnswersError
from advisor.kb.graph import (
    mitigations_for,
    obligations_of,
    roles_for,
    stage_order,
    success_factors_of,
)
from advisor.kb.records import (
    Bilingual,
    Case,
    Direction,
    FundingStage,
    Milestone,
    Mitigation,
    Node,
    Obligation,
    Practice,
    Regulation,
    Risk,
    Stage,
    SuccessFactor,
    Technique,
    Threat,
)
from advisor.report.model import (
    BusinessModelOut,
    CaseLesson,
    ConflictOut,
    DirectionOut,
    Evidence,
    Funding,
    Item,
    MitigationOut,
    ObligationOut,
    Reason,
    RegulationOut,
    Report,
    RiskOut,
    RoadmapItem,
    Sensitivity,
    Summary,
    Team,
    TeamGap,
    TechniqueOut,
    TraceEntry,
    Upcoming,
)
from advisor.rules.conditions import compile_condition
from advisor.rules.engine import Conclusions
from advisor.rules.engine import Reason as EngineReason
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["answers_to_check", "assemble_report", "sensitivity"]

_PRIO = {"now": 0, "next": 1, "later": 2, None: 3}


def _t(text: Bilingual, lang: Lang) -> str:
    return text.get(lang)


def _reasons(reasons: Sequence[EngineReason], lang: Lang) -> list[Reason]:
    out: list[Reason] = []
    seen: set[str] = set()
    for r in reasons:
        if r.rule in seen:
            continue
        seen.add(r.rule)
        out.append(Reason(rule=r.rule, text=r.text.get(lang), sources=list(r.sources)))
    return out


def _item(node: Node, lang: Lang, reasons: Sequence[EngineReason] = ()) -> Item:
    return Item(
        id=node.id,
        title=_t(node.title, lang),
        description=_t(node.description, lang),
        reasons=_reasons(reasons, lang),
    )


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
    g = session.graph
    w = dict(weights or kb.weights)
    out = session.engine.run(profile.answers)
    facts = out.facts
    ranked = score_directions(kb, out, w)
    directions = [_direction(kb, s, i + 1, lang) for i, s in enumerate(ranked)]

    # risks, most severe first
    risks: list[RiskOut] = []
    for rid, hit in out.risks.items():
        node = kb.nodes[rid]
        assert isinstance(node, Risk)
        # rules raise, never lower: the largest of the risk's own value and what rules set
        lik = max(hit.likelihood or 0, node.likelihood)
        imp = max(hit.impact or 0, node.impact)
        mits: list[MitigationOut] = []
        for mid in mitigations_for(g, rid):
            m = kb.nodes[mid]
            assert isinstance(m, Mitigation)
            rec = out.recommended.get(mid)
            mits.append(
                MitigationOut(
                    id=mid,
                    title=_t(m.title, lang),
                    description=_t(m.description, lang),
                    recommended=rec is not None,
                    priority=rec.priority if rec else None,
                    effort=m.effort,
                    owner=m.owner,
                )
            )
        mits.sort(key=lambda m: (not m.recommended, _PRIO[m.priority], m.id))
        risks.append(
            RiskOut(
                id=rid,
                category=node.category,
                likelihood=lik,
                impact=imp,
                severity=severity(lik, imp),
                mitigations=mits,
                reasons=_reasons(hit.reasons, lang),
                title=_t(node.title, lang),
                description=_t(node.description, lang),
                likelihood_drivers=[_t(d, lang) for d in node.likelihood_drivers],
                impact_drivers=[_t(d, lang) for d in node.impact_drivers],
            )
        )
    risks.sort(key=lambda r: (-r.likelihood * r.impact, -r.impact, r.id))

    models = [
        BusinessModelOut(
            id=b.id,
            title=_t(kb.nodes[b.id].title, lang),
            fit=float(b.fit),
            reasons=_reasons(b.reasons, lang),
            description=_t(kb.nodes[b.id].description, lang),
            revenue_streams=[_t(x, lang) for x in getattr(kb.nodes[b.id], "revenue_streams", [])],
            advised_against=b.advised_against,
        )
        for b in score_business_models(kb, out)
    ]

    team = _team(session, out, ranked, lang)
    regulations = _regulations(session, out, lang)
    today = (now or datetime.now(UTC)).date()
    techniques = _techniques(kb, out, lang, evidence or {})
    funding = _funding(kb, out, lang)
    roadmap = _roadmap(session, out, lang)
    lessons = _case_lessons(session, out, lang)

    def recommended_of(kind: str) -> list[Item]:
        items = [
            _item(kb.nodes[i], lang, r.reasons)
            for i, r in out.recommended.items()
            if i.startswith(kind + "/")
        ]
        return sorted(items, key=lambda it: it.id)

    raised = set(out.risks)
    threats = [
        _item(n, lang)
        for n in kb.of_kind("threat")
        if isinstance(n, Threat) and raised & set(n.risks)
    ]
    practices = [
        p
        for p in recommended_of("practice")
        if not (
            isinstance(kb.nodes[p.id], Practice)
            and getattr(kb.nodes[p.id], "area", "") == "capital"
        )
    ]

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
        assumptions=[f"{q}: {_show(profile.answers.get(q))}" for q in profile.defaulted],
        weights={k: round(float(v), 4) for k, v in _normalised(w).items()},
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
        opportunities=recommended_of("opportunity"),
        threats=threats,
        partnerships=recommended_of("partnership"),
        practices=practices,
        cases=[_item(n, lang) for n in kb.of_kind("case")],
        disclaimer=words_for(lang)["advice"]["disclaimer"],
        upcoming=_upcoming(regulations, today),
    )
    return report.replace(summary=_summary(report, lang))


def _normalised(w: Mapping[str, float]) -> dict[str, float]:
    from advisor.advice.scoring import normalise_weights

    return normalise_weights(w)


def _show(value: Any) -> str:
    """An answer as it would be written in an answers file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return str(value)


def _direction(kb: Any, s: DirectionScore, rank: int, lang: Lang) -> DirectionOut:
    node = kb.nodes[s.id]
    assert isinstance(node, Direction)
    return DirectionOut(
        id=s.id,
        title=_t(node.title, lang),
        score=float(s.score),
        criteria={k: round(float(v), 1) for k, v in s.criteria.items()},
        reasons=_reasons(s.reasons, lang),
        rank=rank,
        description=_t(node.description, lang),
        industry=node.industry,
        criteria_reasons={c: _reasons(rs, lang) for c, rs in s.criteria_reasons.items()},
        needs=[_item(kb.nodes[n], lang) for n in node.addresses],
        roles=list(node.requires_roles),
        techniques=list(node.requires_techniques),
        business_models=list(node.business_models),
        time_to_market_months=node.time_to_market_months,
        flags=s.flags,
    )


def _team(session: Session, out: Conclusions, ranked: Sequence[DirectionScore], lang: Lang) -> Team:
    kb = session.kb
    present = [f"role/{r}" for r in out.facts.get("team_roles") or []]
    gaps: dict[str, TeamGap] = {}
    for rid, rec in out.recommended.items():
        if rid.startswith("role/") and rid not in present:
            gaps[rid] = TeamGap(
                id=rid,
                priority=rec.priority or "next",
                reasons=_reasons(rec.reasons, lang),
                title=_t(kb.nodes[rid].title, lang),
            )
    needs_role = kb.settings.team.direction_needs_role if kb.settings.team else None
    for s in ranked[:1]:
        if needs_role is None:  # validation requires it wherever there are directions
            break
        node = kb.nodes[s.id]
        assert isinstance(node, Direction)
        for rid in roles_for(session.graph, node.id):
            if rid not in present and rid not in gaps and rid in kb.nodes:
                why = builtin_reason(
                    "scoring/direction_needs_role", needs_role, direction=node.title
                )
                gaps[rid] = TeamGap(
                    id=rid,
                    priority="later",
                    reasons=_reasons([why], lang),
                    title=_t(kb.nodes[rid].title, lang),
                )
    ordered = sorted(gaps.values(), key=lambda gp: (_PRIO[gp.priority], gp.id))
    return Team(present=present, gaps=ordered, size=int(out.facts.get("team_size") or 0))


def _regulations(session: Session, out: Conclusions, lang: Lang) -> list[RegulationOut]:
    kb = session.kb
    result: list[RegulationOut] = []
    for node in kb.of_kind("regulation"):
        assert isinstance(node, Regulation)
        hit = out.regulations.get(node.id)
        obligations: list[ObligationOut] = []
        for oid in obligations_of(session.graph, node.id):
            if oid not in out.obligations:
                continue
            o = kb.nodes[oid]
            assert isinstance(o, Obligation)
            obligations.append(
                ObligationOut(
                    id=oid,
                    title=_t(o.title, lang),
                    citation=o.citation,
                    effective_from=o.effective_from.isoformat() if o.effective_from else None,
                    description=_t(o.description, lang),
                    applies_to=o.applies_to,
                )
            )
        result.append(
            RegulationOut(
                id=node.id,
                title=_t(node.title, lang),
                applies=hit is not None,
                tier=hit.tier if hit else None,
                gpai=hit.gpai_level if hit else None,
                obligations=obligations,
                reasons=_reasons(hit.reasons if hit else [], lang),
                jurisdiction=node.jurisdiction,
                as_of=node.as_of.isoformat(),
            )
        )
    result.sort(key=lambda r: (not r.applies, r.id))
    return result


def _upcoming(regulations: Sequence[RegulationOut], today: date) -> list[Upcoming]:
    """Obligations of applying laws whose start date falls in the next 12 months."""
    horizon = today + timedelta(days=365)
    found: list[Upcoming] = []
    for reg in regulations:
        if not reg.applies:
            continue
        for ob in reg.obligations:
            if ob.effective_from and today < date.fromisoformat(ob.effective_from) <= horizon:
                found.append(
                    Upcoming(
                        date=ob.effective_from,
                        regulation=reg.id,
                        obligation=ob.id,
                        citation=ob.citation,
                        title=ob.title,
                    )
                )
    return sorted(found, key=lambda u: (u.date, u.citation))


def _techniques(
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
                title=_t(node.title, lang),
                kernel=node.kernel,
                reasons=_reasons(rec.reasons, lang),
                evidence=measured[0] if measured else None,
                more_evidence=list(measured[1:]),
                cli=node.cli,
                family=node.family,
                priority=rec.priority,
                description=_t(node.description, lang),
            )
        )
    # most urgent first; among equals, the technique more rules asked for
    result.sort(key=lambda t: (_PRIO[t.priority], -len(t.reasons), t.id))
    return result


def _funding(kb: Any, out: Conclusions, lang: Lang) -> Funding:
    stage_value = str(out.facts.get("funding_stage", ""))
    stage = kb.nodes.get(f"funding_stage/{stage_value}")
    next_stage: Node | None = None
    for sid in out.recommended:
        if sid.startswith("funding_stage/") and sid != getattr(stage, "id", None):
            next_stage = kb.nodes[sid]
            break
    if next_stage is None and isinstance(stage, FundingStage) and stage.precedes:
        next_stage = kb.nodes[stage.precedes[0]]
    channels = [
        _item(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith("funding_channel/")
    ]
    avoid = [
        _item(kb.nodes[i], lang, rs)
        for i, rs in out.against.items()
        if i.startswith("funding_channel/")
    ]
    policies = [
        _item(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith("policy/")
    ]
    practices = [
        _item(kb.nodes[i], lang, r.reasons)
        for i, r in out.recommended.items()
        if i.startswith("practice/") and getattr(kb.nodes[i], "area", "") == "capital"
    ]
    target = next_stage if isinstance(next_stage, FundingStage) else stage
    return Funding(
        stage=stage_value,
        next_stage=_item(
            next_stage,
            lang,
            out.recommended[next_stage.id].reasons if next_stage.id in out.recommended else [],
        )
        if next_stage
        else None,
        typical_raise=target.typical_raise if isinstance(target, FundingStage) else "",
        investors_expect=[_t(x, lang) for x in target.investors_expect]
        if isinstance(target, FundingStage)
        else [],
        runway_months=out.facts.get("runway_months"),
        runway_target_months=target.runway_target_months
        if isinstance(target, FundingStage)
        else None,
        channels=channels,
        avoid=avoid,
        policies=policies,
        practices=practices,
    )


def _roadmap(session: Session, out: Conclusions, lang: Lang) -> list[RoadmapItem]:
    kb = session.kb
    g = session.graph
    chosen: list[Stage] = []
    for sid in stage_order(g):
        node = kb.nodes[sid]
        assert isinstance(node, Stage)
        if "optional" not in node.tags or sid in out.recommended:
            chosen.append(node)
    ids = {s.id for s in chosen}
    milestones: dict[str, list[str]] = {}
    for m in kb.of_kind("milestone"):
        assert isinstance(m, Milestone)
        milestones.setdefault(m.stage, []).append(_t(m.title, lang))
    preds: dict[str, list[str]] = {s.id: [] for s in chosen}
    for s in chosen:
        for nxt in s.precedes:
            if nxt in ids:
                preds[nxt].append(s.id)
    end: dict[str, int] = {}
    items: list[RoadmapItem] = []
    for s in chosen:  # stage_order is topological, so predecessors come first
        start = max((end[p] for p in preds[s.id] if p in end), default=0)
        end[s.id] = start + s.duration_weeks
        added = [r.rule for r in out.recommended[s.id].reasons] if s.id in out.recommended else []
        items.append(
            RoadmapItem(
                id=s.id,
                title=_t(s.title, lang),
                start_week=start,
                end_week=end[s.id],
                phase=s.phase,
                milestones=milestones.get(s.id, []),
                added_by=added,
            )
        )
    items.sort(key=lambda it: (it.start_week, it.end_week, it.id))
    return items


def _case_lessons(session: Session, out: Conclusions, lang: Lang) -> list[CaseLesson]:
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
                    case_title=_t(case.title, lang),
                    factor_title=_t(factor.title, lang),
                )
            )
    return result


def _summary(r: Report, lang: Lang) -> Summary:
    w = words_for(lang)["summary"]
    bullets: list[str] = []
    top = r.directions[0] if r.directions else None
    if top is not None:
        headline = w["headline"].format(title=top.title, score=top.score)
    else:
        headline = w["no_direction"]
    to_check = [c.subject for c in r.conflicts if c.kind == "answers"]
    if to_check:
        bullets.append(w["check_answers"].format(items=w["list_sep"].join(to_check)))
    if len(r.directions) > 1:
        alts = [w["alternative"].format(title=d.title, score=d.score) for d in r.directions[1:3]]
        bullets.append(w["alternatives"].format(items=w["list_sep"].join(alts)))
    severe = [x for x in r.risks if x.severity in ("critical", "high")]
    if r.risks:
        names = w["list_sep"].join(x.title for x in r.risks[:3])
        bullets.append(w["severe_risks"].format(count=len(severe), items=names))
    applying = [x for x in r.regulations if x.applies]
    if applying:
        tiers: Mapping[str, object] = words_for(lang)["report"]["tier_of"]
        parts = [
            w["law_with_tier"].format(title=x.title, tier=tiers.get(x.tier, x.tier))
            if x.tier
            else x.title
            for x in applying
        ]
        bullets.append(w["laws"].format(items=w["list_sep"].join(parts)))
    now = [gp.title or gp.id for gp in r.team.gaps if gp.priority == "now"]
    if now:
        bullets.append(w["hire_now"].format(items=w["name_sep"].join(now)))
    if r.business_models:
        bm = r.business_models[0]
        bullets.append(w["business_model"].format(title=bm.title, fit=bm.fit))
    if r.funding.next_stage is not None:
        bullets.append(w["next_funding"].format(title=r.funding.next_stage.title))
    if r.techniques:
        firsts = w["name_sep"].join(t.title for t in r.techniques[:3])
        bullets.append(w["techniques"].format(items=firsts))
    if severe and top is not None:
        headline += w["first_risk"].format(title=severe[0].title)
    return Summary(headline=headline, bullets=bullets)


# -- sensitivity: which answers would most change the ranking ---------------------------------

_SENSITIVE_TYPES = ("choice", "bool")


def _mentioned_values(kb: Any) -> dict[str, set[Any]]:
    """Per fact, every value a rule or a question's ``when`` compares it with."""
    from advisor.kb.walk import walk_condition

    found: dict[str, set[Any]] = {}
    conditions = [r.when for r in kb.rules.values()]
    conditions += [q.when for q in kb.questions.values() if q.when is not None]
    for cond in conditions:
        for comp, _loc in walk_condition(cond):
            value = comp.value
            found.setdefault(comp.fact, set()).update(value if isinstance(value, list) else [value])
    return found


def _distinct_alternatives(values: Sequence[str], current: Any, mentioned: set[Any]) -> list[Any]:
    """The other values of a choice that can change anything.

    Values no condition mentions behave alike, so one of them stands for all (and none is needed
    when the current value is unmentioned too: nothing would change).
    """
    named = [v for v in values if v != current and v in mentioned]
    unnamed = [v for v in values if v != current and v not in mentioned]
    if unnamed and current in mentioned:
        named.append(unnamed[0])
    return named


def sensitivity(
    session: Session, profile: Profile, weights: Mapping[str, float], lang: Lang, limit: int = 5
) -> list[Sensitivity]:
    """Try each other value of each choice and yes/no answer; keep those that move the ranking most.

    The effect of one alternative is measured as (did the top direction change, how many of the
    top five positions changed, how far the current top direction's score moved).
    """
    kb = session.kb
    engine = session.engine
    base = score_directions(kb, engine.run(profile.answers), weights)
    base_top5 = [s.id for s in base[:5]]
    base_scores = {s.id: s.score for s in base}
    found: list[tuple[tuple[int, int, float], Sensitivity]] = []
    raw = {k: v for k, v in profile.answers.items()}
    mentioned = _mentioned_values(kb)
    said = words_for(lang)["advice"]
    for q in kb.questions.values():
        if q.type not in _SENSITIVE_TYPES or q.id not in profile.answers or not q.sensitivity:
            continue
        current = profile.answers[q.id]
        options: list[Any] = (
            _distinct_alternatives(q.values, current, mentioned.get(q.id, set()))
            if q.type == "choice"
            else [not current]
        )
        for alt in options:
            try:
                alt_profile = build_profile(kb, {**raw, q.id: alt})
            except Exception:
                continue
            ranked = score_directions(kb, engine.run(alt_profile.answers), weights)
            top5 = [s.id for s in ranked[:5]]
            changed = sum(1 for a, b in zip(base_top5, top5, strict=False) if a != b)
            top_changed = int(bool(top5) and bool(base_top5) and top5[0] != base_top5[0])
            moved = (
                next((s.score for s in ranked if s.id == base_top5[0]), 0.0)
                - base_scores.get(base_top5[0], 0.0)
                if base_top5
                else 0.0
            )
            if not changed and abs(moved) < 1:
                continue
            top_title = kb.nodes[top5[0]].title.get(lang) if top5 else ""
            effect = (
                said["new_top"].format(title=top_title)
                if top_changed
                else said["positions_changed"].format(count=changed)
            ) + said["top_moves"].format(moved=moved)
            found.append(
                (
                    (top_changed, changed, abs(moved)),
                    Sensitivity(
                        question=q.id,
                        current=current,
                        alternative=alt,
                        effect=effect,
                        top_direction=top5[0] if top5 else "",
                        changed_positions=changed,
                    ),
                )
            )
    found.sort(key=lambda x: (-x[0][0], -x[0][1], -x[0][2], x[1].question, str(x[1].alternative)))
    result: list[Sensitivity] = []
    seen_q: set[str] = set()
    for _, s in found:
        if s.question in seen_q:
            continue
        seen_q.add(s.question)
        result.append(s)
        if len(result) == limit:
            break
    return result
