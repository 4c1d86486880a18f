"""``whatif --flip ID``: the smallest set of answer changes that adds ID or removes it.

ID is a risk (raised at all), a direction (ranked first), a regulation (applies), an EU AI Act
tier (``high_risk`` or ``tier/high_risk``) or GPAI level (``gpai/gpai``), a role (to hire now), a
technique (recommended), an obligation (listed), or any other id the report names.

The search tries the values that conditions actually mention (as the sensitivity analysis does):
for a choice every mentioned value plus one unmentioned one (they all behave alike), for a yes/no
answer the other answer, for a multiple choice adding or removing one mentioned value, and for
numbers the thresholds conditions compare with and their neighbours. Only questions that can
matter are tried: those the rules that name ID read, through the facts those rules' conditions
derive, and the questions gating them (every question for directions and roles, which scores
decide). Sets are tried by size (fewest questions first) and, within a size, by how small the
change is, so the first hit is the smallest; a size limit and a time limit bound the search.

Examples:
    >>> Change("team_size", 3, 12).as_dict()
    {'question': 'team_size', 'from': 3, 'to': 12}
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.advice.scoring import score_directions
from advisor.advice.sections.regulations import regulations_out
from advisor.advice.sections.team import team_out
from advisor.advice.sections.techniques import techniques_out
from advisor.advice.sensitivity import _mentioned_values
from advisor.advice.session import Session
from advisor.answers.profile import Profile, build_profile
from advisor.errors import AnswersError, UserError
from advisor.kb.fit import applies_to_of, fits
from advisor.kb.recordbase import GPAI_LEVELS, TIERS, kind_of
from advisor.kb.records import Question, Rule
from advisor.kb.walk import reads
from advisor.rules.conclusions import Conclusions

__all__ = [
    "Change",
    "FlipResult",
    "flip",
    "regulation_states",
    "relevant_questions",
    "target_present",
]

EU_AI_ACT = "regulation/eu_ai_act"
#: kinds whose presence depends on the scores of every direction, so any answer may matter
_SCORED = ("direction", "role")
#: beyond this many candidate sets of one size, they are tried unsorted
SORT_LIMIT = 200_000


@dataclass(frozen=True)
class Change:
    """One answer changed: ``question`` from ``old`` to ``new``."""

    question: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"question": self.question, "from": _jsonable(self.old), "to": _jsonable(self.new)}


@dataclass(frozen=True)
class FlipResult:
    """What the search found. ``changes`` is empty when nothing within the limits flips it."""

    target: str
    present_before: bool
    changes: tuple[Change, ...]
    found: bool
    searched: int
    max_changes: int
    timed_out: bool
    #: the largest set size searched in full (a time-out may stop inside the next one)
    complete_size: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "present_before": self.present_before,
            "present_after": self.present_before != self.found,
            "found": self.found,
            "changes": [c.as_dict() for c in self.changes],
            "searched": self.searched,
            "max_changes": self.max_changes,
            "complete_size": self.complete_size,
            "timed_out": self.timed_out,
        }


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


# --- what "present" means for each kind of id ------------------------------------------------


def regulation_states(
    session: Session, out: Conclusions
) -> dict[str, tuple[bool, str | None, str | None, frozenset[str]]]:
    """Per regulation of the report: (applies, tier, gpai, obligation ids)."""
    return {
        r.id: (r.applies, r.tier, r.gpai, frozenset(o.id for o in r.obligations))
        for r in regulations_out(session, out, "en")
    }


def _normalise(session: Session, target: str) -> str:
    """``high_risk`` -> ``tier/high_risk``; an unknown id is a :class:`UserError`."""
    if target in TIERS:
        return f"tier/{target}"
    if target in GPAI_LEVELS:
        return f"gpai/{target}"
    if target.startswith(("tier/", "gpai/")):
        level = target.split("/", 1)[1]
        if level in (TIERS if target.startswith("tier/") else GPAI_LEVELS):
            return target
    if target in session.kb.nodes:
        return target
    import difflib

    pool = [*session.kb.nodes, *(f"tier/{t}" for t in TIERS), *(f"gpai/{g}" for g in GPAI_LEVELS)]
    close = difflib.get_close_matches(target, pool, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UserError(f"--flip {target}: names no node, tier or GPAI level{hint}")


def target_present(session: Session, target: str, out: Conclusions) -> bool:
    """Whether ``target`` (normalised) is in the report that ``out`` leads to."""
    kind = kind_of(target)
    kb = session.kb
    if kind == "risk":  # raised, and for this kind of product (applies_to)
        return target in out.risks and fits(kb.nodes[target], out.facts)
    if kind == "direction":
        ranked = score_directions(kb, out, kb.weights)
        return bool(ranked) and ranked[0].id == target
    if kind in ("regulation", "tier", "gpai", "obligation"):
        states = regulation_states(session, out)
        if kind == "regulation":
            return states.get(target, (False, None, None, frozenset()))[0]
        applies, tier, gpai, _ = states.get(EU_AI_ACT, (False, None, None, frozenset()))
        level = target.split("/", 1)[1]
        if kind == "tier":
            return applies and tier == level
        if kind == "gpai":
            return applies and gpai == level
        return any(target in s[3] for s in states.values())
    if kind == "role":
        ranked = score_directions(kb, out, kb.weights)
        team = team_out(session, out, ranked, "en")
        return any(g.id == target and g.priority == "now" for g in team.gaps)
    if kind == "technique":
        return any(t.id == target for t in techniques_out(kb, out, "en", {}))
    if target in out.recommended:
        node = kb.nodes.get(target)
        return node is None or fits(node, out.facts)
    return target in out.obligations


# --- which questions can matter ------------------------------------------------------------------


def _touches(rule: Rule, target: str) -> bool:
    kind = kind_of(target)
    for action in rule.then:
        body = action.body
        if kind in ("tier", "gpai"):
            if action.kind == "apply_regulation" and body.id == EU_AI_ACT:
                return True
            if action.kind == "exempt_regulation" and body.id == EU_AI_ACT:
                return True
        elif getattr(body, "id", None) == target:
            return True
        elif kind == "regulation" and action.kind == "require_obligation":
            continue
    return False


def relevant_questions(session: Session, target: str) -> list[str]:
    """Question ids, in questionnaire order, that can change whether ``target`` is present."""
    kb = session.kb
    if kind_of(target) in _SCORED or kind_of(target) not in (
        "risk",
        "regulation",
        "tier",
        "gpai",
        "obligation",
        "technique",
    ):
        return list(kb.questions)
    derivers: dict[str, list[Rule]] = {}
    for rule in kb.rules.values():
        for action in rule.then:
            if action.kind == "derive":
                derivers.setdefault(action.body.fact, []).append(rule)
    facts: set[str] = set()
    todo = [r for r in kb.rules.values() if _touches(r, target)]
    node = kb.nodes.get(target)
    if node is not None:  # the product kinds it applies to decide whether the report shows it
        todo.extend(r for k in applies_to_of(node) for r in derivers.get(k, []))
    seen: set[str] = set()
    while todo:
        rule = todo.pop()
        if rule.id in seen:
            continue
        seen.add(rule.id)
        for fact in reads(rule.when):
            if fact not in facts:
                facts.add(fact)
                todo.extend(derivers.get(fact, []))
    # questions that decide whether a relevant question is asked at all
    grew = True
    while grew:
        grew = False
        for q in kb.questions.values():
            if q.id in facts and q.when is not None:
                extra = reads(q.when) - facts
                if extra:
                    facts |= extra
                    grew = True
    return [q for q in kb.questions if q in facts]


# --- candidate values --------------------------------------------------------------------------


def _numbers(q: Question, mentioned: set[Any]) -> list[float]:
    out: set[float] = set()
    for v in mentioned:
        if isinstance(v, bool) or not isinstance(v, int | float):
            continue
        if q.type == "int":
            out.update({int(v) - 1, int(v), int(v) + 1})
        elif v > 0:
            out.update({v / 2, float(v), v * 2})
        else:
            out.update({0.0, 1.0})
    lo = q.min if q.min is not None else -math.inf
    hi = q.max if q.max is not None else math.inf
    return sorted(x for x in out if lo <= x <= hi)


def _alternatives(q: Question, current: Any, mentioned: set[Any]) -> list[tuple[Any, float]]:
    """(new value, cost) pairs: cost 1 per choice, toggle or yes/no, more for far numbers."""
    if q.type == "bool":
        return [(not current, 1.0)] if isinstance(current, bool) else [(True, 1.0), (False, 1.0)]
    if q.type == "choice":
        named = [v for v in q.values if v != current and v in mentioned]
        unnamed = [v for v in q.values if v != current and v not in mentioned]
        if unnamed and current in mentioned:
            named.append(unnamed[0])
        return [(v, 1.0) for v in named]
    if q.type == "multi":
        have = list(current) if isinstance(current, list | tuple) else []
        out: list[tuple[Any, float]] = []
        for v in q.values:
            if v not in mentioned:
                continue
            if v in have:
                rest = [x for x in have if x != v]
                out.append((rest or (["none"] if "none" in q.values else []), 1.0))
            else:
                base = [x for x in have if x != "none"]
                out.append(([*base, v], 1.0))
        return out
    if q.type in ("int", "float"):
        old = float(current) if isinstance(current, int | float) else 0.0
        scale = max(abs(old), 1.0)
        return [
            (int(x) if q.type == "int" else x, 1.0 + min(1.0, abs(x - old) / scale))
            for x in _numbers(q, mentioned)
            if x != old
        ]
    return []


# --- the search --------------------------------------------------------------------------------


def flip(
    session: Session,
    profile: Profile,
    target: str,
    *,
    max_changes: int = 3,
    max_seconds: float = 20.0,
    clock: Callable[[], float] = time.perf_counter,
) -> FlipResult:
    """Search for the smallest answer change that flips ``target`` (see the module docstring).

    Raises:
        UserError: ``target`` names nothing the report can hold, or ``max_changes`` is below 1.
    """
    if max_changes < 1:
        raise UserError(f"--max-changes {max_changes}: give 1 or more")
    start = clock()
    kb = session.kb
    target = _normalise(session, target)
    engine = session.engine
    before = target_present(session, target, engine.run(profile.answers))
    mentioned = _mentioned_values(kb)
    raw: dict[str, Any] = dict(profile.answers)
    order = {q: i for i, q in enumerate(kb.questions)}
    singles: list[tuple[str, Any, float]] = []
    for qid in relevant_questions(session, target):
        q = kb.questions[qid]
        if q.type == "text":
            continue
        for value, cost in _alternatives(q, raw.get(qid), mentioned.get(qid, set())):
            singles.append((qid, value, cost))

    searched = 0
    complete = 0
    timed_out = False
    memo: dict[str, bool] = {}

    def flips(changes: Sequence[tuple[str, Any, float]]) -> bool:
        try:
            alt = build_profile(kb, {**raw, **{q: v for q, v, _ in changes}}, path="--flip")
        except AnswersError:
            return False
        key = repr(sorted(alt.answers.items()))
        hit = memo.get(key)
        if hit is None:
            hit = target_present(session, target, engine.run(alt.answers)) != before
            memo[key] = hit
        return hit

    for size in range(1, max_changes + 1):
        for combo in _combos_by_cost(singles, size, order):
            if clock() - start > max_seconds:
                timed_out = True
                break
            searched += 1
            if flips(combo):
                return FlipResult(
                    target,
                    before,
                    tuple(Change(q, raw.get(q), v) for q, v, _ in combo),
                    True,
                    searched,
                    max_changes,
                    False,
                    size - 1,
                    clock() - start,
                )
        if timed_out:
            break
        complete = size
    return FlipResult(
        target, before, (), False, searched, max_changes, timed_out, complete, clock() - start
    )


def _combos_by_cost(
    singles: Sequence[tuple[str, Any, float]], size: int, order: Mapping[str, int]
) -> Iterator[tuple[tuple[str, Any, float], ...]]:
    """Every set of ``size`` changes on distinct questions, cheapest first (ties: by question).

    Past :data:`SORT_LIMIT` sets they come in questionnaire order instead (still all of them),
    so that a wide search does not spend its time sorting.
    """
    if math.comb(len(singles), size) > SORT_LIMIT:
        for c in itertools.combinations(singles, size):
            if len({q for q, _, _ in c}) == size:
                yield c
        return
    combos = [c for c in itertools.combinations(singles, size) if len({q for q, _, _ in c}) == size]
    combos.sort(key=lambda c: (sum(x[2] for x in c), [(order[q], str(v)) for q, v, _ in c]))
    yield from combos
