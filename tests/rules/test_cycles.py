"""Rule cycles are strongly connected components: every rule of a loop of any length."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cli import main
from advisor.rules.engine import Engine
from tests.rules.test_engine import derive, rule


def test_a_three_rule_loop_is_one_group_of_three() -> None:
    rules = [
        rule("a", {"any": [{"fact": "start", "eq": True}, {"fact": "c", "eq": True}]}, derive("a")),
        rule("b", {"fact": "a", "eq": True}, derive("b")),
        rule("c", {"fact": "b", "eq": True}, derive("c")),
        rule("after", {"fact": "c", "eq": True}, derive("done")),  # fed by the loop, not on it
    ]
    engine = Engine(rules)
    assert engine.cycle_groups() == [["rule/a", "rule/b", "rule/c"]]
    assert engine.cycles() == ["rule/a", "rule/b", "rule/c"]
    assert sorted(engine.run({"start": True}).fired) == ["rule/a", "rule/after", "rule/b", "rule/c"]


def test_a_rule_reading_what_it_derives_is_a_cycle_of_one() -> None:
    rules = [
        rule(
            "self", {"any": [{"fact": "x", "eq": 1}, {"fact": "loop", "eq": True}]}, derive("loop")
        ),
        rule("plain", {"fact": "x", "eq": 1}, derive("other")),
    ]
    assert Engine(rules).cycle_groups() == [["rule/self"]]


def test_two_separate_loops_are_two_groups() -> None:
    rules = [
        rule("p1", {"fact": "q1", "eq": True}, derive("p1")),
        rule("q1", {"fact": "p1", "eq": True}, derive("q1")),
        rule("chain", {"fact": "p1", "eq": True}, derive("p2")),
        rule("p2b", {"fact": "q2", "eq": True}, derive("p2")),
        rule("q2", {"fact": "p2", "eq": True}, derive("q2")),
    ]
    assert Engine(rules).cycle_groups() == [["rule/p1", "rule/q1"], ["rule/p2b", "rule/q2"]]


def test_kb_lint_reports_every_rule_of_a_long_cycle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = []
    for me, reads in (("a", "team_size: {gt: 50}"), ("b", "cyc_a"), ("c", "cyc_b")):
        when = (
            "{any: [{fact: team_size, gt: 50}, {fact: cyc_c, eq: true}]}"
            if me == "a"
            else f"{{fact: {reads}, eq: true}}"
        )
        rules.append(
            f"  - id: rule/cycle_{me}\n    sources: [ch5.3]\n    when: {when}\n"
            f"    then: [{{derive: {{fact: cyc_{me}, value: true}}}}]\n"
            f"    because: {{en: Why., zh: 为何。}}\n"
        )
    (tmp_path / "kb.yaml").write_text("rules:\n" + "".join(rules), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["kb", "lint", "--kb", str(tmp_path)])
    out, err = capsys.readouterr()
    assert info.value.code == 0, err
    loop = "(rule/cycle_a, rule/cycle_b, rule/cycle_c)"
    for n, me in ((2, "a"), (7, "b"), (12, "c")):
        assert (
            f"kb.yaml:{n}:5: warning: rule/cycle_{me}: is on a cycle of 3 rule(s) deriving facts "
            f"for each other {loop}" in out
        )
