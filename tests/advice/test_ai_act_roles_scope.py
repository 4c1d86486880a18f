"""EU AI Act by role, scope and path (issue 15): the report lists only the duties that bind the
founder's roles, says plainly when the Act does not apply and why (en and zh), gives Annex I
products the whole high-risk regime, and dates every duty for its path."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.answers.profile import build_profile
from advisor.report.render import render
from advisor.words.shape import Lang

EU: dict[str, Any] = {"markets": ["eu"]}
AI_ACT = "regulation/eu_ai_act"

#: The high-risk duty set a provider carries (Art. 8-17, 43, 47-49, 72, 73).
PROVIDER_DUTIES = {
    "obligation/ai_act_high_risk_requirements",
    "obligation/ai_act_risk_management",
    "obligation/ai_act_data_governance",
    "obligation/ai_act_technical_documentation",
    "obligation/ai_act_record_keeping",
    "obligation/ai_act_transparency_to_deployers",
    "obligation/ai_act_human_oversight",
    "obligation/ai_act_accuracy_robustness",
    "obligation/ai_act_provider_obligations",
    "obligation/ai_act_quality_management",
    "obligation/ai_act_conformity_assessment",
    "obligation/ai_act_declaration_ce_registration",
    "obligation/ai_act_post_market_monitoring",
    "obligation/ai_act_serious_incident_reporting",
}


def report(session: Any, *, lang: Lang = "en", **answers: Any) -> Any:
    profile = build_profile(session.kb, answers)
    return assemble_report(session, profile, lang=lang, with_sensitivity=False)


def ai_act(rep: Any) -> Any:
    return next(r for r in rep.regulations if r.id == AI_ACT)


def listed(rep: Any) -> dict[str, Any]:
    return {o.id: o for o in ai_act(rep).obligations}


# ------------------------------------------------------------------ roles (Art. 3(3)-(7), 16-27)


def test_a_provider_is_not_told_to_run_the_deployers_impact_assessment(session: Any) -> None:
    rep = report(session, **EU, use_cases=["credit_scoring"])  # ai_act_roles defaults to provider
    reg = ai_act(rep)
    assert list(reg.roles) == ["provider"]
    assert set(listed(rep)) >= PROVIDER_DUTIES
    assert "obligation/ai_act_fria" not in listed(rep)
    assert "obligation/ai_act_deployer_obligations" not in listed(rep)
    others = {g.role: g.citations for g in reg.for_others}
    assert {"EU AI Act Art. 26", "EU AI Act Art. 27(1)"} <= set(others["deployer"])
    assert list(others["importer"]) == ["EU AI Act Art. 23"]
    assert list(others["distributor"]) == ["EU AI Act Art. 24"]


def test_a_lender_using_a_vendors_model_is_not_told_to_run_a_conformity_assessment(
    session: Any,
) -> None:
    rep = report(session, **EU, use_cases=["credit_scoring"], ai_act_roles=["deployer"])
    got = set(listed(rep))
    assert not PROVIDER_DUTIES & got
    assert {"obligation/ai_act_deployer_obligations", "obligation/ai_act_fria"} <= got
    others = {g.role: g.citations for g in ai_act(rep).for_others}
    assert "EU AI Act Art. 43" in others["provider"]


def test_art25_a_deployer_that_rebrands_a_high_risk_system_carries_the_providers_duties(
    session: Any,
) -> None:
    rep = report(
        session,
        **EU,
        use_cases=["credit_scoring"],
        ai_act_roles=["deployer"],
        ai_act_takes_over_system=True,
    )
    assert list(ai_act(rep).roles) == ["provider", "deployer"]
    assert PROVIDER_DUTIES | {"obligation/ai_act_deployer_obligations"} <= set(listed(rep))


def test_an_importer_gets_the_importers_checks_only(session: Any) -> None:
    rep = report(session, **EU, use_cases=["candidate_screening"], ai_act_roles=["importer"])
    got = set(listed(rep))
    assert "obligation/ai_act_importer_obligations" in got
    assert not PROVIDER_DUTIES & got
    assert "obligation/ai_act_distributor_obligations" not in got


def test_the_json_lists_binds_and_the_other_parties(session: Any) -> None:
    import json

    doc = json.loads(render(report(session, **EU, use_cases=["credit_scoring"]), "json"))
    reg = next(r for r in doc["regulations"] if r["id"] == AI_ACT)
    assert all("provider" in o["binds"] for o in reg["obligations"])
    assert {g["role"] for g in reg["for_others"]} == {"deployer", "importer", "distributor"}


def test_the_markdown_names_the_duties_of_the_other_parties(session: Any) -> None:
    md = render(report(session, **EU, use_cases=["credit_scoring"]), "md")
    line = next(x for x in md.splitlines() if "Duties that fall on the other parties" in x)
    assert "deployer (" in line and "EU AI Act Art. 26" in line and "importer (" in line


# ------------------------------------------------------------------ scope: the Act does not apply

NOT_APPLYING: dict[str, tuple[dict[str, Any], str, str]] = {
    "Art. 2(3)": (
        {"deployment_settings": ["military_defence"], "use_cases": ["social_scoring"]},
        "used exclusively for military, defence or national security purposes",
        "专门用于军事、国防或国家安全目的",
    ),
    "Art. 2(6)": (
        {"market_status": "research_only", "use_cases": ["credit_scoring"]},
        "developed and put into service for the sole purpose of scientific research",
        "专为科学研究与开发目的而开发和投入使用",
    ),
    "Art. 3(1)": (
        {"is_ai_system": False, "use_cases": ["chatbot_assistant"]},
        "not an AI system",
        "不属于人工智能系统",
    ),
    "Art. 2(12)": (
        {"open_source_system": True, "use_cases": ["demand_forecasting"]},
        "free and open-source licence",
        "免费开源许可证",
    ),
}


@pytest.mark.parametrize("article", sorted(NOT_APPLYING))
def test_the_report_says_plainly_why_the_act_does_not_apply(session: Any, article: str) -> None:
    answers, en_ground, zh_ground = NOT_APPLYING[article]
    rep = report(session, **EU, **answers)
    reg = ai_act(rep)
    assert reg.applies is False and reg.tier is None and not reg.obligations
    [why] = reg.not_applicable_because
    assert why.citation == f"EU AI Act {article}"
    assert why.sentence.startswith("EU Artificial Intelligence Act does not apply: ")
    assert en_ground in why.sentence and why.sentence.endswith(f"EU AI Act {article}")
    assert f"**{why.sentence}**" in render(rep, "md").replace("\\", "")
    assert why.sentence in render(rep, "html")
    zh = ai_act(report(session, lang="zh", **EU, **answers)).not_applicable_because[0]
    assert zh.sentence.startswith("欧盟《人工智能法》不适用：") and zh_ground in zh.sentence
    assert zh.sentence in render(report(session, lang="zh", **EU, **answers), "md")


def test_an_excluded_military_system_raises_no_ai_act_risk_even_with_a_banned_use(
    session: Any,
) -> None:
    out = session.engine.run(
        build_profile(
            session.kb,
            {**EU, "deployment_settings": ["military_defence"], "use_cases": ["social_scoring"]},
        ).answers
    )
    assert "risk/ai_act_noncompliance" not in out.risks
    assert AI_ACT not in out.regulations


def test_dual_use_is_not_excluded(session: Any) -> None:
    rep = report(
        session,
        **EU,
        deployment_settings=["military_defence", "law_enforcement"],
        use_cases=["recommendation"],
    )
    assert ai_act(rep).applies is True and not ai_act(rep).not_applicable_because


def test_development_is_covered_with_the_art2_8_reason(session: Any) -> None:
    reg = ai_act(report(session, **EU, market_status="developing"))
    assert reg.applies is True
    assert "rule/reg_ai_act_art2_8_before_market" in {r.rule for r in reg.reasons}


def test_an_open_source_chatbot_stays_covered_by_art50(session: Any) -> None:
    rep = report(session, **EU, open_source_system=True, use_cases=["chatbot_assistant"])
    assert ai_act(rep).applies is True
    assert "obligation/ai_act_chatbot_disclosure" in listed(rep)


# ------------------------------------------------------------------ the high-risk regime by path


def test_an_annex_i_product_gets_the_whole_regime_from_2_august_2028(session: Any) -> None:
    rep = report(session, **EU, use_cases=["medical_device"], ai_act_roles=["provider"])
    got = listed(rep)
    assert set(got) >= PROVIDER_DUTIES
    assert {got[o].effective_from for o in PROVIDER_DUTIES} == {"2028-08-02"}
    assert "obligation/ai_act_fria" not in got  # Art. 27(1): Annex III systems only
    assert "stage/annex_i_conformity_assessment" in {s.id for s in rep.roadmap}


def test_an_annex_iii_system_has_its_duties_from_2_december_2027(session: Any) -> None:
    got = listed(report(session, **EU, use_cases=["candidate_screening"]))
    assert {got[o].effective_from for o in PROVIDER_DUTIES} == {"2027-12-02"}


def test_a_system_on_both_paths_takes_the_earlier_date(session: Any) -> None:
    got = listed(report(session, **EU, use_cases=["candidate_screening", "medical_device"]))
    assert got["obligation/ai_act_risk_management"].effective_from == "2027-12-02"


def test_a_prohibited_practice_does_not_also_list_the_high_risk_duties(session: Any) -> None:
    rep = report(
        session,
        **EU,
        use_cases=["biometric_identification"],
        deployment_settings=["public_spaces", "law_enforcement"],
    )
    assert ai_act(rep).tier == "prohibited"
    assert not PROVIDER_DUTIES & set(listed(rep))


def test_art5_1h_listed_objective_is_high_risk_with_the_safeguards_for_the_police(
    session: Any,
) -> None:
    answers = {
        **EU,
        "use_cases": ["biometric_identification"],
        "deployment_settings": ["public_spaces", "law_enforcement"],
        "rbi_law_enforcement_objective": "victim_search",
    }
    rep = report(session, **answers)
    assert ai_act(rep).tier == "high_risk"
    others = {g.role: g.citations for g in ai_act(rep).for_others}
    assert "EU AI Act Art. 5(2)-(7)" in others["deployer"]
    police = report(session, **answers, ai_act_roles=["deployer"])
    assert "obligation/ai_act_rbi_exception_safeguards" in listed(police)


def test_no_fria_for_critical_infrastructure(session: Any) -> None:
    rep = report(
        session,
        **EU,
        use_cases=["critical_infrastructure_control"],
        customer_segment="government",
        ai_act_roles=["deployer"],
        public_service_deployer=True,
    )
    assert ai_act(rep).tier == "high_risk"
    assert "obligation/ai_act_fria" not in listed(rep)
    assert "obligation/ai_act_deployer_obligations" in listed(rep)


# ------------------------------------------------------------------ Art. 5 additions and Art. 111


def test_non_consensual_intimate_imagery_is_banned_from_2_december_2026(session: Any) -> None:
    rep = report(session, **EU, use_cases=["intimate_imagery_real_people"])
    assert ai_act(rep).tier == "prohibited"
    ban = listed(rep)["obligation/ai_act_prohibited_intimate_imagery"]
    assert ban.effective_from == "2026-12-02" and ban.citation == "EU AI Act Art. 5(1)(ba)-(bb)"
    ok = report(
        session, **EU, use_cases=["intimate_imagery_real_people"], intimate_imagery_consent=True
    )
    assert ai_act(ok).tier != "prohibited"


def test_art111_4_gives_a_generator_on_the_market_until_2_december_2026(session: Any) -> None:
    new = listed(report(session, **EU, use_cases=["generative_content"], market_status="on_market"))
    old = listed(
        report(
            session,
            **EU,
            use_cases=["generative_content"],
            market_status="on_market",
            on_market_before_aug_2026=True,
        )
    )
    key = "obligation/ai_act_synthetic_content_marking"
    assert (new[key].effective_from, old[key].effective_from) == ("2026-08-02", "2026-12-02")


def test_art111_2_a_legacy_high_risk_system_is_classified_but_has_no_duty_set(
    session: Any,
) -> None:
    rep = report(
        session,
        **EU,
        use_cases=["credit_scoring"],
        market_status="on_market",
        on_market_before_aug_2026=True,
    )
    assert ai_act(rep).tier == "high_risk"
    assert not PROVIDER_DUTIES & set(listed(rep))
    assert "rule/reg_ai_act_art111_2_legacy_high_risk" in {r.rule for r in ai_act(rep).reasons}


def test_driver_fatigue_is_not_given_as_an_emotion(session: Any) -> None:
    q = session.kb.questions["emotion_recognition_purpose"]
    assert all("fatigue" not in c.label.en for c in q.choices)
    assert q.help is not None and "recital 18" in q.help.en


def test_the_ai_act_names_what_it_was_checked_against(session: Any) -> None:
    reg = ai_act(report(session, **EU))
    kinds = {v.kind for v in reg.verified_against}
    assert kinds == {"primary", "secondary"}
    assert any("2024/1689" in v.text for v in reg.verified_against if v.kind == "primary")


def test_art22_a_provider_outside_the_eu_needs_a_representative_dated_by_path(
    session: Any,
) -> None:
    key = "obligation/ai_act_authorised_representative"
    annex_iii = listed(report(session, **EU, use_cases=["credit_scoring"], established_in=["us"]))
    annex_i = listed(report(session, **EU, annex_i_product="toys", established_in=["cn"]))
    assert (annex_iii[key].effective_from, annex_i[key].effective_from) == (
        "2027-12-02",
        "2028-08-02",
    )
    inside = listed(report(session, **EU, use_cases=["credit_scoring"], established_in=["eu"]))
    assert key not in inside


def test_a_deployer_is_not_given_the_reasons_of_duties_that_bind_the_provider(
    session: Any,
) -> None:
    # Art. 22 (representative) and Art. 50(1) (chatbot disclosure) bind the provider: a deployer
    # outside the EU sees them on the "other parties" line, not as "you must ..." reasons.
    answers = {
        **EU,
        "established_in": ["us"],
        "use_cases": ["candidate_screening", "chatbot_assistant"],
    }
    provider = ai_act(report(session, **answers))
    deployer = ai_act(report(session, **answers, ai_act_roles=["deployer"]))
    said = {r.rule for r in provider.reasons}
    assert {"rule/reg_ai_act_art22_representative", "rule/reg_eu_ai_act_chatbot"} <= said
    kept = {r.rule for r in deployer.reasons}
    assert "rule/reg_ai_act_art22_representative" not in kept
    assert "rule/reg_eu_ai_act_chatbot" not in kept
    assert kept, "the law still says why it applies"
    others = {c for o in deployer.for_others for c in o.citations}
    assert any("Art. 22" in c for c in others) and any("Art. 50(1)" in c for c in others)


def test_with_two_roles_each_duty_says_which_of_them_it_binds(session: Any) -> None:
    rep = report(session, **EU, use_cases=["credit_scoring"], ai_act_roles=["provider", "deployer"])
    md = render(rep, "md")
    assert "| Obligation | Citation | Effective from | Binds |" in md
    assert "| EU AI Act Art. 26 | 2027-12-02 | deployer |" in md
    assert "| EU AI Act Art. 43 | 2027-12-02 | provider |" in md
    assert "<th>Binds</th>" in render(rep, "html")
    assert "| 约束对象 |" in render(
        report(
            session,
            lang="zh",
            **EU,
            use_cases=["credit_scoring"],
            ai_act_roles=["provider", "deployer"],
        ),
        "md",
    )


def test_outside_the_eu_market_the_report_says_the_act_does_not_apply(session: Any) -> None:
    reg = ai_act(report(session, markets=["us"], use_cases=["credit_scoring"]))
    assert reg.applies is False
    assert [n.citation for n in reg.not_applicable_because] == ["EU AI Act Art. 2(1)"]
