"""The regulations section: every law, whether it applies (and why not), the obligations that
bind the founder's roles in the value chain, the duties of the other parties, and deadlines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from advisor.advice.sections.items import (
    reasons_out,
    tr,
)
from advisor.advice.session import Session
from advisor.kb.graph import (
    obligations_of,
)
from advisor.kb.recordbase import OPERATOR_ROLES
from advisor.kb.records import (
    Obligation,
    Regulation,
)
from advisor.report.model import (
    NotApplicable,
    ObligationOut,
    OthersDuties,
    RegulationOut,
    Upcoming,
    VerifiedAgainst,
)
from advisor.rules.conclusions import Conclusions, Reason, RegulationHit
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["ROLES_FACT", "TAKES_PROVIDER_FACT", "founder_roles", "regulations_out", "upcoming_out"]

#: The answer naming the founder's parts in the AI value chain (provider, deployer, ...).
ROLES_FACT = "ai_act_roles"
#: A derived fact: the founder becomes the provider of a high-risk system (EU AI Act Art. 25(1)).
TAKES_PROVIDER_FACT = "ai_act_becomes_provider"


def founder_roles(facts: Mapping[str, Any]) -> tuple[str, ...]:
    """The roles whose duties the report lists, in ``OPERATOR_ROLES`` order; empty when the
    roles are not known (then every obligation is listed).

    A deployer, importer or distributor that Art. 25(1) makes the provider of a high-risk system
    also carries the provider's duties.

    Examples:
        >>> founder_roles({"ai_act_roles": ["deployer"]})
        ('deployer',)
        >>> founder_roles({"ai_act_roles": ["deployer"], "ai_act_becomes_provider": True})
        ('provider', 'deployer')
        >>> founder_roles({})
        ()
    """
    given = facts.get(ROLES_FACT)
    if not isinstance(given, (list, tuple)):
        return ()
    roles = {r for r in given if r in OPERATOR_ROLES}
    if facts.get(TAKES_PROVIDER_FACT) is True:
        roles.add("provider")
    return tuple(r for r in OPERATOR_ROLES if r in roles)


def _obligation_out(oid: str, o: Obligation, out: Conclusions, lang: Lang) -> ObligationOut:
    start = out.obligation_dates.get(oid, o.effective_from)
    return ObligationOut(
        id=oid,
        title=tr(o.title, lang),
        citation=_citation(o, lang),
        effective_from=start.isoformat() if start else None,
        description=tr(o.description, lang),
        applies_to=o.applies_to,
        binds=list(o.binds),
    )


def _citation(o: Obligation, lang: Lang) -> str:
    """The citation of a duty in the report's language (the law's id and article either way)."""
    return o.citation_zh if lang == "zh" and o.citation_zh else o.citation


def _others(held: Sequence[Obligation], roles: Sequence[str], lang: Lang) -> list[OthersDuties]:
    """The citations of the duties that bind none of ``roles``, by the roles they do bind."""
    by_role: dict[str, list[str]] = {}
    for o in held:
        for role in o.binds:
            if role not in roles:
                cites = by_role.setdefault(role, [])
                cite = _citation(o, lang)
                if cite not in cites:
                    cites.append(cite)
    return [
        OthersDuties(role=role, citations=by_role[role])
        for role in OPERATOR_ROLES
        if role in by_role
    ]


def _reasons_for_roles(
    hit: RegulationHit | None, not_ours: Sequence[Obligation], out: Conclusions
) -> list[Reason]:
    """A law's reasons less those of rules whose only duties bind other parties in the chain
    (a deployer is not told "you must appoint an authorised representative", Art. 22, when
    that duty is the provider's); all of them when nothing would be left."""
    if hit is None:
        return []
    theirs = {o.id for o in not_ours}
    others = {r.rule for oid in theirs for r in out.obligations.get(oid, [])}
    ours = {r.rule for oid, rs in out.obligations.items() if oid not in theirs for r in rs}
    kept = [r for r in hit.reasons if r.rule not in others or r.rule in ours]
    return kept or list(hit.reasons)


def regulations_out(session: Session, out: Conclusions, lang: Lang) -> list[RegulationOut]:
    kb = session.kb
    roles = founder_roles(out.facts)
    says = words_for(lang)["report"]["law_does_not_apply"]
    result: list[RegulationOut] = []
    for node in kb.of_kind("regulation"):
        assert isinstance(node, Regulation)
        exempt = out.exemptions.get(node.id, [])
        hit = None if exempt else out.regulations.get(node.id)
        obligations: list[ObligationOut] = []
        not_ours: list[Obligation] = []
        if hit is not None:
            for oid in obligations_of(session.graph, node.id):
                if oid not in out.obligations:
                    continue
                o = kb.nodes[oid]
                assert isinstance(o, Obligation)
                if roles and not set(o.binds) & set(roles):
                    not_ours.append(o)
                else:
                    obligations.append(_obligation_out(oid, o, out, lang))
        result.append(
            RegulationOut(
                id=node.id,
                title=tr(node.title, lang),
                applies=hit is not None,
                tier=hit.tier if hit else None,
                gpai=hit.gpai_level if hit else None,
                obligations=obligations,
                reasons=reasons_out(
                    [e.reason for e in exempt] or _reasons_for_roles(hit, not_ours, out), lang
                ),
                jurisdiction=node.jurisdiction,
                as_of=node.as_of.isoformat(),
                not_applicable_because=[
                    NotApplicable(
                        citation=e.citation,
                        text=tr(e.ground, lang),
                        rule=e.reason.rule,
                        sentence=says.format(
                            law=tr(node.title, lang), ground=tr(e.ground, lang), citation=e.citation
                        ),
                    )
                    for e in exempt
                ],
                roles=list(roles) if hit is not None else [],
                for_others=_others(not_ours, roles, lang),
                verified_against=[
                    VerifiedAgainst(text=v.text, kind=v.kind, url=v.url)
                    for v in node.verified_against
                ],
            )
        )
    result.sort(key=lambda r: (not r.applies, r.id))
    return result


def upcoming_out(regulations: Sequence[RegulationOut], today: date) -> list[Upcoming]:
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
