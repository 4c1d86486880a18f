"""Forward chaining over declarative rules, to a fixpoint, with reasons and a trace.

How it runs:

* Rules are compiled once (:class:`Engine`); conditions become closures (:mod:`advisor.conditions`).
* **Index.** A rule whose condition has a top-level ``eq``/``in`` (or, on a list fact,
  ``contains``/``contains_any``) comparison is filed under each ``(fact, value)`` that comparison
  accepts, and is only looked at when a fact takes such a value. Other rules are looked at once,
  and again when a fact they read changes. Cost grows with the facts asserted and the rules they
  touch, not with rules times facts.
* **Order.** Rules are stratified: a rule that reads a derived fact runs after every rule that can
  derive it (strata from the rule dependency graph; rules in a cycle share a stratum). Within a
  stratum, higher ``salience`` first, then file order.
* **Termination.** A rule fires at most once per run, and a derived fact is written once (a second,
  different value is a *conflict*, reported, the first value kept), so a run ends after at most
  ``rules x (1 + facts read)`` evaluations, on any rule set.
* **Conflicts.** Two values for one derived fact, or one id both recommended and advised against,
  are reported in :attr:`Conclusions.conflicts` rather than resolved silently.
"""

from __future__ import annotations

import gc
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.conditions import reads
from advisor.matcher import Matcher, Tree
from advisor.recordbase import TIERS, Priority, source_label
from advisor.records import (
    Adjust,
    AdviseAgainst,
    AllOf,
    ApplyRegulation,
    Bilingual,
    Compare,
    Condition,
    Derive,
    FlagDirection,
    RaiseRisk,
    Recommend,
    RequireObligation,
    Rule,
)

__all__ = [
    "Conclusions",
    "Conflict",
    "Engine",
    "Firing",
    "Reason",
    "RecommendHit",
    "RegulationHit",
    "RiskHit",
]

_PRIORITY_ORDER = {"now": 0, "next": 1, "later": 2}


@dataclass(frozen=True)
class Reason:
    """Why a conclusion holds: the rule, its bilingual reason and its sources."""

    rule: str
    text: Bilingual
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Firing:
    """One line of the trace: a rule fired on these values, citing these sources."""

    rule: str
    sources: tuple[str, ...]
    matched: Mapping[str, Any]


@dataclass(frozen=True)
class Conflict:
    """Two rules that disagree; both sides are kept for the reader."""

    kind: str  # "fact" | "recommendation"
    subject: str
    detail: str
    rules: tuple[str, ...]


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
    conflicts: list[Conflict] = field(default_factory=list)
    evaluations: int = 0
    # What fired, in order, and how many facts had been derived at that moment; the trace is
    # built from it on demand (a run that nobody traces does not pay for it).
    log: list[tuple[_Compiled, int]] = field(default_factory=list, repr=False)
    derived_order: list[str] = field(default_factory=list, repr=False)
    _trace: list[Firing] | None = field(default=None, repr=False)

    @property
    def fired(self) -> set[str]:
        return {c.rule.id for c, _ in self.log}

    @property
    def trace(self) -> list[Firing]:
        """Each rule that fired, in order, with the values it read at that moment."""
        if self._trace is None:
            facts = self.facts
            position = {fact: n for n, fact in enumerate(self.derived_order)}
            self._trace = [
                Firing(
                    c.rule.id,
                    c.reason.sources,
                    {  # a fact derived after the firing was absent when the rule read it
                        f: facts.get(f) if position.get(f, -1) < seen else None
                        for f in c.reads
                    },
                )
                for c, seen in self.log
            ]
        return self._trace


@dataclass(frozen=True)
class _Compiled:
    index: int
    rule: Rule
    tree: Tree
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    reason: Reason
    actions: tuple[Any, ...]  # the action bodies, in order


def _keys(cond: Condition, list_facts: frozenset[str]) -> list[tuple[str, Any]] | None:
    """The ``(fact, value)`` keys of one necessary top-level comparison, or None."""
    parts: Sequence[Condition] = cond.all if isinstance(cond, AllOf) else [cond]
    best: list[tuple[str, Any]] | None = None
    for part in parts:
        if not isinstance(part, Compare):
            continue
        keys: list[tuple[str, Any]] | None = None
        op, fact, value = part.op, part.fact, part.value
        listy = fact in list_facts
        if (op == "eq" and not listy) or (op == "contains" and listy):
            keys = [(fact, _hashable(value))]
        elif (op == "in" and not listy) or (op == "contains_any" and listy):
            keys = [(fact, _hashable(v)) for v in value]
        if keys is not None and (best is None or len(keys) < len(best)):
            best = keys
            if len(best) == 1:
                break
    return best


def _hashable(value: Any) -> Any:
    # 1 == 1.0 == True hash alike in Python; tag bools so that eq true does not match 1
    return ("__bool__", value) if isinstance(value, bool) else value


