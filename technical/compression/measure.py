"""Measure a model the same way before and after a compression step.

Four numbers describe a model here: test ``accuracy``, ``size_bytes`` (the length of its
serialized ``state_dict``, i.e. what a checkpoint file would weigh), ``params`` (stored values:
non-zeros for sparse weights) and single-thread latency at batch 1 and batch 64.

Latency protocol: ``torch.set_num_threads(1)``, a warm-up, then ``rounds`` rounds in which the
baseline and the result are timed back to back (the order alternates between rounds so that
neither always runs on a warmer cache); each model's figure is the median over rounds.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import nn

__all__ = [
    "Forward",
    "LatencyConfig",
    "ModelStats",
    "accuracy",
    "compare_models",
    "count_stored_values",
    "paired_latency_ms",
    "ratios",
    "serialized_size",
    "summary_sentence",
]

Forward = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class LatencyConfig:
    warmup: int = 5  # untimed calls per model and batch size before measuring
    rounds: int = 15  # timed rounds; each round times baseline and result once
    calls_per_round: int = 5  # calls inside one timed block (averaged) to beat timer noise
    threads: int = 1  # torch intra-op threads while timing


@dataclass(frozen=True)
class ModelStats:
    accuracy: float  # fraction correct on the test split, in [0, 1]
    size_bytes: int  # serialized state_dict length
    latency_ms_b1: float  # median ms per forward at batch 1
    latency_ms_b64: float  # median ms per forward at batch 64
    params: int  # stored values (non-zeros for sparse weights)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _tensors(obj: Any) -> Iterator[torch.Tensor]:
    """Every tensor inside a (possibly nested) state_dict value, quantized packs included."""
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _tensors(value)
    elif isinstance(obj, list | tuple):
        for value in obj:
            yield from _tensors(value)


def serialized_size(model: nn.Module | dict[str, Any]) -> int:
    """Bytes of ``torch.save(state_dict)`` written to memory (a model or a ready state dict)."""
    state = model.state_dict() if isinstance(model, nn.Module) else model
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getbuffer().nbytes


def count_stored_values(model: nn.Module) -> int:
    """Number of stored weight/bias values: sparse tensors count their non-zeros only.

    Quantized modules hide their weights in packed params, so this walks the state dict
    rather than ``parameters()``; integer buffers (e.g. CSR indices, step counters) are skipped.
    """
    total = 0
    for tensor in _tensors(model.state_dict()):
        if tensor.dim() == 0:  # scales, zero points, counters
            continue
        if tensor.layout == torch.sparse_csr:
            total += int(tensor._nnz())
        elif tensor.is_floating_point() or tensor.is_quantized:
            total += tensor.numel()
    return total


@torch.no_grad()
def accuracy(forward: Forward, X: torch.Tensor, y: torch.Tensor, batch_size: int = 512) -> float:
    """Fraction of rows of ``X`` (N, ...) whose arg-max logit equals ``y`` (N,)."""
    correct = 0
    for start in range(0, X.shape[0], batch_size):
        logits = forward(X[start : start + batch_size])  # (b, classes)
        correct += int((logits.float().argmax(dim=1) == y[start : start + batch_size]).sum())
    return correct / max(1, X.shape[0])


@torch.no_grad()
def paired_latency_ms(
    forwards: list[Forward], x: torch.Tensor, config: LatencyConfig = LatencyConfig()
) -> list[float]:
    """Median milliseconds per call of each forward on input ``x``, timed in alternating order."""
    previous = torch.get_num_threads()
    torch.set_num_threads(config.threads)
    try:
        for fn in forwards:
            for _ in range(config.warmup):
                fn(x)
        samples: list[list[float]] = [[] for _ in forwards]
        order = list(range(len(forwards)))
        for round_index in range(config.rounds):
            sequence = order if round_index % 2 == 0 else order[::-1]
            for i in sequence:
                start = time.perf_counter()
                for _ in range(config.calls_per_round):
                    forwards[i](x)
                elapsed = time.perf_counter() - start
                samples[i].append(1000.0 * elapsed / config.calls_per_round)
        return [statistics.median(s) for s in samples]
    finally:
        torch.set_num_threads(previous)


def compare_models(
    baseline: nn.Module,
    result: nn.Module,
    X_test: torch.Tensor,
    y_test: torch.Tensor,
    *,
    result_forward: Forward | None = None,
    result_size_bytes: int | None = None,
    result_params: int | None = None,
    latency: LatencyConfig = LatencyConfig(),
) -> tuple[ModelStats, ModelStats]:
    """Measure ``baseline`` and ``result`` on the same data with the paired latency protocol.

    ``result_forward``/``result_size_bytes``/``result_params`` override what is read off
    ``result`` (e.g. a CSR file is smaller than the module's state dict).
    """
    baseline.eval()
    result.eval()
    fwd_r: Forward = result_forward or result
    x1 = X_test[:1].contiguous()  # (1, F)
    x64 = X_test[:64].contiguous()  # (64, F)
    b1 = paired_latency_ms([baseline, fwd_r], x1, latency)
    b64 = paired_latency_ms([baseline, fwd_r], x64, latency)
    base = ModelStats(
        accuracy=accuracy(baseline, X_test, y_test),
        size_bytes=serialized_size(baseline),
        latency_ms_b1=b1[0],
        latency_ms_b64=b64[0],
        params=count_stored_values(baseline),
    )
    res = ModelStats(
        accuracy=accuracy(fwd_r, X_test, y_test),
        size_bytes=result_size_bytes if result_size_bytes is not None else serialized_size(result),
        latency_ms_b1=b1[1],
        latency_ms_b64=b64[1],
        params=result_params if result_params is not None else count_stored_values(result),
    )
    return base, res


def ratios(baseline: ModelStats, result: ModelStats) -> dict[str, float]:
    """Baseline-over-result ratios (>1 = the result is smaller/faster) and the accuracy change."""

    def div(a: float, b: float) -> float:
        return round(a / b, 3) if b > 0 else float("inf")

    return {
        "size": div(baseline.size_bytes, result.size_bytes),
        "speedup_b1": div(baseline.latency_ms_b1, result.latency_ms_b1),
        "speedup_b64": div(baseline.latency_ms_b64, result.latency_ms_b64),
        "params": div(baseline.params, result.params),
        "accuracy_delta_pt": round(100.0 * (result.accuracy - baseline.accuracy), 2),
    }


def _times(ratio: float, more: str, less: str) -> str:
    if ratio >= 1.0:
        return f"{ratio:.1f}x {more}"
    return f"{1.0 / ratio:.1f}x {less}" if ratio > 0 else f"not {more}"


def summary_sentence(label: str, r: dict[str, float]) -> str:
    """One English sentence of the trade-off, e.g. ``int8 dynamic: 3.9x smaller, 2.1x faster
    at batch 1 (1.5x faster at batch 64), accuracy -0.3 pt``; ratios below 1 read "slower"."""
    return (
        f"{label}: {_times(r['size'], 'smaller', 'larger')}, "
        f"{_times(r['speedup_b1'], 'faster', 'slower')} at batch 1 "
        f"({_times(r['speedup_b64'], 'faster', 'slower')} at batch 64), "
        f"accuracy {r['accuracy_delta_pt']:+.1f} pt"
    )
