"""Read an evidence file written by ``python -m technical bench`` (no torch needed here).

The file is JSON: ``{"schema_version": 1, "measured_at", "machine": {...}, "results": [{
"technique": "technique/...", "kernel", "command", "config", "baseline", "result", "ratios",
"backend", "summary"}]}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from advisor.errors import AnswersError, Problem, UserError
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
        UserError: the file is missing, not JSON, or not shaped like an evidence file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read the evidence file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: the evidence file is not UTF-8 JSON text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswersError(
            [Problem(str(path), exc.lineno, exc.colno, message=f"not valid JSON: {exc.msg}")]
        ) from None
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
