"""Every problem the advisor reports has a stable, documented check id (advisor.kb.checkids).

Each check has a failing and a passing fixture under tests/authoring/fixtures/checks/CODE-name/
(a knowledge layer on top of ``_base``, or an answers file against it), like ansible-lint's
rules; the few whose failing input cannot sit in a file are made here. The bad-input corpus
(tests/bad_inputs) must map to named checks only, so a new message cannot go without an id.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.advice.session import Session
from advisor.advice.whatif import apply_settings
from advisor.answers.profile import Profile, build_profile, load_answers_file
from advisor.authoring.coverage import coverage
from advisor.authoring.lint import lint
from advisor.errors import InputErrors, Problem
from advisor.kb.checkids import CATALOG, UNCLASSIFIED, Family, by_code, check_of
from advisor.kb.load import load_knowledge
from tests.authoring.checkfixtures import BASE, FIXTURES, codes_of, fixture_problems

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "bad_inputs"
DOCS = ROOT / "docs" / "knowledge-authors.md"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _problems(fn: object) -> list[Problem]:
    try:
        fn()  # type: ignore[operator]
    except InputErrors as exc:
        return list(exc.problems)
    return []


def _base_kb():  # type: ignore[no-untyped-def]
    return load_knowledge([BASE], builtin=False, cache=False)


def _inline_codes(code: str, tmp_path: Path) -> list[str]:
    """The checks whose failing input is made here rather than stored as a fixture."""
    kb = _base_kb()
    family: Family = "knowledge"
    if code == "ADV001":
        family = "answers"
        found = _problems(lambda: load_answers_file(kb, tmp_path / "missing.yaml"))
    elif code == "ADV005":
        family = "answers"
        found = _problems(lambda: load_answers_file(kb, CORPUS / "answers" / "deep.json"))
    elif code == "ADV110":
        reg = (FIXTURES / "ADV302-stale-law" / "fail" / "kb.yaml").read_text(encoding="utf-8")
        reg = reg.replace(
            "    as_of: 2020-01-01\n",
            "    as_of: 2020-01-01\n"
            "    effective_from: 2025-01-01\n    effective_until: 2024-01-01\n",
        )
        layer = tmp_path / "layer"
        layer.mkdir()
        (layer / "kb.yaml").write_text(reg, encoding="utf-8")
        found = _problems(lambda: load_knowledge([BASE, layer], builtin=False, cache=False))
    elif code == "ADV208":
        found = _problems(
            lambda: load_knowledge([CORPUS / "knowledge" / "stage_cycle"], cache=False)
        )
    elif code == "ADV308":
        scenarios = tmp_path / "s.yaml"
        scenarios.write_text(
            "scenarios:\n  - rule: rule/base\n    fires: [{industry: health}]\n",
            encoding="utf-8",
        )
        found = coverage(kb, Session(kb).engine, [scenarios]).missed_branches
    elif code == "ADV402":
        family = "answers"
        found = _problems(lambda: build_profile(kb, {}, use_defaults=False))
    elif code == "ADV404":
        family = "answers"
        profile = Profile({})
        found = _problems(lambda: apply_settings(Session(kb), profile, ["team_size"]))
    else:
        raise AssertionError(f"{code} has no fixture and no inline case")
    return [check_of(p, family).code for p in found]


INLINE = ("ADV001", "ADV005", "ADV110", "ADV208", "ADV308", "ADV402", "ADV404")


@pytest.mark.parametrize("case", CASES)
def test_the_failing_fixture_reports_its_check(case: str) -> None:
    code = case.split("-")[0]
    assert code in codes_of(FIXTURES / case / "fail")


@pytest.mark.parametrize("case", CASES)
def test_the_passing_fixture_reports_nothing(case: str) -> None:
    family, found = fixture_problems(FIXTURES / case / "pass")
    assert found == [], [f"{check_of(p, family).label}: {p}" for p in found]


@pytest.mark.parametrize("code", INLINE)
def test_checks_without_a_fixture_file_are_made_inline(code: str, tmp_path: Path) -> None:
    assert code in _inline_codes(code, tmp_path)


def test_every_check_has_fixtures_and_every_fixture_names_a_check() -> None:
    named = {c.code: c.name for c in CATALOG}
    for case in CASES:
        code, _, name = case.partition("-")
        assert named.get(code) == name, (
            f"fixture {case}: the catalog calls {code} {named.get(code)}"
        )
        assert (FIXTURES / case / "fail").is_dir() and (FIXTURES / case / "pass").is_dir()
    covered = {c.split("-")[0] for c in CASES} | set(INLINE)
    assert sorted(set(named) - covered) == []


def test_codes_are_unique_and_well_formed() -> None:
    codes = [c.code for c in CATALOG]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"ADV\d{3}", c) for c in codes)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.name) for c in CATALOG)
    assert UNCLASSIFIED.code not in codes


def test_every_check_is_documented_with_its_fixtures() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [c.label for c in CATALOG if f"`{c.code}` | `{c.name}`" not in text]
    assert missing == []


@pytest.mark.parametrize(
    "case", sorted(p.name for p in (CORPUS / "knowledge").iterdir() if p.is_dir())
)
def test_every_bad_knowledge_problem_has_a_named_check(case: str) -> None:
    found = _problems(lambda: load_knowledge([CORPUS / "knowledge" / case], cache=False))
    assert found, case
    unnamed = [str(p) for p in found if check_of(p, "knowledge") is UNCLASSIFIED]
    assert unnamed == [], "add a check (or a pattern) to advisor/kb/checkids.py"


@pytest.mark.parametrize(
    "case",
    sorted(p.name for p in (CORPUS / "answers").iterdir() if not p.name.endswith(".expect")),
)
def test_every_bad_answers_problem_has_a_named_check(case: str, session) -> None:  # type: ignore[no-untyped-def]
    found = _problems(lambda: load_answers_file(session.kb, CORPUS / "answers" / case))
    assert found, case
    unnamed = [str(p) for p in found if check_of(p, "answers") is UNCLASSIFIED]
    assert unnamed == [], "add a check (or a pattern) to advisor/kb/checkids.py"


def test_a_problem_and_its_check_agree_on_the_level() -> None:
    for case in CASES:
        family, found = fixture_problems(FIXTURES / case / "fail")
        for p in found:
            assert check_of(p, family).level == p.severity, f"{case}: {p}"


def test_kb_validate_and_kb_lint_agree_on_what_is_a_warning() -> None:
    """Every load warning (what `kb validate` prints) is in `kb lint`, and lint adds warnings
    only: the same problem is never an error in one and a warning in the other."""
    for case in CASES:
        layer = FIXTURES / case / "fail"
        if any(p.name.startswith("answers.") for p in layer.iterdir()):
            continue
        try:
            kb = load_knowledge([BASE, layer], builtin=False, cache=False)
        except InputErrors:
            continue
        linted = lint(Session(kb))
        assert set(kb.warnings) <= set(linted), case
        assert all(p.severity == "warning" for p in linted), case
        assert all(by_code(check_of(p).code).level == "warning" for p in linted), case


def test_the_built_in_knowledge_lints_with_named_checks(session) -> None:  # type: ignore[no-untyped-def]
    assert all(check_of(p) is not UNCLASSIFIED for p in lint(session))
