"""Scores: directions by weighted criteria, risks on a 5x5 matrix, business models by fit.

Every number comes with its reasons. Built-in adjustments (not written as rules) cite a pseudo
rule id ``scoring/...`` and the book section the reasoning follows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from advisor.errors import UserError
from advisor.kb.base import KnowledgeBase
from advisor.kb.recordbase import CRITERIA, Severity
from advisor.kb.records import (
    Adjust,
    Bilingual,
    BusinessModel,
    Direction,
    DirectionSelector,
    FlagDirection,
)
from advisor.rules.engine import Conclusions, Reason

__all__ = [
    "BusinessModelFit",
    "DirectionScore",
    "normalise_weights",
    "parse_weights",
    "score_business_models",
    "score_directions",
    "severity",
]

_INDUSTRY_MATCH = Reason(
    "scoring/industry_match",
    Bilingual(
        en="It is in your industry, where your customers and knowledge already are.",
        zh="它属于你所在的行业，你的客户与知识积累都在这里。",
    ),
    ("ch5.1",),
)
_OTHER_INDUSTRY = Reason(
    "scoring/industry_mismatch",
    Bilingual(
        en="It is outside your industry: you would start without customers or domain "
        "knowledge there.",
        zh="它不在你的行业内：你将在没有客户和领域知识的情况下起步。",
    ),
    ("ch5.1",),
)
_SEGMENT_MATCH = Reason(
    "scoring/segment_match",
    Bilingual(en="It suits the customers you sell to.", zh="它适合你所面向的客户群体。"),
    ("ch5.4",),
)
_SEGMENT_MISMATCH = Reason(
    "scoring/segment_mismatch",
    Bilingual(
        en="It is rarely used with the customers you sell to.", zh="它很少用于你所面向的客户群体。"
    ),
    ("ch5.4",),
)


@lru_cache(maxsize=1024)
def _use_case_reason(names: tuple[str, ...]) -> Reason:
    shown = ", ".join(names)
    return Reason(
        "scoring/use_case_match",
        Bilingual(
            en=f"It builds on use cases you already pursue: {shown}.",
            zh=f"它建立在你已在做的用例之上：{shown}。",
        ),
        ("ch5.1", "ch8.3"),
    )


@lru_cache(maxsize=256)
def _roles_reason(have: int, need: int) -> Reason:
    return Reason(
        "scoring/roles_present",
        Bilingual(
            en=f"Your team already covers {have} of the {need} roles it needs.",
            zh=f"你的团队已具备其所需{need}个角色中的{have}个。",
        ),
        ("ch6.1",),
    )


def severity(likelihood: int, impact: int) -> Severity:
    """The severity of a risk on the 5x5 matrix (score = likelihood x impact).

    1-4 low, 5-9 medium, 10-14 high, 15-25 critical.

    Examples:
        >>> severity(1, 4), severity(3, 3), severity(2, 5), severity(4, 4)
        ('low', 'medium', 'high', 'critical')
    """
    if not (1 <= likelihood <= 5 and 1 <= impact <= 5):
        raise ValueError("likelihood and impact are 1-5")
    score = likelihood * impact
    if score >= 15:
        return "critical"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


def parse_weights(text: str) -> dict[str, float]:
    """Parse ``--weights market_need=0.4,technical_feasibility=0.3``.

    Raises:
        UserError: an unknown criterion, a missing ``=``, or a value that is not a number >= 0.
    """
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep:
            raise UserError(
                f"--weights: {part!r} is not NAME=NUMBER; criteria: {', '.join(CRITERIA)}"
            )
        if name not in CRITERIA:
            raise UserError(
                f"--weights: unknown criterion {name!r}; allowed: {', '.join(CRITERIA)}"
            )
        try:
            number = float(value)
        except ValueError:
            raise UserError(f"--weights: {name}={value!r} is not a number") from None
        if not number >= 0 or number == float("inf"):
            raise UserError(f"--weights: {name}={value} must be a finite number >= 0")
        out[name] = number
    if not out:
        raise UserError("--weights: give at least one NAME=NUMBER")
    return out


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights per criterion summing to 1 (criteria without a weight get 0).

    Raises:
        UserError: every weight is zero.
    """
    total = sum(weights.get(c, 0.0) for c in CRITERIA)
    if total <= 0:
        raise UserError("the direction weights are all zero; give at least one positive weight")
    return {c: round(weights.get(c, 0.0) / total, 6) for c in CRITERIA}


