"""What answers the founder was not sure of can still change: the headline fields they leave
open, and the range each direction's score can take.

A three-valued run (:meth:`advisor.rules.engine.Engine.run` with unknown facts) concludes what
holds whatever the unknown answers are, and leaves *pending* the rules that wait on them. Every
real set of answers concludes what the run concluded plus some of the pending rules (Kleene's
logic is monotone: a rule that holds or fails on partial answers does so on every completion of
them). So a headline field is *settled* when no choice of pending rules, and no value of the
unknown answers the report reads directly, can change it; each check below is a sound bound:

* **top direction**: each direction's score is bounded by adding its pending adjustments of one
  sign only (and the founder-fit points unknown answers could give or take), criterion by
  criterion, clipped; the top is settled when its lowest score beats every rival's highest one
  (a direction outside the founder's industry must clear the pivot margin too) and nothing
  pending can demote it.
* **laws, EU AI Act**: a law is settled when pending rules neither apply nor exempt it where
  that would flip it; the Act's tier and GPAI status when no pending rule sets a stricter one.
* **top risks**: settled when no pending rule can raise a listed risk, and no risk outside the
  five (or pending, or fitting the product only through unknown answers) can pass the fifth,
  or tie with it where nothing tied before (:func:`advisor.advice.headline.top_risks_of`).
* **roles to hire now**, **next funding stage**: settled when no pending rule recommends another
  role "now", or another stage.

``kb diff``'s headline (:mod:`advisor.advice.headline`) is what is checked; the adaptive
questionnaire (:mod:`advisor.advice.adaptive`) stops when every field is settled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from advisor.advice.headline import EU_AI_ACT, TOP_RISKS
from advisor.advice.scoring import (
    DirectionScore,
    clip_criterion,
    current_direction,
    matching_directions,
)
from advisor.kb.base import KnowledgeBase
from advisor.kb.fit import ANY, applies_to_of
from advisor.kb.recordbase import CRITERIA, TIERS
from advisor.kb.records import (
    Adjust,
    AdviseAgainst,
    ApplyRegulation,
    BusinessModel,
    BusinessModelScoring,
    Direction,
    DirectionSelector,
    ExemptRegulation,
    FlagDirection,
    RaiseRisk,
    Recommend,
    Risk,
)
from advisor.kb.walk import reads
from advisor.rules.conclusions import Conclusions, Pending

__all__ = [
    "HEADLINE_FIELDS",
    "Open",
    "Uncertainty",
    "assess",
    "unknown_facts",
]

#: the headline's fields, in :class:`advisor.advice.headline.Headline` order, split as a
#: founder reads them (the AI Act's tier and GPAI status are one field there)
HEADLINE_FIELDS = (
    "top_direction",
    "eu_ai_act",
    "laws",
    "top_risks",
    "hire_now",
    "next_funding_stage",
)
#: answers that the scoring reads itself (founder fit, the current direction)
_FIT_FACTS = ("industry", "use_cases", "team_roles", "current_direction")
_GPAI_ORDER = ("gpai_systemic_risk", "gpai", "none")
_DEMOTING = frozenset({"prohibited", "advised_against"})


def unknown_facts(kb: KnowledgeBase, unknown: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each unknown answer -> the question ids it waits on: itself, and for a follow-up whose
    ``when`` reads unknown answers, theirs too (in questionnaire order, so parents come first).

    Examples:
        >>> from advisor.kb.load import load_knowledge
        >>> unknown_facts(load_knowledge(), ["markets"])
        {'markets': frozenset({'markets'})}
    """
    wanted = set(unknown)
    found: dict[str, frozenset[str]] = {}
    for q in kb.questions.values():
        if q.id not in wanted:
            continue
        on = {q.id}
        if q.when is not None:
            for fact in reads(q.when):
                on |= found.get(fact, frozenset())
        found[q.id] = frozenset(on)
    for fact in sorted(wanted - set(found)):  # not a question of this knowledge: itself
        found[fact] = frozenset((fact,))
    return found


@dataclass(frozen=True)
class Open:
    """A headline field the unknown answers can still change, and the questions that decide it."""

    field: str
    questions: frozenset[str]


