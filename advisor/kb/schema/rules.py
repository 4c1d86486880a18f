"""Rules: ``when`` a condition holds, ``then`` these actions, ``because`` this reason.

Every action is a mapping with exactly one key naming it::

    derive:            {fact: NAME, value: V}           a derived fact other rules can read
    raise_risk:        {id: risk/..., likelihood: 1-5, impact: 1-5}   (omitted: the risk's own)
    recommend:         {id: ..., fit: -50..50, priority: now|next|later}
    advise_against:    {id: ...}
    adjust:            {criterion: C, delta: -50..50, where: {industry: .., tag: .., ...}}
    flag_direction:    {flag: prohibited|..., where: {use_case: .., ...}}
    apply_regulation:  {id: regulation/..., tier: .., gpai: ..}
    require_obligation: {id: obligation/..., effective_from: DATE}   (omitted: the obligation's own)
    exempt_regulation: {id: regulation/..., citation: "EU AI Act Art. 2(3)", ground: {en, zh}}
                                                        the law does not apply, and why
    check_answers:     {facts: [question, question, ...]}   answers that contradict each other
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from advisor.kb.recordbase import CRITERIA, GPAI_LEVELS, TIERS, ActionBehaviour
from advisor.kb.schema.common import Bilingual, Level, NodeId, Source, Strict
from advisor.kb.schema.conditions import FACT_PATTERN, Condition, Scalar

__all__ = [
    "ACTION_KINDS",
    "CRITERIA",
    "GPAI_LEVELS",
    "TIERS",
    "Action",
    "Adjust",
    "AdviseAgainst",
    "ApplyRegulation",
    "CheckAnswers",
    "Derive",
    "DirectionSelector",
    "ExemptRegulation",
    "FlagDirection",
    "RaiseRisk",
    "Recommend",
    "RequireObligation",
    "Rule",
]

RULE_ID_PATTERN = r"^rule/[a-z0-9][a-z0-9_.\-]*$"
Priority = Literal["now", "next", "later"]
Delta = Annotated[int, Field(ge=-50, le=50)]

Criterion = Literal["market_need", "technical_feasibility", "commercial_potential", "founder_fit"]


class Derive(Strict):
    fact: Annotated[str, Field(pattern=FACT_PATTERN)]
    value: Scalar | list[Scalar]


class RaiseRisk(Strict):
    id: NodeId
    likelihood: Annotated[int, Field(ge=1, le=5)] | None = None
    impact: Annotated[int, Field(ge=1, le=5)] | None = None


class Recommend(Strict):
    id: NodeId
    fit: Delta = 0
    priority: Priority | None = None


class AdviseAgainst(Strict):
    id: NodeId


class DirectionSelector(Strict):
    """Which directions an ``adjust`` applies to; every given field must match (none: all)."""

    id: NodeId | None = None
    industry: NodeId | None = None
    tag: str | None = None
    use_case: str | None = None
    data_intensity: Level | None = None
    compute_intensity: Level | None = None
    regulatory_exposure: Level | None = None
    #: true: only the founder's current direction (a constraint of the product they have, such
    #: as its latency budget, binds there); false: every direction but it
    current: bool | None = None


class Adjust(Strict):
    criterion: Criterion
    delta: Delta
    where: DirectionSelector = DirectionSelector()


class FlagDirection(Strict):
    """Mark the directions matching ``where``; ``prohibited`` ones drop to the end."""

    flag: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    where: DirectionSelector


class ApplyRegulation(Strict):
    id: NodeId
    tier: Literal["prohibited", "high_risk", "limited_risk", "minimal_risk"] | None = None
    gpai: Literal["none", "gpai", "gpai_systemic_risk"] | None = None


class RequireObligation(Strict):
    """Require an obligation. ``effective_from`` gives the date it applies from on this rule's
    path when that differs from the obligation's own (an Annex I product's high-risk duties
    start later than an Annex III system's); when several paths require it, the earliest wins."""

    id: NodeId
    effective_from: date | None = None


class ExemptRegulation(Strict):
    """The law does not apply, by the provision ``citation``; ``ground`` says why in a few words
    ("exclusively military use"). It outweighs every ``apply_regulation`` of the same law: the
    report shows it as not applying, with the ground, and lists none of its obligations."""

    id: NodeId
    citation: Annotated[str, Field(min_length=1)]
    ground: Bilingual


class CheckAnswers(Strict):
    """Answers that contradict each other: the report asks the founder to check them, and the
    rule's ``because`` says why (questions only: derived facts are the rules' own doing)."""

    facts: list[Annotated[str, Field(pattern=FACT_PATTERN)]] = Field(min_length=2)


ACTION_KINDS: dict[str, type[Strict]] = {
    "derive": Derive,
    "raise_risk": RaiseRisk,
    "recommend": Recommend,
    "advise_against": AdviseAgainst,
    "adjust": Adjust,
    "flag_direction": FlagDirection,
    "apply_regulation": ApplyRegulation,
    "require_obligation": RequireObligation,
    "check_answers": CheckAnswers,
    "exempt_regulation": ExemptRegulation,
}


class Action(Strict, ActionBehaviour):
    """One action: a mapping with exactly one of the keys in ``ACTION_KINDS``."""

    derive: Derive | None = None
    raise_risk: RaiseRisk | None = None
    recommend: Recommend | None = None
    advise_against: AdviseAgainst | None = None
    adjust: Adjust | None = None
    flag_direction: FlagDirection | None = None
    apply_regulation: ApplyRegulation | None = None
    require_obligation: RequireObligation | None = None
    check_answers: CheckAnswers | None = None
    exempt_regulation: ExemptRegulation | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Action:
        given = [k for k in ACTION_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                f"an action has exactly one key, got {len(given)} ({', '.join(given) or 'none'});"
                f" actions: {', '.join(ACTION_KINDS)}"
            )
        return self


class Rule(Strict):
    id: Annotated[str, Field(pattern=RULE_ID_PATTERN)]
    sources: list[Source] = Field(min_length=1)
    salience: Annotated[int, Field(ge=-1000, le=1000)] = 0
    when: Condition
    then: list[Action] = Field(min_length=1)
    because: Bilingual
    tags: list[str] = []
