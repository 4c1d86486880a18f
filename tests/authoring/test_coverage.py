"""``kb test --coverage``: the rules and condition branches the scenarios exercise."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.advice.session import Session
from advisor.authoring.coverage import coverage
from advisor.cli import main
from advisor.kb.load import load_knowledge
from tests.authoring.checkfixtures import BASE

RULES = """\
rules:
  - id: rule/big_health
    sources: [ch5.3]
    when:
      all:
        - {fact: industry, eq: health}
        - {fact: team_size, gt: 10}
    then: [{raise_risk: {id: risk/base}}]
    because: {en: Big health teams., zh: 大型医疗团队。}
"""


@pytest.fixture
def layer(tmp_path: Path) -> Path:
    d = tmp_path / "layer"
    d.mkdir()
    (d / "rules.yaml").write_text(RULES, encoding="utf-8")
    return d


def _scenarios(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "scenarios.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_branches_count_each_part_seen_true_and_false(layer: Path, tmp_path: Path) -> None:
    kb = load_knowledge([BASE, layer], builtin=False, cache=False)
    s = _scenarios(
        tmp_path,
        "scenarios:\n  - rule: rule/big_health\n"
        "    fires: [{industry: health, team_size: 20}]\n"
        "    does_not_fire: [{industry: health, team_size: 2}]\n",
    )
    cov = coverage(kb, Session(kb).engine, [s])
    assert cov.profiles == 2
    # rule/base (industry eq health) fired on both profiles: never seen not firing
    assert cov.missed_rules == [("rule/base", "fired on every profile")]
    assert (cov.rules_covered, cov.rules_total) == (1, 2)
    # parts: rule/base's comparison; big_health's all, its eq, its gt = 4 parts, 8 branches
    assert cov.branches_total == 8
    never = sorted(p.key for p in cov.missed_branches)
    assert never == ["rule/base.when", "rule/big_health.when.all.0"]
    assert all(p.line >= 1 for p in cov.missed_branches)
    assert cov.below(100, 50) == ["rules 50.0% is below the threshold 100%"]


def test_cli_fails_under_the_threshold_of_the_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One scenario file over the built-in rules exercises few of them: a --kb layer's
    settings raise the threshold, and the run fails (exit 1) although every scenario holds."""
    strict = tmp_path / "strict"
    strict.mkdir()
    (strict / "settings.yaml").write_text(
        "settings:\n  authoring:\n    coverage: {min_rules: 0, min_branches: 90}\n",
        encoding="utf-8",
    )
    one_file = Path(__file__).resolve().parents[1] / "scenarios" / "funding.yaml"
    with pytest.raises(SystemExit) as info:
        main(["kb", "test", "-q", "--kb", str(strict), "--coverage", str(one_file)])
    out, _ = capsys.readouterr()
    assert info.value.code == 1
    assert " 0 failed" in out
    assert "coverage: branches" in out and "below the threshold 90%" in out


def test_the_built_in_scenarios_meet_the_built_in_thresholds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["kb", "test", "-q", "--coverage"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0, out
    assert "scenario coverage over" in out and "below the threshold" not in out
