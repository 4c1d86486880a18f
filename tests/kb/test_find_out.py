"""Each question says how a founder who is not sure finds its answer out (``find_out``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.errors import KnowledgeError
from advisor.kb.base import KnowledgeBase
from advisor.kb.load import load_knowledge

#: questions a founder cannot leave unknown, so they need no ``find_out``
NEVER_UNKNOWN = frozenset({"company_name"})

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: a half-width comma, period, semicolon, colon, ! or ? beside a Chinese character (brackets may
#: sit beside it: ``第5条第1款(ba)项`` cites a point as the law writes it)
_HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,.;:!?]|[,.;:!?][\u4e00-\u9fff]")
#: an ASCII space beside full-width punctuation
_SPACED = re.compile(r"[，。；：、（）“”！？] | [，。；：、（）“”！？]")


def find_out_problems(kb: KnowledgeBase) -> list[str]:
    """What is missing or mistyped in the questions' ``find_out`` texts."""
    problems: list[str] = []
    for q in kb.questions.values():
        if q.id in NEVER_UNKNOWN:
            continue
        if q.find_out is None:
            problems.append(f"{q.id}: no find_out")
            continue
        en, zh = q.find_out.en.strip(), q.find_out.zh.strip()
        if not en:
            problems.append(f"{q.id}: find_out.en is empty")
        if not zh:
            problems.append(f"{q.id}: find_out.zh is empty")
            continue
        if not _HAN.search(zh):
            problems.append(f"{q.id}: find_out.zh has no Chinese characters")
        if _HALF_WIDTH.search(zh):
            problems.append(f"{q.id}: find_out.zh has half-width punctuation beside Chinese")
        if _SPACED.search(zh):
            problems.append(f"{q.id}: find_out.zh has a space beside full-width punctuation")
        if _HAN.search(en):
            problems.append(f"{q.id}: find_out.en has Chinese characters")
    return problems


@pytest.fixture(scope="module")
def builtin() -> KnowledgeBase:
    return load_knowledge()


def test_every_question_but_the_name_says_how_to_find_its_answer(builtin: KnowledgeBase) -> None:
    assert find_out_problems(builtin) == []
    covered = [q.id for q in builtin.questions.values() if q.find_out is not None]
    assert len(covered) == len(builtin.questions) - len(NEVER_UNKNOWN)


def test_the_company_name_needs_none(builtin: KnowledgeBase) -> None:
    assert "company_name" in builtin.questions  # else NEVER_UNKNOWN names a stale id


def test_the_compute_prompt_no_longer_asks_for_0_when_unknown(builtin: KnowledgeBase) -> None:
    q = builtin.questions["training_compute_flops"]
    assert q.help is not None
    for text in (q.prompt.en, q.help.en):
        assert "unknown" not in text and "do not know" not in text, text
    for text in (q.prompt.zh, q.help.zh):
        assert "未知" not in text and "不清楚" not in text, text


def _question(**extra: Any) -> dict[str, Any]:
    return {
        "id": "team_size",
        "type": "int",
        "prompt": {"en": "How many people?", "zh": "团队多少人？"},
        "default": 3,
        **extra,
    }


@pytest.mark.parametrize(
    ("find_out", "problem"),
    [
        (None, "no find_out"),
        ({"en": "Ask payroll.", "zh": "Ask payroll."}, "no Chinese characters"),
        ({"en": "Ask payroll.", "zh": "问负责薪酬的人,看工资单."}, "half-width punctuation"),
        ({"en": "Ask payroll.", "zh": "问负责薪酬的人， 看工资单。"}, "space beside"),
    ],
)
def test_the_check_catches_a_missing_or_mistyped_text(
    build_file_tree: Callable[[Any], Path], find_out: dict[str, str] | None, problem: str
) -> None:
    question = _question() if find_out is None else _question(find_out=find_out)
    folder = build_file_tree({"questions.yaml": json.dumps({"questions": [question]})})
    kb = load_knowledge([folder], builtin=False)
    found = find_out_problems(kb)
    assert len(found) == 1 and problem in found[0], found


@pytest.mark.parametrize("blank", [{"en": "Ask payroll.", "zh": " "}, {"en": "", "zh": "问财务。"}])
def test_the_schema_refuses_a_blank_language(
    build_file_tree: Callable[[Any], Path], blank: dict[str, str]
) -> None:
    folder = build_file_tree(
        {"questions.yaml": json.dumps({"questions": [_question(find_out=blank)]})}
    )
    with pytest.raises(KnowledgeError, match="find_out"):
        load_knowledge([folder], builtin=False)


def test_a_well_written_text_passes(build_file_tree: Callable[[Any], Path]) -> None:
    question = _question(
        find_out={
            "en": "Ask whoever runs payroll; the payroll list gives the number.",
            "zh": "询问负责薪酬的人；工资单（含外包发票）即可给出第5条第1款(a)项所说的人数。",
        }
    )
    folder = build_file_tree({"questions.yaml": json.dumps({"questions": [question]})})
    kb = load_knowledge([folder], builtin=False)
    assert find_out_problems(kb) == []
    assert kb.questions["team_size"].find_out is not None
