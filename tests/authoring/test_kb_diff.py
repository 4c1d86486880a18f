"""``kb diff``: what a knowledge change does to stored answers files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.headline import headline
from advisor.answers.profile import load_answers_file
from advisor.authoring.diff import (
    _findings,
    _headline,
    _of_run,
    diff_cohort,
    findings,
    profile_files,
    to_json,
)
from advisor.cli import main
from advisor.errors import InputErrors
from tests.authoring.checkfixtures import BASE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

#: the built-in rule, changed: small data counts as no data, and the likelihood is 5
RULE_CHANGE = """\
rules:
  - id: rule/risks_no_training_data
    sources: [ch5.3, ch6.2, ch8.1]
    when: {fact: data_volume, in: [none, small]}
    then:
      - raise_risk: {id: risk/insufficient_training_data, likelihood: 5}
      - raise_risk: {id: risk/performance_shortfall}
      - recommend: {id: mitigation/transfer_learning_from_pretrained, priority: now, fit: 20}
    because: {en: Little or no task data., zh: 任务数据很少或没有。}
"""

SMALL_CHANGE = """\
rules:
  - id: rule/base
    sources: [ch5.3]
    when: {fact: team_size, gt: 5}
    then: [{raise_risk: {id: risk/base, likelihood: 4}}]
    because: {en: Big teams., zh: 大团队。}
"""


def _folder(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    d = tmp_path / name
    d.mkdir()
    for n, text in files.items():
        (d / n).write_text(text, encoding="utf-8")
    return d


def test_a_rule_change_on_literal_knowledge(tmp_path: Path) -> None:
    profiles = _folder(
        tmp_path,
        "profiles",
        {
            "a.yaml": "team_size: 9\n",
            "b.yaml": "team_size: 2\n",
            "c.json": '{"industry": "health"}',
        },
    )
    new = _folder(tmp_path, "new", {"kb.yaml": SMALL_CHANGE})
    base_only = [BASE]
    from advisor.advice.session import Session
    from advisor.authoring.diff import diff_profile
    from advisor.kb.load import load_knowledge

    before = Session(load_knowledge(base_only, builtin=False, cache=False))
    after = Session(load_knowledge([BASE, new], builtin=False, cache=False))
    diffs = {p.name: diff_profile(before, after, p) for p in profile_files([profiles])}
    a = diffs["a.yaml"]
    assert [(c.id, c.change) for c in a.findings] == [
        ("risk/base", "added"),
        ("rule/base", "added"),
    ]
    assert a.findings[0].new == {"severity": "high", "likelihood": 4, "impact": 3}
    assert [h.field for h in a.headline] == ["top_risks"]
    assert not diffs["b.yaml"].changed
    c = diffs["c.json"]  # health, 3 people: the old rule fired, the new one does not
    assert [(f.id, f.change) for f in c.findings] == [
        ("risk/base", "removed"),
        ("rule/base", "removed"),
    ]


def test_headline_and_findings_match_the_full_report(session) -> None:  # type: ignore[no-untyped-def]
    """kb diff skips the parts of the report no finding reads; what it keeps is the same."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        profile = load_answers_file(session.kb, path)
        report = assemble_report(session, profile, with_sensitivity=False)
        parts = _of_run(session, profile)
        assert _findings(parts) == findings(report), path.name
        assert _headline(parts) == headline(report), path.name


def test_a_real_rule_change_over_the_examples(tmp_path: Path) -> None:
    new = _folder(tmp_path, "new", {"rules.yaml": RULE_CHANGE})
    files = profile_files([EXAMPLES])
    diffs = {Path(d.profile).name: d for d in diff_cohort([], [new], files, workers=1)}
    retail = diffs["retail_minimal.yaml"]
    added = {c.id for c in retail.findings if c.change == "added"}
    assert {"risk/insufficient_training_data", "rule/risks_no_training_data"} <= added
    assert "top_risks" in [h.field for h in retail.headline]
    health = diffs["healthcare_eu_seed.yaml"]
    (change,) = [c for c in health.findings if c.id == "risk/insufficient_training_data"]
    assert change.change == "changed" and change.old["likelihood"] < change.new["likelihood"] == 5
    assert not diffs["foundation_model_lab_series_b.yaml"].changed  # it has large data
    assert diffs["evidence.json"].error.startswith("refused: ")  # not an answers file
    counted = to_json(list(diffs.values()))["summary"]
    changed = sum(bool(d.changed) and not d.error for d in diffs.values())
    assert (counted["changed"], counted["errors"]) == (changed, 1)
    assert counted["changed"] + counted["errors"] + counted["unchanged"] == len(diffs)
    assert "evidence.json" not in str(to_json(list(diffs.values()))["changed"])


def test_two_workers_give_the_same_answer_as_one(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    for i, p in enumerate(sorted(EXAMPLES.glob("*.yaml")) * 8):
        shutil.copy(p, cohort / f"{i:03d}_{p.name}")
    new = _folder(tmp_path, "new", {"rules.yaml": RULE_CHANGE})
    files = profile_files([cohort])
    assert len(files) == 56
    assert diff_cohort([], [new], files, workers=2) == diff_cohort([], [new], files, workers=1)


def test_shards_split_the_files_without_overlap(tmp_path: Path) -> None:
    all_files = profile_files([EXAMPLES])
    shards = [profile_files([EXAMPLES], (i, 3)) for i in (1, 2, 3)]
    assert sorted(f for s in shards for f in s) == all_files
    assert sum(len(s) for s in shards) == len(all_files)


def test_a_missing_profiles_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputErrors, match="neither a folder nor a file"):
        profile_files([tmp_path / "nowhere"])


def test_cli_json_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _folder(tmp_path, "new", {"rules.yaml": RULE_CHANGE})
    argv = ["kb", "diff", "--profiles", str(EXAMPLES), "--kb", str(new), "--workers", "1"]
    with pytest.raises(SystemExit) as info:
        main([*argv, "--format", "json"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    data = json.loads(out)
    assert data["profiles"] == len(profile_files([EXAMPLES]))
    names = {Path(c["profile"]).name for c in data["changed"]}
    assert "retail_minimal.yaml" in names
    entry = next(c for c in data["changed"] if c["profile"].endswith("retail_minimal.yaml"))
    assert {"id", "change", "old", "new"} == set(entry["changes"][0])
    assert data["summary"]["changed"] == len(data["changed"])
    with pytest.raises(SystemExit):
        main(argv)
    out, _ = capsys.readouterr()
    assert "+ risk/insufficient_training_data" in out
    assert out.rstrip().splitlines()[-1].startswith(f"{data['profiles']} profiles: ")


def test_cli_refuses_a_bad_shard(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["kb", "diff", "--profiles", str(EXAMPLES), "--shard", "4/3"])
    assert info.value.code == 2
    assert "--shard 4/3" in capsys.readouterr().err
