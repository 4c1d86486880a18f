"""A realistic report, written out literally, for the rendering tests.

It is built with the pydantic contract models (:mod:`advisor.report.schema`), so it is validated
(and coerced, ints to floats) as the contract says, then turned into the records the templates
render.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from advisor.report import model as reportmodel
from advisor.report.schema import (
    BusinessModelOut,
    CaseLesson,
    ConflictOut,
    DirectionOut,
    Evidence,
    Funding,
    Item,
    MitigationOut,
    NotApplicable,
    ObligationOut,
    OthersDuties,
    Reason,
    RegulationOut,
    Report,
    RiskOut,
    RoadmapItem,
    Sensitivity,
    Summary,
    Team,
    TeamGap,
    TechniqueOut,
    TraceEntry,
    Upcoming,
    VerifiedAgainst,
    to_report_record,
)

#: A company name that tries HTML, Jinja, Markdown emphasis and a table break at once.
MALICIOUS_NAME = "<script>alert(1)</script> {{ 7*7 }} **bold** | pipe"


def _r(rule: str, text: str, *sources: str) -> Reason:
    return Reason(rule=rule, text=text, sources=list(sources) or ["ch5.1"])


def build_report(lang: str = "en", company_name: str = MALICIOUS_NAME) -> reportmodel.Report:
    """The fixture report; texts stay English for ``zh`` (only labels change)."""
    record: reportmodel.Report = to_report_record(_build(lang, company_name))
    return record


def _build(lang: str, company_name: str) -> Report:
    return Report(
        generated_at="2026-01-15T09:30:00+00:00",
        knowledge_version="2026.11",
        lang=lang,
        company_name=company_name,
        profile={
            "company_name": company_name,
            "industry": "healthcare",
            "use_cases": ["diagnosis_support", "document_processing"],
            "markets": ["eu", "us"],
            "data_categories": ["health", "personal"],
            "data_volume": "medium",
            "data_centralizable": False,
            "automated_decisions": "human_reviewed",
            "compute_budget": "modest",
            "training_compute_flops": 0.0,
            "model_approach": "fine_tune_open_model",
            "provides_general_purpose_model": False,
            "deployment_target": "edge_device",
            "latency_budget_ms": 150,
            "team_roles": ["ceo", "cto", "ml_engineer"],
            "team_size": 6,
            "funding_stage": "seed",
            "runway_months": 14,
            "customer_segment": "enterprise",
            "competition": "medium",
            "differentiators": ["proprietary_data", "domain_expertise"],
        },
        summary=Summary(
            headline="Build clinical documentation support for EU hospitals first.",
            bullets=[
                "Highest-scoring direction: clinical documentation assistant (81).",
                "Two critical risks need mitigation before the first pilot.",
                "The EU AI Act classifies diagnosis support as high risk: plan conformity now.",
            ],
        ),
        assumptions=["data_volume = medium (default)", "competition = medium (default)"],
        weights={
            "market_need": 0.3,
            "technical_feasibility": 0.25,
            "commercial_potential": 0.25,
            "founder_fit": 0.2,
        },
        directions=[
            DirectionOut(
                id="direction/clinical_documentation",
                title="Clinical documentation assistant",
                score=81.5,
                criteria={
                    "market_need": 88,
                    "technical_feasibility": 76,
                    "commercial_potential": 80,
                    "founder_fit": 82,
                },
                reasons=[_r("rule/health_data_moat", "Proprietary clinical notes raise fit.")],
                rank=1,
                description="Drafts clinical notes from consultations for review.",
                industry="industry/healthcare",
                criteria_reasons={
                    "market_need": [
                        _r("rule/clinician_burnout", "Clinicians spend a third of time on notes.")
                    ],
                    "technical_feasibility": [
                        _r("rule/fine_tune_feasible", "Fine-tuning an open model is feasible.")
                    ],
                },
                time_to_market_months=9,
            ),
            DirectionOut(
                id="direction/diagnosis_support",
                title="Diagnosis support [imaging]",
                score=72.0,
                criteria={
                    "market_need": 90,
                    "technical_feasibility": 52,
                    "commercial_potential": 74,
                    "founder_fit": 70,
                },
                reasons=[],
                rank=2,
                description="Second opinion on imaging studies.",
                industry="industry/healthcare",
                criteria_reasons={
                    "technical_feasibility": [
                        _r("rule/high_risk_slows", "High-risk conformity slows delivery.", "ch7.3")
                    ]
                },
            ),
            DirectionOut(
                id="direction/claims_automation",
                title="Claims automation",
                score=58.25,
                criteria={
                    "market_need": 60,
                    "technical_feasibility": 70,
                    "commercial_potential": 55,
                    "founder_fit": 45,
                },
                reasons=[_r("rule/weak_founder_fit", "No insurance expertise in the team.")],
                rank=3,
                description="",
                industry="industry/insurance",
                flags=["prohibited"],
            ),
        ],
        sensitivity=[
            Sensitivity(
                question="data_volume",
                current="medium",
                alternative="large",
                effect="Diagnosis support would overtake documentation.",
                top_direction="Diagnosis support [imaging]",
                changed_positions=2,
            )
        ],
        labels={
            "data_volume": "Training data on hand",
            "data_volume=medium": "Some (tens of thousands)",
            "data_volume=large": "A lot <millions>",
        },
        risks=[
            RiskOut(
                id="risk/regulatory_non_compliance",
                category="regulatory",
                likelihood=4,
                impact=5,
                severity="critical",
                title="Non-compliance with the EU AI Act",
                mitigations=[
                    MitigationOut(
                        id="mitigation/conformity_assessment",
                        title="Start the conformity assessment",
                        recommended=True,
                        priority="now",
                    ),
                    MitigationOut(id="mitigation/legal_counsel", title="Retain legal counsel"),
                ],
                reasons=[_r("rule/eu_high_risk", "Diagnosis support is high risk.", "ch7.3")],
            ),
            RiskOut(
                id="risk/insufficient_training_data",
                category="technical",
                likelihood=5,
                impact=4,
                severity="critical",
                title="Insufficient training data",
                mitigations=[
                    MitigationOut(
                        id="mitigation/federated_learning",
                        title="Train federated across hospitals",
                        recommended=True,
                        priority="next",
                    )
                ],
                reasons=[_r("rule/data_not_centralizable", "Data cannot leave the hospitals.")],
            ),
            RiskOut(
                id="risk/latency_on_device",
                category="technical",
                likelihood=3,
                impact=4,
                severity="high",
                title="Latency on edge devices",
                mitigations=[
                    MitigationOut(
                        id="mitigation/quantize",
                        title="Quantize the model",
                        recommended=True,
                        priority="later",
                    )
                ],
                reasons=[],
            ),
            RiskOut(
                id="risk/runway",
                category="financial",
                likelihood=3,
                impact=3,
                severity="medium",
                title="Runway shorter than the sales cycle",
                mitigations=[],
                reasons=[_r("rule/short_runway", "Enterprise sales take 9-12 months.", "ch8.2")],
            ),
            RiskOut(
                id="risk/key_person",
                category="operational",
                likelihood=2,
                impact=2,
                severity="low",
                title="Key person dependency",
                mitigations=[MitigationOut(id="mitigation/document", title="Document decisions")],
                reasons=[],
            ),
        ],
        business_models=[
            BusinessModelOut(
                id="business_model/saas_subscription",
                title="SaaS subscription per clinician",
                fit=84,
                reasons=[_r("rule/enterprise_saas", "Enterprise buyers budget per seat.")],
                revenue_streams=["per-seat licence", "onboarding"],
            ),
            BusinessModelOut(
                id="business_model/ad_supported",
                title="Advertising supported",
                fit=12.5,
                reasons=[],
                advised_against=True,
            ),
        ],
        team=Team(
            present=["role/ceo", "role/cto", "role/ml_engineer"],
            gaps=[
                TeamGap(
                    id="role/compliance_officer",
                    priority="now",
                    title="Compliance officer",
                    reasons=[_r("rule/high_risk_needs_compliance", "High-risk systems need one.")],
                ),
                TeamGap(
                    id="role/domain_expert",
                    priority="next",
                    title="Domain expert",
                    reasons=[],
                ),
                TeamGap(id="role/sales_lead", priority="later", reasons=[]),
            ],
            size=6,
        ),
        regulations=[
            RegulationOut(
                id="regulation/eu_ai_act",
                title="EU AI Act",
                applies=True,
                tier="high_risk",
                gpai="none",
                jurisdiction="EU",
                as_of="2026-01-01",
                obligations=[
                    ObligationOut(
                        id="obligation/risk_management_system",
                        title="Risk management system",
                        citation="EU AI Act Art. 9",
                        effective_from="2027-08-02",
                        binds=["provider"],
                    ),
                    ObligationOut(
                        id="obligation/transparency_to_users",
                        title="Tell users they interact with AI",
                        citation="EU AI Act Art. 50(1)",
                        effective_from="2026-08-02",
                        binds=["provider"],
                    ),
                ],
                roles=["provider"],
                for_others=[
                    OthersDuties(
                        role="deployer", citations=["EU AI Act Art. 26", "EU AI Act Art. 27(1)"]
                    )
                ],
                verified_against=[
                    VerifiedAgainst(
                        text="OJ L, 2024/1689",
                        kind="primary",
                        url="https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
                    ),
                    VerifiedAgainst(text="A law firm's summary <of> the omnibus", kind="secondary"),
                ],
                reasons=[
                    _r(
                        "rule/eu_high_risk",
                        "Diagnosis support is listed in Annex III.",
                        "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
                    )
                ],
            ),
            RegulationOut(
                id="regulation/gdpr",
                title="GDPR",
                applies=True,
                obligations=[
                    ObligationOut(
                        id="obligation/dpia",
                        title="Data protection impact assessment",
                        citation="GDPR Art. 35",
                    )
                ],
                reasons=[_r("rule/gdpr_health", "Health data is a special category.")],
            ),
            RegulationOut(
                id="regulation/pipl",
                title="PIPL",
                applies=False,
                obligations=[],
                reasons=[],
                not_applicable_because=[
                    NotApplicable(
                        citation="PIPL Art. 3",
                        text="no personal information of people in China is handled",
                        rule="rule/pipl_scope",
                        sentence="PIPL does not apply: no personal information of people in"
                        " China is handled, PIPL Art. 3",
                    )
                ],
            ),
        ],
        upcoming=[
            Upcoming(
                date="2026-08-02",
                regulation="regulation/eu_ai_act",
                obligation="obligation/transparency_to_users",
                citation="EU AI Act Art. 50(1)",
                title="Tell users they interact with AI",
            )
        ],
        disclaimer="This report is not legal advice.",
        techniques=[
            TechniqueOut(
                id="technique/quantization",
                title="Quantization",
                kernel="technical.compression.quantize:quantize_dynamic",
                cli="python -m technical compress --method quantize",
                reasons=[_r("rule/edge_needs_small_model", "Edge latency budget is 150 ms.")],
                evidence=Evidence(
                    measured_at="2026-01-10",
                    machine="8-core x86 CPU",
                    summary="4.0x smaller, 1.8x faster, accuracy -0.3 points",
                    backend="cpu",
                ),
                priority="now",
                family="compression",
            ),
            TechniqueOut(
                id="technique/federated_learning",
                title="Federated learning",
                kernel="technical.federated:fedavg",
                cli=None,
                reasons=[_r("rule/data_not_centralizable", "Data stays in hospitals.")],
            ),
        ],
        funding=Funding(
            stage="seed",
            next_stage=Item(id="funding_stage/series_a", title="Series A"),
            typical_raise="USD 5-15M",
            investors_expect=["Repeatable enterprise sales", "A regulatory path"],
            runway_months=14,
            runway_target_months=18,
            channels=[
                Item(
                    id="funding_channel/vc",
                    title="Venture capital",
                    description="Healthcare-focused funds.",
                    reasons=[_r("rule/vc_for_growth", "Growth needs capital.")],
                )
            ],
            avoid=[Item(id="funding_channel/debt", title="Venture debt")],
            policies=[Item(id="policy/eic_accelerator", title="EIC Accelerator")],
        ),
        roadmap=[
            RoadmapItem(
                id="milestone/mvp",
                title="MVP with one hospital",
                start_week=0,
                end_week=12,
                phase="Build",
                milestones=["first pilot"],
            ),
            RoadmapItem(
                id="milestone/conformity",
                title="Conformity assessment: phase 1",
                start_week=4,
                end_week=30,
                phase="Comply",
            ),
            RoadmapItem(
                id="milestone/title_check",
                title="Title check of records",
                start_week=12,
                end_week=12,
                phase="Build",
            ),
        ],
        case_lessons=[
            CaseLesson(
                case="case/nuance_dax",
                factor="success_factor/proprietary_data",
                present=True,
                case_title="Nuance DAX",
                factor_title="Proprietary data",
            ),
            CaseLesson(
                case="case/nuance_dax",
                factor="success_factor/distribution",
                present=False,
                case_title="Nuance DAX",
                factor_title="Distribution partnerships",
            ),
            CaseLesson(
                case="case/babylon",
                factor="success_factor/regulatory_readiness",
                present=False,
            ),
        ],
        opportunities=[Item(id="opportunity/ehr_apis", title="Open EHR APIs")],
        threats=[Item(id="threat/big_tech", title="Big tech entering clinical notes")],
        partnerships=[],
        practices=[Item(id="practice/human_review", title="Keep a clinician in the loop")],
        conflicts=[
            ConflictOut(
                kind="recommend_vs_advise_against",
                subject="business_model/ad_supported",
                detail="One rule recommends it | another advises against it.",
                rules=["rule/consumer_ads", "rule/health_no_ads"],
            )
        ],
        trace=[
            TraceEntry(
                rule="rule/eu_high_risk",
                sources=["ch7.3", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"],
                matched={"markets": ["eu", "us"], "use_cases": ["diagnosis_support"]},
            ),
            TraceEntry(
                rule="rule/edge_needs_small_model",
                sources=["ch6.4"],
                matched={"deployment_target": "edge_device", "latency_budget_ms": 150},
            ),
        ],
    )


@pytest.fixture
def malicious_name() -> str:
    return MALICIOUS_NAME


@pytest.fixture
def make_report() -> Callable[..., reportmodel.Report]:
    """``make_report(lang="zh", company_name="Acme")``: the fixture report with changes."""
    return build_report


@pytest.fixture
def report() -> reportmodel.Report:
    return build_report()


@pytest.fixture
def report_zh() -> reportmodel.Report:
    return build_report(lang="zh")
