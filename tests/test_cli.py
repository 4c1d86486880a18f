"""The command line end to end, in process (exit codes, outputs, files)."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(
    p
    for p in (ROOT / "examples").iterdir()
    if p.suffix in (".yaml", ".json") and p.name != "evidence.json"
)
CONTRACT_KEYS = {
    "schema_version",
    "generated_at",
    "knowledge_version",
    "lang",
    "profile",
    "directions",
    "risks",
    "business_models",
    "team",
    "regulations",
    "techniques",
    "funding",
    "roadmap",
    "case_lessons",
    "trace",
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def report_json(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(
        [
            "report",
            "--answers",
            str(path),
            "--format",
            "json",
            "-o",
            "-",
            "--no-sensitivity",
            *extra,
        ],
        capsys,
    )
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_there_are_at_least_six_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_example_gives_a_contract_report(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = report_json(example, capsys)
    assert set(r) >= CONTRACT_KEYS
    assert r["schema_version"] == 1
    # best first: the leaders (in-industry, or a pivot that beats them by the margin) by score,
    # then the rest by score
    order = [(not d["leader"], -d["score"]) for d in r["directions"]]
    assert order == sorted(order) or any(d["flags"] for d in r["directions"])
    assert r["directions"][0]["leader"]
    for d in r["directions"]:
        assert 0 <= d["score"] <= 100
        assert set(d["criteria"]) >= {
            "market_need",
            "technical_feasibility",
            "commercial_potential",
        }
    severities = [x["likelihood"] * x["impact"] for x in r["risks"]]
    assert severities == sorted(severities, reverse=True)
    for risk in r["risks"]:
        assert risk["category"] in {"technical", "market", "financial", "regulatory", "operational"}
        assert risk["severity"] in {"low", "medium", "high", "critical"}
        assert risk["reasons"], risk["id"]
    for reg in r["regulations"]:
        if reg["tier"] is not None:
            assert reg["tier"] in {"prohibited", "high_risk", "limited_risk", "minimal_risk"}
        for ob in reg["obligations"]:
            assert ob["citation"]
    assert all(g["id"].startswith("role/") for g in r["team"]["gaps"])
    assert all(t["kernel"] is None or ":" in t["kernel"] for t in r["techniques"])
    assert r["trace"] and all(t["sources"] for t in r["trace"])


def test_examples_give_different_reports(capsys: pytest.CaptureFixture[str]) -> None:
    tops = set()
    for example in EXAMPLES:
        r = report_json(example, capsys)
        tops.add((r["directions"][0]["id"], tuple(x["id"] for x in r["risks"][:3])))
    assert len(tops) == len(EXAMPLES)


def test_fixed_regulation_ids_are_present(capsys: pytest.CaptureFixture[str]) -> None:
    r = report_json(ROOT / "examples" / "foundation_model_lab_series_b.yaml", capsys)
    ids = {x["id"] for x in r["regulations"]}
    assert {
        "regulation/eu_ai_act",
        "regulation/gdpr",
        "regulation/hipaa",
        "regulation/pipl",
        "regulation/cn_generative_ai",
    } <= ids
    ai_act = next(x for x in r["regulations"] if x["id"] == "regulation/eu_ai_act")
    assert ai_act["applies"] and ai_act["gpai"] == "gpai_systemic_risk"


def test_no_eu_market_means_the_ai_act_does_not_apply(capsys: pytest.CaptureFixture[str]) -> None:
    r = report_json(ROOT / "examples" / "edtech_cn_pre_seed.json", capsys)
    ai_act = next(x for x in r["regulations"] if x["id"] == "regulation/eu_ai_act")
    assert ai_act["applies"] is False and ai_act["tier"] is None


def test_report_writes_a_file_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.html"
    code, _, err = run(["report", "--answers", str(EXAMPLES[0]), "-o", str(target)], capsys)
    assert code == 0 and f"wrote {target}" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") or text.lstrip().lower().startswith("<!doctype html")
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_chinese_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["report", "--answers", str(EXAMPLES[0]), "--lang", "zh", "-o", "-"], capsys)
    assert code == 0
    assert "执行摘要" in out or "摘要" in out


def test_user_text_is_escaped_never_evaluated(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "examples" / "media_generative_consumer.yaml"
    for fmt in ("md", "html"):
        code, out, _ = run(
            ["report", "--answers", str(example), "--format", fmt, "-o", "-", "--no-sensitivity"],
            capsys,
        )
        assert code == 0
        assert "<script>" not in out
        assert "{{ 7*7 }}" in out or "{{ 7\\*7 }}" in out or "{{ 7&#42;7 }}" in out
        assert "Studio 49" not in out and " 49 Studio" not in out


def test_weights_change_the_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "examples" / "healthcare_eu_seed.yaml"
    base = report_json(example, capsys)
    tilted = report_json(
        example,
        capsys,
        "--weights",
        "market_need=0,technical_feasibility=1,commercial_potential=0,founder_fit=0",
    )
    assert tilted["weights"]["technical_feasibility"] == 1.0
    best = max(base["directions"], key=lambda d: d["criteria"]["technical_feasibility"])
    assert (
        tilted["directions"][0]["criteria"]["technical_feasibility"]
        == best["criteria"]["technical_feasibility"]
    )


def test_explain_a_rule_and_a_risk(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(ROOT / "examples" / "hr_screening_eu_seed.yaml")
    code, out, _ = run(
        ["explain", "--answers", example, "rule/reg_ai_act_annex_iii_4a_recruitment"], capsys
    )
    assert code == 0 and "FIRED" in out and "(your value: [" in out
    code, out, _ = run(["explain", "--answers", example, "regulation/hipaa"], capsys)
    assert code == 0 and "applies: no" in out and "did not fire" in out


def test_explain_an_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["explain", "--answers", str(EXAMPLES[0]), "risk/nope"], capsys)
    assert code == 2 and "names no node, rule or title" in err


def test_explain_takes_a_title_and_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(EXAMPLES[0])
    code, out, _ = run(["explain", "--answers", example, "hallucinated OUTPUTS"], capsys)
    assert code == 0 and out.startswith("risk/model_hallucination: Hallucinated outputs")
    code, _, err = run(["explain", "--answers", example, "halucinated outputs"], capsys)
    assert code == 2 and "did you mean: Hallucinated outputs (risk/model_hallucination)" in err


def test_whatif_reports_what_changes(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(ROOT / "examples" / "retail_minimal.yaml")
    code, out, _ = run(
        [
            "whatif",
            "--answers",
            example,
            "--set",
            "markets=eu,us",
            "--set",
            "use_cases=credit_scoring",
        ],
        capsys,
    )
    assert code == 0 and "what if Markets: European Union, United States; Use cases: " in out
    assert "+ law EU Artificial Intelligence Act now applies (high risk)" in out
    assert "high_risk" not in out and "regulation/" not in out  # labels, not ids
    assert "-> none" not in out and "-> None" not in out  # a law that starts to apply: one line


def test_whatif_rejects_a_bad_value(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["whatif", "--answers", str(EXAMPLES[0]), "--set", "team_size=lots"], capsys)
    assert code == 2 and "team_size" in err and "not an integer" in err


def test_kb_stats_and_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["kb", "stats"], capsys)
    assert code == 0 and "direction" in out and "mitigated_by" in out
    code, out, _ = run(["kb", "validate"], capsys)
    assert code == 0 and out.startswith("ok:")


@pytest.mark.parametrize("fmt", ["dot", "graphml", "mermaid"])
def test_kb_graph_exports(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["kb", "graph", "--format", fmt], capsys)
    assert code == 0
    if fmt == "dot":
        assert out.startswith("digraph") and '"risk/' in out
    elif fmt == "graphml":
        assert ET.fromstring(out).tag.endswith("graphml")
    else:
        assert out.startswith("flowchart LR")


def test_kb_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["kb", "schema"], capsys)
    schema = json.loads(out)
    assert code == 0 and schema["type"] == "object"
    assert set(schema["properties"]) == {"nodes", "rules", "questions", "settings"}


def test_python_dash_m_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "advisor" in done.stdout


def test_an_internal_error_exits_1_with_a_traceback(tmp_path: Path) -> None:
    code = (
        "import sys, advisor.advice.assemble as a\n"
        "def boom(*args, **kw): raise RuntimeError('boom')\n"
        "a.assemble_report = boom\n"
        "import advisor.cli\n"
        f"sys.argv = ['advisor', 'report', '--answers', {str(EXAMPLES[0])!r}]\n"
        "advisor.cli.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "RuntimeError: boom" in done.stderr
    assert "internal error" in done.stderr


def test_written_report_has_ordinary_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import stat

    target = tmp_path / "report.md"
    code, _, _ = run(
        ["report", "--answers", str(EXAMPLES[0]), "-o", str(target), "--no-sensitivity"], capsys
    )
    mask = os.umask(0)
    os.umask(mask)
    assert code == 0 and stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_kb_test_exits_1_when_a_scenario_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(
        "scenarios:\n  - rule: rule/core_small_team\n    fires: [{team_size: 2}]\n"
        "    does_not_fire: [{team_size: 2}]\n",
        encoding="utf-8",
    )
    code, out, _ = run(["kb", "test", str(scenarios)], capsys)
    assert code == 1 and "FAIL: rule/core_small_team does not fire" in out
    assert out.rstrip().endswith("1 passed, 1 failed")
