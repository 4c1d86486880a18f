"""Forward chaining over declarative rules, to a fixpoint, with reasons and a trace.

How it runs:

* Rules are compiled once (:class:`Engine`); conditions become closures
(:mod:`advisor.rules.conditions`).
* **Index.** A rule whose condition has a top-level ``eq``/``in`` (or, on a list fact,
  ``contains``/``contains_any``) comparison is filed under each ``(fact, value)`` that comparison
  accepts, and is only looked at when a fact takes such a value. Other rules are looked at once,
  and again when a fact they read changes. Cost grows with the facts asserted and the rules they
  touch, not with rules times facts.
* **Order.** Rules are stratified: a rule that reads a derived fact runs after every rule that can
  derive it (strata from the rule dependency graph; rules in a cycle share a stratum). Within a
  stratum, higher ``salience`` first, then file order. That order numbers the rules (their
  *rank*), and a run's tables are flat lists by rank.
* **Agenda.** A run sorts the rules the answers key (and the unkeyed ones) by rank and sweeps them
  in order; the rules a derived fact wakes go to a heap merged into the sweep, so the lowest rank
  queued always runs next. Outside the last stratum a woken rule ranks after the one that woke it;
  in the last stratum (rules on a cycle) it may rank before it, and then runs next.
* **Matching.** Each distinct comparison is one slot of a memo that is settled for the whole run
  when its fact takes a value (:meth:`advisor.rules.matcher.Matcher.assign`); testing a plain
  conjunction is reading a few booleans. A keyed rule that another fact wakes is only queued if
  its key holds.
* **Termination.** A rule fires at most once per run, and a derived fact is written once (a second,
  different value is a *conflict*, reported, the first value kept), so a run ends after at most
  ``rules x (1 + facts read)`` evaluations, on any rule set.
* **Conflicts.** Two values for one derived fact, or one id both recommended and advised against,
  are reported in :attr:`Conclusions.conflicts` rather than resolved silently.
"""

from __future__ import annotations

import gc
import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.kb.recordbase import TIERS, Priority, source_label
from advisor.kb.records import (
    Adjust,
    AdviseAgainst,
    ApplyRegulation,
    Bilingual,
    CheckAnswers,
    Derive,
    FlagDirection,
    RaiseRisk,
    Recommend,
    RequireObligation,
    Rule,
)
from advisor.rules.matcher import Matcher, Tree

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
    # What fired, in order, as (rank of the rule in ``_rules``, how many facts had been derived
    # at that moment); the trace is built from it on demand (a run that nobody traces does not
    # pay for it).
    log: list[tuple[int, int]] = field(default_factory=list, repr=False)
    derived_order: list[str] = field(default_factory=list, repr=False)
    _rules: Sequence[_Compiled] = field(default=(), repr=False, compare=False)
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


@dataclass(frozen=True)
class _Compiled:
    index: int
    rule: Rule
    tree: Tree
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    reason: Reason
    actions: tuple[Any, ...]  # the action bodies, in order


def _key_of(
    tree: Tree,
    slot_facts: Sequence[str],
    slot_ops: Sequence[tuple[str, Any]],
    list_facts: frozenset[str],
) -> tuple[list[tuple[str, Any]], int] | None:
    """The ``(fact, value)`` keys of one necessary top-level comparison, and its slot; or None.

    The comparison with the fewest keys is taken, the first of those on a tie.
    """
    tag = tree[0]
    if tag == "c":
        slots: Sequence[int] = (tree[1],)
    elif tag == "all":
        slots = tree[1]
    elif tag == "and":
        slots = [t[1] for t in tree[1] if t[0] == "c"]
    else:
        return None
    best: tuple[list[tuple[str, Any]], int] | None = None
    for slot in slots:
        fact = slot_facts[slot]
        op, value = slot_ops[slot]
        listy = fact in list_facts
        if (op == "eq" and not listy) or (op == "contains" and listy):
            keys = [(fact, _hashable(value))]
        elif (op == "in" and not listy) or (op == "contains_any" and listy):
            keys = list(dict.fromkeys((fact, _hashable(v)) for v in value))
        else:
            continue
        if best is None or len(keys) < len(best[0]):
            best = (keys, slot)
            if len(keys) == 1:
                break
    return best