@dataclass
class DirectionScore:
    id: str
    score: float
    criteria: dict[str, float]
    criteria_reasons: dict[str, list[Reason]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[Reason]:
        seen: list[Reason] = []
        for rs in self.criteria_reasons.values():
            for r in rs:
                if r not in seen:
                    seen.append(r)
        return seen


def _matches(d: Direction, where: DirectionSelector) -> bool:
    return (
        (where.id is None or where.id == d.id)
        and (where.industry is None or where.industry == d.industry)
        and (where.tag is None or where.tag in d.tags)
        and (where.use_case is None or where.use_case in d.use_cases)
        and (where.data_intensity is None or where.data_intensity == d.data_intensity)
        and (where.compute_intensity is None or where.compute_intensity == d.compute_intensity)
        and (
            where.regulatory_exposure is None or where.regulatory_exposure == d.regulatory_exposure
        )
    )


_MATCH_CACHE: dict[tuple[int, DirectionSelector], tuple[object, frozenset[str]]] = {}


def _matching(kb: KnowledgeBase, where: DirectionSelector) -> frozenset[str]:
    """The ids of the directions a selector matches (memoised per knowledge base)."""
    key = (id(kb.nodes), where)
    hit = _MATCH_CACHE.get(key)
    if hit is not None and hit[0] is kb.nodes:  # same knowledge, not a recycled id
        return hit[1]
    if len(_MATCH_CACHE) > 4096:
        _MATCH_CACHE.clear()
    found = frozenset(
        n.id for n in kb.of_kind("direction") if isinstance(n, Direction) and _matches(n, where)
    )
    _MATCH_CACHE[key] = (kb.nodes, found)
    return found


def _clip(x: float) -> float:
    return max(0.0, min(100.0, x))


def score_directions(
    kb: KnowledgeBase, out: Conclusions, weights: Mapping[str, float]
) -> list[DirectionScore]:
    """Every direction scored 0-100 and ranked best first (advised-against ones last)."""
    w = normalise_weights(weights)
    facts = out.facts
    industry = f"industry/{facts.get('industry')}"
    use_cases = set(facts.get("use_cases") or [])
    roles = {f"role/{r}" for r in facts.get("team_roles") or []}
    adjustments: dict[str, list[tuple[Adjust, Reason]]] = defaultdict(list)
    for adj, reason in out.adjustments:
        for did in _matching(kb, adj.where):
            adjustments[did].append((adj, reason))
    flagged: dict[str, list[tuple[FlagDirection, Reason]]] = defaultdict(list)
    for flag, reason in out.flags:
        for did in _matching(kb, flag.where):
            flagged[did].append((flag, reason))
    results: list[DirectionScore] = []
    for node in kb.of_kind("direction"):
        assert isinstance(node, Direction)
        crit = {
            "market_need": float(node.criteria.market_need),
            "technical_feasibility": float(node.criteria.technical_feasibility),
            "commercial_potential": float(node.criteria.commercial_potential),
            "founder_fit": 40.0,
        }
        why: dict[str, list[Reason]] = {c: [] for c in CRITERIA}
        if node.industry == industry:
            crit["founder_fit"] += 25
            why["founder_fit"].append(_INDUSTRY_MATCH)
        else:
            crit["founder_fit"] -= 30
            why["founder_fit"].append(_OTHER_INDUSTRY)
        shared = sorted(use_cases & set(node.use_cases))
        if shared:
            crit["founder_fit"] += min(20, 10 * len(shared))
            why["founder_fit"].append(_use_case_reason(tuple(shared)))
        if node.requires_roles:
            have = len(roles & set(node.requires_roles))
            crit["founder_fit"] += round(15 * have / len(node.requires_roles))
            why["founder_fit"].append(_roles_reason(have, len(node.requires_roles)))
        for adj, reason in adjustments.get(node.id, ()):
            crit[adj.criterion] += adj.delta
            why[adj.criterion].append(reason)
        crit = {c: _clip(v) for c, v in crit.items()}
        score = round(sum(w[c] * crit[c] for c in CRITERIA), 1)
        flags = ["advised_against"] if node.id in out.against else []
        if node.id in out.against:
            for r in out.against[node.id]:
                why["market_need"].append(r)
        for flag, reason in flagged.get(node.id, ()):
            if flag.flag not in flags:
                flags.append(flag.flag)
            why.setdefault("flags", []).append(reason)
        results.append(
            DirectionScore(node.id, score, crit, {c: rs for c, rs in why.items() if rs}, flags)
        )
    results.sort(key=lambda s: (_demoted(s.flags), -s.score, s.id))
    return results


#: Flags that push a direction to the end of the ranking (it may not, or should not, be built).
DEMOTING_FLAGS = frozenset({"prohibited", "advised_against"})


def _demoted(flags: Sequence[str]) -> bool:
    return bool(DEMOTING_FLAGS & set(flags))


@dataclass
class BusinessModelFit:
    id: str
    fit: float
    reasons: list[Reason]
    advised_against: bool


def score_business_models(kb: KnowledgeBase, out: Conclusions) -> list[BusinessModelFit]:
    """Every business model's fit 0-100 for this profile, best first."""
    segment = out.facts.get("customer_segment")
    results: list[BusinessModelFit] = []
    for node in kb.of_kind("business_model"):
        assert isinstance(node, BusinessModel)
        fit = float(node.base_fit)
        reasons: list[Reason] = []
        if segment in node.suits_segments:
            fit += 15
            reasons.append(_SEGMENT_MATCH)
        elif segment is not None:
            fit -= 15
            reasons.append(_SEGMENT_MISMATCH)
        rec = out.recommended.get(node.id)
        if rec is not None:
            fit += rec.fit
            reasons.extend(rec.reasons)
        against = node.id in out.against
        if against:
            fit -= 30
            reasons.extend(out.against[node.id])
        results.append(BusinessModelFit(node.id, round(_clip(fit), 1), reasons, against))
    results.sort(key=lambda b: (b.advised_against, -b.fit, b.id))
    return results
