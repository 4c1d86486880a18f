from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.errors import KnowledgeError
from advisor.kb.load import load_knowledge

QUESTIONS = """\
questions:
  - id: industry
    type: choice
    prompt: {en: Industry?, zh: 行业？}
    choices:
      - {value: healthcare, label: {en: Healthcare, zh: 医疗}}
      - {value: finance, label: {en: Finance, zh: 金融}}
    default: finance
  - id: team_size
    type: int
    prompt: {en: How many?, zh: 多少人？}
    min: 1
    default: 3
  - id: markets
    type: multi
    prompt: {en: Markets?, zh: 市场？}
    choices:
      - {value: eu, label: {en: EU, zh: 欧盟}}
      - {value: us, label: {en: US, zh: 美国}}
    default: [us]
"""

RISK = """\
nodes:
  - id: risk/data
    title: {en: Data, zh: 数据}
    description: {en: Too little data., zh: 数据太少。}
    sources: [ch5.3]
    category: technical
    likelihood: 3
    impact: 4
    likelihood_drivers: [{en: Few records, zh: 记录少}]
    impact_drivers: [{en: Weak model, zh: 模型弱}]
    mitigated_by: [mitigation/augment, mitigation/transfer]
  - id: mitigation/augment
    title: {en: Augment, zh: 增强}
    description: {en: Make more examples., zh: 生成更多样本。}
    sources: [ch6.2]
  - id: mitigation/transfer
    title: {en: Transfer, zh: 迁移}
    description: {en: Reuse a model., zh: 复用模型。}
    sources: [ch8.1]
"""


def rule_yaml(when: str, then: str = "[{raise_risk: {id: risk/data}}]", rid: str = "r") -> str:
    return (
        f"rules:\n  - id: rule/{rid}\n    sources: [ch5.3]\n    when: {when}\n"
        f"    then: {then}\n    because: {{en: Why., zh: 为何。}}\n"
    )


Build = Callable[[dict[str, Any]], Path]


def load(build: Build, files: dict[str, Any]) -> Any:
    return load_knowledge([build({"questions.yaml": QUESTIONS, **files})], builtin=False)


def problems(build: Build, files: dict[str, Any]) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load(build, files)
    return [str(p) for p in info.value.problems]


def test_a_valid_knowledge_base_loads(build_file_tree: Build) -> None:
    kb = load(
        build_file_tree,
        {"risks.yaml": RISK, "rules.yaml": rule_yaml("{fact: industry, eq: finance}")},
    )
    assert set(kb.nodes) >= {"risk/data", "mitigation/augment"}
    assert list(kb.rules) == ["rule/r"]
    assert kb.where("risk/data").endswith("risks.yaml:2")


def test_every_problem_of_every_file_is_reported_together(build_file_tree: Build) -> None:
    found = problems(
        build_file_tree,
        {
            "a.yaml": RISK.replace("likelihood: 3", "likelihood: 9"),
            "b.yaml": rule_yaml("{fact: industry, eq: retail}"),
            "c.yaml": "nodes: [{id: mitigation/x, title: {en: X, zh: 十}, sources: [ch5.3]}]\n",
        },
    )
    assert len(found) == 3
    assert any(
        "a.yaml:7:" in p and "likelihood" in p and "less than or equal to 5" in p for p in found
    )
    assert any(
        "b.yaml:4:" in p
        and "impossible value 'retail'" in p
        and "allowed: healthcare, finance" in p
        for p in found
    )
    assert any("c.yaml:1:" in p and "description: is required but missing" in p for p in found)


def test_dangling_reference_suggests_close_ids(build_file_tree: Build) -> None:
    (msg,) = problems(
        build_file_tree,
        {
            "a.yaml": RISK.replace("mitigation/transfer]", "mitigation/transfr]").replace(
                "id: mitigation/transfer", "id: mitigation/t2"
            )
        },
    )
    assert "'mitigation/transfr' names no node" in msg
    assert "allowed: mitigation/t2" in msg or "mitigation/augment" in msg


def test_reference_to_the_wrong_kind(build_file_tree: Build) -> None:
    (msg,) = problems(
        build_file_tree,
        {
            "a.yaml": RISK.replace(
                "[mitigation/augment, mitigation/transfer]", "[mitigation/augment, risk/data]"
            )
        },
    )
    assert "'risk/data' is a risk; this takes mitigation" in msg


def test_duplicate_id_in_one_folder_names_the_first(build_file_tree: Build) -> None:
    found = problems(build_file_tree, {"a.yaml": RISK, "b.yaml": RISK})
    assert any("duplicate id 'risk/data' (first defined at" in p and "a.yaml:2" in p for p in found)


def test_a_later_folder_overrides_an_earlier_one(build_file_tree: Build, tmp_path: Path) -> None:
    base = build_file_tree({"questions.yaml": QUESTIONS, "a.yaml": RISK})
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "risk.yaml").write_text(
        RISK.split("  - id: mitigation/augment")[0].replace("impact: 4", "impact: 5"),
        encoding="utf-8",
    )
    kb = load_knowledge([base, extra], builtin=False)
    assert kb.nodes["risk/data"].impact == 5  # type: ignore[attr-defined]
    assert "extra" in kb.where("risk/data")


