"""Each question's help says how to answer it, and the questionnaire names its sources."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.answers.questionnaire import run_questionnaire
from advisor.kb.base import KnowledgeBase
from advisor.kb.load import load_knowledge

#: A book reference a founder cannot use: ``ch5.1``, ``(ch1.4, ch5.1)``, ``第8.1节``.
CHAPTER_REF = re.compile(r"\bch\d+(\.\d+)*\b|第\d+(\.\d+)*[、，]?[\d.、]*[节章]")


@pytest.fixture(scope="module")
def builtin() -> KnowledgeBase:
    return load_knowledge()


def test_every_question_has_help_in_both_languages(builtin: KnowledgeBase) -> None:
    missing = [q.id for q in builtin.questions.values() if q.help is None]
    assert not missing
    for q in builtin.questions.values():
        assert q.help is not None and q.help.en.strip() and q.help.zh.strip(), q.id


def test_no_help_or_prompt_points_to_a_book_chapter(builtin: KnowledgeBase) -> None:
    for q in builtin.questions.values():
        texts = [q.prompt.en, q.prompt.zh]
        if q.help is not None:
            texts += [q.help.en, q.help.zh]
        for text in texts:
            assert not CHAPTER_REF.search(text), (q.id, text)


def test_chinese_help_has_no_space_after_chinese_punctuation(builtin: KnowledgeBase) -> None:
    for q in builtin.questions.values():
        assert q.help is not None
        assert not re.search(r"[，。；：、（）“”！？]\s", q.help.zh), (q.id, q.help.zh)


def test_training_compute_help_explains_the_estimate(builtin: KnowledgeBase) -> None:
    h = builtin.questions["training_compute_flops"].help
    assert h is not None
    assert "6 x parameters x training tokens" in h.en and "8.4e22" in h.en
    assert "0 if you only call an API" in h.en
    assert "6×参数量×训练token数" in h.zh and "8.4e22" in h.zh


@pytest.mark.parametrize(
    ("qid", "words"),
    [
        ("runway_months", ["monthly net burn", "12"]),
        ("team_size", ["founders included"]),
        ("latency_budget_ms", ["100-300 ms", "2000 ms"]),
    ],
)
def test_number_questions_say_how_to_estimate(
    builtin: KnowledgeBase, qid: str, words: list[str]
) -> None:
    h = builtin.questions[qid].help
    assert h is not None
    for word in words:
        assert word in h.en, (qid, word)


QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "team_size",
        "type": "int",
        "prompt": {"en": "How many people?", "zh": "团队多少人？"},
        "help": {"en": "Count full-time people.", "zh": "按全职人数计算。"},
        "default": 3,
        "min": 1,
        "sources": ["ch6.1", "ch10", {"title": "EU AI Act", "article": "Art. 6(3)"}],
    },
    {
        "id": "runway",
        "type": "int",
        "prompt": {"en": "Runway?", "zh": "资金能撑几个月？"},
        "default": 12,
        "min": 0,
        "sources": ["appendix.A2"],
    },
    {
        "id": "name",
        "type": "text",
        "prompt": {"en": "Name?", "zh": "名称？"},
        "default": "Acme",
    },
]


@pytest.fixture
def kb(build_file_tree: Callable[[Any], Path]) -> KnowledgeBase:
    folder = build_file_tree({"questions.yaml": json.dumps({"questions": QUESTIONS})})
    return load_knowledge([folder], builtin=False)


def _transcript(kb: KnowledgeBase, lang: str) -> str:
    out = io.StringIO()
    run_questionnaire(kb, stdin=io.StringIO("\n\n\n"), stdout=out, review=False, lang=lang)
    return out.getvalue()


def test_the_source_line_follows_the_help(kb: KnowledgeBase) -> None:
    out = _transcript(kb, "en")
    assert (
        "How many people?\n  Count full-time people.\n"
        "  Source: book ch6.1; book ch10; EU AI Act Art. 6(3)\n"
    ) in out
    assert "Runway?\n  Source: book appendix A2\n" in out
    assert "Name?\nYour answer" in out  # no sources: no Source line


def test_the_source_line_speaks_chinese(kb: KnowledgeBase) -> None:
    out = _transcript(kb, "zh")
    assert "  按全职人数计算。\n  来源：本书第6.1节；本书第10章；EU AI Act Art. 6(3)\n" in out
    assert "  来源：本书附录A2\n" in out


def test_the_builtin_questionnaire_shows_law_and_book_sources(builtin: KnowledgeBase) -> None:
    out = io.StringIO()
    typed = io.StringIO("Acme\n" + "\n" * 60)
    run_questionnaire(builtin, stdin=typed, stdout=out, review=False)
    text = out.getvalue()
    assert "  Source: book ch1.4; book ch5.1\n" in text
    assert "  Source: EU AI Act Art. 53(2)\n" not in text  # asked only for a general-purpose model
    assert "  Source: GDPR Art. 4(4); EU AI Act Art. 6(3)\n" in text


# --- the review list wraps long questions -----------------------------------------------------

LONG = (
    "Does the system only do a narrow procedural or preparatory task, or check a decision a "
    "person already made, without shaping the decision itself?"
)
LONG_ZH = "系统是否只执行狭窄的程序性或准备性任务，或仅复核他人已作出的决定，而不影响决定本身？"


def _columns(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_review_list_wraps_a_long_question_under_its_number(
    build_file_tree: Callable[[Any], Path], lang: str
) -> None:
    questions = [
        {"id": "narrow", "type": "bool", "prompt": {"en": LONG, "zh": LONG_ZH}, "default": True},
        {
            "id": "name",
            "type": "text",
            "prompt": {"en": "Name?", "zh": "名称？"},
            "default": "Acme",
        },
    ]
    folder = build_file_tree({"questions.yaml": json.dumps({"questions": questions})})
    kb = load_knowledge([folder], builtin=False)
    out = io.StringIO()
    run_questionnaire(kb, stdin=io.StringIO("\n\n\n"), stdout=out, review=True, lang=lang)
    listed = out.getvalue().split("\n\n")[-1].splitlines()
    first = next(i for i, line in enumerate(listed) if line.startswith("  1. "))
    wrapped = listed[first : listed.index(next(x for x in listed if x.startswith("  2. ")))]
    assert len(wrapped) > 1  # not cut, not one overlong line
    assert all(_columns(line) <= 80 for line in wrapped), wrapped
    assert all(line.startswith("     ") for line in wrapped[1:])  # under the question's text
    joined = (" " if lang == "en" else "").join(
        line.strip()[3 * (i == 0) :] for i, line in enumerate(wrapped)
    )
    assert joined.startswith(LONG if lang == "en" else LONG_ZH)


# --- `advisor ask`: the -o default and the Ctrl-C hint ---------------------------------------


def test_ask_help_states_the_real_default_of_o(capsys: pytest.CaptureFixture[str]) -> None:
    from advisor.cli import main

    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "[default: report.md, or report.FORMAT with --format]" in text


def test_ctrl_c_hint_keeps_o_format_and_lang(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from advisor.answers import questionnaire
    from advisor.cli import main

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(questionnaire, "run_questionnaire", interrupted)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    save = tmp_path / "a.yaml"
    with pytest.raises(SystemExit) as info:
        main(["ask", "--save", str(save), "-o", "r.html", "--format", "html", "--lang", "zh"])
    assert info.value.code == 130
    err = " ".join(capsys.readouterr().err.split())
    assert f"advisor ask --resume --save {save} -o r.html --format html --lang zh" in err
