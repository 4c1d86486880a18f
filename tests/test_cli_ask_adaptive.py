"""`advisor ask --oracle FILE`, `--adaptive` and `--all`; `advisor report` on "not sure" answers."""

from __future__ import annotations

import io
import sys
import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from advisor.cli import main
from advisor.files.yamlio import load_yaml_file
from advisor.words.catalog import words_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fintech_credit_series_a.yaml"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(info.value.code or 0), out, err


def body(path: Path) -> list[str]:
    """A Markdown report without its "Generated: <time>" line."""
    return [x for x in path.read_text(encoding="utf-8").splitlines() if "Generated:" not in x]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # a default save file would land here
    return tmp_path


def test_an_oracle_run_writes_the_report_of_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["ask", "--oracle", str(EXAMPLE), "-o", "asked.md"], capsys)
    assert code == 0, err
    code, _, err = run(["report", "--answers", str(EXAMPLE), "-o", "reported.md"], capsys)
    assert code == 0, err
    assert body(tmp_path / "asked.md") == body(tmp_path / "reported.md")
    assert not (tmp_path / "advisor-answers.yaml").exists()  # no --save: nothing saved


def test_an_oracle_run_saves_with_an_explicit_save(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["ask", "--oracle", str(EXAMPLE), "--save", "a.yaml", "-o", "r.md"], capsys)
    assert code == 0, err
    saved = load_yaml_file(tmp_path / "a.yaml").data
    assert saved["company_name"] == "LedgerLight" and saved["team_size"] == 28


def test_an_oracle_value_that_is_invalid_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("company_name: Beta\nteam_size: -5\n", encoding="utf-8")
    code, _, err = run(["ask", "--oracle", str(bad), "-o", "r.md"], capsys)
    assert code == 2
    assert f"{bad}:2:" in err and "team_size" in err and "below the minimum" in err
    assert not (tmp_path / "r.md").exists()


def test_an_oracle_file_lacking_an_answer_without_a_default_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "kb"
    extra.mkdir()
    (extra / "questions.yaml").write_text(
        "questions:\n"
        "  - id: favourite_colour\n"
        "    type: choice\n"
        '    prompt: {en: "Favourite colour?", zh: "最喜欢的颜色？"}\n'
        '    help: {en: "Any.", zh: "任意。"}\n'
        "    choices:\n"
        "      - {value: red, label: {en: Red, zh: 红}}\n"
        "      - {value: blue, label: {en: Blue, zh: 蓝}}\n",
        encoding="utf-8",
    )
    argv = ["ask", "--kb", str(extra), "--oracle", str(EXAMPLE), "-o", "r.md"]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert f"{EXAMPLE}: no answer to favourite_colour" in err and "no default" in err


def _chooser_module(stop_after: int) -> types.ModuleType:
    """A stand-in for ``advisor.advice.adaptive``: picks the funding stage, then the team size,
    ... and stops after ``stop_after`` picks."""
    order = ["funding_stage", "team_size", "markets", "industry"]

    def make_chooser(session: Any, lang: str) -> Any:
        def choose(answers: Mapping[str, Any], asked: Sequence[str]) -> tuple[str, str] | None:
            done = [a for a in asked if a != "company_name"]
            if len(done) >= stop_after:
                return None
            return order[len(done)], f"asked because it matters ({lang})"

        return choose

    module = types.ModuleType("advisor.advice.adaptive")
    module.make_chooser = make_chooser  # type: ignore[attr-defined]
    return module


def test_an_adaptive_oracle_run_asks_what_the_chooser_picks_and_the_rest_is_not_sure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "advisor.advice.adaptive", _chooser_module(2))
    argv = ["ask", "--adaptive", "--oracle", str(EXAMPLE), "--save", "a.yaml", "-o", "r.md"]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    assert "Nothing left to ask can change the headline conclusions" in err
    saved = load_yaml_file(tmp_path / "a.yaml").data
    assert saved["company_name"] == "LedgerLight"
    assert saved["funding_stage"] == "series_a" and saved["team_size"] == 28
    assert saved["industry"] == "unknown" and saved["use_cases"] == "unknown"
    assert (tmp_path / "r.md").exists()


