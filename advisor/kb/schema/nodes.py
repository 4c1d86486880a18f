"""Pydantic models for every kind of knowledge node, and the typed relations they declare.

Each node model lists its reference fields in ``REFS``: ``field -> (relation, allowed kinds)``.
The knowledge loader checks that every reference resolves to a node of an allowed kind; the graph
builder turns each into a typed edge ``node -relation-> target``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from advisor.kb.recordbase import OPERATOR_ROLES, NodeBehaviour
from advisor.kb.schema.common import (
    KERNEL_PATTERN,
    Bilingual,
    Level,
    NodeId,
    Score,
    Source,
    Strict,
)
from advisor.kb.schema.conditions import Condition

__all__ = [
    "KIND_MODELS",
    "OPERATOR_ROLES",
    "RISK_CATEGORIES",
    "BusinessModel",
    "Case",
    "CoherenceCheck",
    "Concept",
    "Direction",
    "FundingChannel",
    "FundingStage",
    "Industry",
    "Kernel",
    "Milestone",
    "Mitigation",
    "Need",
    "Node",
    "Obligation",
    "OperatorRole",
    "Opportunity",
    "Partnership",
    "Policy",
    "Practice",
    "Regulation",
    "Risk",
    "Role",
    "Skill",
    "Stage",
    "StageCut",
    "SuccessFactor",
    "Technique",
    "Threat",
    "Trend",
    "Verification",
]

Refs = dict[str, tuple[str, frozenset[str]]]
RiskCategory = Literal["technical", "market", "financial", "regulatory", "operational"]
RISK_CATEGORIES: tuple[str, ...] = ("technical", "market", "financial", "regulatory", "operational")
Segment = Literal["consumers", "smb", "enterprise", "government"]
OneToFive = Annotated[int, Field(ge=1, le=5)]
Texts = list[Bilingual]
#: A kind of product (``settings.product_kinds``: a boolean fact knowledge/rules/product.yaml
#: derives), or ``any``. An item's ``applies_to`` lists the kinds it fits; the report leaves an
#: item out when none of them is true of the founder's product (``kb lint`` warns on an empty one).
ProductKindId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
AppliesTo = list[ProductKindId]
#: What a measurement (``--evidence``) may show a technique losing against its baseline.
MeasuredQuality = Literal["speed", "accuracy"]


def _k(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


class Node(Strict, NodeBehaviour):
    """What every node has: an id ``kind/slug``, bilingual title and description, and sources."""

    KIND: ClassVar[str] = ""
    REFS: ClassVar[Refs] = {}

    id: NodeId
    title: Bilingual
    description: Bilingual
    sources: list[Source] = Field(min_length=1)
    tags: list[str] = []
    related: list[NodeId] = []
    as_of: date | None = None
    effective_from: date | None = None
    effective_until: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Node:
        if (
            self.effective_from
            and self.effective_until
            and self.effective_until < self.effective_from
        ):
            raise ValueError("effective_until is before effective_from")
        return self


class Concept(Node):
    """A piece of background (ch1-ch4): what a large model is, how it is built and trained."""

    KIND = "concept"


class Industry(Node):
    """An industry; its slug is the ``industry`` answer value (ch1.4)."""

    KIND = "industry"
    applications: Texts = []


class Need(Node):
    """A market need that a direction can address (ch5.1, ch8.3)."""

    KIND = "need"
    REFS = {"industries": ("felt_in", _k("industry"))}
    industries: list[NodeId] = []


class Criteria(Strict):
    """The three criteria of ch5.1, each 0-100, before profile adjustments."""

    market_need: Score
    technical_feasibility: Score
    commercial_potential: Score


class Direction(Node):
    """A product direction a startup could take, scored by the criteria of ch5.1."""

    KIND = "direction"
    REFS = {
        "industry": ("in_industry", _k("industry")),
        "addresses": ("addresses", _k("need")),
        "requires_roles": ("requires", _k("role")),
        "requires_techniques": ("requires", _k("technique")),
        "business_models": ("suits_model", _k("business_model")),
        "opportunities": ("exploits", _k("opportunity")),
    }
    industry: NodeId
    addresses: list[NodeId] = Field(min_length=1)
    requires_roles: list[NodeId] = []
    requires_techniques: list[NodeId] = []
    business_models: list[NodeId] = []
    opportunities: list[NodeId] = []
    use_cases: list[str] = []
    criteria: Criteria
    data_intensity: Level = "medium"
    compute_intensity: Level = "medium"
    regulatory_exposure: Level = "medium"
    time_to_market_months: Annotated[int, Field(ge=1, le=60)] = 9


class Risk(Node):
    """A risk with its base likelihood and impact (1-5) and what drives them (ch5.3, ch7.3)."""

    KIND = "risk"
    REFS = {"mitigated_by": ("mitigated_by", _k("mitigation"))}
    category: RiskCategory
    likelihood: OneToFive
    impact: OneToFive
    likelihood_drivers: Texts = Field(min_length=1)
    impact_drivers: Texts = Field(min_length=1)
    mitigated_by: list[NodeId] = Field(min_length=2)
    applies_to: AppliesTo = []


class Mitigation(Node):
    """Something a team does to make a risk less likely or less harmful."""

    KIND = "mitigation"
    REFS = {
        "owner": ("owned_by", _k("role")),
        "uses_techniques": ("uses", _k("technique")),
    }
    effort: Level = "medium"
    owner: NodeId | None = None
    uses_techniques: list[NodeId] = []
    steps: Texts = []
    applies_to: AppliesTo = []


class BusinessModel(Node):
    """A business and revenue model and what it suits (ch5.4)."""

    KIND = "business_model"
    revenue_streams: Texts = Field(min_length=1)
    suits_segments: list[Segment] = Field(min_length=1)
    base_fit: Score = 50
    pros: Texts = []
    cons: Texts = []
    #: why this model suits the segments it suits, and why it rarely works for the others:
    #: shown in place of the generic segment reasons of settings.scoring.business_models
    fits_because: Bilingual | None = None
    misfits_because: Bilingual | None = None


class Role(Node):
    """A team role; its slug is a ``team_roles`` answer value where one exists (ch6.1, ch10.1)."""

    KIND = "role"
    REFS = {"skills": ("needs_skill", _k("skill"))}
    skills: list[NodeId] = []
    responsibilities: Texts = Field(min_length=1)


class Skill(Node):
    KIND = "skill"


class StageCut(Strict):
    """What to do with a stage when the release falls after the cash runs out: ``drop`` it from
    the plan to release sooner, or ``defer`` it until the next round is in the bank."""

    action: Literal["drop", "defer"]
    because: Bilingual


class Stage(Node):
    """A step of the development flow, testing, deployment or iteration (ch6.2-6.4).

    Order is data: ``precedes`` (this stage ends before those start) and its mirror ``after``
    (those end before this one starts: a gate such as "a conformity assessment needs a system").
    Work of a gated stage that may begin early is its ``preparation``, which starts once
    ``prepare_after`` ends (week 0 when unset) and runs until the gate opens.
    """

    KIND = "stage"
    REFS = {
        "precedes": ("precedes", _k("stage")),
        "after": ("after", _k("stage")),
        "prepare_after": ("prepared_after", _k("stage")),
        "owner": ("owned_by", _k("role")),
    }
    phase: Literal["planning", "data", "development", "testing", "deployment", "iteration"]
    precedes: list[NodeId] = []
    after: list[NodeId] = []
    duration_weeks: Annotated[int, Field(ge=1, le=52)]
    activities: Texts = Field(min_length=1)
    owner: NodeId | None = None
    preparation: Texts = []
    prepare_after: NodeId | None = None
    on_short_runway: StageCut | None = None

    @model_validator(mode="after")
    def _prepare_needs_preparation(self) -> Stage:
        if self.prepare_after is not None and not self.preparation:
            raise ValueError("prepare_after needs preparation: the work that may start early")
        return self


class Milestone(Node):
    KIND = "milestone"
    REFS = {"stage": ("milestone_of", _k("stage"))}
    stage: NodeId
    criteria: Texts = Field(min_length=1)


class Verification(Strict):
    """A text a law's knowledge was checked against: the official text itself (``primary``:
    an official journal, CAC, eCFR, legislation.gov.uk) or a named secondary source (a law
    firm's summary, a regulator's press release) where the official text was not read."""

    text: Annotated[str, Field(min_length=1)]
    kind: Literal["primary", "secondary"]
    url: Annotated[str, Field(pattern=r"^https://\S+$")] | None = None
    checked: date | None = None


class Regulation(Node):
    """A law or binding rule; laws change, so ``as_of`` is required, and ``verified_against``
    names the texts it was checked against, so a reader knows what rests on secondary sources."""

    KIND = "regulation"
    REFS = {"imposes": ("imposes", _k("obligation"))}
    jurisdiction: str
    as_of: date
    verified_against: list[Verification] = Field(min_length=1)
    imposes: list[NodeId] = []
    url: str | None = None


#: The parties of the AI value chain a duty can fall on (EU AI Act Art. 3(3)-(7)); the values of
#: the ``ai_act_roles`` question (OPERATOR_ROLES). The report lists the duties binding its roles.
OperatorRole = Literal["provider", "deployer", "importer", "distributor"]


class Obligation(Node):
    """What a regulation demands, with its citation, the date it applies from, and ``binds``:
    which parties of the value chain it falls on (``applies_to`` is the law's own word for the
    addressee, such as "controller" or "covered entity")."""

    KIND = "obligation"
    citation: str
    #: the citation in Chinese where it has words beside the law's id and article (the id kept)
    citation_zh: str | None = None
    applies_to: str = "provider"
    binds: list[OperatorRole] = Field(min_length=1)

    @model_validator(mode="after")
    def _binds_once(self) -> Obligation:
        if len(set(self.binds)) != len(self.binds):
            raise ValueError("binds lists a role twice")
        return self


class Policy(Node):
    """Public support: funds, tax relief, sandboxes, programmes (ch10.3)."""

    KIND = "policy"
    jurisdiction: str
    benefits: Texts = Field(min_length=1)


class FundingStage(Node):
    KIND = "funding_stage"
    REFS = {"precedes": ("precedes", _k("funding_stage"))}
    precedes: list[NodeId] = []
    typical_raise: Bilingual
    investors_expect: Texts = Field(min_length=1)
    runway_target_months: Annotated[int, Field(ge=1, le=60)] = 18


class FundingChannel(Node):
    """A source of money: angels, VC, grants, revenue, strategic investors, ... (ch10.2)."""

    KIND = "funding_channel"
    REFS = {"suits_stages": ("suits_stage", _k("funding_stage"))}
    suits_stages: list[NodeId] = Field(min_length=1)
    dilutive: bool = True
    pros: Texts = []
    cons: Texts = []


class SuccessFactor(Node):
    """A reason a company succeeded; ``present_when`` tells whether a founder's profile has it."""

    KIND = "success_factor"
    present_when: Condition | None = None
    #: how a young company builds the factor when it lacks it (the report's case lessons say it)
    to_build: Bilingual | None = None


