"""The report as a typed value: what the templates render and what ``--format json`` writes.

The JSON layout is a contract (DESIGN.md, ``schema_version: 1``): the keys named there keep their
names and types; everything else here is additive. Texts are already in the report's language.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA_VERSION",
    "BusinessModelOut",
    "CaseLesson",
    "ConflictOut",
    "DirectionFactor",
    "DirectionMove",
    "DirectionOut",
    "Evidence",
    "Funding",
    "Item",
    "MitigationOut",
    "NotApplicable",
    "ObligationOut",
    "OthersDuties",
    "ProfileRow",
    "Reason",
    "RegulationOut",
    "Report",
    "RiskOut",
    "RoadmapItem",
    "RunwayCheck",
    "RunwayCut",
    "Sensitivity",
    "Summary",
    "Team",
    "TeamGap",
    "TechniqueOut",
    "TraceEntry",
    "Upcoming",
    "VerifiedAgainst",
    "to_report_record",
]

SCHEMA_VERSION = 1
Severity = Literal["low", "medium", "high", "critical"]
Priority = Literal["now", "next", "later"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Reason(_Out):
    rule: str
    text: str
    sources: list[str]
    #: the signed contribution this reason makes to the score it explains (+12, -30)
    points: float | None = None
    #: the item of the same section where this reason is stated in full (said once: the
    #: report refers to it there instead of repeating it)
    see: str | None = None


class Item(_Out):
    """A node named in the report: id, title and (optionally) a one-paragraph description."""

    id: str
    title: str
    description: str = ""
    reasons: list[Reason] = []


class DirectionOut(_Out):
    id: str
    title: str
    score: float = Field(ge=0, le=100)
    criteria: dict[str, float]
    reasons: list[Reason]
    rank: int
    description: str
    industry: str
    criteria_reasons: dict[str, list[Reason]] = {}
    needs: list[Item] = []
    roles: list[str] = []
    techniques: list[str] = []
    business_models: list[str] = []
    time_to_market_months: int = 0
    flags: list[str] = []
    #: outside the founder's industry: choosing it means leaving the market they know
    pivot: bool = False
    #: one of the leading directions the report explains (a pivot only past the margin)
    leader: bool = False
    #: the founder's current product (answered or derived from their use cases)
    current: bool = False
    #: each criterion's starting point; criteria = base + the points of criteria_reasons
    base: dict[str, float] = {}
    #: [lowest, highest] score over the values the answers the founder was not sure of can
    #: take (a sound bound), where they can move it; absent when the score is settled
    score_range: list[float] | None = None


class MitigationOut(_Out):
    id: str
    title: str
    description: str = ""
    recommended: bool = False
    priority: Priority | None = None
    effort: str = "medium"
    owner: str | None = None


class RiskOut(_Out):
    id: str
    category: Literal["technical", "market", "financial", "regulatory", "operational"]
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    severity: Severity
    mitigations: list[MitigationOut]
    reasons: list[Reason]
    title: str
    description: str = ""
    likelihood_drivers: list[str] = []
    impact_drivers: list[str] = []
    #: [lowest, highest] likelihood x impact over the values the answers the founder was not
    #: sure of can take (pending rules may raise it), where they can move it; absent otherwise
    score_range: list[int] | None = None


class BusinessModelOut(_Out):
    id: str
    title: str
    fit: float = Field(ge=0, le=100)
    reasons: list[Reason]
    description: str = ""
    revenue_streams: list[str] = []
    advised_against: bool = False
    #: the model's starting fit; fit = base_fit + the points of its reasons
    base_fit: float | None = None
    #: [lowest, highest] fit over the values the answers the founder was not sure of can take
    #: (a sound bound), where they can move it; absent when the fit is settled
    fit_range: list[float] | None = None


class TeamGap(_Out):
    id: str
    priority: Priority
    reasons: list[Reason]
    title: str = ""


class Team(_Out):
    present: list[str]
    gaps: list[TeamGap]
    size: int = 0


class ObligationOut(_Out):
    id: str
    title: str
    citation: str
    effective_from: str | None = None
    description: str = ""
    applies_to: str = ""
    #: the parties of the value chain it falls on (empty: not stated)
    binds: list[str] = []


class NotApplicable(_Out):
    """Why a law does not apply: the provision, the ground in a few words, the rule, and the
    sentence the report prints ("EU AI Act does not apply: exclusively military use, ...")."""

    citation: str
    text: str
    rule: str
    sentence: str


class OthersDuties(_Out):
    """Duties the rules found that fall on another party of the chain, not on the founder."""

    role: str
    citations: list[str]


class VerifiedAgainst(_Out):
    text: str
    kind: Literal["primary", "secondary"]
    url: str | None = None


class RegulationOut(_Out):
    id: str
    title: str
    applies: bool
    tier: str | None = None
    gpai: str | None = None
    obligations: list[ObligationOut]
    reasons: list[Reason]
    jurisdiction: str = ""
    as_of: str | None = None
    #: non-empty when the law does not apply by one of its own provisions (``applies`` is false)
    not_applicable_because: list[NotApplicable] = []
    #: the founder's roles the obligations were chosen for (empty: every obligation shown)
    roles: list[str] = []
    #: the duties that bind only the other parties of the chain, by role
    for_others: list[OthersDuties] = []
    verified_against: list[VerifiedAgainst] = []


class Upcoming(_Out):
    """An obligation of a law that applies, starting within the next 12 months."""

    date: str
    regulation: str
    obligation: str
    citation: str
    title: str


class Evidence(_Out):
    """Measured trade-offs of a technique's kernel, read from an evidence file."""

    measured_at: str
    machine: str
    summary: str
    baseline: dict[str, Any] = {}
    result: dict[str, Any] = {}
    ratios: dict[str, Any] = {}
    backend: str = ""
    kernel: str = ""
    command: str = ""


