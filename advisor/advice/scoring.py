"""Scores: directions by weighted criteria, risks on a 5x5 matrix, business models by fit.

Every number comes with its reasons. Built-in adjustments (not written as rules) cite a pseudo
rule id ``scoring/...`` and the book section the reasoning follows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from advisor.errors import UserError
from advisor.kb.base import KnowledgeBase
from advisor.kb.recordbase import CRITERIA, source_label
from advisor.kb.records import (
    Adjust,
    Bilingual,
    BuiltinReason,
    BusinessModel,
    Direction,
    DirectionSelector,
    DirectionSettings,
    FlagDirection,
    FounderFit,
    Node,
    Recommend,
    Scoring,
)
from advisor.kb.severity import severity
from advisor.rules.conclusions import Conclusions, Reason
from advisor.words.catalog import words_for

__all__ = [
    "BusinessModelFit",
    "DirectionScore",
    "builtin_reason",
    "clip_criterion",
    "current_direction",
    "matching_directions",
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
    roles: dict[tuple[int, int, tuple[str, ...]], Reason]

    def use_case_reason(self, kb: KnowledgeBase, names: tuple[str, ...]) -> Reason:
        """The reason for these shared use cases, named as the questionnaire names them."""
        hit = self.use_cases.get(names)
        if hit is None:
            labels = _choice_labels(kb, "use_cases", names)
            block = self.fit.use_case_match
            hit = builtin_reason("scoring/use_case_match", block, use_cases=labels)
            self.use_cases[names] = hit
        return hit

    def roles_reason(
        self, kb: KnowledgeBase, have: int, need: int, missing: tuple[str, ...]
    ) -> Reason:
        """The reason for the roles a direction needs: how many the team has, which it lacks."""
        hit = self.roles.get((have, need, missing))
        if hit is None:
            block = self.fit.roles_present
            titles = [n.title for n in map(kb.nodes.get, missing) if isinstance(n, Node)]
            lacking = (
                Bilingual(en=", ".join(t.en for t in titles), zh="、".join(t.zh for t in titles))
                if titles
                else Bilingual(
                    en=words_for("en")["advice"]["no_roles_missing"],
                    zh=words_for("zh")["advice"]["no_roles_missing"],
                )
            )
            hit = builtin_reason(
                "scoring/roles_present", block, have=have, need=need, missing=lacking
            )
            self.roles[(have, need, missing)] = hit
        return hit


def _choice_labels(kb: KnowledgeBase, question: str, values: Sequence[str]) -> Bilingual:
    """Answer values as the questionnaire labels them, in both languages (the value itself
    where the question or the choice is not in this knowledge)."""
    q = kb.questions.get(question)
    labels = {c.value: c.label for c in q.choices} if q is not None else {}
    found = [labels.get(v) for v in values]
    en = [f.en if f else v for f, v in zip(found, values, strict=True)]
    zh = [f.zh if f else v for f, v in zip(found, values, strict=True)]
    return Bilingual(en=", ".join(en), zh="、".join(zh))


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
    """A direction's score: each criterion is ``base`` plus the signed ``points`` of its reasons.

    ``criteria_reasons`` holds, per criterion, one reason per rule that moved it, each with its
    points (a rule's several adjustments of one criterion are summed); keeping a criterion within
    0-100 is a contribution of its own (``scoring/clip``), so the points always add up to the
    score shown. Reasons that only flag the direction sit under ``"flags"``, without points.
    """

    id: str
    score: float
    criteria: dict[str, float]
    criteria_reasons: dict[str, list[Reason]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    base: dict[str, float] = field(default_factory=dict)
    #: outside the founder's industry
    pivot: bool = False
    #: the founder's current direction
    current: bool = False
    #: one of the leaders the report explains (outside the industry only past the margin)
    leader: bool = False

    @property
    def reasons(self) -> list[Reason]:
        seen: list[Reason] = []
        for rs in self.criteria_reasons.values():
            for r in rs:
                if r not in seen:
                    seen.append(r)
        return seen


def _matches(d: Direction, where: DirectionSelector) -> bool:
    """Whether ``d`` matches ``where``, leaving ``current`` aside (it depends on the answers)."""
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


def matching_directions(
    kb: KnowledgeBase, where: DirectionSelector, current: str | None = None
) -> frozenset[str]:
    """The ids of the directions a selector matches (memoised per knowledge base).

    ``current`` is the founder's current direction, for selectors that name ``current``.
    """
    key = (id(kb.nodes), where)
    hit = _MATCH_CACHE.get(key)
    if hit is not None and hit[0] is kb.nodes:  # same knowledge, not a recycled id
        found = hit[1]
    else:
        if len(_MATCH_CACHE) > 4096:
            _MATCH_CACHE.clear()
        found = frozenset(
            n.id for n in kb.of_kind("direction") if isinstance(n, Direction) and _matches(n, where)
        )
        _MATCH_CACHE[key] = (kb.nodes, found)
    if where.current is True:
        return found & {current} if current else frozenset()
    if where.current is False and current:
        return found - {current}
    return found


def clip_criterion(x: float) -> float:
    return max(0.0, min(100.0, x))


#: answers of ``current_direction`` that name no direction
NO_DIRECTION = frozenset({"none", "undecided", "unknown"})


def current_direction(kb: KnowledgeBase, facts: Mapping[str, object]) -> tuple[str | None, bool]:
    """The founder's current direction and whether it was derived (not answered).

    An answered direction is taken as given; ``none`` means there is no product yet. Otherwise
    (``undecided``, ``unknown`` or no answer) it is the direction in the founder's industry
    that covers the earliest of their use cases (the first one listed is taken as the main
    product), preferring one whose own main use case it is, then the one sharing the most of
    them; ``None`` when no direction there shares one.

    Examples:
        >>> from advisor.kb.load import load_knowledge
        >>> kb = load_knowledge()
        >>> current_direction(kb, {"industry": "finance",
        ...                        "use_cases": ["credit_scoring", "fraud_detection"]})
        ('direction/alternative_credit_scoring', True)
        >>> current_direction(kb, {"current_direction": "none", "industry": "finance"})
        (None, False)
    """
    answer = facts.get("current_direction")
    if answer == "none":
        return None, False
    if isinstance(answer, str) and answer not in NO_DIRECTION:
        did = f"direction/{answer}"
        if isinstance(kb.nodes.get(did), Direction):
            return did, False
    industry = f"industry/{facts.get('industry')}"
    raw = facts.get("use_cases")
    wanted = [u for u in raw if isinstance(u, str)] if isinstance(raw, list) else []
    best: tuple[tuple[int, int, int, str], str] | None = None
    for node in kb.of_kind("direction"):
        if not isinstance(node, Direction) or node.industry != industry:
            continue
        shared = [i for i, u in enumerate(wanted) if u in node.use_cases]
        if not shared:
            continue
        # a direction whose own main use case is the founder's main one first, then the most
        # use cases shared
        key = (shared[0], int(node.use_cases[0] != wanted[shared[0]]), -len(shared), node.id)
        if best is None or key < best[0]:
            best = (key, node.id)
    return (best[1], True) if best else (None, False)


_CLIP: dict[str, Reason] = {}


def _clip_reason(points: float) -> Reason:
    """The contribution that keeps a criterion within 0-100 (its text from the words)."""
    side = "clip_high" if points < 0 else "clip_low"
    hit = _CLIP.get(side)
    if hit is None:
        en, zh = words_for("en")["advice"], words_for("zh")["advice"]
        text = (
            Bilingual(en=en["clip_high"], zh=zh["clip_high"])
            if points < 0
            else Bilingual(en=en["clip_low"], zh=zh["clip_low"])
        )
        hit = _CLIP[side] = Reason("scoring/clip", text, ())
    return replace(hit, points=round(points, 1))


#: per criterion, per rule: its reason and the points it adds up to
_Moves = dict[str, dict[str, tuple[Reason, float]]]


def _add(moves: _Moves, criterion: str, reason: Reason, points: float) -> None:
    """Add a rule's points to a criterion (one contribution per rule, however many actions)."""
    got = moves[criterion].get(reason.rule)
    total = points + (got[1] if got else 0.0)
    moves[criterion][reason.rule] = (got[0] if got else reason, total)


def _direction_settings(kb: KnowledgeBase) -> DirectionSettings:
    return _settings_of(kb).directions or DirectionSettings()


def score_directions(
    kb: KnowledgeBase, out: Conclusions, weights: Mapping[str, float]
) -> list[DirectionScore]:
    """Every direction scored 0-100 and ranked: the leaders first, advised-against ones last.

    A direction outside the founder's industry is among the leaders
    (``settings.scoring.directions.leaders``) only when it beats the best direction in their
    industry by more than ``pivot_margin`` points; the others follow by score.
    """
    w = normalise_weights(weights)
    reasons = _fit_reasons(kb)
    fit = reasons.fit
    facts = out.facts
    industry_answer = facts.get("industry")
    industry = f"industry/{industry_answer}"
    known_industry = isinstance(kb.nodes.get(industry), Node)
    use_cases = set(facts.get("use_cases") or [])
    roles = {f"role/{r}" for r in facts.get("team_roles") or []}
    current, _ = current_direction(kb, facts)
    adjustments: dict[str, list[tuple[Adjust, Reason]]] = defaultdict(list)
    for adj, reason in out.adjustments:
        for did in matching_directions(kb, adj.where, current):
            adjustments[did].append((adj, reason))
    flagged: dict[str, list[tuple[FlagDirection, Reason]]] = defaultdict(list)
    for flag, reason in out.flags:
        for did in matching_directions(kb, flag.where, current):
            flagged[did].append((flag, reason))
    results: list[DirectionScore] = []
    for node in kb.of_kind("direction"):
        assert isinstance(node, Direction)
        base = {
            "market_need": float(node.criteria.market_need),
            "technical_feasibility": float(node.criteria.technical_feasibility),
            "commercial_potential": float(node.criteria.commercial_potential),
            "founder_fit": float(fit.base),
        }
        moves: _Moves = {c: {} for c in CRITERIA}

        def add(criterion: str, reason: Reason, points: float, moves: _Moves = moves) -> None:
            _add(moves, criterion, reason, points)

        if node.industry == industry:
            add("founder_fit", reasons.industry_match, fit.industry_match.points)
        else:
            add("founder_fit", reasons.industry_mismatch, fit.industry_mismatch.points)
        shared = sorted(use_cases & set(node.use_cases))
        if shared:
            per = fit.use_case_match
            gain = per.points * len(shared)
            gain = gain if per.max_points is None else min(per.max_points, gain)
            add("founder_fit", reasons.use_case_reason(kb, tuple(shared)), gain)
        if node.requires_roles:
            have = len(roles & set(node.requires_roles))
            missing = tuple(r for r in node.requires_roles if r not in roles)
            most = fit.roles_present.max_points or 0
            gain = round(most * have / len(node.requires_roles))
            why_roles = reasons.roles_reason(kb, have, len(node.requires_roles), missing)
            add("founder_fit", why_roles, gain)
        for adj, reason in adjustments.get(node.id, ()):
            add(adj.criterion, reason, adj.delta)
        crit: dict[str, float] = {}
        why: dict[str, list[Reason]] = {}
        for c in CRITERIA:
            listed = [replace(r, points=round(p, 1)) for r, p in moves[c].values()]
            raw = base[c] + sum(p for _, p in moves[c].values())
            crit[c] = clip_criterion(raw)
            if crit[c] != raw:
                listed.append(_clip_reason(crit[c] - raw))
            if listed:
                why[c] = listed
        score = round(sum(w[c] * crit[c] for c in CRITERIA), 1)
        flags = ["advised_against"] if node.id in out.against else []
        if node.id in out.against:
            why.setdefault("flags", []).extend(out.against[node.id])
        for flag, reason in flagged.get(node.id, ()):
            if flag.flag not in flags:
                flags.append(flag.flag)
            why.setdefault("flags", []).append(reason)
        results.append(
            DirectionScore(
                node.id,
                score,
                crit,
                why,
                flags,
                base,
                pivot=known_industry and node.industry != industry,
                current=node.id == current,
            )
        )
    results.sort(key=lambda s: (_demoted(s.flags), -s.score, s.id))
    return _leaders_first(results, _direction_settings(kb))


def _leaders_first(ranked: list[DirectionScore], rules: DirectionSettings) -> list[DirectionScore]:
    """The leaders (pivots only past the margin), then every other direction, each by score."""
    home = [s.score for s in ranked if not s.pivot and not _demoted(s.flags)]
    if not home:
        for s in ranked[: rules.leaders]:
            s.leader = not _demoted(s.flags)
        return ranked
    bar = max(home) + rules.pivot_margin
    leaders = [s for s in ranked if not _demoted(s.flags) and (not s.pivot or s.score > bar)][
        : rules.leaders
    ]
    chosen = {s.id for s in leaders}
    for s in leaders:
        s.leader = True
    return leaders + [s for s in ranked if s.id not in chosen]


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


def _own_reason(rule: str, text: Bilingual | None, fallback: Reason, points: float) -> Reason:
    """A model's own segment reason where it has one, else the generic one; with its points."""
    if text is None:
        return replace(fallback, points=points)
    return Reason(rule, text, fallback.sources, points)


def _recommend_points(kb: KnowledgeBase, rule: str, model: str) -> float | None:
    """The fit points ``rule`` gives ``model`` (its ``recommend`` actions summed)."""
    found = kb.rules.get(rule)
    if found is None:
        return None
    got = [a.body.fit for a in found.then if isinstance(a.body, Recommend) and a.body.id == model]
    return float(sum(got)) if got else None


def score_business_models(kb: KnowledgeBase, out: Conclusions) -> list[BusinessModelFit]:
    """Every business model's fit 0-100 for this profile, best first.

    The fit is the model's ``base_fit`` plus signed contributions: its customer segment (the
    model's own ``fits_because`` / ``misfits_because`` where it has them), each rule that
    recommends it, being advised against, and keeping the fit within 0-100.
    """
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
            reasons.append(
                _own_reason(
                    "scoring/segment_match", node.fits_because, match, points.segment_match.points
                )
            )
        elif segment is not None and segment != "unknown":
            fit += points.segment_mismatch.points
            reasons.append(
                _own_reason(
                    "scoring/segment_mismatch",
                    node.misfits_because,
                    mismatch,
                    points.segment_mismatch.points,
                )
            )
        rec = out.recommended.get(node.id)
        if rec is not None:
            fit += rec.fit
            reasons.extend(
                replace(r, points=_recommend_points(kb, r.rule, node.id)) for r in rec.reasons
            )
        against = node.id in out.against
        if against:
            fit += points.advised_against_points
            cut = float(points.advised_against_points)
            reasons.extend(replace(r, points=cut) for r in out.against[node.id][:1])
            reasons.extend(out.against[node.id][1:])
        shown = clip_criterion(fit)
        if shown != fit:
            reasons.append(_clip_reason(shown - fit))
        results.append(BusinessModelFit(node.id, round(shown, 1), reasons, against))
    results.sort(key=lambda b: (b.advised_against, -b.fit, b.id))
    return results
