"""The engine's run on answers the founder was not sure of (Kleene's three-valued logic).

:class:`advisor.rules.engine.Engine` takes this run from :class:`ThreeValuedRun` and uses it
only when a run is given unknown facts, so that a run without any pays nothing for them: every
rule is evaluated in rank order (writers before readers), the rules on cycles again until
nothing changes. A true rule fires; an unknown one is *pending*
(:attr:`advisor.rules.conclusions.Conclusions.pending`), and the facts it would derive become
unknown in turn, waiting on the same questions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.kb.records import Derive
from advisor.rules.actions import apply_action, recommend, second_value
from advisor.rules.compile import DERIVE, FIRED, RECOMMEND, Actions, Compiled
from advisor.rules.conclusions import Conclusions, Pending, Reason
from advisor.rules.kleene import Truth, evaluate_tree3
from advisor.rules.matcher import Matcher, Tree

__all__ = ["ThreeValuedRun"]


class ThreeValuedRun:
    """The three-valued run, for :class:`advisor.rules.engine.Engine` (which sets these)."""

    matcher: Matcher
    by_rank: list[int]
    _by_rank: list[Compiled]
    _trees: list[Tree]
    _fire_info: list[tuple[Reason, Actions]]
    _cyclic: list[int]

    def _run3(self, answers: Mapping[str, Any], deps: dict[str, frozenset[str]]) -> Conclusions:
        """The three-valued run: every rule in rank order (writers before readers), then the
        rules on cycles again until nothing changes."""
        facts = {k: v for k, v in answers.items() if k not in deps}
        out = Conclusions(facts=facts, _rules=self._by_rank, unknown=dict(deps))
        matcher = self.matcher
        memo: list[Truth] = list(matcher.start(facts))
        for fact in deps:
            for i in matcher.by_fact.get(fact, ()):
                memo[i] = None
        n = len(self.by_rank)
        state = bytearray(n)
        pending: dict[int, Pending] = {}
        #: per fact made unknown by pending rules: the values they would derive
        would: dict[str, list[Any]] = {}
        cyclic = self._cyclic
        ranks: Sequence[int] = range(n)
        evaluations = 0
        while True:
            changed = False
            for r in ranks:
                if state[r] == FIRED:
                    continue
                evaluations += 1
                holds = evaluate_tree3(self._trees[r], memo)
                if holds is None:
                    if r not in pending:
                        pending[r] = self._pend(out, r, memo, would)
                        changed = True
                elif holds:
                    pending.pop(r, None)
                    state[r] = FIRED
                    self._fire3(out, r, memo, would)
                    changed = True
                elif pending.pop(r, None) is not None:
                    changed = True
            if not cyclic or not changed:
                break
            ranks = cyclic
        out.pending = [pending[r] for r in sorted(pending)]
        out.evaluations = evaluations
        return out

    def _pend(
        self, out: Conclusions, r: int, memo: list[Truth], would: dict[str, list[Any]]
    ) -> Pending:
        """Rule ``r`` is unknown: what it waits on; the facts it would derive become unknown."""
        c = self._by_rank[r]
        on: set[str] = set()
        for fact in c.reads:
            on |= out.unknown.get(fact, frozenset())
        waits = frozenset(on)
        for body in c.actions:
            if isinstance(body, Derive) and body.fact not in out.derived_by:
                out.unknown[body.fact] = out.unknown.get(body.fact, frozenset()) | waits
                would.setdefault(body.fact, []).append(body.value)
                out.facts.pop(body.fact, None)
                for i in self.matcher.by_fact.get(body.fact, ()):
                    memo[i] = None
        return Pending(c.rule.id, c.reason, tuple(sorted(waits)), c.actions)

    def _fire3(
        self, out: Conclusions, r: int, memo: list[Truth], would: dict[str, list[Any]]
    ) -> None:
        """Rule ``r`` holds in a three-valued run: its actions, as the two-valued sweep applies
        them.

        A fact that pending rules would derive stays unknown, unless they would all derive
        this same value (then it holds whichever rule derives it first).
        """
        reason, acts = self._fire_info[r]
        out.log.append((r, len(out.derived_order)))
        for action in acts:
            tag = action[0]
            if tag == RECOMMEND:
                _, node, fit, priority = action
                recommend(out, node, fit, priority, reason)
            elif tag == DERIVE:
                _, fact, value = action
                if fact in out.derived_by:
                    if out.facts.get(fact) != value:
                        second_value(out, fact, value, reason.rule)
                    continue
                if fact in would and any(v != value for v in would[fact]):
                    continue  # another value may come first: it stays unknown
                out.unknown.pop(fact, None)
                out.facts[fact] = value
                out.derived_by[fact] = reason.rule
                out.derived_order.append(fact)
                self.matcher.assign(memo, fact, value)
            else:
                apply_action(action[1], reason, out)