class Engine:
    """A compiled rule set; :meth:`run` it on any number of fact sets.

    Args:
        rules: the rules, in file order (the tie-breaker after stratum and salience).
        list_facts: facts whose values are lists (``multi`` questions, list-derived facts); the
            index files ``contains`` comparisons on them by element.

    Examples:
        >>> from advisor.schema import parse_rule
        >>> r = parse_rule({"id": "rule/small_team", "sources": ["ch6.1"],
        ...     "when": {"fact": "team_size", "lt": 3},
        ...     "then": [{"derive": {"fact": "tiny_team", "value": True}}],
        ...     "because": {"en": "Few people.", "zh": "人少。"}})
        >>> Engine([r]).run({"team_size": 2}).facts["tiny_team"]
        True
    """

    def __init__(self, rules: Iterable[Rule], list_facts: Iterable[str] = ()) -> None:
        enabled = gc.isenabled()
        gc.disable()  # building makes many small objects and no garbage: skip the collections
        try:
            self._build(rules, frozenset(list_facts))
        finally:
            if enabled:
                gc.enable()

    def _build(self, rules: Iterable[Rule], list_facts: frozenset[str]) -> None:
        self.list_facts = list_facts
        self.matcher = Matcher()
        compiled: list[_Compiled] = []
        for i, rule in enumerate(rules):
            bodies = tuple(a.body for a in rule.then)
            compiled.append(
                _Compiled(
                    i,
                    rule,
                    self.matcher.add(rule.when),
                    tuple(sorted(reads(rule.when))),
                    tuple(b.fact for b in bodies if isinstance(b, Derive)),
                    Reason(rule.id, rule.because, tuple(source_label(s) for s in rule.sources)),
                    bodies,
                )
            )
        self.rules = compiled
        self.strata = self._stratify(compiled)
        self.index: dict[tuple[str, Any], list[int]] = defaultdict(list)
        self.unkeyed: list[int] = []
        self.watchers: dict[str, list[int]] = defaultdict(list)
        for c in compiled:
            keys = _keys(c.rule.when, self.list_facts)
            if keys is None:
                self.unkeyed.append(c.index)
                for fact in c.reads:
                    self.watchers[fact].append(c.index)
            else:
                for key in keys:
                    self.index[key].append(c.index)
                # a keyed rule may still read other facts that change later
                for fact in c.reads:
                    if fact != keys[0][0]:
                        self.watchers[fact].append(c.index)
        # one integer per rule: its place in (stratum, -salience, file order)
        ordered = sorted(
            range(len(compiled)), key=lambda i: (self.strata[i], -compiled[i].rule.salience, i)
        )
        self.rank = [0] * len(compiled)
        for r, i in enumerate(ordered):
            self.rank[i] = r
        self.by_rank = ordered

    @staticmethod
    def _stratify(compiled: Sequence[_Compiled]) -> list[int]:
        """Stratum per rule: writers of a fact before its readers; cycles share the last one.

        Kahn's algorithm over the bipartite graph rule -writes-> fact -read by-> rule, so the
        cost grows with the number of reads and writes, not with writers times readers.
        """
        n = len(compiled)
        readers: dict[str, list[int]] = defaultdict(list)
        writers: dict[str, int] = defaultdict(int)
        for c in compiled:
            for fact in set(c.writes):
                writers[fact] += 1
        indeg = [0] * n
        for c in compiled:
            for fact in c.reads:
                if writers.get(fact):
                    readers[fact].append(c.index)
                    indeg[c.index] += 1
        pending = dict(writers)  # writers of each fact not yet placed
        fact_level: dict[str, int] = {}
        stratum = [0] * n
        ready = [i for i in range(n) if indeg[i] == 0]
        placed = 0
        while ready:
            nxt: list[int] = []
            for i in ready:
                placed += 1
                for fact in set(compiled[i].writes):
                    fact_level[fact] = max(fact_level.get(fact, 0), stratum[i] + 1)
                    pending[fact] -= 1
                    if pending[fact] == 0:  # every writer placed: its readers may go
                        for j in readers[fact]:
                            stratum[j] = max(stratum[j], fact_level[fact])
                            indeg[j] -= 1
                            if indeg[j] == 0:
                                nxt.append(j)
            ready = nxt
        if placed < n:  # rules on a cycle: one stratum after everything else
            top = max(stratum, default=0) + 1
            for i in range(n):
                if indeg[i] > 0:
                    stratum[i] = top
        return stratum

    def cycles(self) -> list[str]:
        """Rules whose derived facts feed back into themselves (they share the last stratum)."""
        top = max(self.strata, default=0)
        writers_of = {f for c in self.rules for f in c.writes}
        return [
            c.rule.id
            for c in self.rules
            if self.strata[c.index] == top
            and top > 0
            and set(c.reads) & writers_of
            and self._on_cycle(c.index)
        ]

    def _on_cycle(self, index: int) -> bool:
        c = self.rules[index]
        return any(
            w.index != index and set(w.reads) & set(c.writes) and set(c.reads) & set(w.writes)
            for w in self.rules
        ) or bool(set(c.reads) & set(c.writes))

    def run(self, answers: Mapping[str, Any]) -> Conclusions:
        """Run the rules on ``answers`` (question id -> value) to a fixpoint."""
        enabled = gc.isenabled()
        gc.disable()  # a run allocates many small acyclic objects: collections are pure cost
        try:
            return self._run(answers)
        finally:
            if enabled:
                gc.enable()

    def _run(self, answers: Mapping[str, Any]) -> Conclusions:
        facts: dict[str, Any] = dict(answers)
        out = Conclusions(facts=facts)
        rank = self.rank
        by_rank = self.by_rank
        matcher = self.matcher
        memo = matcher.new_memo()
        candidates: set[int] = set(self.unkeyed)
        index = self.index
        for fact, value in answers.items():
            if value is None:
                continue
            for v in value if isinstance(value, list) else (value,):
                candidates.update(index.get((fact, _hashable(v)), ()))
        agenda = [rank[i] for i in candidates]
        heapq.heapify(agenda)
        queued = candidates
        fired: set[int] = set()

        def on_fact(fact: str, value: Any) -> None:
            matcher.forget(memo, fact)
            woken: list[int] = []
            for v in value if isinstance(value, list) else (value,):
                woken.extend(index.get((fact, _hashable(v)), ()))
            woken.extend(self.watchers.get(fact, ()))
            for i in woken:
                if i not in queued and i not in fired:
                    queued.add(i)
                    heapq.heappush(agenda, rank[i])

        evaluations = 0
        pop = heapq.heappop
        evaluate = matcher.evaluate
        rules = self.rules
        log = out.log.append
        derived = out.derived_order
        apply = self._apply
        while agenda:
            i = by_rank[pop(agenda)]
            queued.discard(i)
            if i in fired:
                continue
            c = rules[i]
            evaluations += 1
            if not evaluate(c.tree, facts, memo):
                continue
            fired.add(i)
            log((c, len(derived)))
            apply(c, out, on_fact)
        out.evaluations = evaluations
        return out

    def _apply(self, c: _Compiled, out: Conclusions, on_fact: Any) -> None:
        reason = c.reason
        for body in c.actions:
            if isinstance(body, Derive):
                current = out.facts.get(body.fact)
                if body.fact not in out.derived_by:
                    out.facts[body.fact] = body.value
                    out.derived_by[body.fact] = c.rule.id
                    out.derived_order.append(body.fact)
                    on_fact(body.fact, body.value)
                elif current != body.value:
                    first = out.derived_by[body.fact]
                    out.conflicts.append(
                        Conflict(
                            "fact",
                            body.fact,
                            f"{c.rule.id} derives {body.fact} = {body.value!r}, but {first} "
                            f"already derived {current!r}; the first value is kept",
                            (first, c.rule.id),
                        )
                    )
            elif isinstance(body, RaiseRisk):
                hit = out.risks.setdefault(body.id, RiskHit())
                if body.likelihood is not None:
                    hit.likelihood = max(hit.likelihood or 0, body.likelihood)
                if body.impact is not None:
                    hit.impact = max(hit.impact or 0, body.impact)
                hit.reasons.append(reason)
            elif isinstance(body, Recommend):
                rec = out.recommended.setdefault(body.id, RecommendHit())
                rec.fit += body.fit
                if body.priority and (
                    rec.priority is None
                    or _PRIORITY_ORDER[body.priority] < _PRIORITY_ORDER[rec.priority]
                ):
                    rec.priority = body.priority
                rec.reasons.append(reason)
                if body.id in out.against:
                    self._contested(out, body.id, c.rule.id)
            elif isinstance(body, AdviseAgainst):
                out.against.setdefault(body.id, []).append(reason)
                if body.id in out.recommended:
                    self._contested(out, body.id, c.rule.id)
            elif isinstance(body, Adjust):
                out.adjustments.append((body, reason))
            elif isinstance(body, FlagDirection):
                out.flags.append((body, reason))
            elif isinstance(body, ApplyRegulation):
                reg = out.regulations.setdefault(body.id, RegulationHit())
                if body.tier:
                    reg.tiers.append(body.tier)
                if body.gpai:
                    reg.gpai.append(body.gpai)
                reg.reasons.append(reason)
            elif isinstance(body, RequireObligation):
                out.obligations.setdefault(body.id, []).append(reason)

    @staticmethod
    def _contested(out: Conclusions, node_id: str, rule_id: str) -> None:
        pro = [r.rule for r in out.recommended[node_id].reasons]
        con = [r.rule for r in out.against[node_id]]
        out.conflicts.append(
            Conflict(
                "recommendation",
                node_id,
                f"{node_id} is recommended by {', '.join(pro)} and advised against by "
                f"{', '.join(con)}; both are shown",
                (*pro, *con),
            )
        )
