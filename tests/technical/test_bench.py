"""The evidence file contract and one bench step end to end."""

from __future__ import annotations

import json
import os

import pytest

from technical.bench import STEPS, BenchConfig, Step, run_all, run_step
from technical.errors import TechnicalUserError
from technical.evidence import (
    MEASURE_KEYS,
    make_evidence,
    make_result,
    validate_evidence,
    write_evidence,
)

_BODY = {
    "config": {"a": 1},
    "baseline": dict.fromkeys(MEASURE_KEYS, 1),
    "result": dict.fromkeys(MEASURE_KEYS, 1),
    "ratios": {"size": float("inf")},
    "backend": "x",
    "summary": "x: 1.0x smaller",
}


def test_a_well_formed_document_validates_and_infinities_become_null() -> None:
    entry = make_result(
        "technique/pruning",
        "technical.compression.pruning:magnitude_prune",
        "python -m technical prune",
        _BODY,
    )
    doc = make_evidence([entry])
    assert validate_evidence(doc) == []
    assert entry["ratios"]["size"] is None
    assert doc["measured_at"].endswith("Z")


def test_validation_names_every_broken_field() -> None:
    doc = make_evidence(
        [{**make_result("technique/pruning", "nope", "c", _BODY), "technique": "technique/magic"}]
    )
    problems = validate_evidence(doc)
    assert any("technique" in p for p in problems)
    assert any("kernel" in p for p in problems)


def test_write_is_atomic_and_refuses_invalid_documents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "evidence.json"
    with pytest.raises(TechnicalUserError, match="schema 1"):
        write_evidence(str(target), {"schema_version": 1})
    assert not target.exists() and os.listdir(tmp_path) == []
    entry = make_result(
        "technique/quantization", "technical.compression.quantization:dynamic_quantize", "c", _BODY
    )
    write_evidence(str(target), make_evidence([entry]))
    assert json.loads(target.read_text())["schema_version"] == 1


def test_every_step_names_a_contract_kernel() -> None:
    import importlib

    for step in STEPS:
        module, func = step.kernel.split(":")
        assert callable(getattr(importlib.import_module(module), func))


def test_a_small_step_produces_a_valid_entry() -> None:
    step = Step(
        "q",
        "technique/quantization",
        "technical.compression.quantization:dynamic_quantize",
        "quantize",
        ("--hidden", "32", "--epochs", "1", "--backend", "torch.ao", "--rounds", "2"),
    )
    entry = run_step(step)
    assert validate_evidence(make_evidence([entry])) == []
    assert entry["baseline"]["size_bytes"] > entry["result"]["size_bytes"]
    assert entry["backend"].startswith("torch.ao")


def test_unknown_step_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="unknown bench step"):
        run_all(BenchConfig(only=("everything",)))
