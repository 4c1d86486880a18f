"""Scenario tests for rules: profiles on which a rule must fire, and close ones where it must not.

A scenario file (YAML)::

    scenarios:
      - rule: rule/small_data_raises_scarcity
        fires:            # partial answers, merged over the questions' defaults
          - {data_volume: small, model_approach: train_from_scratch}
        does_not_fire:
          - {data_volume: large, model_approach: train_from_scratch}

``advisor kb test FILE...`` runs them; the test suite runs every file under ``tests/scenarios``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from advisor.answers.profile import build_profile
from advisor.errors import AnswersError, KnowledgeError, Problem
from advisor.files.yamlio import YamlProblem, load_yaml_file
from advisor.kb.base import KnowledgeBase
from advisor.kb.problems import problems_from_validation
from advisor.kb.schema.common import Strict
from advisor.rules.engine import Engine

__all__ = ["Outcome", "Scenario", "ScenarioFile", "load_scenarios", "run_scenarios"]


class Scenario(Strict):
    rule: str = Field(pattern=r"^rule/")
    fires: list[dict[str, Any]] = []
    does_not_fire: list[dict[str, Any]] = []


class ScenarioFile(Strict):
    scenarios: list[Scenario] = Field(min_length=1)


@dataclass(frozen=True)
class Outcome:
    """One checked profile: did the rule behave as the scenario says?"""

    path: str
    line: int
    rule: str
    expect_fire: bool
    passed: bool
    detail: str

    def __str__(self) -> str:
        verdict = "ok" if self.passed else "FAIL"
        want = "fires" if self.expect_fire else "does not fire"
        return f"{self.path}:{self.line}: {verdict}: {self.rule} {want}{self.detail}"


def load_scenarios(paths: Iterable[Path]) -> list[tuple[str, Any, ScenarioFile]]:
    """Parse and validate scenario files; raise one :class:`KnowledgeError` for all problems."""
    out: list[tuple[str, Any, ScenarioFile]] = []
    problems: list[Problem] = []
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
    for f in files:
        try:
            doc = load_yaml_file(f)
        except YamlProblem as exc:
            problems.extend(exc.problems)
            continue
        try:
            out.append((doc.path, doc.marks, ScenarioFile.model_validate(doc.data)))
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, doc.path, doc.marks, doc.data))
    if problems:
        raise KnowledgeError(problems)
    return out


def run_scenarios(kb: KnowledgeBase, engine: Engine, paths: Iterable[Path]) -> list[Outcome]:
    """Run every scenario; an unknown rule or invalid profile is a failed outcome, not a crash."""
    outcomes: list[Outcome] = []
    for path, marks, sf in load_scenarios(paths):
        for i, sc in enumerate(sf.scenarios):
            known = sc.rule in kb.rules
            for expect, cases, key in (
                (True, sc.fires, "fires"),
                (False, sc.does_not_fire, "does_not_fire"),
            ):
                for j, answers in enumerate(cases):
                    line = marks.line_of(("scenarios", i, key, j))
                    if not known:
                        outcomes.append(
                            Outcome(path, line, sc.rule, expect, False, ": no such rule")
                        )
                        continue
                    try:
                        profile = build_profile(kb, answers, path=path)
                    except AnswersError as exc:
                        outcomes.append(
                            Outcome(
                                path,
                                line,
                                sc.rule,
                                expect,
                                False,
                                ": invalid profile: " + "; ".join(str(p) for p in exc.problems),
                            )
                        )
                        continue
                    fired = sc.rule in engine.run(profile.answers).fired
                    outcomes.append(
                        Outcome(
                            path,
                            line,
                            sc.rule,
                            expect,
                            fired == expect,
                            ""
                            if fired == expect
                            else f" (it {'fired' if fired else 'did not fire'})",
                        )
                    )
    return outcomes
