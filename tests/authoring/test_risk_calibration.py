"""Risk severities on the bundled example profiles follow the calibration rubric.

The rubric is in docs/knowledge-authors.md ("Calibrating risks"): critical (likelihood x impact
of 15 or more) is kept for what threatens a company's survival or legality, so a report names a
few critical risks, not ten. These tests run the real knowledge on the real examples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session, open_session
from advisor.answers.profile import load_answers_file
from advisor.authoring.lint import lint
from advisor.kb.records import Risk

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    p
    for p in (ROOT / "examples").iterdir()
    if p.suffix in (".yaml", ".json") and p.name != "evidence.json"
)
MAX_CRITICAL = 4  # the rubric's "about one to four critical risks" per profile
SEVERE = ("critical", "high")


@pytest.fixture(scope="module")
def severities(session: Session) -> dict[str, Counter[str]]:
    """Per example (by file stem): how many risks of each severity its report shows."""
    out: dict[str, Counter[str]] = {}
    for path in EXAMPLES:
        profile = load_answers_file(session.kb, path)
        report = assemble_report(session, profile, with_sensitivity=False)
        out[path.stem] = Counter(r.severity for r in report.risks)
    return out


def _severe(counts: Counter[str]) -> int:
    return sum(counts[s] for s in SEVERE)


def test_the_contrasting_examples_are_there(severities: dict[str, Counter[str]]) -> None:
    assert {"retail_minimal", "healthcare_eu_seed", "hr_screening_eu_seed"} <= set(severities)


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_few_critical_risks_per_example(stem: str, severities: dict[str, Counter[str]]) -> None:
    counts = severities[stem]
    assert 1 <= counts["critical"] <= MAX_CRITICAL, dict(counts)


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_every_example_has_a_risk_to_act_on(stem: str, severities: dict[str, Counter[str]]) -> None:
    assert _severe(severities[stem]) >= 1, dict(severities[stem])


@pytest.mark.parametrize(
    "risky",
    [
        "healthcare_eu_seed",  # regulated medical software, little data that cannot be pooled
        "hr_screening_eu_seed",  # fully automated hiring in the EU, no differentiator
        "manufacturing_edge_bootstrapped",  # five months of runway, bootstrapped
        "edtech_cn_pre_seed",  # children's data, two founders, seven months of runway
    ],
)
def test_riskier_profiles_are_more_severe_than_the_minimal_one(
    risky: str, severities: dict[str, Counter[str]]
) -> None:
    minimal = severities["retail_minimal"]
    counts = severities[risky]
    assert counts["critical"] > minimal["critical"], (dict(counts), dict(minimal))
    assert _severe(counts) > _severe(minimal), (dict(counts), dict(minimal))


def test_severity_still_tells_profiles_apart(severities: dict[str, Counter[str]]) -> None:
    mixes = {(c["critical"], c["high"], c["medium"], c["low"]) for c in severities.values()}
    assert len(mixes) >= len(severities) - 2, mixes
    assert len({c["critical"] for c in severities.values()}) >= 3


def test_the_built_in_knowledge_is_calibrated(session: Session) -> None:
    assert [p for p in lint(session) if "raise_risk" in p.message] == []


def _rule(name: str, size: int, *actions: str) -> str:
    then = "".join(f"      - {a}\n" for a in actions)
    return (
        f"  - id: rule/{name}\n    sources: [ch5.3]\n"
        f"    when: {{fact: team_size, lt: {size}}}\n    then:\n{then}"
        "    because: {en: x, zh: x}\n"
    )


def test_lint_flags_five_by_five_outside_a_ban_and_values_below_the_risks_own(
    build_file_tree: Callable[[dict[str, str]], Path],
) -> None:
    rules = (
        _rule(
            "ruinous", 3, "raise_risk: {id: risk/key_person_dependency, likelihood: 5, impact: 5}"
        ),
        _rule("lowering", 4, "raise_risk: {id: risk/model_drift, likelihood: 2}"),
        _rule(
            "banned",
            6,
            "apply_regulation: {id: regulation/eu_ai_act, tier: prohibited}",
            "raise_risk: {id: risk/ai_act_noncompliance, likelihood: 5, impact: 5}",
        ),
    )
    kb = build_file_tree({"rules.yaml": "rules:\n" + "".join(rules)})
    found = [
        p
        for p in lint(open_session([kb], cache=False))
        if p.path.startswith(str(kb)) and "raise_risk" in p.message
    ]
    assert [(p.key, p.message.split(":")[0]) for p in found] == [
        ("rule/ruinous", "raise_risk sets likelihood 5 and impact 5 on risk/key_person_dependency"),
        ("rule/lowering", "raise_risk sets likelihood 2, below risk/model_drift's own 3"),
    ]
    assert all(p.severity == "warning" for p in found)


def test_a_rule_cannot_lower_a_risk_below_its_own_values(
    build_file_tree: Callable[[dict[str, str]], Path],
) -> None:
    from advisor.answers.profile import build_profile

    rule = _rule("lowering", 4, "raise_risk: {id: risk/model_drift, likelihood: 1, impact: 1}")
    kb = build_file_tree({"rules.yaml": "rules:\n" + rule})
    session = open_session([kb], cache=False)
    own = session.kb.nodes["risk/model_drift"]
    profile = build_profile(session.kb, {"team_size": 2})
    report = assemble_report(session, profile, with_sensitivity=False)
    drift = next(r for r in report.risks if r.id == "risk/model_drift")
    assert isinstance(own, Risk)
    assert (drift.likelihood, drift.impact) == (own.likelihood, own.impact)
    assert "rule/lowering" in [reason.rule for reason in drift.reasons]