class TechniqueOut(_Out):
    id: str
    title: str
    kernel: str | None
    reasons: list[Reason]
    evidence: Evidence | None = None
    more_evidence: list[Evidence] = []
    cli: str | None = None
    family: str = ""
    priority: Priority | None = None
    description: str = ""


class Funding(_Out):
    stage: str
    next_stage: Item | None = None
    typical_raise: str = ""
    investors_expect: list[str] = []
    runway_months: int | None = None
    runway_target_months: int | None = None
    channels: list[Item] = []
    avoid: list[Item] = []
    policies: list[Item] = []
    practices: list[Item] = []


class RoadmapItem(_Out):
    id: str
    title: str
    start_week: int
    end_week: int
    phase: str = ""
    milestones: list[str] = []
    added_by: list[str] = []
    #: the stages in this roadmap that must end before this one starts
    after: list[str] = []
    #: work of a gated step that may begin early: from this week until ``start_week``
    prepare_from_week: int | None = None
    preparation: list[str] = []


class RunwayCut(_Out):
    """One way to bring the release inside the runway: ``drop`` or ``defer`` a stage (``weeks``:
    how much sooner the release comes), or ``fund`` the gap that remains (``weeks`` of it)."""

    action: Literal["drop", "defer", "fund"]
    stage: str = ""
    title: str = ""
    weeks: int = 0
    text: str = ""


class RunwayCheck(_Out):
    """The roadmap against the cash: the release week and the runway in weeks."""

    release_stage: str
    release_week: int
    runway_weeks: int
    fits: bool
    #: the release week once every cut below is made (``release_week`` when nothing is cut)
    release_week_after_cuts: int
    #: stages that end after the cash runs out, in roadmap order
    after_runway: list[str] = []
    cuts: list[RunwayCut] = []
    #: one sentence: whether the release fits, and by how much it misses
    summary: str = ""


class CaseLesson(_Out):
    case: str
    factor: str
    present: bool
    case_title: str = ""
    factor_title: str = ""


class CaseNote(_Out):
    """One case in prose: which of its success factors the founder shares and lacks, and what
    the gap means at their funding stage. ``relevant``: they share a factor or its industry."""

    case: str
    title: str
    shared: list[str]
    lacking: list[str]
    text: str
    relevant: bool = True


class TraceEntry(_Out):
    rule: str
    sources: list[str]
    matched: dict[str, Any]


class ProfileRow(_Out):
    """One answer as the report's profile table shows it: the question's label, the answer's."""

    question: str
    label: str
    answer: str
    assumed: bool = False


class ConflictOut(_Out):
    kind: str
    #: what the conflict is about, for a reader (for ``answers``: the questions' labels)
    subject: str
    detail: str
    rules: list[str]
    #: for ``answers`` and ``findings``: the ids of the questions to look at again
    questions: list[str] = []
    #: the subject as ids (question ids, a node id or a fact name), as tools key it
    subject_id: str = ""


class Sensitivity(_Out):
    """An answer whose change would most change the direction ranking."""

    question: str
    current: Any
    alternative: Any
    effect: str
    top_direction: str
    changed_positions: int


class DirectionMove(_Out):
    """What one profile-wide reason does: these points on this criterion of these directions."""

    criterion: str
    points: float
    directions: list[str]


class DirectionFactor(_Out):
    """A reason that moves many directions alike, stated once with what it moves."""

    key: str
    rule: str
    text: str
    sources: list[str]
    moves: list[DirectionMove]
    #: it moves one of the leading directions (the Markdown and HTML state only those)
    moves_leader: bool = False
    #: the item of another section whose reason this is (a law, a risk, an opportunity): the
    #: reason is stated there, and the directions section only refers to it
    see: str | None = None


class Summary(_Out):
    headline: str
    bullets: list[str]
    #: keep building the current direction, move from it to another, or choose one (none yet)
    stance: Literal["keep", "move", "choose"] | None = None
    current_direction: str | None = None
    #: the current direction was not answered but derived from the use cases
    current_derived: bool = False
    #: the headline's stance alone (keep, move or choose), without the first risk
    decision: str = ""
    #: the bullets that back the stance (how far the others lead, what a move costs)
    backing: list[str] = []


