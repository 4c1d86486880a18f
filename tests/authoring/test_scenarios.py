"""Every rule of the built-in knowledge has scenarios that pin it down, and they all hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor.authoring.scenarios import load_scenarios, run_scenarios

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.yaml"))


def test_there_are_at_least_120_rules(session: Any) -> None:
    assert len(session.kb.rules) >= 120


def test_every_rule_has_a_firing_and_a_non_firing_scenario(session: Any) -> None:
    fires: set[str] = set()
    not_fires: set[str] = set()
    for _path, _marks, sf in load_scenarios(FILES):
        for sc in sf.scenarios:
            if sc.fires:
                fires.add(sc.rule)
            if sc.does_not_fire:
                not_fires.add(sc.rule)
    rules = set(session.kb.rules)
    assert sorted(rules - fires) == []
    assert sorted(rules - not_fires) == []


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenarios_hold(session: Any, path: Path) -> None:
    failed = [str(o) for o in run_scenarios(session.kb, session.engine, [path]) if not o.passed]
    assert failed == []


def test_a_failing_scenario_is_reported_with_its_line(session: Any, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "scenarios:\n  - rule: rule/core_small_team\n    fires:\n"
        "      - {team_size: 40}\n    does_not_fire:\n      - {team_size: 40}\n",
        encoding="utf-8",
    )
    outcomes = run_scenarios(session.kb, session.engine, [path])
    assert [o.passed for o in outcomes] == [False, True]
    assert str(outcomes[0]).startswith(f"{path}:4: FAIL: rule/core_small_team fires")
