"""Answers that survive knowledge changes: ``replaces`` + ``replaces_values`` on a question,
the mapping applied (and noted once) where answers are loaded, and ``answers migrate``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.answers.profile import ASKED_KEY, VERSION_KEY, load_answers_file
from advisor.authoring.migrate import migrate_file
from advisor.cli import main
from advisor.errors import AnswersError, KnowledgeError
from advisor.files.yamlio import load_yaml_file
from advisor.kb.base import KnowledgeBase
from advisor.kb.checkids import check_of
from advisor.kb.load import load_knowledge

QUESTIONS = """\
settings:
  knowledge_version: "2"
questions:
  - id: sector
    type: choice
    prompt: {en: Sector?, zh: 行业？}
    replaces: industry
    replaces_values: {health: healthcare, shop: retail}
    choices:
      - {value: retail, label: {en: Retail, zh: 零售}}
      - {value: healthcare, label: {en: Healthcare, zh: 医疗}}
    default: retail
  - id: regions
    type: multi
    prompt: {en: Regions?, zh: 地区？}
    replaces: markets
    replaces_values: {europe: eu, china: cn}
    choices:
      - {value: eu, label: {en: EU, zh: 欧盟}}
      - {value: cn, label: {en: China, zh: 中国}}
      - {value: us, label: {en: US, zh: 美国}}
    default: [us]
"""


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    return load_knowledge([folder], builtin=False, cache=False)


def _answers(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_old_id_is_read_as_the_new_question_with_its_value_mapped(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    profile = load_answers_file(kb, _answers(tmp_path, "industry: health\n"))
    assert profile.answers["sector"] == "healthcare"
    assert profile.notes == (
        "'industry' is now 'sector' ('health' read as 'healthcare'); "
        "`advisor answers migrate FILE` rewrites the file",
    )


def test_each_value_of_a_list_is_mapped(kb: KnowledgeBase, tmp_path: Path) -> None:
    profile = load_answers_file(kb, _answers(tmp_path, "markets: [europe, us, china]\n"))
    assert list(profile.answers["regions"]) == ["eu", "us", "cn"]
    assert len(profile.notes) == 1


def test_an_answer_under_the_new_id_wins(kb: KnowledgeBase, tmp_path: Path) -> None:
    profile = load_answers_file(kb, _answers(tmp_path, "industry: health\nsector: retail\n"))
    assert profile.answers["sector"] == "retail"
    assert "kept" in profile.notes[0]


def test_an_old_value_with_no_mapping_is_still_checked(kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="'mining' is not one of the choices"):
        load_answers_file(kb, _answers(tmp_path, "industry: mining\n"))


def test_the_version_key_is_not_an_unknown_question(kb: KnowledgeBase, tmp_path: Path) -> None:
    profile = load_answers_file(kb, _answers(tmp_path, f"{VERSION_KEY}: '1'\nsector: retail\n"))
    assert VERSION_KEY not in profile.answers


def test_migrate_rewrites_old_ids_and_records_the_version(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = _answers(tmp_path, f"{VERSION_KEY}: '1'\nindustry: shop\nmarkets: [china]\n")
    notes = migrate_file(kb, path, path)
    assert load_yaml_file(path).data == {
        VERSION_KEY: kb.version,
        "sector": "retail",
        "regions": ["cn"],
    }
    assert notes[-1] == f"knowledge version 1 -> {kb.version}" and len(notes) == 3
    assert migrate_file(kb, path, path) == []  # a second run has nothing left to do


def test_migrate_keeps_an_adaptive_runs_order_under_the_new_ids(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    text = f"{VERSION_KEY}: '1'\n{ASKED_KEY}: [markets, industry]\nindustry: shop\nmarkets: [eu]\n"
    path = _answers(tmp_path, text)
    migrate_file(kb, path, path)
    data = load_yaml_file(path).data
    assert data[ASKED_KEY] == ["regions", "sector"]
    assert ASKED_KEY not in load_answers_file(kb, path).answers  # not an answer


def test_migrate_keeps_json_as_json(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = _answers(tmp_path, '{"industry": "health"}', "a.json")
    migrate_file(kb, path, path)
    assert json.loads(path.read_text(encoding="utf-8")) == {
        VERSION_KEY: kb.version,
        "sector": "healthcare",
    }


def test_migrate_writes_nothing_when_the_result_is_invalid(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = _answers(tmp_path, "industry: mining\n")
    with pytest.raises(AnswersError):
        migrate_file(kb, path, path)
    assert path.read_text(encoding="utf-8") == "industry: mining\n"


def test_replacing_a_question_that_still_exists_is_a_knowledge_error(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    text = QUESTIONS.replace("    replaces: markets\n", "    replaces: sector\n")
    (folder / "q.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge([folder], builtin=False, cache=False)
    (p,) = info.value.problems
    assert p.key == "regions.replaces" and check_of(p).code == "ADV111"


def test_a_mapping_to_a_value_the_question_lacks_is_a_knowledge_error(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    text = QUESTIONS.replace("{health: healthcare, shop: retail}", "{health: hospital}")
    (folder / "q.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'hospital', which is not a choice of 'sector'"):
        load_knowledge([folder], builtin=False, cache=False)


def test_cli_migrate_and_the_note_on_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layer = tmp_path / "layer"
    layer.mkdir()
    # over the built-in knowledge: a renamed question that takes `headcount` answers
    (layer / "q.yaml").write_text(
        "questions:\n  - id: seats\n    type: int\n    prompt: {en: Seats?, zh: 座位？}\n"
        "    replaces: headcount\n    default: 1\n    min: 1\n",
        encoding="utf-8",
    )
    path = _answers(tmp_path, "headcount: 4\nteam_size: 4\n")
    target = tmp_path / "out.yaml"
    with pytest.raises(SystemExit) as info:
        main(["answers", "migrate", str(path), "--kb", str(layer), "-o", str(target)])
    _, err = capsys.readouterr()
    assert info.value.code == 0
    assert "note: 'headcount' is now 'seats'" in err
    data = load_yaml_file(target).data
    assert data["seats"] == 4 and "headcount" not in data and VERSION_KEY in data
    with pytest.raises(SystemExit) as info:
        main(["report", "--answers", str(path), "--kb", str(layer), "-o", str(tmp_path / "r.md")])
    _, err = capsys.readouterr()
    assert info.value.code == 0
    assert err.count("note: 'headcount' is now 'seats'") == 1