def test_adaptive_with_all_asks_the_rest_after_the_stop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "advisor.advice.adaptive", _chooser_module(1))
    argv = ["ask", "--adaptive", "--all", "--oracle", str(EXAMPLE), "-o", "asked.md"]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    run(["report", "--answers", str(EXAMPLE), "-o", "reported.md"], capsys)
    assert body(tmp_path / "asked.md") == body(tmp_path / "reported.md")


def test_adaptive_at_plain_prompts_offers_the_rest_and_says_why_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "advisor.advice.adaptive", _chooser_module(1))
    monkeypatch.setattr("sys.stdin", io.StringIO("Beta\nwhy\nnot sure\nn\n\n"))
    code, out, err = run(["ask", "--adaptive", "-o", "r.md"], capsys)
    assert code == 0, err
    assert "Why this question: asked because it matters (en)" in out
    assert "Answer the other" in out and "question(s) too? [y/N]: " in out
    saved = load_yaml_file(tmp_path / "advisor-answers.yaml").data
    assert saved["company_name"] == "Beta" and saved["funding_stage"] == "unknown"
    assert saved["industry"] == "unknown"


def test_all_without_adaptive_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["ask", "--all", "--oracle", str(EXAMPLE), "-o", "r.md"], capsys)
    assert code == 2 and "--all goes with --adaptive" in err


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_a_report_on_not_sure_answers_does_not_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for key in ("industry", "markets", "team_size", "data_volume", "funding_stage"):
        text = "\n".join(
            f"{key}: unknown" if line.startswith(f"{key}:") else line for line in text.splitlines()
        )
    answers = tmp_path / "unsure.yaml"
    answers.write_text(text + "\n", encoding="utf-8")
    code, _, err = run(["report", "--answers", str(answers), "-o", f"r.{fmt}"], capsys)
    assert code == 0, err
    assert (tmp_path / f"r.{fmt}").stat().st_size > 0


@pytest.mark.parametrize(
    "example", ["fintech_credit_series_a.yaml", "healthcare_eu_seed.yaml", "retail_minimal.yaml"]
)
def test_the_real_chooser_asks_fewer_questions_for_the_same_headline(
    example: str, capsys: pytest.CaptureFixture[str], in_tmp: Path
) -> None:
    from advisor.advice.headline import headline
    from advisor.report import schema

    oracle = ROOT / "examples" / example
    code, _, err = run(
        ["ask", "--adaptive", "--oracle", str(oracle), "--format", "json", "-o", "a.json"], capsys
    )
    assert code == 0, err
    code, _, err = run(
        ["report", "--answers", str(oracle), "--format", "json", "-o", "f.json"], capsys
    )
    assert code == 0, err

    def load(name: str) -> Any:
        text = (in_tmp / name).read_text(encoding="utf-8")
        return schema.to_report_record(schema.Report.model_validate_json(text))

    adaptive, full = load("a.json"), load("f.json")
    assert adaptive.asked[0] == "company_name" and len(set(adaptive.asked)) == len(adaptive.asked)
    assert len(adaptive.asked) < len(full.profile)
    assert headline(adaptive) == headline(full)
    assert not adaptive.open_headline  # it stopped because nothing left could change it
    # every question it did not ask is "not sure" (the oracle never is)
    assert set(adaptive.unknown).isdisjoint(adaptive.asked)
    assert {q for q in full.profile if q not in adaptive.asked} <= set(adaptive.unknown)
    # the brief says what the run left out: questions not asked, not answers it was unsure of
    unasked = [r for r in adaptive.resolve_first if not r.follows]
    assert unasked and all(r.question not in adaptive.asked for r in unasked)
    words = words_for("en")["unsure"]
    assert adaptive.brief is not None
    assert words["brief_settled_adaptive"].format(count=len(unasked)) in adaptive.brief.notes