@dataclass
class Uncertainty:
    """What the unknown answers leave open."""

    #: open headline fields, in :data:`HEADLINE_FIELDS` order
    open: list[Open] = field(default_factory=list)
    #: direction id -> (lowest, highest) score, for the directions whose score can move
    score_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: business model id -> (lowest, highest) fit, for the models whose fit can move
    fit_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: listed risk id -> (lowest, highest) likelihood x impact, where pending rules can raise it
    risk_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def settled(self) -> bool:
        return not self.open

    def deciders(self) -> dict[str, list[str]]:
        """Question id -> the open fields it decides (fields in headline order)."""
        out: dict[str, list[str]] = {}
        for o in self.open:
            for q in sorted(o.questions):
                out.setdefault(q, []).append(o.field)
        return out


def _deps(items: Iterable[Pending]) -> frozenset[str]:
    on: set[str] = set()
    for p in items:
        on.update(p.depends_on)
    return frozenset(on)


def _fact_deps(out: Conclusions, facts: Iterable[str]) -> frozenset[str]:
    on: set[str] = set()
    for f in facts:
        on |= out.unknown.get(f, frozenset())
    return frozenset(on)


def assess(
    kb: KnowledgeBase,
    out: Conclusions,
    ranked: Sequence[DirectionScore],
    weights: Mapping[str, float],
    pivot_margin: float,
) -> Uncertainty:
    """The open headline fields and the score ranges of a three-valued run (see the module).

    ``ranked`` and ``weights`` are the scoring of ``out`` (normalised weights).
    """
    result = Uncertainty()
    if not out.unknown:
        return result
    by_kind: dict[type, list[tuple[Pending, object]]] = {}
    for p in out.pending:
        for body in p.actions:
            by_kind.setdefault(type(body), []).append((p, body))
    risks = _risk_rows(kb, out, by_kind)
    result.risk_ranges = {
        rid: (now[0] * now[1], most[0] * most[1])
        for rid, now, most, _ in risks
        if now is not None and now != most
    }
    checks = (
        ("top_direction", _top_direction(kb, out, ranked, weights, pivot_margin, by_kind, result)),
        ("eu_ai_act", _ai_act(out, by_kind)),
        ("laws", _laws(kb, out, by_kind)),
        ("top_risks", _top_risks(risks)),
        ("hire_now", _hire_now(out, by_kind)),
        ("next_funding_stage", _next_stage(kb, out, by_kind)),
    )
    result.open = [Open(name, qs) for name, qs in checks if qs is not None]
    result.fit_ranges = _fit_ranges(kb, out, by_kind)
    return result


def _fit_ranges(
    kb: KnowledgeBase, out: Conclusions, by_kind: _ByKind
) -> dict[str, tuple[float, float]]:
    """Each business model's lowest and highest fit over the values of the unknown answers,
    where they differ: the fit of :func:`advisor.advice.scoring.score_business_models` with
    the customer segment's points at their least and most (when it is unknown), the pending
    recommendations of one sign only, and a pending advice against it, clipped to 0-100."""
    scoring = kb.settings.scoring
    points = scoring.business_models if scoring else None
    if points is None:
        return {}
    segment = out.facts.get("customer_segment")
    question = kb.questions.get("customer_segment")
    open_segment = "customer_segment" in out.unknown and question is not None
    pending_fit: dict[str, list[float]] = {}
    for _, body in by_kind.get(Recommend, ()):
        assert isinstance(body, Recommend)
        pending_fit.setdefault(body.id, []).append(float(body.fit))
    may_be_against = {getattr(b, "id", None) for _, b in by_kind.get(AdviseAgainst, ())}
    found: dict[str, tuple[float, float]] = {}
    for node in kb.of_kind("business_model"):
        assert isinstance(node, BusinessModel)
        if open_segment and question is not None:
            seg = [_segment_points(node, v, points) for v in question.values]
        else:
            seg = [_segment_points(node, segment, points)]
        rec = out.recommended.get(node.id)
        fixed = float(node.base_fit) + (rec.fit if rec is not None else 0.0)
        if node.id in out.against:
            fixed += points.advised_against_points
        more = pending_fit.get(node.id, [])
        low = fixed + min(seg) + sum(x for x in more if x < 0)
        high = fixed + max(seg) + sum(x for x in more if x > 0)
        if node.id not in out.against and node.id in may_be_against:
            low += min(0.0, points.advised_against_points)
            high += max(0.0, points.advised_against_points)
        bounds = (round(clip_criterion(low), 1), round(clip_criterion(high), 1))
        if bounds[0] != bounds[1]:
            found[node.id] = bounds
    return found


