"""The runtime records mirror the pydantic models exactly, and behave as frozen values."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from advisor.authoring import codegen
from advisor.kb import records
from advisor.kb.load import load_knowledge
from advisor.kb.recordbase import Record
from advisor.kb.schema.nodes import KIND_MODELS
from advisor.report import model as reportmodel
from advisor.report import schema as report_models

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("target", codegen.TARGETS, ids=lambda t: t.path)
def test_generated_records_are_up_to_date(target: codegen.Target) -> None:
    current = (ROOT / "advisor" / target.path).read_text(encoding="utf-8")
    assert current == codegen.generate(target), (
        f"advisor/{target.path} is out of date: run python -m advisor.authoring.codegen"
    )


def test_codegen_check_mode_agrees() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "advisor.authoring.codegen", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _models(*modules: Any) -> list[type[BaseModel]]:
    return [
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == module.__name__
    ]


@pytest.mark.parametrize(
    ("model", "module"),
    [(m, records) for m in _models(*codegen._classes_modules(codegen.TARGETS[0]))]
    + [(m, reportmodel) for m in _models(report_models)],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_every_record_has_its_models_fields_in_order(model: type[BaseModel], module: Any) -> None:
    if model.__name__ in ("Strict", "_Out", "FileShape"):  # not generated (codegen skip)
        return
    record = getattr(module, model.__name__)
    assert issubclass(record, Record)
    assert tuple(model.model_fields) == record.FIELDS


def test_node_kinds_keep_their_kind_and_references() -> None:
    for kind, model in KIND_MODELS.items():
        record = getattr(records, model.__name__)
        assert kind == record.KIND
        assert record.REFS == model.REFS


def test_records_are_frozen_values() -> None:
    a = records.Bilingual(en="x", zh="y")
    b = records.Bilingual(en="x", zh="y")
    assert a == b and hash(a) == hash(b) and a != records.Bilingual(en="x", zh="z")
    with pytest.raises(AttributeError, match="frozen"):
        a.en = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="frozen"):
        del a.en  # type: ignore[misc]
    assert a.replace(zh="z") == records.Bilingual(en="x", zh="z")
    with pytest.raises(TypeError, match="no field"):
        a.replace(fr="x")
    assert repr(a) == "Bilingual(en='x', zh='y')"


def test_records_are_deep_frozen_and_hashable() -> None:
    text = records.Bilingual(en="a", zh="a")
    one = records.Concept(id="concept/a", title=text, description=text, sources=["ch1"])
    assert one.sources == ("ch1",) and one.tags == ()  # lists become tuples, defaults too
    with pytest.raises(AttributeError):
        one.tags.append("x")  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        one.tags = ("x",)  # type: ignore[misc]
    nested = records.Compare(fact="markets", in_=["eu", "us"])
    assert nested.in_ == ("eu", "us")
    assert hash(one) == hash(
        records.Concept(id="concept/a", title=text, description=text, sources=("ch1",))
    )
    assert records.Adjust(criterion="market_need", delta=1).where == records.DirectionSelector()


def test_the_whole_knowledge_base_hashes() -> None:
    kb = load_knowledge(cache=False)
    assert len({hash(i) for i in [*kb.nodes.values(), *kb.rules.values()]}) > 600
    assert hash(kb.settings)


def test_the_whole_knowledge_base_converts_and_pickles_unchanged() -> None:
    kb = load_knowledge(cache=False)
    items = [*kb.nodes.values(), *kb.rules.values(), *kb.questions.values()]
    assert all(isinstance(i, Record) for i in items)
    again = pickle.loads(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == items
    # behaviour carried over from the models
    rule = next(iter(kb.rules.values()))
    assert rule.then[0].kind in (
        "derive",
        "raise_risk",
        "recommend",
        "advise_against",
        "adjust",
        "flag_direction",
        "apply_regulation",
        "require_obligation",
    )
    question = kb.questions["industry"]
    assert "healthcare" in question.values


def test_to_record_follows_lists_dicts_and_nested_models() -> None:
    model = report_models.Team(
        present=["role/ml_engineer"],
        gaps=[report_models.TeamGap(id="role/x", priority="now", reasons=[])],
    )
    record = report_models.to_report_record(model)
    assert isinstance(record, reportmodel.Team)
    assert isinstance(record.gaps[0], reportmodel.TeamGap)
    assert record.gaps[0].priority == "now"
