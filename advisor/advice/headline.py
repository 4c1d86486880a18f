"""The headline conclusions of a report, and what changed between two of them.

DESIGN.md names them: the top direction, the EU AI Act ``applies``/``tier``/``gpai``, the set of
regulations that apply, the five most severe risks with their severities, the roles to hire now,
and the next funding stage. ``kb diff`` summarises them; adaptive questioning must preserve them.

Examples:
    >>> a = Headline("direction/x", (True, "high_risk", "none"), ("regulation/gdpr",),
    ...              (("risk/a", "high"),), ("role/cto",), "funding_stage/seed")
    >>> [c.field for c in headline_changes(a, a.replace(top_direction="direction/y"))]
    ['top_direction']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from advisor.report.model import Funding, RegulationOut, Report, RiskOut, Team

__all__ = [
    "EU_AI_ACT",
    "Headline",
    "HeadlineChange",
    "headline",
    "headline_changes",
    "headline_of",
    "risk_key",
    "top_risks_of",
]

EU_AI_ACT = "regulation/eu_ai_act"
TOP_RISKS = 5


@dataclass(frozen=True)
class Headline:
    """What a founder reads first; every field is a plain, comparable value."""

    top_direction: str | None
    #: (applies, tier, gpai) of the EU AI Act; ``(False, None, None)`` when it is not assessed
    eu_ai_act: tuple[bool, str | None, str | None]
    #: ids of the regulations that apply, sorted
    laws: tuple[str, ...]
    #: (risk id, severity) of the five most severe risks, most severe first; where risks tie
    #: for the last places (the same likelihood x impact and impact as a risk below the five),
    #: which of them fill those places is not a conclusion: their id is ``""``
    top_risks: tuple[tuple[str, str], ...]
    #: role ids to hire now, sorted
    hire_now: tuple[str, ...]
    next_funding_stage: str | None

    def replace(self, **changes: Any) -> Headline:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: tuples become lists, the AI Act a mapping."""
        applies, tier, gpai = self.eu_ai_act
        return {
            "top_direction": self.top_direction,
            "eu_ai_act": {"applies": applies, "tier": tier, "gpai": gpai},
            "laws": list(self.laws),
            "top_risks": [{"id": r or None, "severity": s} for r, s in self.top_risks],
            "hire_now": list(self.hire_now),
            "next_funding_stage": self.next_funding_stage,
        }


@dataclass(frozen=True)
class HeadlineChange:
    """One headline field that differs: its name, and the JSON-ready old and new values."""

    field: str
    old: Any
    new: Any


def headline(report: Report) -> Headline:
    """The headline conclusions of ``report`` (see the module docstring)."""
    top = report.directions[0].id if report.directions else None
    return headline_of(top, report.regulations, report.risks, report.team, report.funding)


def headline_of(
    top_direction: str | None,
    regulations: Sequence[RegulationOut],
    risks: Sequence[RiskOut],
    team: Team,
    funding: Funding,
) -> Headline:
    """The headline from the sections it is made of (for callers that skip the rest)."""
    ai_act = next((r for r in regulations if r.id == EU_AI_ACT), None)
    next_stage = funding.next_stage
    return Headline(
        top_direction=top_direction,
        eu_ai_act=(ai_act.applies, ai_act.tier, ai_act.gpai) if ai_act else (False, None, None),
        laws=tuple(sorted(r.id for r in regulations if r.applies)),
        top_risks=top_risks_of(risks),
        hire_now=tuple(sorted(g.id for g in team.gaps if g.priority == "now")),
        next_funding_stage=next_stage.id if next_stage is not None else None,
    )


def top_risks_of(risks: Sequence[RiskOut]) -> tuple[tuple[str, str], ...]:
    """The five most severe risks as the headline holds them (``risks`` ranked as the report
    ranks them): a place tied with the risk after the five names no risk, only its severity.

    Examples:
        >>> def r(i, lik, imp):
        ...     return RiskOut(id=i, title=i, category="market", likelihood=lik, impact=imp,
        ...                    severity="high", mitigations=[], reasons=[])
        >>> top_risks_of([r("a", 5, 5), r("b", 4, 4), r("c", 3, 4), r("d", 3, 4), r("e", 3, 4),
        ...               r("f", 3, 4)])
        (('a', 'high'), ('b', 'high'), ('', 'high'), ('', 'high'), ('', 'high'))
    """
    top = list(risks[:TOP_RISKS])
    if len(top) < TOP_RISKS:
        return tuple((x.id, x.severity) for x in top)
    cut = risk_key(top[-1])
    return tuple(("" if risk_key(x) == cut else x.id, x.severity) for x in top)


def risk_key(risk: RiskOut) -> tuple[int, int]:
    """What ranks a risk, its id aside: likelihood x impact, then impact."""
    return (risk.likelihood * risk.impact, risk.impact)


def headline_changes(before: Headline, after: Headline) -> list[HeadlineChange]:
    """The fields that differ, in the order of :class:`Headline`, with JSON-ready values."""
    a: Mapping[str, Any] = before.as_dict()
    b: Mapping[str, Any] = after.as_dict()
    return [
        HeadlineChange(f.name, a[f.name], b[f.name])
        for f in fields(Headline)
        if a[f.name] != b[f.name]
    ]
