"""Scores: directions by weighted criteria, risks on a 5x5 matrix, business models by fit.

Every number comes with its reasons. Built-in adjustments (not written as rules) cite a pseudo
rule id ``scoring/...`` and the book section the reasoning follows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from advisor.errors import UserError
from advisor.kb.base import KnowledgeBase
from advisor.kb.recordbase import CRITERIA, Severity, source_label
from advisor.kb.records import (
    Adjust,
    Bilingual,
    BuiltinReason,
    BusinessModel,
    Direction,
    DirectionSelector,
    FlagDirection,
    FounderFit,
    Scoring,
)
from advisor.rules.conclusions import Conclusions, Reason

__all__ = [
    "BusinessModelFit",
    "DirectionScore",
    "builtin_reason",
    "normalise_weights",
    "parse_weights",
    "score_business_models",
    "score_directions",
    "severity",
]


def builtin_reason(rule: str, block: BuiltinReason, **fields: object) -> Reason:
    """The reason of a contribution the scoring makes itself (``settings.yaml``), filled in.

    ``rule`` is its pseudo rule id (``scoring/...``), shown in the report like a rule's id. A field
    given as :class:`Bilingual` fills each language with its own text.
    """
    text = block.because
    if fields:
        en = {k: v.en if isinstance(v, Bilingual) else v for k, v in fields.items()}
        zh = {k: v.zh if isinstance(v, Bilingual) else v for k, v in fields.items()}
        text = Bilingual(en=text.en.format(**en), zh=text.zh.format(**zh))
    return Reason(rule, text, tuple(source_label(s) for s in block.sources))


@dataclass(frozen=True)
class _FitReasons:
    """The founder-fit settings of one knowledge base, with their fixed reasons built once."""

    fit: FounderFit
    industry_match: Reason
    industry_mismatch: Reason
    use_cases: dict[tuple[str, ...], Reason]
    roles: dict[tuple[int, int], Reason]

    def use_case_reason(self, names: tuple[str, ...]) -> Reason:
        hit = self.use_cases.get(names)
        if hit is None:
            block = self.fit.use_case_match
            hit = builtin_reason("scoring/use_case_match", block, use_cases=", ".join(names))
            self.use_cases[names] = hit
        return hit

    def roles_reason(self, have: int, need: int) -> Reason:
        hit = self.roles.get((have, need))
        if hit is None:
            block = self.fit.roles_present
            hit = builtin_reason("scoring/roles_present", block, have=have, need=need)
            self.roles[(have, need)] = hit
        return hit


_FIT_CACHE: dict[int, tuple[object, _FitReasons]] = {}


def _fit_reasons(kb: KnowledgeBase) -> _FitReasons:
    fit = _settings_of(kb).founder_fit
    if fit is None:
        raise UserError("the knowledge has no settings.scoring.founder_fit: cannot rank directions")
    hit = _FIT_CACHE.get(id(fit))
    if hit is not None and hit[0] is fit:
        return hit[1]
    made = _FitReasons(
        fit,
        builtin_reason("scoring/industry_match", fit.industry_match),
        builtin_reason("scoring/industry_mismatch", fit.industry_mismatch),
        {},
        {},
    )
    _FIT_CACHE[id(fit)] = (fit, made)
    return made


def _settings_of(kb: KnowledgeBase) -> Scoring:
    scoring = kb.settings.scoring
    if scoring is None:
        raise UserError("the knowledge has no settings.scoring: cannot score")
    return scoring


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
        UserError: an unknown criterion, a missing ``=``, a criterion given twice, or a value
            that is not a finite number >= 0.
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
        if name in out:
            raise UserError(f"--weights: {name} is given twice; give each criterion once")
        out[name] = number
    if not out:
        raise UserError("--weights: give at least one NAME=NUMBER")
    return out


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights per criterion summing to 1 (criteria without a weight get 0).

    Raises:
        UserError: every weight is zero, or they sum to more than a float holds.
    """
    total = sum(weights.get(c, 0.0) for c in CRITERIA)
    if total <= 0:
        raise UserError("the direction weights are all zero; give at least one positive weight")
    if not math.isfinite(total):
        raise UserError(
            f"the direction weights sum to {total}, too large to compute with; use numbers "
            "such as 0.4 or 40 (only their proportions matter)"
        )
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
    reasons = _fit_reasons(kb)
    fit = reasons.fit
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
            "founder_fit": float(fit.base),
        }
        why: dict[str, list[Reason]] = {c: [] for c in CRITERIA}
        if node.industry == industry:
            crit["founder_fit"] += fit.industry_match.points
            why["founder_fit"].append(reasons.industry_match)
        else:
            crit["founder_fit"] += fit.industry_mismatch.points
            why["founder_fit"].append(reasons.industry_mismatch)
        shared = sorted(use_cases & set(node.use_cases))
        if shared:
            per = fit.use_case_match
            gain = per.points * len(shared)
            crit["founder_fit"] += gain if per.max_points is None else min(per.max_points, gain)
            why["founder_fit"].append(reasons.use_case_reason(tuple(shared)))
        if node.requires_roles:
            have = len(roles & set(node.requires_roles))
            most = fit.roles_present.max_points or 0
            crit["founder_fit"] += round(most * have / len(node.requires_roles))
            why["founder_fit"].append(reasons.roles_reason(have, len(node.requires_roles)))
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
    points = _settings_of(kb).business_models
    if points is None:
        raise UserError("the knowledge has no settings.scoring.business_models: cannot score")
    match = builtin_reason("scoring/segment_match", points.segment_match)
    mismatch = builtin_reason("scoring/segment_mismatch", points.segment_mismatch)
    results: list[BusinessModelFit] = []
    for node in kb.of_kind("business_model"):
        assert isinstance(node, BusinessModel)
        fit = float(node.base_fit)
        reasons: list[Reason] = []
        if segment in node.suits_segments:
            fit += points.segment_match.points
            reasons.append(match)
        elif segment is not None:
            fit += points.segment_mismatch.points
            reasons.append(mismatch)
        rec = out.recommended.get(node.id)
        if rec is not None:
            fit += rec.fit
            reasons.extend(rec.reasons)
        against = node.id in out.against
        if against:
            fit += points.advised_against_points
            reasons.extend(out.against[node.id])
        results.append(BusinessModelFit(node.id, round(_clip(fit), 1), reasons, against))
    results.sort(key=lambda b: (b.advised_against, -b.fit, b.id))
    return results