def _segment_points(node: BusinessModel, segment: object, points: BusinessModelScoring) -> float:
    """The points a customer segment gives a model (as the scoring counts them)."""
    if segment in node.suits_segments:
        return float(points.segment_match.points)
    if segment is None or segment == "unknown":
        return 0.0
    return float(points.segment_mismatch.points)


_ByKind = Mapping[type, Sequence[tuple[Pending, object]]]


def _without_current(where: DirectionSelector) -> DirectionSelector:
    return DirectionSelector(**{f: getattr(where, f) for f in where.FIELDS if f != "current"})


def _top_direction(
    kb: KnowledgeBase,
    out: Conclusions,
    ranked: Sequence[DirectionScore],
    weights: Mapping[str, float],
    margin: float,
    by_kind: _ByKind,
    result: Uncertainty,
) -> frozenset[str] | None:
    """The questions that decide the top direction, or None when it is settled; fills in the
    score ranges."""
    if not ranked:
        return None
    fit_unknown = [f for f in _FIT_FACTS if f in out.unknown]
    current, _ = current_direction(kb, out.facts)
    # the current direction is taken from these answers when it is not answered
    current_open = any(f in out.unknown for f in ("industry", "use_cases", "current_direction"))
    # per direction, per criterion: the most points that could be lost and gained
    lose: dict[str, dict[str, float]] = {s.id: dict.fromkeys(CRITERIA, 0.0) for s in ranked}
    gain: dict[str, dict[str, float]] = {s.id: dict.fromkeys(CRITERIA, 0.0) for s in ranked}
    touched: dict[str, set[str]] = {s.id: set() for s in ranked}
    demotable: dict[str, set[str]] = {}

    def move(did: str, criterion: str, delta: float, on: Iterable[str]) -> None:
        if did not in lose:
            return
        if delta < 0:
            lose[did][criterion] += delta
        else:
            gain[did][criterion] += delta
        touched[did].update(on)

    def targets(where: DirectionSelector) -> frozenset[str]:
        if current_open and where.current is not None:
            return matching_directions(kb, _without_current(where))
        return matching_directions(kb, where, current)

    for p, body in by_kind.get(Adjust, ()):
        assert isinstance(body, Adjust)
        for did in targets(body.where):
            move(did, body.criterion, body.delta, p.depends_on)
    if current_open:  # adjustments that hold, on whichever direction is current
        on_current = _fact_deps(out, ("industry", "use_cases", "current_direction"))
        for adj, _ in out.adjustments:
            if adj.where.current is None:
                continue
            now = matching_directions(kb, adj.where, current)
            for did in matching_directions(kb, _without_current(adj.where)):
                move(did, adj.criterion, -adj.delta if did in now else adj.delta, on_current)
    for kind in (FlagDirection, AdviseAgainst):
        for p, body in by_kind.get(kind, ()):
            if isinstance(body, FlagDirection):
                if body.flag not in _DEMOTING:
                    continue
                hit = targets(body.where)
            else:
                assert isinstance(body, AdviseAgainst)
                hit = frozenset((body.id,))
            for did in hit:
                demotable.setdefault(did, set()).update(p.depends_on)
    fit = kb.settings.scoring.founder_fit if kb.settings.scoring else None
    if fit is not None:
        for s in ranked:
            node = kb.nodes[s.id]
            assert isinstance(node, Direction)
            if "industry" in out.unknown:
                delta = fit.industry_match.points - fit.industry_mismatch.points
                move(s.id, "founder_fit", delta, out.unknown["industry"])
            if "use_cases" in out.unknown and node.use_cases:
                per = fit.use_case_match
                most = per.points * len(node.use_cases)
                most = most if per.max_points is None else min(per.max_points, most)
                move(s.id, "founder_fit", most, out.unknown["use_cases"])
            if "team_roles" in out.unknown and node.requires_roles:
                move(
                    s.id,
                    "founder_fit",
                    fit.roles_present.max_points or 0,
                    out.unknown["team_roles"],
                )
    bounds: dict[str, tuple[float, float]] = {}
    for s in ranked:
        lo = hi = 0.0
        for c in CRITERIA:
            raw = s.criteria[c]
            if raw in (0.0, 100.0):  # clipped: the unclipped sum from its reasons
                raw = s.base.get(c, 0.0) + sum(
                    r.points or 0.0
                    for r in s.criteria_reasons.get(c, ())
                    if r.rule != "scoring/clip"
                )
            lo += weights.get(c, 0.0) * clip_criterion(raw + lose[s.id][c])
            hi += weights.get(c, 0.0) * clip_criterion(raw + gain[s.id][c])
        bounds[s.id] = (round(lo, 1), round(hi, 1))
        if bounds[s.id][0] != bounds[s.id][1]:
            result.score_ranges[s.id] = bounds[s.id]
    top = ranked[0]
    demoted = {s.id for s in ranked if _DEMOTING & set(s.flags)}
    deciders: set[str] = set(touched[top.id])
    is_open = "industry" in out.unknown or top.id in demotable or top.id in demoted
    if top.id in demotable:
        deciders |= demotable[top.id]
    low_top = bounds[top.id][0]
    home_high = max(
        (bounds[s.id][1] for s in ranked if not s.pivot and s.id not in demoted), default=None
    )
    if top.pivot and home_high is not None and not low_top > home_high + margin:
        is_open = True
        deciders |= {q for s in ranked if not s.pivot for q in touched[s.id]}
    for s in ranked[1:]:
        if s.id in demoted:
            continue
        high = bounds[s.id][1]
        bar = low_top + margin if s.pivot and not top.pivot else low_top
        if high > bar or (high == bar and s.id < top.id and not (s.pivot and not top.pivot)):
            is_open = True
            deciders |= touched[s.id]
    if not is_open:
        return None
    deciders |= _fact_deps(out, fit_unknown)
    return frozenset(deciders)


