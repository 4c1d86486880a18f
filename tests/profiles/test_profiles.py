"""Founder profiles as specifications (issue 11, item 8): each ``tests/profiles/*.yaml`` is a
founder's answers and what their report must and must not say (format: ``spec.py``).

The expectations are written from the book's frameworks and the product described, not from
the program's output. One knowledge session serves every profile (the ``session`` fixture).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor.advice.session import Session
from tests.profiles.spec import (
    ID_GROUPS,
    Built,
    Spec,
    SpecError,
    build,
    found_ids,
    leaders,
    load_spec,
    profile_files,
    split_pending,
    violations,
)

FILES = profile_files()


def test_there_are_at_least_fifteen_profiles() -> None:
    assert len(FILES) >= 15, [p.name for p in FILES]


def test_every_profile_is_a_valid_spec(session: Session) -> None:
    problems: list[str] = []
    for path in FILES:
        try:
            load_spec(session, path)
        except SpecError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_profile(session: Session, path: Path) -> None:
    spec = load_spec(session, path)
    broken, stale = split_pending(spec, violations(spec, build(session, spec)))
    broken += [f"pending {p!r} now holds: remove it from pending" for p in stale]
    if broken:
        pytest.fail(
            f"{path.name} ({spec.description}): {len(broken)} expectation(s) broken:\n  "
            + "\n  ".join(broken),
            pytrace=False,
        )


# ------------------------------------------------------------------ the runner fails loudly


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "probe.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ANSWERS = """\
description: probe
answers:
  industry: finance
  use_cases: [credit_scoring]
  model_approach: classical_ml
"""


def test_an_unknown_id_is_an_error_not_a_passing_exclude(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, ANSWERS + "expect:\n  risks: {exclude: [risk/prompt_injektion]}\n")
    with pytest.raises(SpecError) as info:
        load_spec(session, path)
    assert "probe.yaml" in str(info.value)
    assert "risk/prompt_injektion" in str(info.value)
    assert "not in the knowledge" in str(info.value)


def test_an_id_of_the_wrong_kind_is_an_error(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, ANSWERS + "expect:\n  risks: {include: [technique/quantization]}\n")
    with pytest.raises(SpecError, match="is a technique, expected a risk"):
        load_spec(session, path)


@pytest.mark.parametrize(
    ("tail", "needle"),
    [
        ("expect:\n  risk: {include: [risk/model_bias]}\n", "expect.risk: unknown key"),
        ("expect:\n  risks: {includes: [risk/model_bias]}\n", "expect.risks.includes"),
        ("expect:\n  ai_act: {level: high_risk}\n", "expect.ai_act.level"),
        ("expect:\n  ai_act: {tier: high}\n", "expect.ai_act.tier"),
        ("expect:\n  stance: stay\n", "expect.stance"),
        ("expect:\n  say: GPU\n", "expect.say"),
        ("expect:\n  roadmap_before: [stage/dpia]\n", "expect.roadmap_before"),
        ("expect: {}\nexpected: {}\n", "expected: unknown key"),
    ],
    ids=["group", "include", "ai_act_key", "ai_act_tier", "stance", "say", "roadmap", "top"],
)
def test_an_unknown_key_or_value_is_an_error(
    session: Session, tmp_path: Path, tail: str, needle: str
) -> None:
    with pytest.raises(SpecError, match=needle):
        load_spec(session, _write(tmp_path, ANSWERS + tail))


def test_answers_are_validated_like_an_answers_file(session: Session, tmp_path: Path) -> None:
    text = ANSWERS.replace("classical_ml", "gradient_boosting") + "expect: {}\n"
    with pytest.raises(SpecError, match="gradient_boosting"):
        load_spec(session, _write(tmp_path, text))


def test_every_broken_expectation_is_reported_at_once(session: Session, tmp_path: Path) -> None:
    """Expectations contrary to the report itself: each one shows up, not only the first."""
    spec = load_spec(session, _write(tmp_path, ANSWERS + "expect: {}\n"))
    built = build(session, spec)
    doc = built.document
    first_risk = doc["risks"][0]["id"]
    applies = found_ids(doc, "regulations")
    absent = next(n.id for n in session.kb.of_kind("regulation") if n.id not in applies)
    top = leaders(doc)[0]["id"]
    phrase = built.markdown.splitlines()[0][2:20]
    contrary = (
        ANSWERS
        + "expect:\n"
        + f"  risks: {{exclude: [{first_risk}]}}\n"
        + f"  regulations: {{include: [{absent}]}}\n"
        + f"  leaders: {{exclude: [{top}]}}\n"
        + f"  never_say: [{phrase!r}]\n"
        + "  say: [this sentence is in no report]\n"
    )
    broken = violations(load_spec(session, _write(tmp_path, contrary)), built)
    assert len(broken) == 5, broken
    assert any(first_risk in b for b in broken)
    assert any(absent in b for b in broken)
    assert any(top in b for b in broken)


def _directions(*rows: tuple[str, str, float, bool, bool | None]) -> dict[str, Any]:
    return {
        "profile": {"industry": "finance"},
        "pivot_margin": 10.0,
        "directions": [
            {"id": i, "rank": n, "industry": f"industry/{ind}", "score": score, "pivot": pivot}
            | ({"leader": leader} if leader is not None else {})
            for n, (i, ind, score, pivot, leader) in enumerate(rows, 1)
        ],
        "risks": [],
        "regulations": [],
    }


LEADS = Spec(name="x", description="x", answers={}, expect={"leaders_in_industry": True})


def test_a_leader_outside_the_industry_must_be_marked_as_a_pivot() -> None:
    doc = _directions(
        ("direction/a", "finance", 80.0, False, None),
        ("direction/b", "legal", 95.0, True, None),
        ("direction/c", "manufacturing", 99.0, False, None),
    )
    assert violations(LEADS, Built(doc, "")) == [
        "leaders: direction/c (#3, industry/manufacturing, 99.0) is outside industry/finance"
        " and not marked pivot: true"
    ]


def test_a_pivot_among_the_leaders_must_beat_the_industry_by_the_margin() -> None:
    doc = _directions(
        ("direction/a", "finance", 80.0, False, True),
        ("direction/b", "legal", 85.0, True, True),  # ahead, but by less than 10
        ("direction/c", "manufacturing", 99.0, True, False),  # not put forward as a leader
    )
    broken = violations(LEADS, Built(doc, ""))
    assert len(broken) == 1
    assert "direction/b" in broken[0]
    assert "pivot margin (10.0)" in broken[0]
    assert leaders(doc) == doc["directions"][:2]


def test_the_id_groups_cover_every_kind_that_states_its_products() -> None:
    from advisor.kb.fit import APPLIES_TO_KINDS

    assert set(APPLIES_TO_KINDS) <= set(ID_GROUPS.values())


def test_a_pending_expectation_is_excused_until_it_holds(session: Session) -> None:
    spec = Spec(
        name="x.yaml",
        description="d",
        answers={},
        expect={},
        pending=(("risks: risk/a missing", "known gap"), ("risks: risk/b missing", "closed")),
    )
    broken = ["risks: risk/a missing (the report has: ...)", "risks: risk/c missing"]
    left, stale = split_pending(spec, broken)
    assert left == ["risks: risk/c missing"]
    assert stale == ["risks: risk/b missing"]
