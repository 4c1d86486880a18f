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
* **Unknown answers.** A run given unknown facts (answers the founder was not sure of) takes
  another path, so that a run without any pays nothing for them: every rule is evaluated in rank
  order under Kleene's three-valued logic (:mod:`advisor.rules.kleene`). A true rule fires as
  above; an unknown one is *pending* (:attr:`Conclusions.pending`), and the facts it would derive
  become unknown in turn, waiting on the same questions.
"""

from __future__ import annotations

import gc
import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from advisor.kb.recordbase import source_label
from advisor.kb.records import (
    Derive,
    Rule,
)
from advisor.rules.actions import apply_action, contested, second_value
from advisor.rules.compile import (
    DERIVE,
    FIRED,
    QUEUED,
    RECOMMEND,
    Actions,
    Compiled,
    action_of,
    conjunction,
    hashable,
    key_of,
    reads_of,
    shared,
)
from advisor.rules.conclusions import (
    PRIORITY_ORDER,
    Conclusions,
    Reason,
    RecommendHit,
)
from advisor.rules.matcher import Matcher
from advisor.rules.unknown_run import ThreeValuedRun

__all__ = ["Engine"]


class Engine(ThreeValuedRun):
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
        compiled: list[Compiled] = []
        for i, rule in enumerate(rules):
            bodies = tuple(a.body for a in rule.then)
            tree = self.matcher.add(rule.when)
            compiled.append(
                Compiled(
                    i,
                    rule,
                    tree,
                    reads_of(tree, self.matcher.facts),
                    tuple(b.fact for b in bodies if isinstance(b, Derive)),
                    Reason(rule.id, rule.because, tuple(source_label(s) for s in rule.sources)),
                    bodies,
                )
            )
        self.rules = compiled
        self.strata, on_cycle = self._stratify(compiled)
        # one integer per rule: its place in (stratum, -salience, file order); a run works on
        # ranks only, so that its agenda is a sorted list and its tables flat lists
        ordered = sorted(
            range(len(compiled)), key=lambda i: (self.strata[i], -compiled[i].rule.salience, i)
        )
        self.rank = [0] * len(compiled)
        for r, i in enumerate(ordered):
            self.rank[i] = r
        #: ranks of the rules on (or reading from) a cycle: a three-valued run repeats them
        self._cyclic = sorted(self.rank[i] for i in on_cycle)
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
        fire_info: list[tuple[Reason, Actions]] = []
        pool: dict[Any, Actions] = {}
        for r, i in enumerate(ordered):
            c = compiled[i]
            found = key_of(c.tree, slot_facts, slot_ops, list_facts)
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
            conds.append(conjunction(c.tree, key_slot[r]))
            fire_info.append((c.reason, shared(pool, tuple(map(action_of, c.actions)))))
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
    def _stratify(compiled: Sequence[Compiled]) -> tuple[list[int], list[int]]:
        """Stratum per rule: writers of a fact before its readers; cycles share the last one.
        Returns the strata and the indexes of the rules on (or after) a cycle.

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
        on_cycle = [i for i in range(n) if indeg[i] > 0]
        if on_cycle:  # rules on a cycle: one stratum after everything else
            top = max(stratum, default=0) + 1
            for i in on_cycle:
                stratum[i] = top
        return stratum, on_cycle

    def cycle_groups(self) -> list[list[str]]:
        """Every cycle of rules: the strongly connected components of "writes a fact read by".

        A rule that reads what it derives itself is a cycle of one; ``a -> b -> c -> a`` is one
        group of three, however long the loop. Groups and the rules in them come in rule order.
        """
        import networkx as nx

        readers: dict[str, list[int]] = defaultdict(list)
        for c in self.rules:
            for fact in set(c.reads):
                readers[fact].append(c.index)
        g = nx.DiGraph()
        g.add_nodes_from(range(len(self.rules)))
        for c in self.rules:
            for fact in set(c.writes):
                g.add_edges_from((c.index, j) for j in readers.get(fact, ()))
        groups = [
            sorted(part)
            for part in nx.strongly_connected_components(g)
            if len(part) > 1 or g.has_edge(next(iter(part)), next(iter(part)))
        ]
        return [[self.rules[i].rule.id for i in part] for part in sorted(groups)]

    def cycles(self) -> list[str]:
        """Every rule on a cycle (see :meth:`cycle_groups`), in rule order."""
        on = {rid for group in self.cycle_groups() for rid in group}
        return [c.rule.id for c in self.rules if c.rule.id in on]

    def run(
        self,
        answers: Mapping[str, Any],
        unknown: Mapping[str, Collection[str]] | Collection[str] = (),
    ) -> Conclusions:
        """Run the rules on ``answers`` (question id -> value) to a fixpoint.

        ``unknown`` names the facts whose value is not known (a value ``answers`` gives for one
        is ignored): a collection of ids, each waiting on itself, or a mapping of fact id to the
        question ids it waits on (a follow-up waits on the question that opens it too).

        Examples:
            >>> from advisor.kb.schema import parse_rule
            >>> r = parse_rule({"id": "rule/eu", "sources": ["ch6.1"],
            ...     "when": {"fact": "markets", "contains": "eu"},
            ...     "then": [{"raise_risk": {"id": "risk/x"}}],
            ...     "because": {"en": "EU.", "zh": "欧盟。"}})
            >>> out = Engine([r], ["markets"]).run({}, unknown=["markets"])
            >>> [(p.rule, p.depends_on) for p in out.pending], out.risks
            ([('rule/eu', ('markets',))], {})
        """
        enabled = gc.isenabled()
        gc.disable()  # a run allocates many small acyclic objects: collections are pure cost
        try:
            if unknown:
                if isinstance(unknown, Mapping):
                    deps = {f: frozenset(q) for f, q in unknown.items()}
                else:
                    deps = {f: frozenset((f,)) for f in unknown}
                return self._run3(answers, deps)
            return self._run(answers)
        finally:
            if enabled:
                gc.enable()

    def _run(self, answers: Mapping[str, Any]) -> Conclusions:
        """A run in three steps: settle the comparisons on the answers, seed the agenda with the
        rules the answers key, then sweep the agenda to a fixpoint."""
        facts: dict[str, Any] = dict(answers)
        out = Conclusions(facts=facts, _rules=self._by_rank)
        memo = self.matcher.start(facts)  # every comparison on the answers, settled up front
        memo.append(True)  # the "no key" slot
        sweep = self._seed(answers)
        out.evaluations = self._sweep(out, memo, sweep)
        return out

    def _seed(self, answers: Mapping[str, Any]) -> list[int]:
        """The agenda's sweep: the ranks of the unkeyed rules and of the rules the answers key,
        ascending, then one past the last rank (a sentinel that flushes the heap of woken rules)."""
        index = self.index
        sweep = list(self.unkeyed)
        overlap = False  # whether two keys of one list fact may bring the same rule
        for fact, value in answers.items():
            if value is None:
                continue
            if isinstance(value, list):
                hits = 0
                for v in value:
                    found = index.get((fact, hashable(v)))
                    if found:
                        sweep += found
                        hits += 1
                overlap = overlap or hits > 1
            else:
                found = index.get((fact, hashable(value)))
                if found:  # a rule is filed under one fact, once per value: no duplicates
                    sweep += found
        if overlap:
            sweep = sorted(set(sweep))
        else:
            sweep.sort()  # a merge of the index's sorted runs
        sweep.append(len(self.by_rank))
        return sweep

    def _waker(
        self, memo: list[bool | None], sweep: list[int], state: bytearray, woken: list[int]
    ) -> Callable[[str, Any, int], None]:
        """The step that follows a derived fact: settle its comparisons, queue what it wakes."""
        matcher = self.matcher
        index = self.index
        watchers = self.watchers
        key_slot = self._key_slot
        push = heapq.heappush

        def wake(fact: str, value: Any, pending: int) -> None:
            """``fact`` was derived: queue the rules it may enable, except those fired or queued
            (in the heap, or in the sweep at or after ``pending``)."""
            matcher.assign(memo, fact, value)
            for v in value if isinstance(value, list) else (value,):
                for r in index.get((fact, hashable(v)), ()):
                    if not state[r] and (r < pending or sweep[bisect_left(sweep, r)] != r):
                        state[r] = QUEUED
                        push(woken, r)
            for r in watchers.get(fact, ()):
                # a keyed rule whose key does not hold cannot fire; the index wakes it if the
                # key's fact changes
                if (
                    memo[key_slot[r]]
                    and not state[r]
                    and (r < pending or sweep[bisect_left(sweep, r)] != r)
                ):
                    state[r] = QUEUED
                    push(woken, r)

        return wake

    def _sweep(self, out: Conclusions, memo: list[bool | None], sweep: list[int]) -> int:
        """Run the agenda to its end: the lowest rank queued (in the sweep or among the woken)
        next; each rule whose condition holds fires its actions. Returns the evaluations made.

        A woken rule outranks the rules after it; in the last stratum, where rules on a cycle wake
        each other, it may outrank the one that woke it, and runs next.
        """
        end = sweep[-1]
        woken: list[int] = []
        state = bytearray(end)  # per rank: 0, or QUEUED (in the heap), or FIRED
        wake = self._waker(memo, sweep, state, woken)
        facts = out.facts
        conds = self._conds
        trees = self._trees
        fire_info = self._fire_info
        evaluate = self.matcher.evaluate
        log = out.log.append
        derived = out.derived_order
        derived_by = out.derived_by
        recommended = out.recommended
        against = out.against
        pop = heapq.heappop
        evaluations = len(sweep) - 1  # each rule of the sweep is evaluated once
        at = 0  # the sweep's next rule
        while True:
            pending = sweep[at]
            if woken and woken[0] < pending:
                r = pop(woken)  # not fired: it was not when queued, and ran nowhere since
                state[r] = 0
                evaluations += 1
            elif pending == end:
                return evaluations
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
            # it fires: derive and recommend here (the common actions), the rest in apply_action
            state[r] = FIRED
            reason, acts = fire_info[r]
            log((r, len(derived)))
            for action in acts:
                tag = action[0]
                if tag == RECOMMEND:
                    _, node, fit, priority = action
                    rec = recommended.get(node)
                    if rec is None:
                        rec = recommended[node] = RecommendHit()
                    rec.fit += fit
                    if priority and (
                        rec.priority is None
                        or PRIORITY_ORDER[priority] < PRIORITY_ORDER[rec.priority]
                    ):
                        rec.priority = priority
                    rec.reasons.append(reason)
                    if node in against:
                        contested(out, node, reason.rule)
                elif tag == DERIVE:
                    _, fact, value = action
                    if fact not in derived_by:
                        facts[fact] = value
                        derived_by[fact] = reason.rule
                        derived.append(fact)
                        wake(fact, value, pending)
                    elif facts.get(fact) != value:
                        second_value(out, fact, value, reason.rule)
                else:
                    apply_action(action[1], reason, out)
