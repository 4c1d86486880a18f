"""The risk register: every risk a rule raised, on the 5x5 matrix, with its mitigations."""

from __future__ import annotations

from advisor.advice.scoring import severity
from advisor.advice.sections.items import PRIORITY_RANK, reasons_out, said_once, tr
from advisor.advice.session import Session
from advisor.kb.fit import fits
from advisor.kb.graph import mitigations_for
from advisor.kb.records import Mitigation, Risk
from advisor.report.model import MitigationOut, RiskOut
from advisor.rules.conclusions import Conclusions
from advisor.words.shape import Lang

__all__ = ["risks_out"]


def risks_out(session: Session, out: Conclusions, lang: Lang) -> list[RiskOut]:
    """The raised risks that fit the product (``applies_to``), most severe first (likelihood x
    impact, then impact, then id)."""
    kb = session.kb
    risks: list[RiskOut] = []
    for rid, hit in out.risks.items():
        node = kb.nodes[rid]
        assert isinstance(node, Risk)
        if not fits(node, out.facts):  # raised by a rule, but for another kind of product
            continue
        # rules raise, never lower: the largest of the risk's own value and what rules set
        lik = max(hit.likelihood or 0, node.likelihood)
        imp = max(hit.impact or 0, node.impact)
        risks.append(
            RiskOut(
                id=rid,
                category=node.category,
                likelihood=lik,
                impact=imp,
                severity=severity(lik, imp),
                mitigations=_mitigations(session, out, rid, lang),
                reasons=reasons_out(hit.reasons, lang),
                title=tr(node.title, lang),
                description=tr(node.description, lang),
                likelihood_drivers=[tr(d, lang) for d in node.likelihood_drivers],
                impact_drivers=[tr(d, lang) for d in node.impact_drivers],
            )
        )
    risks.sort(key=lambda r: (-r.likelihood * r.impact, -r.impact, r.id))
    once = said_once([(r.title, r.reasons) for r in risks], lang)
    return [r.replace(reasons=x) for r, x in zip(risks, once, strict=True)]


def _mitigations(session: Session, out: Conclusions, rid: str, lang: Lang) -> list[MitigationOut]:
    """A risk's mitigations that fit the product, the ones rules recommend first, most urgent
    first."""
    kb = session.kb
    mits: list[MitigationOut] = []
    for mid in mitigations_for(session.graph, rid):
        m = kb.nodes[mid]
        assert isinstance(m, Mitigation)
        if not fits(m, out.facts) or mid in out.against:  # a rule said not to: no option here
            continue
        rec = out.recommended.get(mid)
        mits.append(
            MitigationOut(
                id=mid,
                title=tr(m.title, lang),
                description=tr(m.description, lang),
                recommended=rec is not None,
                priority=rec.priority if rec else None,
                effort=m.effort,
                owner=m.owner,
            )
        )
    mits.sort(key=lambda m: (not m.recommended, PRIORITY_RANK[m.priority], m.id))
    return mits
