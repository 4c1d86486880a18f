"""The evidence file: measured trade-offs that the advisor reads without torch.

Contract (schema_version 1)::

    {"schema_version": 1, "measured_at": ISO-8601 UTC,
     "machine": {"platform", "processor", "cpu_count", "torch", "device"},
     "results": [{"technique", "kernel", "command", "config", "baseline", "result",
                  "ratios", "backend", "summary"}]}

``baseline``/``result`` hold ``accuracy``, ``size_bytes``, ``latency_ms_b1``,
``latency_ms_b64`` and ``params``. Files are written atomically (temp file + ``os.replace``).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
from typing import Any

from technical.atomic import write_text
from technical.errors import TechnicalUserError

__all__ = [
    "MEASURE_KEYS",
    "RESULT_KEYS",
    "SCHEMA_VERSION",
    "TECHNIQUES",
    "machine_info",
    "make_evidence",
    "make_result",
    "validate_evidence",
    "write_evidence",
]

SCHEMA_VERSION = 1
TECHNIQUES = (
    "technique/quantization",
    "technique/pruning",
    "technique/knowledge_distillation",
    "technique/transfer_learning",
    "technique/federated_learning",
    "technique/distributed_training",
)
MEASURE_KEYS = ("accuracy", "size_bytes", "latency_ms_b1", "latency_ms_b64", "params")
RESULT_KEYS = (
    "technique",
    "kernel",
    "command",
    "config",
    "baseline",
    "result",
    "ratios",
    "backend",
    "summary",
)


def machine_info(device: str = "cpu") -> dict[str, Any]:
    """Where the numbers were measured."""
    import torch

    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count() or 1,
        "torch": torch.__version__,
        "device": device,
    }


def _finite(value: Any) -> Any:
    """JSON has no inf/NaN: turn them into None, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def make_result(technique: str, kernel: str, command: str, body: dict[str, Any]) -> dict[str, Any]:
    """One ``results`` entry from a command's output ``body``."""
    entry = {
        "technique": technique,
        "kernel": kernel,
        "command": command,
        "config": body.get("config", {}),
        "baseline": {k: body["baseline"][k] for k in MEASURE_KEYS},
        "result": {k: body["result"][k] for k in MEASURE_KEYS},
        "ratios": body.get("ratios", {}),
        "backend": str(body.get("backend", "")),
        "summary": str(body.get("summary", "")),
    }
    return _finite(entry)  # type: ignore[no-any-return]


def make_evidence(results: list[dict[str, Any]], device: str = "cpu") -> dict[str, Any]:
    """The whole evidence document, stamped with the current UTC time."""
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    return {
        "schema_version": SCHEMA_VERSION,
        "measured_at": now.isoformat().replace("+00:00", "Z"),
        "machine": machine_info(device),
        "results": results,
    }


def validate_evidence(doc: Any) -> list[str]:
    """Every way ``doc`` breaks the contract (empty list = valid)."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        return ["evidence: not a JSON object"]
    if doc.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"schema_version: expected {SCHEMA_VERSION}")
    try:
        _dt.datetime.fromisoformat(str(doc.get("measured_at")).replace("Z", "+00:00"))
    except ValueError:
        problems.append("measured_at: not ISO-8601")
    machine = doc.get("machine")
    types = {"platform": str, "processor": str, "cpu_count": int, "torch": str, "device": str}
    if not isinstance(machine, dict):
        problems.append("machine: missing")
    else:
        for key, typ in types.items():
            if not isinstance(machine.get(key), typ):
                problems.append(f"machine.{key}: expected {typ.__name__}")
    results = doc.get("results")
    if not isinstance(results, list) or not results:
        return [*problems, "results: expected a non-empty list"]
    for i, entry in enumerate(results):
        where = f"results[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not an object")
            continue
        missing = [k for k in RESULT_KEYS if k not in entry]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if entry["technique"] not in TECHNIQUES:
            problems.append(f"{where}.technique: {entry['technique']!r} is not a known technique")
        module, _, func = str(entry["kernel"]).partition(":")
        if not module.startswith("technical.") or not func:
            problems.append(f"{where}.kernel: expected 'technical.module:function'")
        for side in ("baseline", "result"):
            block = entry[side]
            if not isinstance(block, dict) or any(k not in block for k in MEASURE_KEYS):
                problems.append(f"{where}.{side}: needs {', '.join(MEASURE_KEYS)}")
        if not isinstance(entry["summary"], str) or not entry["summary"]:
            problems.append(f"{where}.summary: expected one sentence")
    return problems


def write_evidence(path: str, doc: dict[str, Any]) -> None:
    """Validate ``doc`` and write it to ``path`` atomically.

    Raises:
        TechnicalUserError: the document breaks the contract (nothing is written).
    """
    problems = validate_evidence(doc)
    if problems:
        raise TechnicalUserError("evidence does not meet schema 1: " + "; ".join(problems))
    text = json.dumps(doc, indent=2, allow_nan=False) + "\n"
    write_text(path, text)
