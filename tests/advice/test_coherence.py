"""Coherence checks: a claim one section of the report makes that another contradicts is resolved
or shown under "Answers to check"; legal calls rest on answers, or say what they assume."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.coherence import coherence_conflicts
from advisor.answers.profile import build_profile
from advisor.errors import KnowledgeError
from advisor.files.yamlio import load_yaml_file
from advisor.kb.load import load_knowledge
from advisor.report.model import Report
from advisor.report.render import render

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIT = "coherence_check/fit_counts_expert_team_lacks"
TALENT = "coherence_check/research_talent_for_applied_team"
LEGAL = "coherence_check/legal_call_on_assumed_individuals"

Build = Callable[[dict[str, Any]], Path]


def fintech(**changes: Any) -> dict[str, Any]:
    answers = dict(load_yaml_file(EXAMPLES / "fintech_credit_series_a.yaml").data)
    answers.update(changes)
    return answers


def report_of(session: Any, answers: dict[str, Any], lang: str = "en") -> Report:
    profile = build_profile(session.kb, answers, use_defaults=True)
    return assemble_report(session, profile, lang=lang, with_sensitivity=False)  # type: ignore[arg-type]


def checks(report: Report) -> set[str]:
    return {r for c in report.conflicts if c.kind == "findings" for r in c.rules}


# ------------------------------------------------------------------ founder fit vs team gaps


def test_founder_fit_counting_expertise_the_team_lacks_is_shown_to_check(session: Any) -> None:
    report = report_of(session, fintech(differentiators=["domain_expertise"]))
    assert "role/domain_expert" in {g.id for g in report.team.gaps}
    assert FIT in checks(report)
    (conflict,) = [c for c in report.conflicts if FIT in c.rules]
    assert conflict.subject == "What sets you apart, Roles on the team"
    assert conflict.questions == ("differentiators", "team_roles")
    assert "domain expert" in conflict.detail


def test_no_fit_conflict_when_the_team_has_the_expert(session: Any) -> None:
    roles = ["ceo", "cto", "ml_engineer", "data_scientist", "domain_expert"]
    report = report_of(session, fintech(differentiators=["domain_expertise"], team_roles=roles))
    assert "role/domain_expert" not in {g.id for g in report.team.gaps}
    assert FIT not in checks(report)


def test_no_fit_conflict_when_the_fit_rests_on_data_not_expertise(session: Any) -> None:
    # the example's fit rests on proprietary data; the team still lacks a domain expert
    report = report_of(session, fintech())
    assert "role/domain_expert" in {g.id for g in report.team.gaps}
    assert FIT not in checks(report)


# ------------------------------------------------------------------ case lessons vs the team


def test_case_lessons_do_not_credit_research_talent_to_a_classical_ml_team(session: Any) -> None:
    report = report_of(session, fintech())  # 28 people, classical ML, no novel algorithms
    present = {c.factor for c in report.case_lessons if c.present}
    assert "success_factor/world_class_research_talent" not in present
    research = report_of(session, fintech(differentiators=["novel_algorithms"]))
    present = {c.factor for c in research.case_lessons if c.present}
    assert "success_factor/world_class_research_talent" in present


def test_research_talent_claimed_for_an_applied_team_is_a_conflict(session: Any) -> None:
    findings = {"finding_case_factors": ["success_factor/world_class_research_talent"]}
    applied = {"model_approach": "classical_ml", "differentiators": ["proprietary_data"]}
    assert [c.rules for c in coherence_conflicts(session, applied, findings, "en")] == [(TALENT,)]
    novel = {**applied, "differentiators": ["novel_algorithms"]}
    assert coherence_conflicts(session, novel, findings, "en") == []
    lab = {"model_approach": "train_from_scratch", "differentiators": []}
    assert coherence_conflicts(session, lab, findings, "en") == []


# ------------------------------------------------------------------ legal calls and assumptions


def test_credit_scoring_is_not_silently_assumed_free_of_profiling(session: Any) -> None:
    report = report_of(session, fintech())
    assert not any(a.startswith("Profiles people:") for a in report.assumptions)
    assert "profiling" not in report.profile
    assert session.engine.run(report.profile).facts.get("profiles_people") is True


def test_a_legal_call_on_who_is_scored_states_its_assumption(session: Any) -> None:
    report = report_of(session, fintech())
    assert "Who the decisions are about: Individuals" in report.assumptions
    assert LEGAL in checks(report)
    md = render(report, "md")
    assert "because the report assumes your scores are about individuals" in md


def test_answering_who_is_scored_settles_it(session: Any) -> None:
    people = report_of(session, fintech(decisions_about="individuals"))
    assert LEGAL not in checks(people)
    ai_act = next(r for r in people.regulations if r.id == "regulation/eu_ai_act")
    assert ai_act.tier == "high_risk"


def test_scoring_businesses_is_not_annex_iii_credit_scoring(session: Any) -> None:
    firms = report_of(session, fintech(decisions_about="businesses"))
    assert LEGAL not in checks(firms)
    fired = {t.rule for t in firms.trace}
    assert "rule/reg_ai_act_annex_iii_5b_credit" not in fired
    assert "rule/reg_ai_act_profiling" not in fired
    # the founder is now asked whether the system profiles anyone, and the default says so
    assert "Profiles people: no" in firms.assumptions


def test_coherence_conflicts_in_chinese(session: Any) -> None:
    report = report_of(session, fintech(), "zh")
    (conflict,) = [c for c in report.conflicts if LEGAL in c.rules]
    assert "个人" in conflict.detail


# ------------------------------------------------------------------ the checks are validated


CHECK = """nodes:
  - id: coherence_check/zz_bad
    title: {{en: Bad, zh: 坏}}
    description: {{en: A bad check., zh: 坏的检查。}}
    sources: [ch6.1]
    when: {when}
    questions: [{questions}]
