"""A roadmap that can happen: stages in the order their dependencies demand, compliance work that
can start early shown as preparation, and the release checked against the runway."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.sections.roadmap import WEEKS_PER_MONTH
from advisor.answers.profile import build_profile
from advisor.errors import KnowledgeError
from advisor.files.yamlio import load_yaml_file
from advisor.kb.load import load_knowledge
from advisor.report.model import Report

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

Build = Callable[[dict[str, Any]], Path]


def example(name: str, **changes: Any) -> dict[str, Any]:
    answers = dict(load_yaml_file(EXAMPLES / f"{name}.yaml").data)
    answers.update(changes)
    return answers


def report_of(session: Any, answers: dict[str, Any], lang: str = "en") -> Report:
    profile = build_profile(session.kb, answers, use_defaults=True)
    return assemble_report(session, profile, lang=lang, with_sensitivity=False)  # type: ignore[arg-type]


def weeks(report: Report) -> dict[str, tuple[int, int]]:
    return {i.id: (i.start_week, i.end_week) for i in report.roadmap}


# ------------------------------------------------------------------ dependency order


def test_conformity_assessment_and_fria_wait_for_a_system_that_exists(session: Any) -> None:
    w = weeks(report_of(session, example("fintech_credit_series_a")))
    assert "stage/conformity_assessment" in w and "stage/fria" in w
    # today's bug: both started at week 0, before any model existed
    assert w["stage/conformity_assessment"][0] >= w["stage/integration_testing"][1]
    assert w["stage/fria"][0] >= w["stage/model_evaluation"][1]
    assert w["stage/model_training"][0] >= w["stage/data_processing"][1]
    # and both come before the market entry
    assert w["stage/conformity_assessment"][1] <= w["stage/staged_rollout"][0]
    assert w["stage/fria"][1] <= w["stage/staged_rollout"][0]


def test_dpia_comes_before_the_processing_it_assesses(session: Any) -> None:
    w = weeks(report_of(session, example("fintech_credit_series_a")))
    assert w["stage/dpia"][1] <= w["stage/data_collection"][0]
    assert w["stage/dpia"][0] >= w["stage/requirements"][1]


def test_every_item_starts_after_the_stages_it_names(session: Any) -> None:
    for name in ("fintech_credit_series_a", "healthcare_eu_seed", "hr_screening_eu_seed"):
        report = report_of(session, example(name))
        w = weeks(report)
        for item in report.roadmap:
            for before in item.after:
                assert w[before][1] <= item.start_week, (name, before, item.id)


# ------------------------------------------------------------------ preparation vs gated step


def test_compliance_work_that_can_start_early_is_preparation(session: Any) -> None:
    report = report_of(session, example("fintech_credit_series_a"))
    items = {i.id: i for i in report.roadmap}
    ca = items["stage/conformity_assessment"]
    assert ca.prepare_from_week == items["stage/requirements"].end_week
    assert ca.prepare_from_week is not None and ca.prepare_from_week < ca.start_week
    assert any("Annex IV" in p for p in ca.preparation)
    # a stage with nothing to prepare shows none
    assert items["stage/model_training"].prepare_from_week is None
    assert items["stage/model_training"].preparation == ()


def test_preparation_is_rendered_apart_from_the_gated_step(session: Any) -> None:
    from advisor.report.render import render

    md = render(report_of(session, example("fintech_credit_series_a")), "md")
    assert "### Can start early" in md
    ca = next(
        i
        for i in report_of(session, example("fintech_credit_series_a")).roadmap
        if i.id == "stage/conformity_assessment"
    )
    assert (
        f"preparation from week {ca.prepare_from_week}, the gated step from week {ca.start_week}"
        in md
    )


# ------------------------------------------------------------------ runway


def test_a_release_inside_the_runway_fits_but_the_first_iteration_is_flagged(
    session: Any,
) -> None:
    report = report_of(session, example("healthcare_eu_seed"))  # 14 months
    check = report.runway_check
    assert check is not None
    assert check.runway_weeks == int(14 * WEEKS_PER_MONTH)
    release = weeks(report)["stage/staged_rollout"][1]
    assert check.release_week == release and check.fits is (release <= check.runway_weeks)
    assert "stage/iteration_evaluation" in check.after_runway
    last = weeks(report)["stage/iteration_evaluation"][1]
    fund = [c for c in check.cuts if c.action == "fund"]
    assert fund and fund[0].weeks == last - check.runway_weeks
    assert f"runs to week {last}" in check.summary


def test_a_release_after_the_runway_is_warned_and_cut(session: Any) -> None:
    report = report_of(session, example("healthcare_eu_seed", runway_months=9))
    check = report.runway_check
    assert check is not None and not check.fits
    assert check.release_week > check.runway_weeks
    assert "after the cash runs out" in check.summary
    drops = [c for c in check.cuts if c.action == "drop"]
    assert {c.stage for c in drops} >= {"stage/customer_pilot"}
    assert all(c.weeks > 0 and c.text for c in drops)
    # the cuts add up: the release moves by the weeks each saves
    assert check.release_week_after_cuts == check.release_week - sum(c.weeks for c in drops)
    # clinical validation is what regulators require: never offered as a cut
    assert "stage/clinical_validation" not in {c.stage for c in check.cuts}
    assert check.cuts[-1].action == "fund"


def test_a_plan_that_fits_says_so_and_cuts_nothing(session: Any) -> None:
    check = report_of(session, example("fintech_credit_series_a")).runway_check
    assert check is not None and check.fits and check.cuts == () and check.after_runway == ()


def test_no_runway_no_check(session: Any) -> None:
    assert report_of(session, example("healthcare_eu_seed", runway_months=0)).runway_check is None


def test_runway_check_in_chinese(session: Any) -> None:
    check = report_of(session, example("healthcare_eu_seed", runway_months=9), "zh").runway_check
    assert check is not None and "资金耗尽" in check.summary


# ------------------------------------------------------------------ the order is validated


STAGE = """nodes:
  - id: stage/zz_extra
    title: {{en: Extra, zh: 额外}}
    description: {{en: An extra stage., zh: 额外阶段。}}
    sources: [ch6.2]
    phase: testing
    duration_weeks: 1
    activities: [{{en: Do it., zh: 做。}}]
    {field}