def _hashable(value: Any) -> Any:
    # 1 == 1.0 == True hash alike in Python; tag bools so that eq true does not match 1
    return ("__bool__", value) if isinstance(value, bool) else value


def _reads(tree: Tree, facts: Sequence[str]) -> tuple[str, ...]:
    """The facts a condition reads, sorted (from its tree: one slot per comparison)."""
    tag = tree[0]
    if tag == "c":
        return (facts[tree[1]],)
    if tag == "all":
        return tuple(sorted({facts[s] for s in tree[1]}))
    found: set[str] = set()
    stack = [tree]
    while stack:
        t = stack.pop()
        if t[0] == "c":
            found.add(facts[t[1]])
        elif t[0] == "all":
            found.update(facts[s] for s in t[1])
        elif t[0] == "not":
            stack.append(t[1])
        else:  # and, or
            stack.extend(t[1])
    return tuple(sorted(found))


def _conjunction(tree: Tree, key: int) -> tuple[int, ...] | None:
    """A condition that is a plain conjunction, as its slots (the key's last); else None."""
    if tree[0] == "c":
        return (tree[1],)
    if tree[0] == "all":
        slots: tuple[int, ...] = tree[1]
        if key in slots[:-1]:  # the key holds whenever the index brings the rule: test it last
            rest = list(slots)
            rest.remove(key)
            return (*rest, key)
        return slots
    return None


# what an action does, as a tagged tuple: a run dispatches on the tag without isinstance chains
_DERIVE, _RECOMMEND, _OTHER = 0, 1, 2
_Actions = tuple[tuple[Any, ...], ...]
# a rule's state in a run, besides 0
_QUEUED, _FIRED = 1, 2


def _action(body: Any) -> tuple[Any, ...]:
    if isinstance(body, Derive):
        return (_DERIVE, body.fact, body.value)
    if isinstance(body, Recommend):
        return (_RECOMMEND, body.id, body.fit, body.priority)
    return (_OTHER, body)


def _shared(pool: dict[Any, _Actions], actions: _Actions) -> _Actions:
    """One tuple for all the rules that act alike, so that a run touches fewer objects."""
    for action in actions:
        if action[0] == _OTHER:
            return actions
    key = (actions, *[type(v) for action in actions for v in action])  # as 1 == 1.0 == True
    try:
        return pool.setdefault(key, actions)
    except TypeError:  # an unhashable value (a derived list)
        return actions