@pytest.mark.parametrize(
    ("when", "fragment"),
    [
        ("{fact: team_sizee, gt: 3}", "reads unknown fact 'team_sizee'"),
        ("{fact: industry, contains: finance}", "operator 'contains' does not apply"),
        ("{fact: team_size, gt: many}", "when.gt: Input should be a valid"),
        ("{fact: markets, eq: eu}", "operator 'eq' does not apply to 'markets' (multi)"),
        ("{fact: markets, contains: mars}", "impossible value 'mars'"),
    ],
)
def test_rules_are_checked_against_the_questions(
    build_file_tree: Build, when: str, fragment: str
) -> None:
    found = problems(build_file_tree, {"a.yaml": RISK, "r.yaml": rule_yaml(when)})
    assert any(fragment in p and "r.yaml:4:" in p for p in found), found


def test_derived_facts_are_known_and_their_values_checked(build_file_tree: Build) -> None:
    rules = rule_yaml(
        "{fact: industry, eq: finance}", "[{derive: {fact: mode, value: fast}}]", "a"
    ) + rule_yaml("{fact: mode, eq: slow}", rid="b").replace("rules:\n", "")
    (msg,) = problems(build_file_tree, {"a.yaml": RISK, "r.yaml": rules})
    assert "impossible value 'slow': it is never derived for 'mode'; allowed: fast" in msg


def test_a_rule_may_not_overwrite_an_answer(build_file_tree: Build) -> None:
    (msg,) = problems(
        build_file_tree,
        {
            "a.yaml": RISK,
            "r.yaml": rule_yaml(
                "{fact: team_size, gt: 1}", "[{derive: {fact: industry, value: finance}}]"
            ),
        },
    )
    assert "is a question id; derived facts may not overwrite answers" in msg


def test_action_target_must_be_of_the_right_kind(build_file_tree: Build) -> None:
    (msg,) = problems(
        build_file_tree,
        {
            "a.yaml": RISK,
            "r.yaml": rule_yaml(
                "{fact: team_size, gt: 1}", "[{raise_risk: {id: mitigation/augment}}]"
            ),
        },
    )
    assert "'mitigation/augment' is a mitigation; this takes risk" in msg


def test_contradictory_conjunction_is_a_warning(build_file_tree: Build) -> None:
    kb = load(
        build_file_tree,
        {
            "a.yaml": RISK,
            "r.yaml": rule_yaml("{all: [{fact: team_size, gt: 10}, {fact: team_size, lt: 5}]}"),
        },
    )
    (warning,) = kb.warnings
    assert "can never fire" in str(warning) and "r.yaml:4" in str(warning)


def test_unquoted_comma_in_a_flow_mapping_gets_a_hint(build_file_tree: Build) -> None:
    found = problems(
        build_file_tree,
        {
            "a.yaml": RISK.replace(
                "{en: Make more examples., zh: 生成更多样本。}",
                "{en: Make more, varied examples, zh: 多。}",
            )
        },
    )
    assert any(
        "unknown key 'varied examples'" in p and "put the text in quotes" in p for p in found
    )


def test_missing_folder_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge([tmp_path / "nope"], builtin=False)


def test_precedes_cycle_is_an_error(build_file_tree: Build) -> None:
    stage = (
        "  - id: stage/{a}\n    title: {{en: A, zh: 甲}}\n    description: {{en: A, zh: 甲}}\n"
        "    sources: [ch6.2]\n    phase: data\n    duration_weeks: 2\n"
        "    activities: [{{en: Do, zh: 做}}]\n    precedes: [stage/{b}]\n"
    )
    text = "nodes:\n" + stage.format(a="x", b="y") + stage.format(a="y", b="x")
    found = problems(build_file_tree, {"s.yaml": text})
    assert any("precedes forms a cycle" in p for p in found)


@pytest.mark.parametrize(
    ("where", "value"),
    [("industry", "retail"), ("markets", "eu"), ("team_size", "few")],
)
def test_an_unsure_value_must_be_a_choice_of_a_choice_question(
    build_file_tree: Build, where: str, value: str
) -> None:
    anchor = {"industry": "    default: finance\n", "markets": "    default: [us]\n"}.get(
        where, "    default: 3\n"
    )
    broken = QUESTIONS.replace(anchor, f"{anchor}    unsure_value: {value}\n", 1)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge([build_file_tree({"questions.yaml": broken})], builtin=False)
    text = str(info.value)
    assert f"unsure_value '{value}' must be one of the choices of a choice question" in text
    assert "questions.yaml:" in text
    fine = QUESTIONS.replace(
        "    default: finance\n", "    default: finance\n    unsure_value: finance\n"
    )
    kb = load_knowledge([build_file_tree({"questions.yaml": fine})], builtin=False)
    assert kb.questions["industry"].unsure_value == "finance"
