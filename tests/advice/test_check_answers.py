"""Answers that contradict each other are shown to the founder first, in their language."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session
from advisor.answers.profile import build_profile, load_answers_file
from advisor.kb.graph import related
from advisor.kb.recordbase import Lang
from advisor.report.model import Report
from advisor.report.render import render

ROOT = Path(__file__).resolve().parents[2]


def _report(session: Session, answers: dict[str, object], lang: Lang = "en") -> Report:
    profile = build_profile(session.kb, answers)
    return assemble_report(session, profile, lang=lang, with_sensitivity=False)


def test_a_hosted_api_said_to_run_on_the_phone_is_questioned(session: Session) -> None:
    report = _report(session, {"deployment_target": "mobile"})  # default: a hosted model API
    first = report.conflicts[0]
    assert (first.kind, first.subject) == ("answers", "Where the model runs, How models are built")
    assert first.questions == ("deployment_target", "model_approach")
    assert first.rules == ("rule/check_api_model_on_device",)
    assert "provider's cloud" in first.detail
    assert report.summary is not None
    # the summary and the table name the questions by their labels
    assert report.summary.bullets[0] == (
        "Check your answers: Where the model runs, How models are built"
    )
    md = render(report, "md")
    assert "| answers to check | Where the model runs, How models are built |" in md


def test_consistent_answers_raise_no_question(session: Session) -> None:
    for answers in (
        {"deployment_target": "mobile", "model_approach": "fine_tune_open_model"},
        {"deployment_target": "cloud"},
    ):
        report = _report(session, answers)
        assert not [c for c in report.conflicts if c.kind == "answers"]
        assert report.summary is not None
        assert not report.summary.bullets[0].startswith("Check your answers")


def test_the_question_is_in_the_reports_language(session: Session) -> None:
    answers = {"data_volume": "none", "differentiators": ["proprietary_data"]}
    report = _report(session, answers, "zh")
    check = next(c for c in report.conflicts if c.kind == "answers")
    assert check.subject == "现有训练数据量、差异化优势"
    assert check.questions == ("data_volume", "differentiators")
    assert "专有数据" in check.detail
    assert report.summary is not None
    assert report.summary.bullets[0].startswith("请核对以下回答：")
    assert "需核对的回答" in render(report, "html")


@pytest.mark.parametrize("example", ["edtech_cn_pre_seed.json", "retail_minimal.yaml"])
def test_examples(session: Session, example: str) -> None:
    """The edtech example answers 'mobile' with a hosted API: the report asks; retail does not."""
    profile = load_answers_file(session.kb, ROOT / "examples" / example)
    report = assemble_report(session, profile, with_sensitivity=False)
    asked = [c.questions for c in report.conflicts if c.kind == "answers"]
    assert asked == ([("deployment_target", "model_approach")] if "edtech" in example else [])


def test_the_graph_links_the_rule_to_the_questions_it_checks(session: Session) -> None:
    assert related(session.graph, "rule/check_api_model_on_device", "checks") == [
        "question/deployment_target",
        "question/model_approach",
    ]


def test_the_questionnaires_review_shows_answers_to_check(session: Session) -> None:
    import io

    from advisor.advice.assemble import answers_to_check
    from advisor.answers.questionnaire import run_questionnaire

    out = io.StringIO()
    profile = run_questionnaire(
        session.kb,
        initial={"deployment_target": "mobile", "model_approach": "foundation_model_api"},
        check=lambda answers: answers_to_check(session, answers),
        interactive=False,
        stdin=io.StringIO("\n" * 60),  # every other question: its default; then accept
        stdout=out,
    )
    text = out.getvalue()
    head = text.index("Answers to check (they contradict each other):")
    assert head < text.index("Your answers:")
    assert "  ! Where the model runs, How models are built: The model is said to run on" in text
    assert profile.answers["deployment_target"] == "mobile"  # shown, not changed


def test_answers_to_check_is_empty_for_incomplete_or_invalid_answers(session: Session) -> None:
    from advisor.advice.assemble import answers_to_check

    assert answers_to_check(session, {"team_size": "many"}) == []
    assert answers_to_check(session, {"deployment_target": "browser"}, "zh")[0][0] == (
        "模型运行位置、模型构建方式"
    )