class Engine:
    """A compiled rule set; :meth:`run` it on any number of fact sets.

    Args:
        rules: the rules, in file order (the tie-breaker after stratum and salience).
        list_facts: facts whose values are lists (``multi`` questions, list-derived facts); the
            index files ``contains`` comparisons on them by element.

    Examples:
        >>> from advisor.kb.schema import parse_rule
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
            tree = self.matcher.add(rule.when)
            compiled.append(
                _Compiled(
                    i,
                    rule,
                    tree,
                    _reads(tree, self.matcher.facts),
                    tuple(b.fact for b in bodies if isinstance(b, Derive)),
                    Reason(rule.id, rule.because, tuple(source_label(s) for s in rule.sources)),
                    bodies,
                )
            )
        self.rules = compiled
        self.strata = self._stratify(compiled)
        # one integer per rule: its place in (stratum, -salience, file order); a run works on
        # ranks only, so that its agenda is a sorted list and its tables flat lists
        ordered = sorted(
            range(len(compiled)), key=lambda i: (self.strata[i], -compiled[i].rule.salience, i)
        )
        self.rank = [0] * len(compiled)
        for r, i in enumerate(ordered):
            self.rank[i] = r
        self.by_rank = ordered
        matcher = self.matcher
        no_key = len(matcher)  # the "no key" slot: one past the matcher's, true in every run
        slot_facts = matcher.facts
        slot_ops = [matcher.op_of(s) for s in range(no_key)]
        index: dict[tuple[str, Any], list[int]] = defaultdict(list)
        watchers: dict[str, list[int]] = defaultdict(list)
        unkeyed: list[int] = []
        key_slot: list[int] = []
        conds: list[tuple[int, ...] | None] = []
        fire_info: list[tuple[Reason, _Actions]] = []
        shared: dict[Any, _Actions] = {}
        for r, i in enumerate(ordered):
            c = compiled[i]
            found = _key_of(c.tree, slot_facts, slot_ops, list_facts)
            if found is None:
                unkeyed.append(r)
                key_slot.append(no_key)
                for fact in c.reads:
                    watchers[fact].append(r)
            else:
                keys, slot = found
                key_slot.append(slot)
                for key in keys:
                    index[key].append(r)
                # a keyed rule may still read other facts that change later
                key_fact = keys[0][0]
                for fact in c.reads:
                    if fact != key_fact:
                        watchers[fact].append(r)
            conds.append(_conjunction(c.tree, key_slot[r]))
            fire_info.append((c.reason, _shared(shared, tuple(map(_action, c.actions)))))
        #: ``(fact, value)`` -> ranks of the rules keyed on it, ascending
        self.index: dict[tuple[str, Any], tuple[int, ...]] = {k: tuple(v) for k, v in index.items()}
        #: fact -> ranks of the rules that read it other than through their key, ascending
        self.watchers: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in watchers.items()}
        #: ranks of the rules with no key: looked at in every run
        self.unkeyed = tuple(unkeyed)
        # per rank: the key's slot, the slots of a plain conjunction (else None: the tree), the
        # compiled rule, and its reason and actions
        self._key_slot = key_slot
        self._conds = conds
        self._trees = [compiled[i].tree for i in ordered]
        self._by_rank = [compiled[i] for i in ordered]
        self._fire_info = fire_info
        matcher.prepare()

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
        out = Conclusions(facts=facts, _rules=self._by_rank)
        matcher = self.matcher
        memo = matcher.start(facts)  # every comparison on the answers, settled up front
        memo.append(True)  # the "no key" slot
        index = self.index
        watchers = self.watchers
        key_slot = self._key_slot
        conds = self._conds
        trees = self._trees
        fire_info = self._fire_info
        end = len(self.by_rank)
        evaluate = matcher.evaluate
        # The agenda: the rules the answers key, by rank, swept in order; rules that a derived
        # fact wakes go to a heap, merged into the sweep (a woken rule outranks the rules after
        # it; in the last stratum, where rules on a cycle wake each other, it may outrank the one
        # that woke it, and runs next). Either way the lowest rank queued runs first.
        sweep = list(self.unkeyed)
        overlap = False  # whether two keys of one list fact may bring the same rule
        for fact, value in answers.items():
            if value is None:
                continue
            if isinstance(value, list):
                hits = 0
                for v in value:
                    found = index.get((fact, _hashable(v)))
                    if found:
                        sweep += found
                        hits += 1
                overlap = overlap or hits > 1
            else:
                found = index.get((fact, _hashable(value)))
                if found:  # a rule is filed under one fact, once per value: no duplicates
                    sweep += found
        if overlap:
            sweep = sorted(set(sweep))
        else:
            sweep.sort()  # a merge of the index's sorted runs
        sweep.append(end)  # past every rank: flushes the heap
        woken: list[int] = []
        state = bytearray(end)  # per rank: 0, or _QUEUED (in the heap), or _FIRED
        log = out.log.append
        derived = out.derived_order
        derived_by = out.derived_by
        recommended = out.recommended
        against = out.against
        push = heapq.heappush
        pop = heapq.heappop

        def wake(fact: str, value: Any, pending: int) -> None:
            """``fact`` was derived: queue the rules it may enable, except those fired or queued
            (in the heap, or in the sweep at or after ``pending``)."""
            matcher.assign(memo, fact, value)
            for v in value if isinstance(value, list) else (value,):
                for r in index.get((fact, _hashable(v)), ()):
                    if not state[r] and (r < pending or sweep[bisect_left(sweep, r)] != r):
                        state[r] = _QUEUED
                        push(woken, r)
            for r in watchers.get(fact, ()):
                # a keyed rule whose key does not hold cannot fire; the index wakes it if the
                # key's fact changes
                if (
                    memo[key_slot[r]]
                    and not state[r]
                    and (r < pending or sweep[bisect_left(sweep, r)] != r)
                ):
                    state[r] = _QUEUED
                    push(woken, r)

        evaluations = len(sweep) - 1  # each rule of the sweep is evaluated once
        at = 0  # the sweep's next rule
        while True:
            pending = sweep[at]
            if woken and woken[0] < pending:
                r = pop(woken)  # not fired: it was not when queued, and ran nowhere since
                state[r] = 0
                evaluations += 1
            elif pending == end:
                break
            else:
                r = pending
                at += 1
            slots = conds[r]
            if slots is None:
                holds = evaluate(trees[r], facts, memo)
            else:  # a plain conjunction: read the memo (evaluate, inlined)
                for s in slots:
                    if not memo[s]:
                        holds = False
                        break
                else:
                    holds = True
            if not holds:
                continue
            # it fires
            state[r] = _FIRED
            reason, acts = fire_info[r]
            log((r, len(derived)))
            for action in acts:
                tag = action[0]
                if tag == _RECOMMEND:
                    _, node, fit, priority = action
                    rec = recommended.get(node)
                    if rec is None:
                        rec = recommended[node] = RecommendHit()
                    rec.fit += fit
                    if priority and (
                        rec.priority is None
                        or _PRIORITY_ORDER[priority] < _PRIORITY_ORDER[rec.priority]
                    ):
                        rec.priority = priority
                    rec.reasons.append(reason)
                    if node in against:
                        self._contested(out, node, reason.rule)
                elif tag == _DERIVE:
                    _, fact, value = action
                    if fact not in derived_by:
                        facts[fact] = value
                        derived_by[fact] = reason.rule
                        derived.append(fact)
                        wake(fact, value, pending)
                    elif (current := facts.get(fact)) != value:
                        first = derived_by[fact]
                        out.conflicts.append(
                            Conflict(
                                "fact",
                                fact,
                                f"{reason.rule} derives {fact} = {value!r}, but {first} "
                                f"already derived {current!r}; the first value is kept",
                                (first, reason.rule),
                            )
                        )
                else:
                    self._apply(action[1], reason, out)
        out.evaluations = evaluations
        return out

    def _apply(self, body: Any, reason: Reason, out: Conclusions) -> None:
        """The actions other than derive and recommend (the run does those itself)."""
        if isinstance(body, RaiseRisk):
            hit = out.risks.get(body.id)
            if hit is None:
                hit = out.risks[body.id] = RiskHit()
            if body.likelihood is not None:
                hit.likelihood = max(hit.likelihood or 0, body.likelihood)
            if body.impact is not None:
                hit.impact = max(hit.impact or 0, body.impact)
            hit.reasons.append(reason)
        elif isinstance(body, AdviseAgainst):
            out.against.setdefault(body.id, []).append(reason)
            if body.id in out.recommended:
                self._contested(out, body.id, reason.rule)
        elif isinstance(body, Adjust):
            out.adjustments.append((body, reason))
        elif isinstance(body, FlagDirection):
            out.flags.append((body, reason))
        elif isinstance(body, ApplyRegulation):
            reg = out.regulations.get(body.id)
            if reg is None:
                reg = out.regulations[body.id] = RegulationHit()
            if body.tier:
                reg.tiers.append(body.tier)
            if body.gpai:
                reg.gpai.append(body.gpai)
            reg.reasons.append(reason)
        elif isinstance(body, RequireObligation):
            out.obligations.setdefault(body.id, []).append(reason)
        elif isinstance(body, CheckAnswers):
            subject = ", ".join(body.facts)
            out.conflicts.append(
                Conflict("answers", subject, reason.text.en, (reason.rule,), reason.text)
            )

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
