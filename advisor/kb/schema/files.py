"""The top level of a knowledge file, and the knowledge-wide settings it may carry.

Settings are knowledge too: the weights of the direction criteria and every score contribution
the scoring makes by itself (founder fit, business-model fit), each with its points, the reason
shown beside them and its source. A ``--kb`` layer may override any block; a later layer's block
replaces an earlier one's whole (weights are merged criterion by criterion).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from advisor.kb.schema.common import Bilingual, Source, Strict

__all__ = [
    "AuthoringSettings",
    "BuiltinReason",
    "BusinessModelScoring",
    "CoverageSettings",
    "DirectionSettings",
    "FileShape",
    "FounderFit",
    "ProductKind",
    "Scoring",
    "Settings",
    "TeamSettings",
]

Points = Annotated[float, Field(ge=-100, le=100)]


class BuiltinReason(Strict):
    """A contribution the scoring makes itself: its points, and the reason a reader sees.

    ``because`` may hold ``{name}`` fields that the scoring fills in; which names a block takes
    is listed with the block (``kb validate`` refuses any other).
    """

    points: Points = 0
    max_points: Points | None = None
    because: Bilingual
    sources: list[Source] = Field(min_length=1)


class FounderFit(Strict):
    """How well a direction fits the founder: a base, plus or minus these contributions."""

    base: Annotated[float, Field(ge=0, le=100)]
    #: the direction is in the founder's industry
    industry_match: BuiltinReason
    #: it is not (points are usually negative)
    industry_mismatch: BuiltinReason
    #: ``points`` per use case the founder already pursues, at most ``max_points``; ``{use_cases}``
    use_case_match: BuiltinReason
    #: ``max_points`` times the share of the roles it needs that the team has;
    #: ``{have}``, ``{need}``
    roles_present: BuiltinReason


class BusinessModelScoring(Strict):
    """How a business model's fit moves with the customer segment and the rules."""

    segment_match: BuiltinReason
    segment_mismatch: BuiltinReason
    #: points for a model a rule advises against (the rules give the reasons)
    advised_against_points: Points


class DirectionSettings(Strict):
    """How the ranking treats the founder's current direction and directions elsewhere."""

    #: how many leading directions the report explains
    leaders: Annotated[int, Field(ge=1, le=20)] = 5
    #: a direction outside the founder's industry ranks among the leaders only when its score
    #: beats the best direction in their industry by more than this many points
    pivot_margin: Annotated[float, Field(ge=0, le=100)] = 10
    #: the summary advises moving from the current direction when another leads it by this much
    move_margin: Annotated[float, Field(ge=0, le=100)] = 5
    #: the move margin at a funding stage (``funding_stage`` value -> points), where a move
    #: leaves more behind (customers, data, revenue) than ``move_margin`` allows for
    move_margin_by_stage: dict[str, Annotated[float, Field(ge=0, le=100)]] = {}
    #: a reason that moves at least this many directions alike is stated once, for all of them
    shared_reason_min: Annotated[int, Field(ge=2)] = 4


class Scoring(Strict):
    """How directions and business models are scored."""

    #: weight per criterion (normalised to sum to 1 when used)
    weights: dict[str, Annotated[float, Field(ge=0, le=100)]] = {}
    founder_fit: FounderFit | None = None
    business_models: BusinessModelScoring | None = None
    directions: DirectionSettings | None = None


class TeamSettings(Strict):
    """Reasons the team section gives by itself."""

    #: a role the top direction needs that no rule asked for; ``{direction}``, ``{role}``
    direction_needs_role: BuiltinReason


class CoverageSettings(Strict):
    """The least share (percent) of rules and of condition branches that the scenario tests
    must exercise: ``advisor kb test --coverage`` fails below either."""

    min_rules: Annotated[float, Field(ge=0, le=100)] = 100.0
    min_branches: Annotated[float, Field(ge=0, le=100)] = 0.0


class AuthoringSettings(Strict):
    """Settings of the tools for knowledge authors."""

    coverage: CoverageSettings = CoverageSettings()


class ActWithin(Strict):
    """Weeks from the report's date by which a step is due, by its priority."""

    now: Annotated[int, Field(ge=1, le=104)] = 4
    next: Annotated[int, Field(ge=1, le=104)] = 12
    later: Annotated[int, Field(ge=1, le=104)] = 26


class ReportSettings(Strict):
    """The dates the report's brief sets."""

    #: when a risk's first step is due (a step with no priority is due by ``later``)
    act_within_weeks: ActWithin = ActWithin()
    #: the Chinese name of a cited law or official text, by the English title its sources give
    source_titles_zh: dict[str, str] = {}


class ProductKind(Strict):
    """A kind of product the founder may build (``generative_text``, ``on_device``, ...): a
    boolean fact some rule derives from the answers; nodes name it in ``applies_to``."""

    label: Bilingual
    sources: list[Source] = Field(min_length=1)


#: a product kind's id: a fact name; ``any`` is reserved (an item that fits every product)
def _not_any(name: str) -> str:
    if name == "any":
        raise ValueError("any is not a product kind: applies_to [any] already means every product")
    return name


ProductKindName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$"), AfterValidator(_not_any)]


class Settings(Strict):
    knowledge_version: str | None = None
    #: the vocabulary of ``applies_to``; a later layer adds kinds or relabels them
    product_kinds: dict[ProductKindName, ProductKind] | None = None
    scoring: Scoring | None = None
    team: TeamSettings | None = None
    authoring: AuthoringSettings | None = None
    report: ReportSettings | None = None


class FileShape(Strict):
    """The top level of a knowledge file; nodes are validated one by one, by their kind."""

    nodes: list[dict[str, object]] = []
    rules: list[dict[str, object]] = []
    questions: list[dict[str, object]] = []
    settings: Settings | None = None
