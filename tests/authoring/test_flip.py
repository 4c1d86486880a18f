"""``whatif --flip ID``: the smallest answer change that adds ID to the report or removes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session
from advisor.answers.profile import build_profile, load_answers_file
from advisor.authoring.flip import flip
from advisor.cli import main
from advisor.errors import UserError
from advisor.kb.load import load_knowledge
from tests.authoring.checkfixtures import BASE

ROOT = Path(__file__).resolve().parents[2]
HR = ROOT / "examples" / "hr_screening_eu_seed.yaml"

TWO_FACTS = """
nodes:
  - id: risk/two
    title: {en: Two, zh: 二}
    description: {en: Needs two facts., zh: 需要两个事实。}
    sources: [ch5.3]
    category: technical
    likelihood: 3
    impact: 3
    likelihood_drivers: [{en: D, zh: 驱}]
    impact_drivers: [{en: D, zh: 驱}]
    mitigated_by: [mitigation/review, mitigation/monitor]
  - id: risk/always
    title: {en: Always, zh: 总是}
    description: {en: Every team has it., zh: 每个团队都有。}
    sources: [ch5.3]
    category: technical
    likelihood: 3
    impact: 3
    likelihood_drivers: [{en: D, zh: 驱}]
    impact_drivers: [{en: D, zh: 驱}]
    mitigated_by: [mitigation/review, mitigation/monitor]
rules:
  - id: rule/two
    sources: [ch5.3]
    when:
      all:
        - {fact: industry, eq: health}
        - {fact: team_size, gt: 50}
    then: [{raise_risk: {id: risk/two}}]
    because: {en: Big health teams., zh: 大型医疗团队。}
  - id: rule/always
    sources: [ch5.3]
    when: {fact: team_size, gte: 1}
    then: [{raise_risk: {id: risk/always}}]
    because: {en: Every team., zh: 每个团队。}
"""


@pytest.fixture
def small(tmp_path: Path) -> Session:
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "kb.yaml").write_text(TWO_FACTS, encoding="utf-8")
    return Session(load_knowledge([BASE, layer], builtin=False, cache=False))


def _profile(session: Session, **answers: object):  # type: ignore[no-untyped-def]
    return build_profile(session.kb, answers)


def test_one_change_adds_an_absent_risk(small: Session) -> None:
    result = flip(small, _profile(small, industry="retail"), "risk/base")
    assert result.present_before is False and result.found
    assert [c.as_dict() for c in result.changes] == [
        {"question": "industry", "from": "retail", "to": "health"}
    ]


def test_one_change_removes_a_present_risk(small: Session) -> None:
    result = flip(small, _profile(small, industry="health"), "risk/base")
    assert result.present_before is True
    assert [(c.question, c.new) for c in result.changes] == [("industry", "retail")]


def test_two_questions_when_one_is_not_enough_with_the_nearest_number(small: Session) -> None:
    result = flip(small, _profile(small, industry="retail", team_size=3), "risk/two")
    assert result.found and result.searched > 1
    # the threshold is "gt 50": 51 is the least change that passes it
    assert sorted((c.question, c.new) for c in result.changes) == [
        ("industry", "health"),
        ("team_size", 51),
    ]


def test_it_says_when_nothing_within_the_limit_flips_it(small: Session) -> None:
    result = flip(small, _profile(small), "risk/always", max_changes=2)
    assert result.present_before is True
    assert not result.found and not result.timed_out and result.changes == ()
    assert result.complete_size == 2


def test_the_time_limit_stops_the_search_and_says_so(small: Session) -> None:
    ticks = iter(range(0, 10_000, 10))
    result = flip(
        small, _profile(small), "risk/always", max_seconds=5, clock=lambda: float(next(ticks))
    )
    assert result.timed_out and not result.found


def test_an_unknown_id_is_refused_with_a_suggestion(small: Session) -> None:
    with pytest.raises(UserError, match="did you mean risk/base"):
        flip(small, _profile(small), "risk/bse")


def test_a_flip_found_on_an_example_really_flips_the_report(session) -> None:  # type: ignore[no-untyped-def]
    profile = load_answers_file(session.kb, HR)
    result = flip(session, profile, "regulation/gdpr")
    assert result.present_before is True and result.found
    assert len(result.changes) == 1
    changed = build_profile(
        session.kb, {**profile.answers, **{c.question: c.new for c in result.changes}}
    )
    report = assemble_report(session, changed, with_sensitivity=False)
    gdpr = next((r for r in report.regulations if r.id == "regulation/gdpr"), None)
    assert gdpr is None or not gdpr.applies


def test_a_tier_is_a_target(session) -> None:  # type: ignore[no-untyped-def]
    profile = load_answers_file(session.kb, HR)
    result = flip(session, profile, "high_risk")
    assert result.target == "tier/high_risk" and result.present_before is True and result.found


def test_cli_prints_the_change_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["whatif", "--answers", str(HR), "--flip", "regulation/gdpr", "--format", "json"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    data = json.loads(out)
    assert data["target"] == "regulation/gdpr" and data["present_before"] is True
    assert data["present_after"] is False and data["found"] is True
    assert set(data["changes"][0]) == {"question", "from", "to"}
    with pytest.raises(SystemExit):
        main(["whatif", "--answers", str(HR), "--flip", "regulation/gdpr"])
    out, _ = capsys.readouterr()
    assert out.startswith("the smallest change that removes General Data Protection Regulation:")
    assert "  Markets: " in out  # the question's label and the choices' labels, not ids


def test_cli_exits_1_when_nothing_flips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "kb.yaml").write_text(
        "rules:\n  - id: rule/always_x\n    sources: [ch5.3]\n"
        "    when: {fact: team_size, gte: 1}\n"
        "    then: [{raise_risk: {id: risk/data_quality}}]\n"
        "    because: {en: Every team., zh: 每个团队。}\n",
        encoding="utf-8",
    )
    argv = ["whatif", "--answers", str(HR), "--kb", str(layer), "--flip", "risk/data_quality"]
    with pytest.raises(SystemExit) as info:
        main([*argv, "--max-changes", "1"])
    out, _ = capsys.readouterr()
    assert info.value.code == 1
    assert "no change of at most 1 answers removes Poor data quality" in out
