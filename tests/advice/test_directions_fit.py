"""Directions that fit the founder: stay or pivot said out loud, signed reasons, said once.

Issue 11, items 2-4: the summary keeps or moves from the founder's current direction; a
direction outside their industry leads only past a stated margin; each criterion is a base plus
signed contributions that add up; a reason that moves many directions is stated once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.scoring import current_direction, score_directions
from advisor.advice.session import Session
from advisor.answers.profile import build_profile, load_answers_file
from advisor.authoring.lint import lint
from advisor.kb.checkids import check_of
from advisor.kb.load import load_knowledge
from advisor.kb.records import Direction
from advisor.report.model import Report
from advisor.report.render import render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json"))
EXAMPLES = [e for e in EXAMPLES if e != "evidence.json"]
FINTECH = ROOT / "examples" / "fintech_credit_series_a.yaml"


def _report(session: Session, answers: dict[str, Any], **kw: Any) -> Report:
    profile = build_profile(session.kb, answers)
    return assemble_report(session, profile, with_sensitivity=False, **kw)


def _example(session: Session, name: str, **changes: Any) -> Report:
    profile = load_answers_file(session.kb, ROOT / "examples" / name)
    return _report(session, {**profile.answers, **changes})


# ------------------------------------------------------------------ stay or pivot


def test_the_current_direction_is_derived_from_the_first_use_case(session: Session) -> None:
    facts = {"industry": "finance", "use_cases": ["credit_scoring", "document_processing"]}
    assert current_direction(session.kb, facts) == ("direction/alternative_credit_scoring", True)
    facts = {"industry": "healthcare", "use_cases": ["document_processing", "chatbot_assistant"]}
    assert current_direction(session.kb, facts) == (
        "direction/clinical_documentation_assistant",
        True,
    )


def test_an_answered_current_direction_wins_and_none_means_no_product(session: Session) -> None:
    facts = {"industry": "finance", "use_cases": ["credit_scoring"]}
    answered = {**facts, "current_direction": "fraud_detection_engine"}
    assert current_direction(session.kb, answered) == ("direction/fraud_detection_engine", False)
    assert current_direction(session.kb, {**facts, "current_direction": "none"}) == (None, False)


def test_every_direction_can_be_named_as_the_current_one(session: Session) -> None:
    q = session.kb.questions["current_direction"]
    values = {c.value for c in q.choices}
    slugs = {n.id.removeprefix("direction/") for n in session.kb.of_kind("direction")}
    assert slugs <= values
    assert values - slugs == {"undecided", "none"}
    assert not q.sensitivity  # 58 values: never tried one by one in "what would change"


def test_the_fintech_credit_scorer_is_told_what_a_move_would_gain(session: Session) -> None:
    """Fraud detection leads credit scoring by 16 points, under the 20 a move must gain at
    Series A (settings: move_margin_by_stage): keep, and say so with the gap."""
    profile = load_answers_file(session.kb, FINTECH)
    report = assemble_report(session, profile, with_sensitivity=False)
    summary = report.summary
    assert summary is not None
    assert summary.stance == "keep"
    assert summary.current_direction == "direction/alternative_credit_scoring"
    assert summary.current_derived
    top, current = report.directions[0], next(d for d in report.directions if d.current)
    assert summary.headline.startswith(f"Keep building {current.title}")
    gap = top.score - current.score
    assert 0 < gap < 20
    assert any(
        b.startswith(f"{top.title} scores {gap:.0f} points more, less than the 20 points")
        and "(Series A)" in b
        for b in summary.bullets
    )


def test_earlier_the_same_gap_is_a_move(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml", funding_stage="pre_seed")
    summary = report.summary
    assert summary is not None and summary.stance == "move"
    top, current = report.directions[0], next(d for d in report.directions if d.current)
    assert summary.headline.startswith(
        f"Consider moving from {current.title} ({current.score:.0f}) to {top.title}"
    )
    assert f"{top.score - current.score:.0f} points ahead" in summary.headline
    assert any(b.startswith("What the move costs: ") for b in summary.bullets)


def test_a_founder_already_on_the_top_direction_is_told_to_keep_it(session: Session) -> None:
    report = _example(
        session, "fintech_credit_series_a.yaml", current_direction="fraud_detection_engine"
    )
    assert report.summary is not None
    assert report.summary.stance == "keep"
    assert report.directions[0].id == "direction/fraud_detection_engine"
    assert report.summary.headline.startswith("Keep building Real-time fraud detection")
    assert any(b.startswith("Why keep it: it leads ") for b in report.summary.bullets)
    assert not report.summary.current_derived


def test_a_gap_under_the_move_margin_keeps_the_current_direction(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    top = report.directions[0]
    current = next(d for d in report.directions if d.current)
    gap = top.score - current.score
    from advisor.advice.sections.summary import summary_of

    moved = summary_of(report, "en", move_margin=gap - 1)
    assert moved.stance == "move"
    kept = summary_of(report, "en", move_margin=gap + 1)
    assert kept.stance == "keep"
    assert kept.headline.startswith(f"Keep building {current.title}")


def test_no_product_yet_means_choose(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml", current_direction="none")
    assert report.summary is not None
    assert report.summary.stance == "choose"
    assert report.summary.current_direction is None
    assert not any(d.current for d in report.directions)


def test_pivots_are_marked_and_lead_only_past_the_margin(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    assert report.pivot_margin == 10
    for d in report.directions:
        assert d.pivot == (d.industry != "industry/finance")
    home = max(d.score for d in report.directions if not d.pivot)
    leaders = report.directions[:5]
    assert all(not d.pivot or d.score > home + report.pivot_margin for d in leaders)
    # predictive maintenance has market need 91+ but belongs to manufacturing: not a leader
    assert "direction/predictive_maintenance" not in {d.id for d in leaders}


def test_a_pivot_far_enough_ahead_does_lead(session: Session, build_file_tree: Any) -> None:
    layer = build_file_tree(
        {
            "settings.yaml": "settings:\n  scoring:\n    directions:\n      pivot_margin: 0\n"
            "      leaders: 5\n"
        }
    )
    kb = load_knowledge([layer], cache=False)
    s = Session(kb)
    profile = load_answers_file(kb, FINTECH)
    ranked = score_directions(kb, s.engine.run(profile.answers), kb.weights)
    home = max(x.score for x in ranked if not x.pivot)
    beating = [x.id for x in ranked if x.pivot and x.score > home]
    top5 = [x.id for x in ranked[:5]]
    # with no margin, the ranking is by score alone among the five leaders
    assert [x.score for x in ranked[:5]] == sorted((x.score for x in ranked[:5]), reverse=True)
    assert set(beating) <= set(top5)


def test_the_latency_budget_binds_only_the_current_product(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    copilot = next(d for d in report.directions if d.id == "direction/financial_research_copilot")
    rules = {r.rule for rs in copilot.criteria_reasons.values() for r in rs}
    assert "rule/directions_latency_critical" not in rules
    # the same budget on a generative current product does bind it
    mine = _example(
        session, "fintech_credit_series_a.yaml", current_direction="financial_research_copilot"
    )
    copilot = next(d for d in mine.directions if d.id == "direction/financial_research_copilot")
    feas = {r.rule: r.points for r in copilot.criteria_reasons["technical_feasibility"]}
    assert feas["rule/directions_latency_critical"] == -10


# ------------------------------------------------------------------ signed reasons


@pytest.mark.parametrize("name", EXAMPLES)
def test_signed_points_add_up_to_every_score(session: Session, name: str) -> None:
    report = _example(session, name)
    for d in report.directions:
        for c, value in d.criteria.items():
            points = [r.points for r in d.criteria_reasons.get(c, [])]
            assert all(p is not None for p in points), (d.id, c)
            assert d.base[c] + sum(p for p in points if p is not None) == pytest.approx(
                value, abs=0.05
            ), (d.id, c)
    for b in report.business_models:
        assert b.base_fit is not None
        total = b.base_fit + sum(r.points or 0 for r in b.reasons)
        assert total == pytest.approx(b.fit, abs=0.05), b.id


def test_clipping_is_a_shown_contribution(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    clipped = [
        r
        for d in report.directions
        for rs in d.criteria_reasons.values()
        for r in rs
        if r.rule == "scoring/clip"
    ]
    assert clipped and all(r.points is not None and r.points != 0 for r in clipped)
    md = render(report, "md")
    assert "(kept within 0-100)" in md
    assert "| Criterion | Base | Contributions | Score |" in md


def test_founder_fit_reasons_claim_only_what_the_founder_has(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")  # no domain expert hired
    texts = [f.text for f in report.direction_factors] + [
        r.text for d in report.directions for rs in d.criteria_reasons.values() for r in rs
    ]
    assert not any("domain expert you have hired" in t for t in texts)


def test_every_business_model_says_why_it_fits(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    first = [b.reasons[0].text for b in report.business_models]
    assert "It suits the customers you sell to." not in first
    assert len(set(first)) == len(first)
    bundle = next(b for b in report.business_models if b.id == "business_model/hardware_bundle")
    assert "rule/business_software_no_hardware" in {r.rule for r in bundle.reasons}


# ------------------------------------------------------------------ said once


def test_a_reason_that_moves_many_directions_is_stated_once(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    least = session.kb.settings.scoring.directions.shared_reason_min  # 2 in the knowledge
    shared = {(f.rule, f.text) for f in report.direction_factors}
    assert "scoring/industry_mismatch" in {f.rule for f in report.direction_factors}
    for f in report.direction_factors:
        moved = {i for m in f.moves for i in m.directions}
        assert len(moved) >= least
    for d in report.directions:
        assert not shared & {(r.rule, r.text) for r in d.reasons}, d.id
    md = render(report, "md")
    enterprise = "You sell to enterprises, which pay large contracts"
    assert md.count(enterprise) == 1


def test_a_reason_another_section_states_is_only_referred_to(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    credit = next(d for d in report.directions if d.current)
    annex = next(r for r in credit.reasons if r.rule == "rule/reg_ai_act_annex_iii_5b_credit")
    assert annex.see == "EU Artificial Intelligence Act"
    md = render(report, "md")
    assert "Stated with EU Artificial Intelligence Act, in its own section." in md
    assert md.count(annex.text) == 1  # in the regulations section only
    directions = md.split("\n## Ranked directions")[1].split("\n## ")[0]
    for f in report.direction_factors:
        if f.see is not None:
            assert f.text not in directions, f.rule


def test_business_models_say_a_shared_reason_once(session: Session) -> None:
    report = _example(session, "fintech_credit_series_a.yaml")
    md = render(report, "md")
    saas = "Enterprises that accept hosted software (not a model installed"
    assert md.count(saas) == 1
    custom = next(b for b in report.business_models if b.id == "business_model/custom_solutions")
    ref = next(r for r in custom.reasons if r.rule == "rule/business_enterprise_workflow_saas")
    assert ref.see == "Vertical SaaS"
    assert ref.points == 10
    assert "+10 The same reason as for Vertical SaaS, above." in md


def test_the_lint_flags_a_reason_given_to_many_items(build_file_tree: Any) -> None:
    models = "\n".join(
        f"  - id: business_model/m{i}\n    title: {{en: M{i}, zh: 模式{i}}}\n"
        f"    description: {{en: A way to charge., zh: 一种收费方式。}}\n    sources: [ch5.4]\n"
        f"    revenue_streams: [{{en: Fees, zh: 费用}}]\n    suits_segments: [smb]"
        for i in range(1, 5)
    )

    def layer(n: int) -> Path:
        recs = "\n".join(
            f"      - recommend: {{id: business_model/m{i}, fit: 5}}" for i in range(1, n + 1)
        )
        return build_file_tree(
            {
                "kb.yaml": f"nodes:\n{models}\nrules:\n  - id: rule/many\n    sources: [ch5.4]\n"
                "    when: {fact: industry, eq: retail_ecommerce}\n"
                f"    then:\n{recs}\n    because: {{en: Buyers like these., zh: 买家喜欢。}}\n"
            }
        )

    def flagged(n: int) -> list[str]:
        kb = load_knowledge([layer(n)], cache=False)
        return [p.key for p in lint(Session(kb)) if check_of(p).code == "ADV313"]

    assert flagged(4) == ["rule/many"]
    assert flagged(3) == []


def test_the_current_selector_matches_only_the_current_direction(session: Session) -> None:
    # the selector `current` never matches without a current direction
    from advisor.advice.scoring import matching_directions
    from advisor.kb.records import DirectionSelector

    assert matching_directions(session.kb, DirectionSelector(current=True), None) == frozenset()
    some = next(n for n in session.kb.of_kind("direction") if isinstance(n, Direction))
    assert matching_directions(session.kb, DirectionSelector(current=True), some.id) == {some.id}
    assert some.id not in matching_directions(session.kb, DirectionSelector(current=False), some.id)
