"""Measured evidence from `python -m technical bench` reaches the report (without torch)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.evidence import load_evidence
from advisor.advice.shortfall import shortfall
from advisor.answers.profile import load_answers_file
from advisor.errors import UserError
from advisor.report.model import Evidence

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "examples" / "evidence.json"


def test_every_result_is_kept_per_technique() -> None:
    found = load_evidence(EVIDENCE)
    raw = json.loads(EVIDENCE.read_text(encoding="utf-8"))["results"]
    assert sum(len(v) for v in found.values()) == len(raw)
    assert all(e.machine and e.measured_at for v in found.values() for e in v)


def test_the_techniques_own_kernel_is_shown_first(session: Any) -> None:
    profile = load_answers_file(
        session.kb, ROOT / "examples" / "manufacturing_edge_bootstrapped.yaml"
    )
    report = assemble_report(
        session, profile, evidence=load_evidence(EVIDENCE), with_sensitivity=False
    )
    quantization = next(t for t in report.techniques if t.id == "technique/quantization")
    assert quantization.evidence is not None
    assert quantization.evidence.kernel == quantization.kernel
    assert {e.kernel for e in quantization.more_evidence} >= {
        "technical.compression.quantization:static_quantize"
    }


def test_an_evidence_file_of_the_wrong_shape_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "e.json"
    bad.write_text(json.dumps({"schema_version": 2, "results": []}), encoding="utf-8")
    with pytest.raises(UserError, match="not an evidence file"):
        load_evidence(bad)


def _measured(**ratios: Any) -> Evidence:
    return Evidence(
        measured_at="2026-12-01T10:00:00Z",
        machine="x86_64",
        summary="int8 dynamic: 3.6x smaller",
        baseline={},
        result={},
        ratios=ratios,
        backend="",
        kernel="technical.compression.quantization:dynamic_quantize",
        command="",
    )


def test_a_shortfall_needs_every_variant_to_lose() -> None:
    slow = _measured(speedup_b1=0.5, speedup_b64=2.0, accuracy_delta_pt=0.0)
    fast = _measured(speedup_b1=1.3, speedup_b64=2.0, accuracy_delta_pt=0.0)
    found = shortfall([slow], ["speed", "accuracy"], batch=1)
    assert found is not None and found.slower == pytest.approx(2.0) and found.batch == 1
    assert found.variant == "int8 dynamic" and found.less_accurate is None
    assert shortfall([slow, fast], ["speed", "accuracy"], batch=1) is None
    # at batch 64 the same measurement is a speed-up
    assert shortfall([slow], ["speed", "accuracy"], batch=64) is None


def test_a_shortfall_reads_only_what_the_technique_must_not_lose() -> None:
    lossy = _measured(speedup_b1=0.5, accuracy_delta_pt=-3.0)
    assert shortfall([lossy], [], batch=1) is None
    only_accuracy = shortfall([lossy], ["accuracy"], batch=1)
    assert only_accuracy is not None
    assert only_accuracy.slower is None and only_accuracy.less_accurate == pytest.approx(3.0)


def test_noise_and_missing_figures_are_no_shortfall() -> None:
    # within 5% of the baseline's speed and within one point of its accuracy
    assert (
        shortfall(
            [_measured(speedup_b1=0.97, accuracy_delta_pt=-0.5)], ["speed", "accuracy"], batch=1
        )
        is None
    )
    # a measurement without the figures says nothing
    assert shortfall([_measured(size=3.0)], ["speed", "accuracy"], batch=1) is None
    assert shortfall([], ["speed"], batch=1) is None
