"""Settings are knowledge: the scoring's own points and reasons come from settings.yaml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.scoring import score_directions
from advisor.advice.session import Session
from advisor.errors import KnowledgeError
from advisor.kb.load import load_knowledge
from advisor.rules.conclusions import Conclusions

Build = Callable[[dict[str, Any]], Path]

OVERRIDE = """\
settings:
  scoring:
    founder_fit:
      base: 50
      industry_match:
        points: 5
        because: {en: "Home turf.", zh: 主场。}
        sources: [ch5.1]
      industry_mismatch:
        points: -5
        because: {en: "Away.", zh: 客场。}
        sources: [ch5.1]
      use_case_match:
        points: 1
        max_points: 2
        because: {en: "Builds on {use_cases}.", zh: "基于{use_cases}。"}
        sources: [ch5.1]
      roles_present:
        max_points: 0
        because: {en: "{have} of {need}.", zh: "{need}中的{have}。"}
        sources: [ch6.1]
"""


def test_the_builtin_settings_carry_every_scoring_block() -> None:
    settings = load_knowledge().settings
    assert settings.scoring is not None and settings.team is not None
    fit = settings.scoring.founder_fit
    assert fit is not None and fit.base == 40 and fit.industry_mismatch.points == -30
    assert settings.scoring.business_models is not None
    assert set(settings.scoring.weights) == {
        "market_need",
        "technical_feasibility",
        "commercial_potential",
        "founder_fit",
    }


def test_a_layer_replaces_the_founder_fit_points_and_reasons(build_file_tree: Build) -> None:
    kb = load_knowledge([build_file_tree({"settings.yaml": OVERRIDE})])
    out = Conclusions(facts={"industry": "finance", "use_cases": [], "team_roles": []})
    ranked = score_directions(kb, out, kb.weights)
    finance = next(s for s in ranked if s.id.startswith("direction/") and "credit" in s.id)
    assert finance.criteria["founder_fit"] == 55  # base 50 + 5, nothing else
    texts = [r.text.en for r in finance.criteria_reasons["founder_fit"]]
    assert texts[0] == "Home turf."
    other = next(s for s in ranked if "predictive_maintenance" in s.id)
    assert other.criteria["founder_fit"] == 45
    # weights and the other blocks still come from the built-in layer
    assert kb.settings.scoring is not None and kb.settings.scoring.business_models is not None
    assert kb.weights["founder_fit"] == 0.30


def test_a_reason_field_the_block_does_not_fill_is_refused_with_its_line(
    build_file_tree: Build,
) -> None:
    bad = OVERRIDE.replace("Builds on {use_cases}.", "Builds on {usecases}.")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge([build_file_tree({"settings.yaml": bad})])
    (problem,) = info.value.problems
    assert problem.line == 16 and problem.key.endswith("use_case_match.because.en")
    assert "{usecases}" in problem.message and "{use_cases}" in problem.allowed


def test_directions_without_founder_fit_settings_are_refused(build_file_tree: Build) -> None:
    nodes = """\
nodes:
  - id: industry/x
    title: {en: X, zh: 十}
    description: {en: X., zh: 十。}
    sources: [ch5.1]
  - id: need/x
    title: {en: X, zh: 十}
    description: {en: X., zh: 十。}
    sources: [ch5.1]
"""
    direction = """\
  - id: direction/x
    title: {en: X, zh: 十}
    description: {en: X., zh: 十。}
    sources: [ch5.1]
    industry: industry/x
    addresses: [need/x]
    criteria: {market_need: 50, technical_feasibility: 50, commercial_potential: 50}
"""
    kb = load_knowledge([build_file_tree({"a.yaml": nodes})], builtin=False)
    assert kb.settings.scoring is not None and kb.settings.scoring.founder_fit is None
    with pytest.raises(KnowledgeError) as info:
        load_knowledge([build_file_tree({"a.yaml": nodes + direction})], builtin=False)
    keys = {p.key for p in info.value.problems}
    assert {"settings.scoring.founder_fit", "settings.team", "settings.scoring.weights"} <= keys
    assert all("direction nodes" in p.message for p in info.value.problems)


def test_builtin_reasons_fill_each_language_with_its_own_title(session: Session) -> None:
    from advisor.advice.scoring import builtin_reason
    from advisor.kb.records import Bilingual

    team = session.kb.settings.team
    assert team is not None
    title = Bilingual(en="Credit scoring", zh="信用评分")
    role = Bilingual(en="Domain expert", zh="行业专家")
    reason = builtin_reason(
        "scoring/direction_needs_role", team.direction_needs_role, direction=title, role=role
    )
    assert "Credit scoring" in reason.text.en and "信用评分" in reason.text.zh
    assert "Domain expert" in reason.text.en and "行业专家" in reason.text.zh
    assert reason.sources == ("ch6.1",)
