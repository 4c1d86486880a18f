"""``kb test --coverage``: how much of the rules the scenario tests exercise.

Every profile of every scenario file runs through the engine. A **rule** counts as exercised
when it fired on at least one of those profiles and did not fire on at least one (so a test can
tell both cases apart). A **branch** is one outcome of one part of a rule's condition: each
comparison and each ``all``/``any``/``not`` has a true and a false branch, and a branch counts
when some profile's final facts give that part that outcome (like OPA's coverage, the parts are
judged on the facts a run ends with). The thresholds are knowledge settings
(``settings.authoring.coverage``: ``min_rules`` and ``min_branches``, percent).

Examples:
    >>> from advisor.kb.schema import parse_condition
    >>> [loc for _, loc in condition_parts(parse_condition({"not": {"fact": "a", "eq": 1}}))]
    [(), ('not',)]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.answers.profile import build_profile
from advisor.authoring.scenarios import load_scenarios
from advisor.errors import AnswersError, Problem
from advisor.kb.base import KnowledgeBase
from advisor.kb.records import AllOf, AnyOf, Condition, NotOf
from advisor.rules.conditions import compile_condition
from advisor.rules.engine import Engine

__all__ = ["Coverage", "condition_parts", "coverage"]


def condition_parts(
    cond: Condition, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[Condition, tuple[str | int, ...]]]:
    """Every part of a condition (itself first) with its path in the YAML, depth first."""
    yield cond, loc
    if isinstance(cond, AllOf):
        for i, sub in enumerate(cond.all):
            yield from condition_parts(sub, (*loc, "all", i))
    elif isinstance(cond, AnyOf):
        for i, sub in enumerate(cond.any):
            yield from condition_parts(sub, (*loc, "any", i))
    elif isinstance(cond, NotOf):
        yield from condition_parts(cond.not_, (*loc, "not"))


@dataclass
class Coverage:
    """What the scenarios exercised: rules and branches, with the ones they missed."""

    profiles: int
    rules_total: int
    rules_covered: int
    branches_total: int
    branches_covered: int
    #: (rule id, "never fired" | "always fired")
    missed_rules: list[tuple[str, str]] = field(default_factory=list)
    #: located problems, one per part of a condition with a branch never taken
    missed_branches: list[Problem] = field(default_factory=list)

    @property
    def rules_percent(self) -> float:
        return 100.0 * self.rules_covered / self.rules_total if self.rules_total else 100.0

    @property
    def branches_percent(self) -> float:
        total = self.branches_total
        return 100.0 * self.branches_covered / total if total else 100.0

    def below(self, min_rules: float, min_branches: float) -> list[str]:
        """One line per threshold not met."""
        out = []
        if self.rules_percent < min_rules:
            out.append(f"rules {self.rules_percent:.1f}% is below the threshold {min_rules:g}%")
        if self.branches_percent < min_branches:
            out.append(
                f"branches {self.branches_percent:.1f}% is below the threshold {min_branches:g}%"
            )
        return out

    def lines(self, limit: int = 20) -> list[str]:
        head = (
            f"scenario coverage over {self.profiles} profiles: rules {self.rules_covered}/"
            f"{self.rules_total} ({self.rules_percent:.1f}%), branches {self.branches_covered}/"
            f"{self.branches_total} ({self.branches_percent:.1f}%)"
        )
        out = [head]
        for rid, why in self.missed_rules[:limit]:
            out.append(f"  rule not exercised: {rid} ({why})")
        if len(self.missed_rules) > limit:
            out.append(f"  ... {len(self.missed_rules) - limit} more rules")
        for p in self.missed_branches[:limit]:
            out.append(f"  branch not taken: {p}")
        if len(self.missed_branches) > limit:
            out.append(f"  ... {len(self.missed_branches) - limit} more branches")
        return out


def _profiles(kb: KnowledgeBase, paths: Iterable[Path]) -> list[dict[str, Any]]:
    out = []
    for path, _marks, sf in load_scenarios(paths):
        for sc in sf.scenarios:
            for answers in (*sc.fires, *sc.does_not_fire):
                try:
                    out.append(dict(build_profile(kb, answers, path=path).answers))
                except AnswersError:
                    continue  # `kb test` reports it as a failed scenario
    return out


def coverage(kb: KnowledgeBase, engine: Engine, paths: Sequence[Path]) -> Coverage:
    """Run every scenario profile and measure what of the rules it exercised."""
    profiles = _profiles(kb, paths)
    fired_in: dict[str, int] = dict.fromkeys(kb.rules, 0)
    parts = {
        rid: [(loc, compile_condition(c)) for c, loc in condition_parts(rule.when, ("when",))]
        for rid, rule in kb.rules.items()
    }
    seen: dict[tuple[str, tuple[str | int, ...]], set[bool]] = {}
    for answers in profiles:
        out = engine.run(answers)
        for rid in out.fired:
            if rid in fired_in:
                fired_in[rid] += 1
        facts = out.facts
        for rid, checks in parts.items():
            for loc, check in checks:
                seen.setdefault((rid, loc), set()).add(bool(check(facts)))
    n = len(profiles)
    missed_rules = [
        (rid, "never fired" if count == 0 else "fired on every profile")
        for rid, count in fired_in.items()
        if count in (0, n)
    ]
    missed: list[Problem] = []
    covered = 0
    total = 0
    for rid, checks in parts.items():
        origin = kb.origins[rid]
        for loc, _check in checks:
            outcomes = seen.get((rid, loc), set())
            total += 2
            covered += len(outcomes)
            for value in (True, False):
                if value not in outcomes:
                    where = ".".join(str(p) for p in loc)
                    missed.append(
                        origin.locate(
                            loc,
                            f"{rid}.{where}",
                            f"scenario coverage: this part is never {str(value).lower()}",
                            severity="warning",
                        )
                    )
    return Coverage(
        profiles=n,
        rules_total=len(fired_in),
        rules_covered=len(fired_in) - len(missed_rules),
        branches_total=total,
        branches_covered=covered,
        missed_rules=missed_rules,
        missed_branches=missed,
    )