def _law_open(out: Conclusions, law: str, by_kind: _ByKind) -> frozenset[str] | None:
    """The questions that decide whether ``law`` applies, or None when that is settled."""
    applying = [p for p, b in by_kind.get(ApplyRegulation, ()) if getattr(b, "id", None) == law]
    exempting = [p for p, b in by_kind.get(ExemptRegulation, ()) if getattr(b, "id", None) == law]
    applied = law in out.regulations
    exempt = law in out.exemptions
    most = (applied or bool(applying)) and not exempt
    least = applied and not (exempt or exempting)
    return None if most == least else _deps([*applying, *exempting])


def _ai_act(out: Conclusions, by_kind: _ByKind) -> frozenset[str] | None:
    opened = _law_open(out, EU_AI_ACT, by_kind)
    if opened is not None:
        return opened
    if EU_AI_ACT not in out.regulations or EU_AI_ACT in out.exemptions:
        return None  # it does not apply in any case: no tier, no GPAI status
    hit = out.regulations[EU_AI_ACT]
    tier, gpai = hit.tier, hit.gpai_level
    stricter: list[Pending] = []
    for p, body in by_kind.get(ApplyRegulation, ()):
        assert isinstance(body, ApplyRegulation)
        if body.id != EU_AI_ACT:
            continue
        tier_up = body.tier and (tier is None or TIERS.index(body.tier) < TIERS.index(tier))
        gpai_up = body.gpai and (
            gpai is None or _GPAI_ORDER.index(body.gpai) < _GPAI_ORDER.index(gpai)
        )
        if tier_up or gpai_up:
            stricter.append(p)
    return _deps(stricter) if stricter else None


def _laws(kb: KnowledgeBase, out: Conclusions, by_kind: _ByKind) -> frozenset[str] | None:
    on: set[str] = set()
    for law in kb.of_kind("regulation"):
        found = _law_open(out, law.id, by_kind)
        if found is not None:
            on |= found
    return frozenset(on) if on else None


def _fits3(node: Risk, out: Conclusions) -> tuple[bool | None, frozenset[str]]:
    """Whether a risk fits the product: true, false or unknown (and what that waits on)."""
    wanted = applies_to_of(node)
    if not wanted or ANY in wanted or any(out.facts.get(k) is True for k in wanted):
        return True, frozenset()
    waiting = [k for k in wanted if k in out.unknown]
    return (None, _fact_deps(out, waiting)) if waiting else (False, frozenset())