"""


def load_problems(build: Build, field: str) -> list[str]:
    layer = build({"extra.yaml": STAGE.format(field=field)})
    with pytest.raises(KnowledgeError) as info:
        load_knowledge([layer], cache=False)
    return [str(p) for p in info.value.problems]


def test_an_unknown_stage_in_after_is_a_precise_error(build_file_tree: Build) -> None:
    (msg,) = load_problems(build_file_tree, "after: [stage/integration_testin]")
    assert "extra.yaml:" in msg
    assert "'stage/integration_testin' names no node" in msg
    assert "stage/integration_testing" in msg


def test_a_cycle_through_after_is_an_error(build_file_tree: Build) -> None:
    found = load_problems(
        build_file_tree, "after: [stage/staged_rollout]\n    precedes: [stage/model_training]"
    )
    assert any("forms a cycle" in p and "stage/zz_extra" in p for p in found)


def test_preparation_needs_what_to_prepare(build_file_tree: Build) -> None:
    found = load_problems(build_file_tree, "prepare_after: stage/requirements")
    assert any("prepare_after needs preparation" in p for p in found)


def test_the_fund_step_says_what_the_release_itself_still_lacks(session: Any) -> None:
    report = report_of(session, example("healthcare_eu_seed", runway_months=9))
    check = report.runway_check
    assert check is not None
    short = check.release_week_after_cuts - check.runway_weeks
    assert short > 0
    (fund,) = [c for c in check.cuts if c.action == "fund"]
    assert f"needs {short} more weeks" in fund.text
    assert fund.weeks >= short


def test_the_summary_names_the_runway_in_the_founders_months(session: Any) -> None:
    check = report_of(session, example("healthcare_eu_seed", runway_months=9)).runway_check
    assert check is not None
    assert f"week {check.runway_weeks} (9 months)" in check.summary