"""


def load_problems(build: Build, when: str, questions: str) -> list[str]:
    layer = build({"c.yaml": CHECK.format(when=when, questions=questions)})
    with pytest.raises(KnowledgeError) as info:
        load_knowledge([layer], cache=False)
    return [str(p) for p in info.value.problems]


def test_a_check_reading_an_unknown_fact_is_a_precise_error(build_file_tree: Build) -> None:
    (msg,) = load_problems(
        build_file_tree, "{fact: finding_team_gap, contains: role/cto}", "team_roles"
    )
    assert "c.yaml:" in msg and "reads unknown fact 'finding_team_gap'" in msg
    assert "finding_team_gaps" in msg


def test_a_check_naming_an_unknown_question_is_a_precise_error(build_file_tree: Build) -> None:
    (msg,) = load_problems(
        build_file_tree, "{fact: finding_team_gaps, contains: role/cto}", "team_role"
    )
    assert "'team_role' is not a question id" in msg and "team_roles" in msg


def test_a_check_compares_answers_with_their_own_values(build_file_tree: Build) -> None:
    found = load_problems(build_file_tree, "{fact: model_approach, eq: clasical_ml}", "team_roles")
    assert any("clasical_ml" in p for p in found)


def test_a_medical_device_by_use_case_contradicting_the_product_answer_is_shown(
    session: Any,
) -> None:
    answers = dict(load_yaml_file(EXAMPLES / "healthcare_eu_seed.yaml").data)
    device = "coherence_check/medical_device_but_no_annex_i_product"
    assert device in checks(report_of(session, answers))  # diagnosis support, annex_i_product: none
    answered = report_of(session, {**answers, "annex_i_product": "medical_devices"})
    assert device not in checks(answered)
    documentation_only = {**answers, "use_cases": ["document_processing"]}
    assert device not in checks(report_of(session, documentation_only))


def test_a_big_budget_for_tree_ensembles_is_not_frontier_compute_access(session: Any) -> None:
    scorer = report_of(session, fintech())  # substantial budget, classical ML
    assert "success_factor/compute_access" not in {
        c.factor for c in scorer.case_lessons if c.present
    }
    trainer = report_of(session, fintech(model_approach="fine_tune_open_model"))
    assert "success_factor/compute_access" in {c.factor for c in trainer.case_lessons if c.present}