class BriefRisk(_Out):
    """One of the three risks the brief asks the founder to act on."""

    id: str
    title: str
    severity: Severity
    #: the first step: the risk's first recommended mitigation (else its first one)
    step: str = ""
    #: the role that owns the step (its title) and the role's id
    owner: str = ""
    owner_role: str | None = None
    #: the owning role is not on the team yet (it is one of the team section's gaps)
    owner_to_hire: bool = False
    #: the date the step is due (ISO), from its priority and ``settings.report.act_within_weeks``
    due: str


class BriefLaw(_Out):
    """The legal verdict for one market the founder serves."""

    market: str
    label: str
    verdict: str
    laws: list[str] = []


class BriefAction(_Out):
    text: str
    #: what it comes from: a roadmap stage, a role to hire, an obligation or a runway cut
    source: str = ""
    due: str | None = None


class PendingOut(_Out):
    """A rule that waits on answers the founder was not sure of: what it would conclude."""

    #: the rule's id
    id: str
    #: what it is about, in words (the title of what it concludes)
    title: str
    #: the question ids it waits on
    depends_on: list[str]
    #: what it would conclude, in words
    would: str


class ResolveOut(_Out):
    """An answer the founder was not sure of, by how much of the headline it decides."""

    question: str
    label: str
    #: how many headline fields it decides (0: none; it still decides ``pending`` findings)
    impact: int
    #: the headline fields it decides (``top_direction``, ``eu_ai_act``, ``laws``, ...)
    decides: list[str] = []
    #: how many pending findings wait on it
    findings: int = 0
    #: who to ask and what document gives the answer (the question's ``find_out``)
    how: str = ""
    #: the unknown answers it follows from: a follow-up that applies only on some of their
    #: values is not known to apply, so it is open too
    follows: list[str] = []


class OpenField(_Out):
    """A headline field the unknown answers can still change, and the questions deciding it."""

    field: str
    questions: list[str]


class Brief(_Out):
    """The report on one screen: the decision, why, what to act on, the law, the cash, and the
    next three things to do. Everything after it in the report is the evidence."""

    decision: str
    #: what to check before acting on the decision: answers that contradict each other, a
    #: current direction taken from the use cases rather than answered
    notes: list[str] = []
    reasons: list[str] = []
    risks: list[BriefRisk] = []
    legal: list[BriefLaw] = []
    cash: str = ""
    actions: list[BriefAction] = []


class Report(_Out):
    schema_version: int = SCHEMA_VERSION
    generated_at: str
    knowledge_version: str
    lang: Literal["en", "zh"]
    profile: dict[str, Any]
    directions: list[DirectionOut]
    risks: list[RiskOut]
    business_models: list[BusinessModelOut]
    team: Team
    regulations: list[RegulationOut]
    techniques: list[TechniqueOut]
    funding: Funding
    roadmap: list[RoadmapItem]
    case_lessons: list[CaseLesson]
    trace: list[TraceEntry]
    # additive sections (not in the v1 contract, safe for readers to ignore)
    company_name: str = ""
    summary: Summary | None = None
    assumptions: list[str] = []
    profile_rows: list[ProfileRow] = []
    case_notes: list[CaseNote] = []
    #: labels for the ids and answer values the report's tables mention (``role/ceo`` -> "CEO",
    #: ``question_id`` -> its label, ``question_id=value`` -> the choice's label)
    labels: dict[str, str] = {}
    #: what the product is, by the labels of settings.product_kinds (derived from the answers)
    product_kinds: list[str] = []
    weights: dict[str, float] = {}
    sensitivity: list[Sensitivity] = []
    conflicts: list[ConflictOut] = []
    #: rules waiting on answers the founder was not sure of (``unknown``)
    pending: list[PendingOut] = []
    #: the unknown answers, those that decide the most of the headline first
    resolve_first: list[ResolveOut] = []
    #: the headline fields the unknown answers leave open (empty: the headline is settled)
    open_headline: list[OpenField] = []
    #: the question ids answered "not sure" (or not asked: see ``asked``)
    unknown: list[str] = []
    #: an adaptive run's questions, in the order asked (empty for a full run)
    asked: list[str] = []
    upcoming: list[Upcoming] = []
    opportunities: list[Item] = []
    threats: list[Item] = []
    partnerships: list[Item] = []
    practices: list[Item] = []
    cases: list[Item] = []
    disclaimer: str = ""
    #: reasons that move many directions alike, stated once (the directions' own reasons are
    #: only what tells them apart)
    direction_factors: list[DirectionFactor] = []
    #: the points a direction outside the founder's industry must lead by to rank among leaders
    pivot_margin: float = 0.0
    #: the roadmap checked against ``runway_months`` (none when the runway is unknown)
    runway_check: RunwayCheck | None = None
    #: the one-screen brief the Markdown and HTML open with
    brief: Brief | None = None


def to_report_record(value: Any) -> Any:
    """The plain record (:mod:`advisor.report.model`) of a validated report model."""
    from advisor.kb.schema import to_record
    from advisor.report import model

    return to_record(value, model)
