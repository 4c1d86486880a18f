"""Machine output: SARIF 2.1.0 and JSON from kb validate|lint, --error-format json, explain and
whatif --format json, and the shell completion of ids.

The SARIF is validated against the official 2.1.0 JSON schema, vendored from
github.com/oasis-tcs/sarif-spec (Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json)
because CI reaches no network but package registries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from advisor.authoring.sarif import problems_json, to_sarif
from advisor.cli import main
from advisor.errors import InputErrors
from advisor.kb.load import load_knowledge
from tests.authoring.checkfixtures import BASE, FIXTURES

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((FIXTURES.parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
HR = ROOT / "examples" / "hr_screening_eu_seed.yaml"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def valid_sarif(log: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(SCHEMA).validate(log)


def test_the_vendored_schema_is_the_official_2_1_0_one() -> None:
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_the_schema_refuses_a_result_without_a_message() -> None:
    """The validation can fail: a log that breaks the schema is refused."""
    log = to_sarif([])
    log["runs"][0]["results"] = [{"ruleId": "ADV201", "level": "fatal"}]
    with pytest.raises(jsonschema.ValidationError):
        valid_sarif(log)


def _errors(case: str) -> list[Any]:
    try:
        load_knowledge([BASE, FIXTURES / case / "fail"], builtin=False, cache=False)
    except InputErrors as exc:
        return list(exc.problems)
    raise AssertionError("the fixture loads")


def test_sarif_of_load_errors_is_valid_with_one_based_lines_and_columns() -> None:
    problems = _errors("ADV201-dangling-reference") + _errors("ADV203-unknown-fact")
    log = to_sarif(problems, root=ROOT)
    valid_sarif(log)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["ADV201", "ADV203"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["name"] == "dangling-reference"
    for p, r in zip(problems, results, strict=True):
        loc = r["locations"][0]["physicalLocation"]
        assert loc["region"] == {"startLine": p.line, "startColumn": p.col}
        assert p.line >= 1 and p.col >= 1
        assert loc["artifactLocation"]["uri"].endswith("fail/kb.yaml")
        assert r["level"] == "error"
    # the dangling reference sits on line 11 of the fixture, under mitigated_by
    text = (FIXTURES / "ADV201-dangling-reference" / "fail" / "kb.yaml").read_text().splitlines()
    assert "mitigation/nowhere" in text[problems[0].line - 1]


def test_kb_validate_prints_sarif_for_a_broken_layer_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    layer = ROOT / "tests" / "bad_inputs" / "knowledge" / "rule_impossible_value"
    code, out, _ = run(["kb", "validate", "--kb", str(layer), "--format", "sarif"], capsys)
    assert code == 2
    log = json.loads(out)
    valid_sarif(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["ADV205"]


def test_kb_lint_sarif_of_the_built_in_knowledge_is_valid(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["kb", "lint", "--format", "sarif"], capsys)
    assert code == 0
    log = json.loads(out)
    valid_sarif(log)
    assert all(r["level"] == "warning" for r in log["runs"][0]["results"])


def _layer(tmp_path: Path, when: str, then: str) -> Path:
    """A --kb layer with one rule over the built-in knowledge."""
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "kb.yaml").write_text(
        f"rules:\n  - id: rule/x\n    sources: [ch5.3]\n    when: {when}\n    then: {then}\n"
        "    because: {en: Why., zh: 为何。}\n",
        encoding="utf-8",
    )
    return layer


def test_kb_lint_json_names_each_warning_with_its_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layer = _layer(
        tmp_path,
        "{fact: team_size, gt: 400}",
        "[{raise_risk: {id: risk/data_quality, likelihood: 5, impact: 5}}]",
    )
    code, out, _ = run(["kb", "lint", "--kb", str(layer), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    hits = [p for p in data["problems"] if p["id"] == "ADV306"]
    assert hits and hits[0]["check"] == "risk-5x5" and hits[0]["level"] == "warning"
    assert hits[0]["file"].endswith("kb.yaml") and hits[0]["line"] >= 1
    assert data["warnings"] == len(data["problems"])


def test_text_output_ends_each_problem_with_its_check_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layer = _layer(
        tmp_path,
        "{all: [{fact: team_size, gt: 10}, {fact: team_size, lt: 5}]}",
        "[{raise_risk: {id: risk/data_quality}}]",
    )
    _, _out, err = run(["kb", "validate", "--kb", str(layer)], capsys)
    assert "can never fire" in err and "[ADV301 never-fires]" in err


def test_problems_json_counts_errors_and_warnings() -> None:
    data = problems_json(_errors("ADV202-wrong-kind"))
    assert data["errors"] == 1 and data["warnings"] == 0
    assert set(data["problems"][0]) == {
        "id",
        "check",
        "level",
        "file",
        "line",
        "column",
        "key",
        "message",
        "allowed",
    }


# --- --error-format json -----------------------------------------------------------------------


def test_bad_answers_as_json_name_file_line_column_key_and_allowed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = ROOT / "tests" / "bad_inputs" / "answers" / "unknown_choice.yaml"
    code, out, err = run(["--error-format", "json", "report", "--answers", str(bad)], capsys)
    assert code == 2 and out == ""
    data = json.loads(err)
    (p,) = data["problems"]
    assert p["id"] == "ADV405" and p["key"] == "industry"
    assert p["file"].endswith("unknown_choice.yaml") and p["line"] >= 1 and p["column"] >= 1
    assert "healthcare" in p["allowed"] and "space_mining" in p["message"]


def test_bad_knowledge_as_json_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    layer = ROOT / "tests" / "bad_inputs" / "knowledge" / "rule_unknown_question"
    code, _, err = run(["--error-format", "json", "kb", "validate", "--kb", str(layer)], capsys)
    assert code == 2
    data = json.loads(err)
    assert data["error"]["what"] == "the knowledge base"
    assert [p["id"] for p in data["problems"]] == ["ADV203"]


def test_a_usage_error_is_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--error-format", "json", "whatif", "--answers", str(HR)], capsys)
    assert code == 2
    assert "--flip" in json.loads(err)["problems"][0]["message"]
    code, _, err = run(["--error-format", "json", "report", "--no-such-option"], capsys)
    assert code == 2 and "no-such-option" in json.loads(err)["problems"][0]["message"]


def test_the_error_format_can_come_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_ERROR_FORMAT", "json")
    bad = ROOT / "tests" / "bad_inputs" / "answers" / "unknown_id.yaml"
    code, _, err = run(["report", "--answers", str(bad)], capsys)
    assert code == 2 and json.loads(err)["problems"][0]["id"] == "ADV401"


# --- explain / whatif --format json ------------------------------------------------------------


def test_explain_json_says_whether_the_item_is_in_and_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        ["explain", "--answers", str(HR), "regulation/gdpr", "--format", "json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "regulation/gdpr" and data["kind"] == "regulation"
    assert data["in_report"] is True
    fired = [r for r in data["rules"] if r["fired"]]
    assert fired and fired[0]["when"]["holds"] is True


def test_explain_json_on_literal_knowledge_shows_each_comparison() -> None:
    from advisor.advice.session import Session
    from advisor.authoring.machine import explain_json

    kb = load_knowledge([BASE], builtin=False, cache=False)
    data = explain_json(Session(kb), {"industry": "retail", "team_size": 3}, "risk/base")
    assert data["in_report"] is False
    (rule,) = data["rules"]
    assert rule["rule"] == "rule/base" and rule["fired"] is False
    assert rule["when"] == {
        "fact": "industry",
        "op": "eq",
        "value": "health",
        "your_value": "retail",
        "holds": False,
    }


def test_whatif_json_lists_the_changes_and_what_they_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        ["whatif", "--answers", str(HR), "--set", "markets=uk", "--format", "json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["changes"] == [{"question": "markets", "from": ["eu", "uk"], "to": ["uk"]}]
    removed = {c["id"] for c in data["findings"] if c["change"] == "removed"}
    assert "regulation/gdpr" in removed or any(
        c["id"] == "regulation/gdpr" and c["new"]["applies"] is False for c in data["findings"]
    )
    assert any(h["field"] == "laws" for h in data["headline"])


# --- shell completion --------------------------------------------------------------------------


def _complete(words: str) -> list[str]:
    env = {
        **os.environ,
        "_ADVISOR_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    done = subprocess.run(
        [sys.executable, "-m", "advisor"], env=env, capture_output=True, text=True, check=False
    )
    # bash_complete prints "type,value" lines
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line]


def test_explain_completes_ids_from_the_knowledge() -> None:
    found = _complete(f"advisor explain --answers {HR} risk/model_b")
    assert "risk/model_bias" in found and all(f.startswith("risk/model_b") for f in found)


def test_flip_completes_ids_and_tiers() -> None:
    assert "high_risk" in _complete(f"advisor whatif --answers {HR} --flip high_")
    assert "regulation/gdpr" in _complete(f"advisor whatif --answers {HR} --flip regulation/gd")
