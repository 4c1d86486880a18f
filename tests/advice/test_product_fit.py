"""What the product is (knowledge/rules/product.yaml), and advice that fits it: items whose
``applies_to`` does not meet the product's kinds are left out, lint asks every item to state
them, and measured evidence moves a technique down from "now"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.evidence import load_evidence
from advisor.advice.explain import explain
from advisor.advice.session import Session, open_session
from advisor.answers.profile import build_profile, load_answers_file
from advisor.authoring.lint import lint
from advisor.errors import KnowledgeError
from advisor.kb.checkids import check_of
from advisor.kb.fit import APPLIES_TO_KINDS, applies_to_of, declared_kinds, kinds_of
from advisor.report.model import Report
from advisor.report.render import render

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _report(session: Session, example: str, **kw: Any) -> Report:
    profile = load_answers_file(session.kb, EXAMPLES / f"{example}.yaml")
    return assemble_report(session, profile, with_sensitivity=False, **kw)


def _kinds(session: Session, answers: dict[str, Any]) -> set[str]:
    profile = build_profile(session.kb, answers, use_defaults=True)
    return set(kinds_of(session.kb, session.engine.run(profile.answers).facts))


# --------------------------------------------------------------------- product kinds derived


def test_a_classical_ml_credit_scorer_is_a_tabular_predictor_and_nothing_else(
    session: Session,
) -> None:
    profile = load_answers_file(session.kb, EXAMPLES / "fintech_credit_series_a.yaml")
    facts = session.engine.run(profile.answers).facts
    # it reads documents too, but with classical ML: no language-model product, no own network;
    # it sells to lenders
    assert kinds_of(session.kb, facts) == ["predictive_tabular", "sold_to_organisations"]


@pytest.mark.parametrize(
    ("answers", "has", "has_not"),
    [
        (  # a hosted-API chatbot
            {"use_cases": ["chatbot_assistant"], "model_approach": "foundation_model_api"},
            {"generative_text", "agentic_tools", "hosted_model_api"},
            {"trains_neural_models", "serves_own_model", "predictive_tabular", "on_device"},
        ),
        (  # an edge vision product with its own fine-tuned network
            {
                "use_cases": ["visual_inspection"],
                "model_approach": "fine_tune_open_model",
                "deployment_target": "edge_device",
            },
            {"vision", "trains_neural_models", "serves_own_model", "on_device"},
            {"generative_text", "hosted_model_api", "text_understanding"},
        ),
        (  # a media company generating content, on phones
            {
                "industry": "media_entertainment",
                "use_cases": ["generative_content", "recommendation"],
                "model_approach": "fine_tune_open_model",
                "deployment_target": "mobile",
            },
            {"generative_media", "recommender", "on_device"},
            {"generative_text", "predictive_tabular"},
        ),
        (  # a research lab: trains networks, serves none
            {
                "use_cases": ["translation"],
                "model_approach": "train_from_scratch",
                "market_status": "research_only",
            },
            {"generative_text", "text_understanding", "trains_neural_models"},
            {"serves_own_model", "hosted_model_api"},
        ),
    ],
)
def test_kinds_are_derived_from_the_answers(
    session: Session, answers: dict[str, Any], has: set[str], has_not: set[str]
) -> None:
    kinds = _kinds(session, answers)
    assert has <= kinds
    assert not kinds & has_not


def test_every_declared_kind_has_a_bilingual_label(session: Session) -> None:
    declared = session.kb.settings.product_kinds or {}
    assert set(declared) >= {
        "generative_text",
        "generative_media",
        "predictive_tabular",
        "vision",
        "agentic_tools",
        "trains_neural_models",
        "serves_own_model",
        "on_device",
    }
    assert all(k.label.en and k.label.zh for k in declared.values())


def test_every_built_in_item_states_the_products_it_applies_to(session: Session) -> None:
    allowed = {"any", *declared_kinds(session.kb)}
    items = [n for n in session.kb.nodes.values() if n.KIND in APPLIES_TO_KINDS]
    assert len(items) > 200
    assert [n.id for n in items if not applies_to_of(n)] == []
    assert all(set(applies_to_of(n)) <= allowed for n in items)


# --------------------------------------------------------------------- items left out


def test_the_tabular_scorer_gets_no_advice_for_other_kinds_of_product(session: Session) -> None:
    report = _report(
        session, "fintech_credit_series_a", evidence=load_evidence(EXAMPLES / "evidence.json")
    )
    risks = {r.id for r in report.risks}
    mitigations = {m.id for r in report.risks for m in r.mitigations}
    techniques = {t.id: t.priority for t in report.techniques}
    # a rule raises prompt injection for this profile, but the risk is for language models
    assert "risk/security_attacks" in session.engine.run(report.profile).risks
    assert "risk/security_attacks" not in risks
    assert "mitigation/least_privilege_tooling" not in mitigations
    assert "technique/multilingual_models" not in techniques
    assert techniques.get("technique/quantization") != "now"
    assert "opportunity/edge_intelligence" not in {o.id for o in report.opportunities}
    assert "practice/compute_cost_governance" not in {p.id for p in report.practices}
    md = render(report, "md")
    assert "GPU bills" not in md
    assert "prompt injection" not in md.lower()
    # what it does need stays
    assert {"risk/model_bias", "risk/lack_of_explainability"} <= risks


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        ("media_generative_consumer", {"risk/content_disclosure_failure", "risk/ip_infringement"}),
        (
            "foundation_model_lab_series_b",
            {"risk/security_attacks", "risk/model_hallucination", "risk/ip_infringement"},
        ),
    ],
)
def test_generative_products_keep_their_generative_risks(
    session: Session, example: str, expected: set[str]
) -> None:
    assert expected <= {r.id for r in _report(session, example).risks}


def test_explain_says_an_item_was_left_out_and_why(session: Session) -> None:
    profile = load_answers_file(session.kb, EXAMPLES / "fintech_credit_series_a.yaml")
    lines = explain(session, profile.answers, "risk/security_attacks")
    said = "\n".join(lines)
    assert "left out of the report" in said
    assert "generates text or code" in said  # the kinds it fits, by label
    assert "predicts from tables of records" in said  # and what this product is
    zh = "\n".join(explain(session, profile.answers, "risk/security_attacks", lang="zh"))
    assert "未列入报告" in zh and "基于表格记录做预测" in zh
    # an item that fits says nothing of the kind
    fits = "\n".join(explain(session, profile.answers, "risk/model_bias"))
    assert "left out" not in fits


def test_explain_does_not_say_yes_for_a_raised_risk_the_report_leaves_out(
    session: Session,
) -> None:
    # the media studio generates images and video: a rule raises hallucination, but the risk is
    # for text products, so the report leaves it out and explain must not say "yes"
    profile = load_answers_file(session.kb, EXAMPLES / "media_generative_consumer.yaml")
    report_ids = {r.id for r in _report(session, "media_generative_consumer").risks}
    assert "risk/model_hallucination" not in report_ids
    said = "\n".join(explain(session, profile.answers, "risk/model_hallucination"))
    assert "in the report: no: a rule raised it" in said and "yes" not in said.split("\n")[1]


_KIND = """settings:
  product_kinds:
    drone:
      label: {en: flies, zh: 会飞}
      sources: [ch1.4]
