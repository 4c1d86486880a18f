"""Read an evidence file written by ``python -m technical bench`` (no torch needed here).

The file is JSON: ``{"schema_version": 1, "measured_at", "machine": {...}, "results": [{
"technique": "technique/...", "kernel", "command", "config", "baseline", "result", "ratios",
"backend", "summary"}]}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from advisor.errors import InputErrors, UserError
from advisor.files.datafile import load_json_text
from advisor.files.yamlio import YamlProblem, read_text_file
from advisor.kb.schema.common import Strict
from advisor.report.model import Evidence

__all__ = ["EvidenceFile", "load_evidence"]


class _Machine(Strict):
    model_config = Strict.model_config | {"extra": "allow"}
    platform: str = ""
    processor: str = ""
    cpu_count: int | None = None
    torch: str = ""
    device: str = ""


class _Result(Strict):
    model_config = Strict.model_config | {"extra": "allow"}
    technique: str = Field(pattern=r"^technique/[a-z0-9_]+$")
    kernel: str = ""
    command: str = ""
    config: dict[str, Any] = {}
    summary: str = ""
    baseline: dict[str, Any] = {}
    result: dict[str, Any] = {}
    ratios: dict[str, Any] = {}
    backend: str = ""


class EvidenceFile(Strict):
    model_config = Strict.model_config | {"extra": "allow"}
    schema_version: int = Field(ge=1, le=1)
    measured_at: str
    machine: _Machine
    results: list[_Result]


def load_evidence(path: Path) -> dict[str, list[Evidence]]:
    """Every measured result per technique id, in file order.

    Raises:
        UserError: the file is missing, not a regular file, over the size cap, not JSON, holds
            NaN or Infinity, or is not shaped like an evidence file.
    """
    try:
        text = read_text_file(path)
    except YamlProblem as exc:
        why = "; ".join(p.message for p in exc.problems)
        raise UserError(f"{path}: cannot read the evidence file: {why}") from None
    try:  # strict JSON: NaN and Infinity are refused naming their key, so reports stay JSON
        data = load_json_text(text, str(path)).data
    except YamlProblem as exc:
        raise InputErrors(exc.problems, what="the evidence file") from None
    try:
        parsed = EvidenceFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path}: not an evidence file: {key}: {first['msg']}") from None
    m = parsed.machine
    machine = ", ".join(
        p
        for p in (
            m.processor or m.platform,
            f"{m.cpu_count} CPUs" if m.cpu_count else "",
            f"torch {m.torch}" if m.torch else "",
            m.device,
        )
        if p
    )
    found: dict[str, list[Evidence]] = {}
    for r in parsed.results:
        found.setdefault(r.technique, []).append(
            Evidence(
                measured_at=parsed.measured_at,
                machine=machine,
                summary=r.summary,
                baseline=r.baseline,
                result=r.result,
                ratios=r.ratios,
                backend=r.backend,
                kernel=r.kernel,
                command=r.command,
            )
        )
    return found
