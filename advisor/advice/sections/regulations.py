"""The regulations section: every law, whether it applies, its obligations and deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from advisor.advice.sections.items import (
    reasons_out,
    tr,
)
from advisor.advice.session import Session
from advisor.kb.graph import (
    obligations_of,
)
from advisor.kb.records import (
    Obligation,
    Regulation,
)
from advisor.report.model import (
    ObligationOut,
    RegulationOut,
    Upcoming,
)
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["regulations_out", "upcoming_out"]


def regulations_out(session: Session, out: Conclusions, lang: Lang) -> list[RegulationOut]:
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
                    title=tr(o.title, lang),
                    citation=o.citation,
                    effective_from=o.effective_from.isoformat() if o.effective_from else None,
                    description=tr(o.description, lang),
                    applies_to=o.applies_to,
                )
            )
        result.append(
            RegulationOut(
                id=node.id,
                title=tr(node.title, lang),
                applies=hit is not None,
                tier=hit.tier if hit else None,
                gpai=hit.gpai_level if hit else None,
                obligations=obligations,
                reasons=reasons_out(hit.reasons if hit else [], lang),
                jurisdiction=node.jurisdiction,
                as_of=node.as_of.isoformat(),
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
