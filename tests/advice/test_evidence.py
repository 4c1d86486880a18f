"""Measured evidence from `python -m technical bench` reaches the report (without torch)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.evidence import load_evidence
from advisor.answers.profile import load_answers_file
from advisor.errors import UserError

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