#: a risk that is or may be raised: id, (likelihood, impact) now (None: not listed), the most
#: they can reach, and the questions that waits on
_RiskRow = tuple[str, tuple[int, int] | None, tuple[int, int], frozenset[str]]


def _risk_rows(kb: KnowledgeBase, out: Conclusions, by_kind: _ByKind) -> list[_RiskRow]:
    raises: dict[str, list[tuple[Pending, RaiseRisk]]] = {}
    for p, body in by_kind.get(RaiseRisk, ()):
        assert isinstance(body, RaiseRisk)
        raises.setdefault(body.id, []).append((p, body))
    rows: list[_RiskRow] = []
    for rid in sorted(set(out.risks) | set(raises)):
        node = kb.nodes.get(rid)
        if not isinstance(node, Risk):
            continue
        fit, fit_on = _fits3(node, out)
        if fit is False:
            continue
        hit = out.risks.get(rid)
        lik = max(hit.likelihood or 0, node.likelihood) if hit else node.likelihood
        imp = max(hit.impact or 0, node.impact) if hit else node.impact
        up_l, up_i = lik, imp
        for _, body in raises.get(rid, ()):
            up_l = max(up_l, body.likelihood or 0)
            up_i = max(up_i, body.impact or 0)
        on = fit_on | _deps(p for p, _ in raises.get(rid, ()))
        now = (lik, imp) if hit is not None and fit is True else None
        rows.append((rid, now, (up_l, up_i), on))
    return rows


def _top_risks(rows: Sequence[_RiskRow]) -> frozenset[str] | None:
    def key(li: tuple[int, int]) -> tuple[int, int]:  # as headline.risk_key ranks
        return (li[0] * li[1], li[1])

    listed = sorted(
        ((rid, now) for rid, now, _, _ in rows if now is not None),
        key=lambda r: (-key(r[1])[0], -key(r[1])[1], r[0]),
    )
    top_ids = {rid for rid, _ in listed[:TOP_RISKS]}
    fifth = key(listed[TOP_RISKS - 1][1]) if len(listed) >= TOP_RISKS else None
    opened: set[str] = set()
    for rid, now, most, waits in rows:
        if rid in top_ids:
            if now != most:  # a pending rule may raise it further
                opened |= waits
        elif waits and (fifth is None or key(most) > fifth):  # it may pass the fifth
            opened |= waits
    return frozenset(opened) if opened else None


def _hire_now(out: Conclusions, by_kind: _ByKind) -> frozenset[str] | None:
    if "team_roles" in out.unknown:
        role_recs = [
            p for p, b in by_kind.get(Recommend, ()) if getattr(b, "id", "").startswith("role/")
        ]
        return out.unknown["team_roles"] | _deps(role_recs)
    present = {f"role/{r}" for r in out.facts.get("team_roles") or []}
    now = {rid for rid, rec in out.recommended.items() if rec.priority == "now"}
    waiting = [
        p
        for p, b in by_kind.get(Recommend, ())
        if isinstance(b, Recommend)
        and b.id.startswith("role/")
        and b.priority == "now"
        and b.id not in present
        and b.id not in now
    ]
    return _deps(waiting) if waiting else None


def _next_stage(kb: KnowledgeBase, out: Conclusions, by_kind: _ByKind) -> frozenset[str] | None:
    if "funding_stage" in out.unknown:
        stages = [
            p
            for p, b in by_kind.get(Recommend, ())
            if getattr(b, "id", "").startswith("funding_stage/")
        ]
        return out.unknown["funding_stage"] | _deps(stages)
    current = f"funding_stage/{out.facts.get('funding_stage', '')}"
    chosen = next(
        (s for s in out.recommended if s.startswith("funding_stage/") and s != current), None
    )
    waiting = [
        p
        for p, b in by_kind.get(Recommend, ())
        if isinstance(b, Recommend)
        and b.id.startswith("funding_stage/")
        and b.id != current
        and b.id != chosen
    ]
    return _deps(waiting) if waiting else None