class CoherenceCheck(Node):
    """A claim one section of the report makes that another contradicts: ``when`` it holds
    (over the answers, the derived facts and ``advisor.kb.findings.FINDING_FACTS``), the
    report shows the ``description`` under "Answers to check", naming the ``questions`` whose
    answers decide which section is right."""

    KIND = "coherence_check"
    when: Condition
    questions: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]] = Field(min_length=1)


class Case(Node):
    """A real company studied in ch5.2 and ch9, with checked facts and sources."""

    KIND = "case"
    REFS = {"shows": ("shows", _k("success_factor")), "industry": ("in_industry", _k("industry"))}
    founded: Annotated[int, Field(ge=1950, le=2030)]
    country: str
    industry: NodeId | None = None
    shows: list[NodeId] = Field(min_length=2)
    facts: Texts = Field(min_length=1)
    lessons: Texts = Field(min_length=1)


class Technique(Node):
    """A technique of ch2-ch4 or ch8 and the ``technical/`` kernel that implements it."""

    KIND = "technique"
    REFS = {"reduces": ("reduces", _k("risk"))}
    family: Literal["model", "training", "compression", "evaluation", "innovation", "data"]
    kernel: Annotated[str, Field(pattern=KERNEL_PATTERN)] | None = None
    cli: str | None = None
    reduces: list[NodeId] = []
    applies_to: AppliesTo = []
    #: a measurement showing it slower or less accurate than its baseline, on one of these,
    #: moves it down from "now" (an empty list: evidence is shown but never moves it)
    must_not_lose: list[MeasuredQuality] = []