"""
_DRONE_RULE = """rules:
  - id: rule/product_drone
    sources: [ch1.4]
    salience: 100
    when: {fact: industry, in: [agriculture]}
    then: [{derive: {fact: drone, value: true}}]
    because: {en: Crop spraying flies., zh: 喷洒农药需要飞行。}
  - id: rule/raise_crash
    sources: [ch5.3]
    when: {fact: team_size, gte: 1}
    then: [{raise_risk: {id: risk/drone_crash}}]
    because: {en: Drones crash., zh: 无人机可能坠毁。}
"""
_CRASH = """nodes:
  - id: risk/drone_crash
    title: {en: The drone crashes, zh: 无人机坠毁}
    description: {en: It falls on something., zh: 它会砸到东西。}
    sources: [ch5.3]
    category: operational
    likelihood: 3
    impact: 4
    likelihood_drivers: [{en: Wind, zh: 风}]
    impact_drivers: [{en: People below, zh: 下方有人}]
    mitigated_by: [mitigation/incident_response_runbook, mitigation/performance_load_testing]
@APPLIES@"""


def _layer(tmp_path: Path, applies: str, with_rule: bool = True) -> Path:
    layer = tmp_path / "layer"
    layer.mkdir()
    text = _KIND + (_DRONE_RULE if with_rule else "") + _CRASH.replace("@APPLIES@", applies)
    (layer / "drone.yaml").write_text(text, encoding="utf-8")
    return layer


def test_an_author_adds_a_kind_and_the_report_follows_it(tmp_path: Path) -> None:
    session = open_session([_layer(tmp_path, "    applies_to: [drone]\n")], cache=False)
    farm = build_profile(session.kb, {"industry": "agriculture"}, use_defaults=True)
    shop = build_profile(session.kb, {"industry": "retail_ecommerce"}, use_defaults=True)
    shown = {r.id for r in assemble_report(session, farm, with_sensitivity=False).risks}
    assert "risk/drone_crash" in shown
    # the same rule raises it for a shop, which flies nothing
    assert "risk/drone_crash" in session.engine.run(shop.answers).risks
    hidden = {r.id for r in assemble_report(session, shop, with_sensitivity=False).risks}
    assert "risk/drone_crash" not in hidden


def test_validation_rejects_an_unknown_kind_with_the_allowed_list(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as caught:
        open_session([_layer(tmp_path, "    applies_to: [dron]\n")], cache=False)
    problems = [p for p in caught.value.problems if "applies_to" in p.key]
    assert problems, caught.value.problems
    p = problems[0]
    assert p.path.endswith("drone.yaml") and p.line > 1
    assert "'dron' is not a product kind" in p.message
    assert {"any", "drone", "generative_text"} <= set(p.allowed)
    assert check_of(p).code == "ADV210"


def test_lint_warns_on_an_item_that_states_no_products(tmp_path: Path) -> None:
    session = open_session([_layer(tmp_path, "")], cache=False)
    found = [p for p in lint(session) if p.key == "risk/drone_crash"]
    assert [check_of(p).code for p in found] == ["ADV311"]
    assert found[0].severity == "warning"
    assert "states no applies_to" in found[0].message


def test_lint_warns_on_a_kind_no_rule_derives(tmp_path: Path) -> None:
    session = open_session(
        [_layer(tmp_path, "    applies_to: [drone]\n", with_rule=False)], cache=False
    )
    found = [p for p in lint(session) if check_of(p).code == "ADV312"]
    assert [p.key for p in found] == ["product_kinds.drone"]
    assert found[0].path.endswith("drone.yaml") and found[0].line == 3


def test_the_built_in_knowledge_has_no_product_fit_warnings(session: Session) -> None:
    assert [p for p in lint(session) if check_of(p).code in ("ADV311", "ADV312")] == []


# --------------------------------------------------------------------- evidence moves priority


def _evidence(tmp_path: Path, speedup_b1: float, accuracy_delta_pt: float) -> Path:
    result = {
        "technique": "technique/quantization",
        "kernel": "technical.compression.quantization:dynamic_quantize",
        "command": "python -m technical quantize --mode dynamic",
        "baseline": {"accuracy": 0.95, "latency_ms_b1": 0.02},
        "result": {"accuracy": 0.95, "latency_ms_b1": 0.02 / speedup_b1},
        "ratios": {
            "size": 3.6,
            "speedup_b1": speedup_b1,
            "speedup_b64": 1.5,
            "accuracy_delta_pt": accuracy_delta_pt,
        },
        "summary": f"int8 dynamic: 3.6x smaller, accuracy {accuracy_delta_pt:+.1f} pt",
    }
    path = tmp_path / f"evidence_{speedup_b1}_{accuracy_delta_pt}.json"
    data = {
        "schema_version": 1,
        "measured_at": "2026-12-01T10:00:00Z",
        "machine": {"processor": "x86_64", "cpu_count": 2},
        "results": [result],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _quantization(session: Session, example: str, evidence: Path | None, lang: str = "en"):  # type: ignore[no-untyped-def]
    report = _report(
        session,
        example,
        lang=lang,
        evidence=load_evidence(evidence) if evidence else None,
    )
    return next(t for t in report.techniques if t.id == "technique/quantization")


def test_a_technique_measured_slower_drops_from_now_and_quotes_the_figure(
    session: Session, tmp_path: Path
) -> None:
    # an edge vision product: answers are awaited one by one, so batch 1 decides
    assert _quantization(session, "manufacturing_edge_bootstrapped", None).priority == "now"
    slow = _quantization(session, "manufacturing_edge_bootstrapped", _evidence(tmp_path, 0.4, 0.0))
    assert slow.priority == "next"
    measured = [r for r in slow.reasons if r.rule.startswith("evidence/")]
    assert len(measured) == 1
    assert "int8 dynamic 2.5x slower at batch 1" in measured[0].text
    assert "from now to next" in measured[0].text
    zh = _quantization(
        session, "manufacturing_edge_bootstrapped", _evidence(tmp_path, 0.4, 0.0), "zh"
    )
    text = next(r.text for r in zh.reasons if r.rule.startswith("evidence/"))
    assert "2.5倍" in text and "“立即”降为“其次”" in text


def test_a_technique_measured_less_accurate_drops_too(session: Session, tmp_path: Path) -> None:
    lossy = _quantization(
        session, "manufacturing_edge_bootstrapped", _evidence(tmp_path, 1.8, -2.5)
    )
    assert lossy.priority == "next"
    text = next(r.text for r in lossy.reasons if r.rule.startswith("evidence/"))
    assert "2.5 pt less accurate" in text and "slower" not in text


def test_a_technique_measured_faster_keeps_its_priority(session: Session, tmp_path: Path) -> None:
    fast = _quantization(session, "manufacturing_edge_bootstrapped", _evidence(tmp_path, 1.8, -0.3))
    assert fast.priority == "now"
    assert not [r for r in fast.reasons if r.rule.startswith("evidence/")]
    assert fast.evidence is not None  # the measurement is still shown


def test_one_variant_that_holds_up_keeps_the_technique(session: Session, tmp_path: Path) -> None:
    slow = json.loads(_evidence(tmp_path, 0.4, 0.0).read_text(encoding="utf-8"))
    fast = json.loads(_evidence(tmp_path, 1.8, 0.0).read_text(encoding="utf-8"))
    fast["results"][0]["kernel"] = "technical.compression.quantization:static_quantize"
    slow["results"].append(fast["results"][0])
    both = tmp_path / "both.json"
    both.write_text(json.dumps(slow), encoding="utf-8")
    assert _quantization(session, "manufacturing_edge_bootstrapped", both).priority == "now"


def test_small_network_measurements_do_not_move_a_generative_product(
    session: Session, tmp_path: Path
) -> None:
    # media on phones quantises its own generative model: a digits MLP says nothing about it
    media = _quantization(session, "media_generative_consumer", _evidence(tmp_path, 0.4, -3.0))
    assert media.priority == "now"


def test_the_bundled_evidence_moves_quantisation_for_the_edge_example(session: Session) -> None:
    q = _quantization(session, "manufacturing_edge_bootstrapped", EXAMPLES / "evidence.json")
    assert q.priority == "next"
    text = next(r.text for r in q.reasons if r.rule.startswith("evidence/"))
    assert "int8 dynamic 2.2x slower at batch 1" in text


def test_the_report_says_what_the_product_is_in_its_language(session: Session) -> None:
    en = _report(session, "fintech_credit_series_a")
    assert list(en.product_kinds) == [
        "predicts from tables of records",
        "is sold to businesses or public bodies",
    ]
    assert (
        "What your product does, as derived from your answers: predicts from tables of records; "
        "is sold to businesses or public bodies" in render(en, "md")
    )
    zh = _report(session, "manufacturing_edge_bootstrapped", lang="zh")
    assert "理解图像或视频" in zh.product_kinds and "在用户设备上运行" in zh.product_kinds
