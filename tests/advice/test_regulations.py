"""Regulation classification: every Art. 5 point, Annex III point and Art. 50 paragraph of the EU AI
Act, and the GDPR, China and US triggers, each with a profile that must land in it and a close one
that must not."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.answers.profile import build_profile

EU = {"markets": ["eu"]}


def run(session: Any, **answers: Any) -> Any:
    profile = build_profile(session.kb, answers)
    return session.engine.run(profile.answers)


def tier(out: Any) -> str | None:
    hit = out.regulations.get("regulation/eu_ai_act")
    return hit.tier if hit else None


# (answers that must be prohibited, close answers that must not be)
ART5 = {
    "a": ({"manipulative_techniques": True}, {"manipulative_techniques": False}),
    "b": ({"exploits_vulnerabilities": True}, {"exploits_vulnerabilities": False}),
    "c": ({"use_cases": ["social_scoring"]}, {"use_cases": ["recommendation"]}),
    "d": (
        {"use_cases": ["crime_prediction"], "crime_prediction_basis": "profiling_only"},
        {"use_cases": ["crime_prediction"], "crime_prediction_basis": "objective_facts"},
    ),
    "e": ({"use_cases": ["face_scraping"]}, {"use_cases": ["biometric_verification"]}),
    "f": (
        {"use_cases": ["emotion_recognition"], "deployment_settings": ["workplace"]},
        {"use_cases": ["emotion_recognition"], "deployment_settings": ["consumers"]},
    ),
    "g": (
        {
            "use_cases": ["biometric_categorisation"],
            "biometric_categorisation_traits": "art5_sensitive",
        },
        {
            "use_cases": ["biometric_categorisation"],
            "biometric_categorisation_traits": "non_sensitive",
        },
    ),
    "h": (
        {
            "use_cases": ["biometric_identification"],
            "deployment_settings": ["public_spaces", "law_enforcement"],
        },
        {
            "use_cases": ["biometric_identification"],
            "deployment_settings": ["public_spaces", "law_enforcement"],
            "biometric_identification_mode": "post",
        },
    ),
}


@pytest.mark.parametrize("point", sorted(ART5))
def test_art5_points(session: Any, point: str) -> None:
    yes, no = ART5[point]
    assert tier(run(session, **EU, **yes)) == "prohibited"
    out = run(session, **EU, **no)
    assert tier(out) != "prohibited"
    assert "obligation/ai_act_prohibited_practices" not in out.obligations


def test_emotion_recognition_at_work_for_safety_is_high_risk_not_banned(session: Any) -> None:
    out = run(
        session,
        **EU,
        use_cases=["emotion_recognition"],
        deployment_settings=["workplace"],
        emotion_recognition_purpose="medical_or_safety",
    )
    assert tier(out) == "high_risk"


def test_prohibited_use_case_flags_the_direction(session: Any) -> None:
    out = run(session, **EU, use_cases=["social_scoring"])
    assert any(
        f.flag == "prohibited" and f.where.use_case == "social_scoring" for f, _ in out.flags
    )


ANNEX_III = {
    "1a": ({"use_cases": ["biometric_identification"]}, {"use_cases": ["biometric_verification"]}),
    "1b": (
        {
            "use_cases": ["biometric_categorisation"],
            "biometric_categorisation_traits": "other_protected",
        },
        {
            "use_cases": ["biometric_categorisation"],
            "biometric_categorisation_traits": "non_sensitive",
        },
    ),
    "1c": (
        {"use_cases": ["emotion_recognition"], "deployment_settings": ["consumers"]},
        {"use_cases": ["chatbot_assistant"], "deployment_settings": ["consumers"]},
    ),
    "2": (
        {"use_cases": ["critical_infrastructure_control"]},
        {"use_cases": ["predictive_maintenance"]},
    ),
    "3a": (
        {"use_cases": ["student_admission"]},
        {"use_cases": ["student_admission"], "narrow_procedural_task": True},
    ),
    "3b": ({"use_cases": ["learning_assessment"]}, {"use_cases": ["personalized_learning"]}),
    "3c": (
        {
            "use_cases": ["personalized_learning"],
            "deployment_settings": ["education"],
            "automated_decisions": "human_reviewed",
        },
        {
            "use_cases": ["personalized_learning"],
            "deployment_settings": ["education"],
            "automated_decisions": "none",
        },
    ),
    "3d": (
        {"use_cases": ["exam_proctoring"]},
        {"use_cases": ["exam_proctoring"], "narrow_procedural_task": True},
    ),
    "4a": ({"use_cases": ["candidate_screening"]}, {"use_cases": ["document_processing"]}),
    "4b": ({"use_cases": ["worker_management"]}, {"use_cases": ["demand_forecasting"]}),
    "5a": (
        {"use_cases": ["public_benefits_eligibility"]},
        {"use_cases": ["document_processing"], "customer_segment": "government"},
    ),
    "5b": ({"use_cases": ["credit_scoring"]}, {"use_cases": ["fraud_detection"]}),
    "5c": (
        {"use_cases": ["insurance_pricing"]},
        {"use_cases": ["fraud_detection"], "industry": "insurance"},
    ),
    "5d": (
        {"use_cases": ["emergency_triage"]},
        {"use_cases": ["chatbot_assistant"], "industry": "healthcare"},
    ),
    "6": (
        {
            "use_cases": ["document_processing"],
            "deployment_settings": ["law_enforcement"],
            "profiling": True,
        },
        {"use_cases": ["translation"], "deployment_settings": ["law_enforcement"]},
    ),
    "6d": (
        {"use_cases": ["crime_prediction"], "crime_prediction_basis": "objective_facts"},
        {"use_cases": ["translation"], "deployment_settings": ["law_enforcement"]},
    ),
    "7": (
        {"use_cases": ["biometric_identification"], "deployment_settings": ["border_control"]},
        {"use_cases": ["biometric_verification"], "deployment_settings": ["border_control"]},
    ),
    "8a": (
        {"use_cases": ["search_retrieval"], "deployment_settings": ["courts"]},
        {"use_cases": ["translation"], "deployment_settings": ["courts"]},
    ),
    "8b": ({"use_cases": ["election_influence"]}, {"use_cases": ["generative_content"]}),
}


@pytest.mark.parametrize("point", sorted(ANNEX_III))
def test_annex_iii_points(session: Any, point: str) -> None:
    yes, no = ANNEX_III[point]
    out = run(session, **EU, **yes)
    assert tier(out) == "high_risk"
    assert out.facts.get("ai_act_high_risk") is True
    assert "obligation/ai_act_risk_management" in out.obligations
    assert "obligation/ai_act_conformity_assessment" in out.obligations
    assert "stage/conformity_assessment" in out.recommended
    assert out.recommended["role/compliance_officer"].priority == "now"
    close = run(session, **EU, **no)
    assert tier(close) in ("limited_risk", "minimal_risk")
    assert close.facts.get("ai_act_high_risk") is not True


def test_art6_3_never_covers_profiling(session: Any) -> None:
    out = run(session, **EU, use_cases=["credit_scoring"], narrow_procedural_task=True)
    assert tier(out) == "high_risk"
    out = run(session, **EU, use_cases=["exam_proctoring"], narrow_procedural_task=True)
    assert "obligation/ai_act_derogation_documentation" in out.obligations


def test_annex_i_products(session: Any) -> None:
    out = run(session, **EU, use_cases=["diagnosis_support"])
    assert tier(out) == "high_risk" and "obligation/ai_act_annex_i_product" in out.obligations
    assert tier(run(session, **EU, annex_i_product="toys")) == "high_risk"
    assert tier(run(session, **EU, use_cases=["autonomous_driving"])) == "high_risk"
    assert tier(run(session, **EU, use_cases=["drug_discovery"])) == "minimal_risk"


def test_high_risk_lowers_feasibility_of_matching_directions(session: Any) -> None:
    out = run(session, **EU, use_cases=["credit_scoring"])
    assert any(
        a.criterion == "technical_feasibility"
        and a.delta < 0
        and a.where.use_case == "credit_scoring"
        for a, _ in out.adjustments
    )


ART50 = {
    "1": (
        "obligation/ai_act_chatbot_disclosure",
        {"use_cases": ["chatbot_assistant"]},
        {"use_cases": ["demand_forecasting"]},
    ),
    "2": (
        "obligation/ai_act_synthetic_content_marking",
        {"use_cases": ["generative_content"]},
        {"use_cases": ["search_retrieval"]},
    ),
    "3": (
        "obligation/ai_act_emotion_biometric_notice",
        {"use_cases": ["emotion_recognition"], "deployment_settings": ["consumers"]},
        {"use_cases": ["biometric_verification"]},
    ),
    "4": (
        "obligation/ai_act_deepfake_disclosure",
        {"use_cases": ["deepfake_media"]},
        {"use_cases": ["generative_content"], "industry": "retail_ecommerce"},
    ),
}


@pytest.mark.parametrize("paragraph", sorted(ART50))
def test_art50_paragraphs(session: Any, paragraph: str) -> None:
    obligation, yes, no = ART50[paragraph]
    out = run(session, **EU, **yes)
    assert obligation in out.obligations
    assert tier(out) in ("limited_risk", "high_risk")
    assert obligation not in run(session, **EU, **no).obligations


def test_gpai_levels_and_open_source_exemption(session: Any) -> None:
    def gpai(**kw: Any) -> Any:
        return run(session, **EU, provides_general_purpose_model=True, **kw)

    closed = gpai()
    assert closed.regulations["regulation/eu_ai_act"].gpai_level == "gpai"
    assert "obligation/ai_act_gpai_documentation" in closed.obligations
    open_ = gpai(open_source_model=True, training_compute_flops=1e24)
    assert "obligation/ai_act_gpai_documentation" not in open_.obligations
    assert "obligation/ai_act_gpai_copyright_policy" in open_.obligations
    big = gpai(open_source_model=True, training_compute_flops=3e25)
    assert big.regulations["regulation/eu_ai_act"].gpai_level == "gpai_systemic_risk"
    assert {
        "obligation/ai_act_gpai_documentation",
        "obligation/ai_act_gpai_systemic_obligations",
    } <= set(big.obligations)
    at = gpai(training_compute_flops=1e25)  # Art. 51(2): greater than 10^25
    assert at.regulations["regulation/eu_ai_act"].gpai_level == "gpai"


def test_no_eu_market_means_no_ai_act_or_gdpr(session: Any) -> None:
    from advisor.advice.assemble import assemble_report

    profile = build_profile(
        session.kb,
        {"markets": ["us", "cn"], "use_cases": ["credit_scoring"], "data_categories": ["personal"]},
    )
    report = assemble_report(session, profile, with_sensitivity=False)
    regs = {r.id: r for r in report.regulations}
    assert (
        regs["regulation/eu_ai_act"].applies is False and regs["regulation/eu_ai_act"].tier is None
    )
    assert regs["regulation/gdpr"].applies is False
    assert regs["regulation/pipl"].applies is True and regs["regulation/ecoa"].applies is True


def test_report_lists_obligations_with_citation_and_date(session: Any) -> None:
    from advisor.advice.assemble import assemble_report

    profile = build_profile(
        session.kb,
        {"markets": ["eu"], "use_cases": ["candidate_screening"], "data_categories": ["personal"]},
    )
    report = assemble_report(session, profile, with_sensitivity=False)
    ai_act = next(r for r in report.regulations if r.id == "regulation/eu_ai_act")
    assert ai_act.tier == "high_risk"
    ob = {o.id: o for o in ai_act.obligations}
    assert ob["obligation/ai_act_risk_management"].citation == "EU AI Act Art. 9"
    assert ob["obligation/ai_act_risk_management"].effective_from == "2027-12-02"
    assert ob["obligation/ai_act_ai_literacy"].effective_from == "2025-02-02"


# law -> (obligation or regulation that must apply, answers, close answers)
OTHER = [
    (
        "obligation/gdpr_special_categories",
        {"markets": ["eu"], "data_categories": ["health"]},
        {"markets": ["eu"], "data_categories": ["financial"]},
    ),
    (
        "obligation/gdpr_automated_decisions",
        {"markets": ["eu"], "automated_decisions": "fully_automated"},
        {"markets": ["eu"], "automated_decisions": "human_reviewed"},
    ),
    (
        "obligation/gdpr_logic_information",
        {"markets": ["eu"], "automated_decisions": "fully_automated"},
        {"markets": ["eu"], "automated_decisions": "none"},
    ),
    (
        "obligation/gdpr_dpia",
        {"markets": ["eu"], "data_categories": ["health"], "data_volume": "large"},
        {"markets": ["eu"], "data_categories": ["health"], "data_volume": "small"},
    ),
    (
        "obligation/gdpr_dpo",
        {"markets": ["eu"], "data_categories": ["location"], "data_volume": "large"},
        {"markets": ["eu"], "data_categories": ["location"], "data_volume": "small"},
    ),
    (
        "obligation/gdpr_international_transfers",
        {"markets": ["eu", "us"], "data_categories": ["personal"]},
        {"markets": ["eu", "uk"], "data_categories": ["personal"]},
    ),
    (
        "obligation/gdpr_children_consent",
        {"markets": ["eu"], "data_categories": ["children"]},
        {"markets": ["eu"], "data_categories": ["personal"]},
    ),
    (
        "obligation/pipl_sensitive_consent",
        {"markets": ["cn"], "data_categories": ["location"]},
        {"markets": ["cn"], "data_categories": ["personal"]},
    ),
    (
        "obligation/pipl_cross_border",
        {"markets": ["cn", "us"], "data_categories": ["personal"]},
        {"markets": ["cn"], "data_categories": ["personal"]},
    ),
    (
        "obligation/pipl_automated_decisions",
        {
            "markets": ["cn"],
            "data_categories": ["personal"],
            "automated_decisions": "fully_automated",
        },
        {"markets": ["cn"], "data_categories": ["personal"]},
    ),
    (
        "obligation/cn_genai_filing",
        {"markets": ["cn"], "use_cases": ["chatbot_assistant"], "customer_segment": "enterprise"},
        {"markets": ["cn"], "use_cases": ["chatbot_assistant"], "cn_public_opinion": False},
    ),
    (
        "obligation/cn_deep_synthesis_duties",
        {"markets": ["cn"], "use_cases": ["deepfake_media"]},
        {"markets": ["cn"], "use_cases": ["translation"]},
    ),
    (
        "obligation/cn_algorithm_recommendation_duties",
        {"markets": ["cn"], "use_cases": ["recommendation"], "customer_segment": "consumers"},
        {"markets": ["us"], "use_cases": ["recommendation"], "customer_segment": "consumers"},
    ),
    (
        "obligation/cn_ai_content_labelling",
        {"markets": ["cn"], "use_cases": ["generative_content"]},
        {"markets": ["cn"], "use_cases": ["demand_forecasting"]},
    ),
    (
        "obligation/hipaa_security_safeguards",
        {
            "markets": ["us"],
            "data_categories": ["health"],
            "industry": "healthcare",
            "covered_entity_role": "covered_entity",
        },
        {
            "markets": ["us"],
            "data_categories": ["health"],
            "industry": "healthcare",
            "covered_entity_role": "unsure",
        },
    ),
    (
        "obligation/ftc_hbnr_breach_notice",
        {
            "markets": ["us"],
            "data_categories": ["health"],
            "customer_segment": "consumers",
            "covered_entity_role": "neither",
        },
        {
            "markets": ["us"],
            "data_categories": ["health"],
            "customer_segment": "consumers",
            "covered_entity_role": "covered_entity",
        },
    ),
    (
        "obligation/fda_premarket_review",
        {"markets": ["us"], "use_cases": ["medical_device"]},
        {"markets": ["us"], "use_cases": ["drug_discovery"]},
    ),
    (
        "obligation/ecoa_adverse_action_reasons",
        {"markets": ["us"], "use_cases": ["credit_scoring"]},
        {"markets": ["us"], "use_cases": ["fraud_detection"]},
    ),
    (
        "obligation/fcra_permissible_purpose_adverse_action",
        {
            "markets": ["us"],
            "use_cases": ["insurance_pricing"],
            "data_categories": ["financial"],
            "us_consumer_reports": True,
        },
        {"markets": ["us"], "use_cases": ["insurance_pricing"], "data_categories": ["financial"]},
    ),
    (
        "obligation/nyc_ll144_bias_audit",
        {"markets": ["us"], "use_cases": ["candidate_screening"]},
        {"markets": ["eu"], "use_cases": ["candidate_screening"]},
    ),
    (
        "obligation/colorado_admt_consumer_notice",
        {
            "markets": ["us"],
            "data_categories": ["personal"],
            "automated_decisions": "fully_automated",
        },
        {"markets": ["us"], "data_categories": ["personal"], "automated_decisions": "none"},
    ),
    (
        "obligation/coppa_parental_consent",
        {"markets": ["us"], "data_categories": ["children"]},
        {"markets": ["eu"], "data_categories": ["children"]},
    ),
    (
        "obligation/ccpa_notice_and_rights",
        {"markets": ["us"], "data_categories": ["personal"], "data_volume": "large"},
        {"markets": ["us"], "data_categories": ["personal"], "data_volume": "small"},
    ),
    (
        "obligation/gdpr_eu_representative",
        {"markets": ["eu"], "data_categories": ["personal"], "established_in": ["us"]},
        {"markets": ["eu"], "data_categories": ["personal"], "established_in": ["eu"]},
    ),
    (
        "obligation/gdpr_dpia",
        {
            "markets": ["eu"],
            "data_categories": ["personal"],
            "use_cases": ["candidate_screening"],
            "automated_decisions": "none",
        },
        {"markets": ["eu"], "data_categories": ["personal"], "use_cases": ["translation"]},
    ),
    (
        "obligation/gdpr_transparency",
        {"markets": ["eu"], "data_categories": ["public_web_scraped"]},
        {"markets": ["eu"], "data_categories": ["synthetic"]},
    ),
    (
        "obligation/pipl_local_representative",
        {"markets": ["cn"], "data_categories": ["personal"], "established_in": ["us"]},
        {"markets": ["cn"], "data_categories": ["personal"], "established_in": ["cn"]},
    ),
    (
        "obligation/uk_gdpr_lawful_basis_notice",
        {"markets": ["uk"], "data_categories": ["personal"]},
        {"markets": ["eu"], "data_categories": ["personal"]},
    ),
    (
        "obligation/uk_ico_ai_guidance",
        {"markets": ["uk"], "data_categories": ["public_web_scraped"]},
        {"markets": ["uk"], "data_categories": ["proprietary_business"]},
    ),
]


@pytest.mark.parametrize(("obligation", "yes", "no"), OTHER, ids=[o for o, _, _ in OTHER])
def test_gdpr_china_us_triggers(
    session: Any, obligation: str, yes: dict[str, Any], no: dict[str, Any]
) -> None:
    assert obligation in run(session, **yes).obligations
    assert obligation not in run(session, **no).obligations


def test_every_obligation_has_citation_and_date_and_every_law_a_source(session: Any) -> None:
    for node in session.kb.of_kind("obligation"):
        assert node.citation and node.effective_from, node.id
    for node in session.kb.of_kind("regulation"):
        assert node.as_of and any(getattr(s, "url", None) for s in node.sources), node.id
        for oid in node.imposes:
            assert oid in session.kb.nodes


# ------------------------------------------------------------------ who the decisions are about


@pytest.mark.parametrize("use_case", ["credit_scoring", "insurance_pricing", "fraud_detection"])
def test_decisions_about_is_asked_where_a_score_may_be_about_people_or_firms(
    session: Any, use_case: str
) -> None:
    profile = build_profile(session.kb, {**EU, "use_cases": [use_case]})
    assert profile.answers["decisions_about"] == "individuals"
    assert "decisions_about" in profile.defaulted  # stated as an assumption, not hidden


def test_decisions_about_is_not_asked_otherwise(session: Any) -> None:
    profile = build_profile(session.kb, {**EU, "use_cases": ["translation"]})
    assert "decisions_about" not in profile.answers


@pytest.mark.parametrize("use_case", ["credit_scoring", "candidate_screening"])
def test_scoring_people_is_profiling_by_definition_and_not_asked(
    session: Any, use_case: str
) -> None:
    profile = build_profile(session.kb, {**EU, "use_cases": [use_case]})
    assert "profiling" not in profile.answers and "profiling" not in profile.defaulted
    assert session.engine.run(profile.answers).facts.get("profiles_people") is True


def test_credit_scoring_of_firms_only_is_neither_annex_iii_nor_profiling(session: Any) -> None:
    firms = run(session, **EU, use_cases=["credit_scoring"], decisions_about="businesses")
    assert firms.facts.get("profiles_people") is not True
    assert firms.facts.get("ai_act_annex_iii") is not True
    both = run(session, **EU, use_cases=["credit_scoring"], decisions_about="both")
    assert both.facts.get("ai_act_annex_iii") is True and tier(both) == "high_risk"
