"""The brief: the report on one screen, built from the sections already assembled.

The decision (keep, move or choose) and the three reasons behind it, the three risks to act on
with the role that owns the first step and a due date, the legal verdict market by market, the
cash against the plan, and the next three actions. It says nothing the sections below do not
back; it only picks from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from advisor.kb.recordbase import market_of, source_in
from advisor.kb.records import ActWithin
from advisor.report.model import (
    Brief,
    BriefAction,
    BriefLaw,
    BriefRisk,
    MitigationOut,
    Reason,
    RegulationOut,
    Report,
    RiskOut,
)
from advisor.report.picks import answer_list, pursued
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["brief_of"]

#: how many reasons, risks and actions the brief gives
COUNT = 3


def _reasons(r: Report) -> list[str]:
    """The stance's own backing first, then what most lifts the pursued direction."""
    said = list(r.summary.backing) if r.summary else []
    d = pursued(r)
    if d is not None:
        pool = [*d.reasons, *(x for rs in d.criteria_reasons.values() for x in rs)]
        lifts: Sequence[Reason] = sorted(
            (x for x in pool if (x.points or 0) > 0 and x.text),
            key=lambda x: -(x.points or 0),
        )
        said += [x.text for x in lifts if x.text not in said]
    return said[:COUNT]


def _notes(r: Report, lang: Lang) -> list[str]:
    """Answers to check first, and a current direction the advisor assumed."""
    w = words_for(lang)["summary"]
    notes = []
    to_check = [c.subject for c in r.conflicts if c.kind == "answers"]
    if to_check:
        notes.append(w["check_answers"].format(items=w["list_sep"].join(to_check)))
    current = next((d for d in r.directions if d.current), None)
    if current is not None and r.summary is not None and r.summary.current_derived:
        notes.append(w["current_derived"].format(title=current.title))
    u = words_for(lang)["unsure"]
    if r.open_headline:
        names: Mapping[str, str] = u  # type: ignore[assignment]
        fields = u["sep"].join(names[f"field_{o.field}"] for o in r.open_headline)
        first = [x.label for x in r.resolve_first if x.impact][:3]
        notes.append(u["brief_open"].format(fields=fields, questions=u["sep"].join(first)))
    elif r.unknown:
        unasked = [x for x in r.resolve_first if not x.follows and x.question not in r.asked]
        if r.asked and unasked:  # an adaptive run: what it did not ask changes nothing
            notes.append(u["brief_settled_adaptive"].format(count=len(unasked)))
        else:
            notes.append(u["brief_settled"].format(count=len(r.unknown)))
    return notes


def _step(risk: RiskOut) -> MitigationOut | None:
    """A risk's first step: its first recommended mitigation, else its first one."""
    return next((m for m in risk.mitigations if m.recommended), None) or (
        risk.mitigations[0] if risk.mitigations else None
    )


def _risks(
    r: Report, today: date, within: ActWithin, roles: Mapping[str, str], fallback: str
) -> list[BriefRisk]:
    out = []
    for risk in r.risks[:COUNT]:
        step = _step(risk)
        weeks = getattr(within, step.priority) if step and step.priority else within.later
        owner = step.owner if step and step.owner else fallback
        out.append(
            BriefRisk(
                id=risk.id,
                title=risk.title,
                severity=risk.severity,
                step=step.title if step else "",
                owner=roles.get(owner, ""),
                owner_role=owner or None,
                owner_to_hire=bool(owner) and owner not in r.team.present,
                due=(today + timedelta(weeks=weeks)).isoformat(),
            )
        )
    return out


