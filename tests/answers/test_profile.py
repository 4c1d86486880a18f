from __future__ import annotations

from typing import Any

import pytest

from advisor.answers.profile import build_profile, parse_text_answer
from advisor.errors import AnswersError
from advisor.kb.coercion import coerce_answer
from advisor.kb.records import Question
from advisor.kb.schema import parse_question


def q(**kw: Any) -> Question:
    base: dict[str, Any] = {"id": "x", "type": "text", "prompt": {"en": "X?", "zh": "X？"}}
    return parse_question({**base, **kw})


CHOICES = [{"value": v, "label": {"en": v, "zh": v}} for v in ("a", "b", "none")]


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        (q(type="int", min=1, max=9), 3, 3),
        (q(type="int"), 4.0, 4),
        (q(type="float", min=0), 1, 1.0),
        (q(type="bool"), False, False),
        (q(type="choice", choices=CHOICES), "b", "b"),
        (q(type="multi", choices=CHOICES), ["a", "b", "a"], ["a", "b"]),
        (q(type="multi", choices=CHOICES), "a", ["a"]),
        (q(type="text"), "  hi  ", "hi"),
    ],
)
def test_valid_answers_are_canonicalised(question: Question, value: Any, expected: Any) -> None:
    assert coerce_answer(question, value) == expected


@pytest.mark.parametrize(
    ("question", "value", "fragment"),
    [
        (q(type="int", min=1), 0, "below the minimum 1"),
        (q(type="int"), 2.5, "expected an integer"),
        (q(type="int"), True, "expected an integer"),
        (q(type="float"), float("inf"), "finite"),
        (q(type="bool"), "yes", "expected true or false"),
        (q(type="choice", choices=CHOICES), "c", "'c' is not one of the choices"),
        (q(type="multi", choices=CHOICES), ["a", "none"], "'none' cannot be combined"),
        (q(type="text", pattern="[a-z]+"), "ABC", "does not match"),
        (q(type="text", max_length=3), "abcd", "at most 3"),
        (q(type="text"), "a\x07b", "control characters"),
    ],
)
def test_invalid_answers_say_why(question: Question, value: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        coerce_answer(question, value)


@pytest.mark.parametrize(
    ("question", "typed", "expected"),
    [
        (q(type="int"), "1,200", 1200),
        (q(type="float"), "1e25", 1e25),
        (q(type="bool"), "Y", True),
        (q(type="bool"), "否", False),
        (q(type="choice", choices=CHOICES), "2", "b"),
        (q(type="multi", choices=CHOICES), "1, b", ["a", "b"]),
    ],
)
def test_typed_answers_are_parsed(question: Question, typed: str, expected: Any) -> None:
    assert parse_text_answer(question, typed) == expected


def test_profile_uses_defaults_and_records_them(session: Any) -> None:
    profile = build_profile(session.kb, {"industry": "legal"})
    assert profile.answers["industry"] == "legal"
    assert "team_size" in profile.defaulted and "industry" not in profile.defaulted


def test_profile_reports_every_problem_at_once(session: Any) -> None:
    with pytest.raises(AnswersError) as info:
        build_profile(session.kb, {"industry": "mars", "team_size": -1, "colour": "red"})
    keys = {p.key for p in info.value.problems}
    assert keys == {"industry", "team_size", "colour"}


def test_without_defaults_missing_answers_are_problems(session: Any) -> None:
    with pytest.raises(AnswersError, match="is missing and has no default"):
        build_profile(session.kb, {}, use_defaults=False)
