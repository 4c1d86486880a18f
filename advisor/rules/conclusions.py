"""What a run of the rules concludes: facts, risks, recommendations, laws, each with its reasons.

These are plain values the rest of the program reads (:mod:`advisor.advice` turns them into the
report); the engine (:mod:`advisor.rules.engine`) fills them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from advisor.kb.recordbase import TIERS, Priority
from advisor.kb.records import (
    Adjust,
    Bilingual,
    FlagDirection,
)

if TYPE_CHECKING:
    from advisor.rules.compile import Compiled


__all__ = [
    "PRIORITY_ORDER",
    "Conclusions",
    "Conflict",
    "Exemption",
    "Firing",
    "Pending",
    "Reason",
    "RecommendHit",
    "RegulationHit",
    "RiskHit",
]


PRIORITY_ORDER = {"now": 0, "next": 1, "later": 2}


@dataclass(frozen=True)
class Reason:
    """Why a conclusion holds: the rule, its bilingual reason and its sources.

    ``points`` is the signed contribution the reason makes to a score (``+12``, ``-30``), where
    it moves one; ``None`` where it only explains.
    """

    rule: str
    text: Bilingual
    sources: tuple[str, ...]
    points: float | None = None


@dataclass(frozen=True)
class Firing:
    """One line of the trace: a rule fired on these values, citing these sources."""

    rule: str
    sources: tuple[str, ...]
    matched: Mapping[str, Any]


@dataclass(frozen=True)
class Conflict:
    """Two rules that disagree, or answers that contradict each other; kept for the reader."""

    kind: str  # "fact" | "recommendation" | "answers"
    subject: str
    detail: str
    rules: tuple[str, ...]
    #: for "answers": the rule's bilingual explanation (``detail`` holds its English)
    text: Bilingual | None = None


@dataclass
class RiskHit:
    likelihood: int | None = None
    impact: int | None = None
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class RecommendHit:
    fit: int = 0
    priority: Priority | None = None
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class RegulationHit:
    tiers: list[str] = field(default_factory=list)
    gpai: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    @property
    def tier(self) -> str | None:
        """The strictest tier any rule applied (TIERS is ordered strictest first)."""
        return min(self.tiers, key=TIERS.index) if self.tiers else None

    @property
    def gpai_level(self) -> str | None:
        order = ("gpai_systemic_risk", "gpai", "none")
        return min(self.gpai, key=order.index) if self.gpai else None


@dataclass(frozen=True)
class Exemption:
    """A law that does not apply: the provision that says so, the ground in a few words, and
    the rule that found it."""

    citation: str
    ground: Bilingual
    reason: Reason


@dataclass(frozen=True)
class Pending:
    """A rule whose condition is unknown (it reads answers the founder was not sure of): it did
    not fire, and what it would conclude waits on ``depends_on``, the question ids it reads
    through unknown facts (sorted)."""

    rule: str
    reason: Reason
    depends_on: tuple[str, ...]
    #: the bodies of its actions (``Derive``, ``RaiseRisk``, ...), in the rule's order
    actions: tuple[Any, ...]


@dataclass
class Conclusions:
    """Everything one run concluded, each item with its reasons."""

    facts: dict[str, Any]
    derived_by: dict[str, str] = field(default_factory=dict)
    risks: dict[str, RiskHit] = field(default_factory=dict)
    recommended: dict[str, RecommendHit] = field(default_factory=dict)
    against: dict[str, list[Reason]] = field(default_factory=dict)
    adjustments: list[tuple[Adjust, Reason]] = field(default_factory=list)
    flags: list[tuple[FlagDirection, Reason]] = field(default_factory=list)
    regulations: dict[str, RegulationHit] = field(default_factory=dict)
    obligations: dict[str, list[Reason]] = field(default_factory=dict)
    #: the date an obligation applies from on the paths that required it, where a rule said
    obligation_dates: dict[str, date] = field(default_factory=dict)
    #: laws that do not apply, by regulation id; an exemption outweighs ``regulations``
    exemptions: dict[str, list[Exemption]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    #: rules whose condition is unknown, in the order they were reached (a run with no unknown
    #: answer has none)
    pending: list[Pending] = field(default_factory=list)
    #: unknown facts (answers not known, and facts that pending rules would derive) -> the
    #: question ids they wait on
    unknown: dict[str, frozenset[str]] = field(default_factory=dict)
    evaluations: int = 0
    # What fired, in order, as (rank of the rule in ``_rules``, how many facts had been derived
    # at that moment); the trace is built from it on demand (a run that nobody traces does not
    # pay for it).
    log: list[tuple[int, int]] = field(default_factory=list, repr=False)
    derived_order: list[str] = field(default_factory=list, repr=False)
    _rules: Sequence[Compiled] = field(default=(), repr=False, compare=False)
    _trace: list[Firing] | None = field(default=None, repr=False)

    @property
    def fired(self) -> set[str]:
        rules = self._rules
        return {rules[r].rule.id for r, _ in self.log}

    @property
    def trace(self) -> list[Firing]:
        """Each rule that fired, in order, with the values it read at that moment."""
        if self._trace is None:
            facts = self.facts
            position = {fact: n for n, fact in enumerate(self.derived_order)}
            trace = []
            for r, seen in self.log:
                c = self._rules[r]
                # a fact derived after the firing was absent when the rule read it
                matched = {f: facts.get(f) if position.get(f, -1) < seen else None for f in c.reads}
                trace.append(Firing(c.rule.id, c.reason.sources, matched))
            self._trace = trace
        return self._trace