def _verdict(
    market: str,
    laws: Sequence[RegulationOut],
    exempt: Sequence[str],
    today: date,
    lang: Lang,
    labels: Mapping[str, str],
) -> tuple[str, list[str]]:
    w = words_for(lang)["brief"]
    tiers: Mapping[str, str] = words_for(lang)["report"]["tier_of"]  # type: ignore[assignment]
    if market == "other":
        return w["not_covered"], []
    if not laws:
        return (w["law_sep"].join(exempt) if exempt else w["no_law"]), []
    rw = words_for(lang)["report"]
    names = [
        f"{x.title}{rw['open_paren']}{tiers.get(x.tier, x.tier)}{rw['close_paren']}"
        if x.tier
        else x.title
        for x in laws
    ]
    text = w["laws_apply"].format(laws=w["law_sep"].join(names))
    coming = sorted(
        (o.effective_from, o.citation)
        for x in laws
        for o in x.obligations
        if o.effective_from and date.fromisoformat(o.effective_from) > today
    )
    if coming:
        text += w["first_duty"].format(date=coming[0][0], citation=source_in(coming[0][1], labels))
    if exempt:
        text += words_for(lang)["summary"]["list_sep"] + w["law_sep"].join(exempt)
    return text, [x.id for x in laws]


def _legal(r: Report, today: date, lang: Lang) -> list[BriefLaw]:
    if "markets" in r.unknown:
        label = next((x.label for x in r.resolve_first if x.question == "markets"), "markets")
        verdict = words_for(lang)["unsure"]["markets_unknown"]
        return [BriefLaw(market="unknown", label=label, verdict=verdict, laws=[])]
    markets = answer_list(r, "markets")
    out = []
    for market in markets:
        mine = [x for x in r.regulations if market_of(x.jurisdiction) == market]
        laws = [x for x in mine if x.applies]
        exempt = [n.sentence for x in mine for n in x.not_applicable_because]
        verdict, ids = _verdict(market, laws, exempt, today, lang, r.labels)
        label = r.labels.get(f"markets={market}", market)
        out.append(BriefLaw(market=market, label=label, verdict=verdict, laws=ids))
    return out


def _cash(r: Report, lang: Lang) -> str:
    w = words_for(lang)["brief"]
    f = r.funding
    if r.runway_check is not None and r.runway_check.summary:
        parts = [r.runway_check.summary]
    elif f.runway_months is not None:
        parts = [w["runway"].format(months=f.runway_months)]
    else:
        parts = [w["no_runway"]]
    if f.next_stage is not None:
        frame = w["raise_next"] if f.typical_raise else w["raise_next_plain"]
        parts.append(frame.format(title=f.next_stage.title, amount=f.typical_raise))
    return w["sentence_sep"].join(parts)


def _actions(r: Report, lang: Lang) -> list[BriefAction]:
    """A cut when the plan misses the cash, the first hire, the next legal deadline, then the
    roadmap's first stages: at most three."""
    w = words_for(lang)["brief"]
    out: list[BriefAction] = []
    check = r.runway_check
    if check is not None and not check.fits and check.cuts:
        cut = check.cuts[0]
        text = w["cut"].format(title=cut.title, text=cut.text) if cut.title else cut.text
        out.append(BriefAction(text=text, source=cut.stage or "runway"))
    hires = [g for g in r.team.gaps if g.priority == "now"]
    if hires:
        out.append(BriefAction(text=w["hire"].format(role=hires[0].title), source=hires[0].id))
    if r.upcoming:
        u = r.upcoming[0]
        out.append(
            BriefAction(
                text=w["duty"].format(
                    title=u.title, citation=source_in(u.citation, r.labels), date=u.date
                ),
                source=u.obligation,
                due=u.date,
            )
        )
    for item in sorted(r.roadmap, key=lambda i: (i.start_week, i.end_week)):
        if len(out) >= COUNT:
            break
        out.append(
            BriefAction(
                text=w["stage"].format(title=item.title, start=item.start_week, end=item.end_week),
                source=item.id,
            )
        )
    return out[:COUNT]


def brief_of(
    r: Report, lang: Lang, today: date, within: ActWithin, roles: Mapping[str, str]
) -> Brief:
    """The brief of an assembled report (its summary included). ``roles``: role id -> title;
    a risk step without an owner falls to the CEO."""
    decision = r.summary.decision if r.summary and r.summary.decision else ""
    if not decision and r.summary is not None:
        decision = r.summary.headline
    return Brief(
        decision=decision,
        notes=_notes(r, lang),
        reasons=_reasons(r),
        risks=_risks(r, today, within, roles, "role/ceo"),
        legal=_legal(r, today, lang),
        cash=_cash(r, lang),
        actions=_actions(r, lang),
    )
