"""The JSON report: the contract of DESIGN.md, and nothing lost on the way."""

from __future__ import annotations

import json
from collections.abc import Callable

from advisor.report import schema as contract
from advisor.report.model import Report
from advisor.report.render import render

CONTRACT_KEYS = {
    "schema_version",
    "generated_at",
    "knowledge_version",
    "lang",
    "profile",
    "directions",
    "risks",
    "business_models",
    "team",
    "regulations",
    "techniques",
    "funding",
    "roadmap",
    "case_lessons",
    "trace",
}
ADDITIVE_KEYS = {
    "company_name",
    "summary",
    "assumptions",
    "profile_rows",
    "case_notes",
    "labels",
    "product_kinds",
    "weights",
    "sensitivity",
    "conflicts",
    "upcoming",
    "opportunities",
    "threats",
    "partnerships",
    "practices",
    "cases",
    "disclaimer",
    "direction_factors",
    "pivot_margin",
    "runway_check",
    "brief",
    "pending",
    "resolve_first",
    "open_headline",
    "unknown",
    "asked",
}


def test_json_round_trips_through_the_model(report: Report) -> None:
    """The JSON validates against the pydantic model (the contract) and loses nothing."""
    parsed = contract.Report.model_validate_json(render(report, "json"))
    assert contract.to_report_record(parsed) == report


def test_json_has_the_contract_keys_plus_the_additive_ones(report: Report) -> None:
    data = json.loads(render(report, "json"))
    assert set(data) == CONTRACT_KEYS | ADDITIVE_KEYS
    assert data["schema_version"] == 1
    assert list(data)[:4] == ["schema_version", "generated_at", "knowledge_version", "lang"]


def test_json_contract_shapes(report: Report) -> None:
    data = json.loads(render(report, "json"))
    assert set(data["directions"][0]) >= {"id", "title", "score", "criteria", "reasons"}
    assert set(data["risks"][0]) >= {
        "id", "category", "likelihood", "impact", "severity", "mitigations", "reasons",
    }  # fmt: skip
    assert set(data["team"]) >= {"present", "gaps"}
    assert set(data["regulations"][0]["obligations"][0]) >= {"id", "title", "citation"}
    assert set(data["trace"][0]) == {"rule", "sources", "matched"}
    reason = set(data["directions"][0]["reasons"][0])
    assert {"rule", "text", "sources"} <= reason <= {"rule", "text", "sources", "points", "see"}


def test_json_is_indented_utf8_with_a_final_newline(make_report: Callable[..., Report]) -> None:
    text = render(make_report(lang="zh", company_name="深度智能 <x>"), "json")
    assert text.endswith("}\n")
    assert '\n  "schema_version": 1,' in text
    assert '"company_name": "深度智能 <x>"' in text  # JSON needs no HTML escaping
