"""Run one check fixture (tests/authoring/fixtures/checks/CODE-name/{fail,pass}): its problems."""

from __future__ import annotations

from pathlib import Path

from advisor.advice.session import Session
from advisor.answers.profile import load_answers_file
from advisor.authoring.lint import lint
from advisor.errors import InputErrors, Problem
from advisor.kb.checkids import Family, check_of
from advisor.kb.load import load_knowledge

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checks"
BASE = FIXTURES / "_base"


def fixture_problems(folder: Path) -> tuple[Family, list[Problem]]:
    """Load a fixture folder: a knowledge layer on top of ``_base``, or an answers file."""
    answers = [p for p in folder.iterdir() if p.name.startswith("answers.")]
    if answers:
        kb = load_knowledge([BASE], builtin=False, cache=False)
        try:
            load_answers_file(kb, answers[0])
        except InputErrors as exc:
            return "answers", list(exc.problems)
        return "answers", []
    try:
        kb = load_knowledge([BASE, folder], builtin=False, cache=False)
    except InputErrors as exc:
        return "knowledge", list(exc.problems)
    return "knowledge", lint(Session(kb))


def codes_of(folder: Path) -> list[str]:
    family, problems = fixture_problems(folder)
    return [check_of(p, family).code for p in problems]