class Kernel(Node):
    """A callable in ``technical/``, made from ``technique.kernel`` (authors need not write it)."""

    KIND = "kernel"
    ref: Annotated[str, Field(pattern=KERNEL_PATTERN)]


class Trend(Node):
    KIND = "trend"
    REFS = {"industries": ("affects", _k("industry"))}
    horizon_years: Annotated[int, Field(ge=0, le=20)] = 3
    industries: list[NodeId] = []


class Opportunity(Node):
    KIND = "opportunity"
    REFS = {"from_trends": ("arises_from", _k("trend")), "industries": ("affects", _k("industry"))}
    from_trends: list[NodeId] = []
    industries: list[NodeId] = []
    applies_to: AppliesTo = []


class Threat(Node):
    KIND = "threat"
    REFS = {"from_trends": ("arises_from", _k("trend")), "risks": ("materialises_as", _k("risk"))}
    from_trends: list[NodeId] = []
    risks: list[NodeId] = []
    applies_to: AppliesTo = []


class Partnership(Node):
    """A partnership or ecosystem option (ch8.2)."""

    KIND = "partnership"
    REFS = {"mitigates": ("mitigates", _k("risk"))}
    partner_type: str
    benefits: Texts = Field(min_length=1)
    mitigates: list[NodeId] = []
    applies_to: AppliesTo = []


class Practice(Node):
    """A way of working: culture (ch10.4), capital operations (ch10.2), planning (ch6.1)."""

    KIND = "practice"
    area: Literal["culture", "capital", "planning", "team", "iteration", "market"]
    steps: Texts = []
    applies_to: AppliesTo = []


KIND_MODELS: dict[str, type[Node]] = {
    m.KIND: m
    for m in (
        Concept,
        Industry,
        Need,
        Direction,
        Risk,
        Mitigation,
        BusinessModel,
        Role,
        Skill,
        Stage,
        Milestone,
        Regulation,
        Obligation,
        Policy,
        FundingStage,
        FundingChannel,
        SuccessFactor,
        CoherenceCheck,
        Case,
        Technique,
        Kernel,
        Trend,
        Opportunity,
        Threat,
        Partnership,
        Practice,
    )
}

# The relation every node has: ``related -> related_to`` towards any kind.
Node.REFS = {"related": ("related_to", frozenset(KIND_MODELS))}
