"""Post-training quantization: dynamic int8 (Linear, LSTM), static int8 (CNN) and bf16.

Backends, as this machine's torch offers them:

* ``torch.ao`` – the eager-mode ``torch.ao.quantization`` path with fbgemm/x86/qnnpack kernels.
  On CPU it is still the fastest int8 path in torch 2.13, although torch marks it deprecated in
  favour of torchao; its deprecation warnings are caught one by one (by category and message),
  counted, and reported in :attr:`Quantized.notes` instead of being printed.
* ``torchao`` – ``torchao.quantization.quantize_`` with int8 dynamic activations and int8
  weights (Linear layers only). The maintained successor; chosen by ``auto`` on CUDA.

``auto`` picks the kernel and the returned :class:`Quantized` says which one ran. Int8 is not
always faster than fp32 (a small MLP at batch 64 on one CPU thread can run slower in int8), so
:func:`keep_faster` times the int8 copy against the fp32 model and keeps fp32 when int8 is not
faster; the CLI's ``--backend auto`` does this and says which one it kept, with the figures.
"""

from __future__ import annotations

import copy
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch
from torch import nn

from technical.compression.measure import Forward, LatencyConfig, paired_latency_ms
from technical.errors import TechnicalUserError

__all__ = [
    "BACKENDS",
    "AutoChoice",
    "Quantized",
    "dynamic_quantize",
    "keep_faster",
    "quantized_engine",
    "static_quantize",
    "to_bf16",
    "torchao_available",
]

BACKENDS = ("auto", "torch.ao", "torchao")

# (category, message regex, short label) of the warnings the torch.ao path is known to emit.
_KNOWN_WARNINGS: tuple[tuple[type[Warning], re.Pattern[str], str], ...] = (
    (
        DeprecationWarning,
        re.compile(r"torch\.ao\.quantization is deprecated"),
        "torch.ao.quantization is deprecated (successor: torchao)",
    ),
    (
        UserWarning,
        re.compile(r"torch\.quantize_per_tensor, torch\.quantize_per_channel"),
        "quantized tensor dtypes (qint8/quint8) are deprecated",
    ),
    (
        UserWarning,
        re.compile(r"Please use quant_min and quant_max"),
        "observer reduce_range is deprecated",
    ),
)


@dataclass
class Quantized:
    """A quantized copy of a model and how it was made."""

    model: nn.Module  # the converted copy; the input model is never modified
    backend: str  # e.g. "torch.ao eager dynamic int8 (engine x86)"
    notes: list[str] = field(default_factory=list)  # warnings caught, layers left in fp32


@contextmanager
def _known_warnings_caught(notes: list[str]) -> Iterator[None]:
    """Swallow only the known torch.ao deprecation warnings (noted once); re-emit anything else."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for item in caught:
        text = str(item.message)
        label = next(
            (
                lab
                for cat, rx, lab in _KNOWN_WARNINGS
                if issubclass(item.category, cat) and rx.search(text)
            ),
            None,
        )
        if label is None:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
        elif f"caught: {label}" not in notes:
            notes.append(f"caught: {label}")


def quantized_engine() -> str | None:
    """Select and return the best torch.ao quantized engine here (x86 > fbgemm > qnnpack)."""
    supported = torch.backends.quantized.supported_engines
    for name in ("x86", "fbgemm", "qnnpack", "onednn"):
        if name in supported:
            torch.backends.quantized.engine = name
            return name
    return None


def torchao_available() -> bool:
    """True when ``torchao`` imports (its loader's messages about GPU-only libraries are muted)."""
    loggers = [logging.getLogger(name) for name in ("torchao", "torch.utils._pytree")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        import torchao  # noqa: F401
    except Exception:
        return False
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    return True


def _choose(backend: str, device: torch.device | str) -> str:
    if backend not in BACKENDS:
        raise TechnicalUserError(
            f"unknown quantization backend {backend!r}; choose one of {', '.join(BACKENDS)}"
        )
    if backend != "auto":
        return backend
    on_cuda = torch.device(device).type == "cuda"
    if on_cuda and torchao_available():
        return "torchao"
    if quantized_engine() is not None:
        return "torch.ao"
    if torchao_available():
        return "torchao"
    raise TechnicalUserError("no int8 backend: torch has no quantized engine and torchao is absent")


def _swap_recurrent(model: nn.Module, notes: list[str]) -> nn.Module:
    """Replace hand-written LSTM layers that store nn.LSTM-named weights by ``nn.LSTM``.

    torch.ao only knows ``nn.LSTM``; the swap is kept only when both give the same output
    (within 1e-5) on a random probe, otherwise the layer stays as it is (in fp32).
    """
    for name, module in list(model.named_modules()):
        if isinstance(module, nn.LSTM) or type(module).__name__ != "LSTM":
            continue
        if not hasattr(module, "weight_ih_l0"):
            continue
        in_size, hidden = getattr(module, "input_size", None), getattr(module, "hidden_size", None)
        if not isinstance(in_size, int) or not isinstance(hidden, int):
            continue
        layers = int(getattr(module, "num_layers", 1))
        twin = nn.LSTM(in_size, hidden, layers, batch_first=True)
        try:
            twin.load_state_dict(module.state_dict())
            probe = torch.randn(2, 3, in_size, generator=torch.Generator().manual_seed(0))
            with torch.no_grad():
                same = torch.allclose(twin(probe)[0], module(probe)[0], atol=1e-5)
        except (RuntimeError, TypeError, ValueError):
            same = False
        if same:
            parent_name, _, child = name.rpartition(".")
            setattr(model.get_submodule(parent_name) if parent_name else model, child, twin)
            notes.append(f"{name or 'model'}: hand-written LSTM swapped for nn.LSTM (same output)")
        else:
            notes.append(f"{name or 'model'}: LSTM layer not convertible, kept in fp32")
    return model


def dynamic_quantize(
    model: nn.Module, backend: str = "auto", device: torch.device | str = "cpu"
) -> Quantized:
    """Int8 weights, activations quantized on the fly, for every ``nn.Linear`` and ``nn.LSTM``.

    With ``torchao`` only Linear layers are converted (LSTMs stay fp32; noted).

    Raises:
        TechnicalUserError: unknown backend, or the chosen one is not installed.

    Examples:
        >>> q = dynamic_quantize(nn.Sequential(nn.Linear(4, 3)), backend="torch.ao")
        >>> q.backend.startswith("torch.ao")
        True
    """
    chosen = _choose(backend, device)
    notes: list[str] = []
    work = _swap_recurrent(copy.deepcopy(model).eval(), notes)
    if chosen == "torchao":
        if not torchao_available():
            raise TechnicalUserError("backend 'torchao' requested but torchao is not installed")
        from torchao.quantization import Int8DynamicActivationInt8WeightConfig, quantize_

        quantize_(work, Int8DynamicActivationInt8WeightConfig())
        if any(isinstance(m, nn.LSTM) for m in work.modules()):
            notes.append("torchao converts Linear layers only; LSTM kept in fp32")
        import torchao

        return Quantized(work, f"torchao {torchao.__version__} int8 dynamic (Linear)", notes)
    engine = quantized_engine()
    if engine is None:
        raise TechnicalUserError("backend 'torch.ao' requested but torch has no quantized engine")
    with _known_warnings_caught(notes):
        from torch.ao.quantization import quantize_dynamic

        qmodel = quantize_dynamic(work, {nn.Linear, nn.LSTM}, dtype=torch.qint8)  # type: ignore[no-untyped-call]
    return Quantized(qmodel, f"torch.ao eager dynamic int8 (engine {engine})", notes)


def _fusion_groups(seq: nn.Sequential) -> list[list[str]]:
    """Index groups of (Conv2d[, BatchNorm2d][, ReLU]) and (Linear, ReLU) inside ``seq``."""
    kids = list(seq.children())
    groups: list[list[str]] = []
    i = 0
    while i < len(kids):
        group = [i]
        if isinstance(kids[i], nn.Conv2d):
            if i + 1 < len(kids) and isinstance(kids[i + 1], nn.BatchNorm2d):
                group.append(i + 1)
            if group[-1] + 1 < len(kids) and isinstance(kids[group[-1] + 1], nn.ReLU):
                group.append(group[-1] + 1)
        elif (
            isinstance(kids[i], nn.Linear)
            and i + 1 < len(kids)
            and isinstance(kids[i + 1], nn.ReLU)
        ):
            group.append(i + 1)
        if len(group) > 1:
            groups.append([str(j) for j in group])
        i = group[-1] + 1
    return groups


@torch.no_grad()
def static_quantize(
    model: nn.Module,
    calibration: torch.Tensor,
    backend: str = "auto",
    batch_size: int = 256,
) -> Quantized:
    """Static post-training int8 (weights and activations) of a feed-forward CNN/MLP.

    Conv/BN/ReLU and Linear/ReLU runs inside ``nn.Sequential`` blocks are fused, the model is
    wrapped between a quantize and a dequantize stub, observers see ``calibration`` (N, ...)
    and the model is converted to int8 kernels. The forward may use reshape, pooling and ReLU,
    not additions or concatenations of activations (eager mode cannot rewrite those).

    Raises:
        TechnicalUserError: backend other than ``auto``/``torch.ao``, or no quantized engine,
            or an empty calibration set.
    """
    chosen = _choose(backend, "cpu")
    if chosen != "torch.ao":
        raise TechnicalUserError(
            "static int8 is implemented on the torch.ao eager path only; use --backend torch.ao"
        )
    if calibration.shape[0] == 0:
        raise TechnicalUserError("static quantization needs at least one calibration sample")
    engine = quantized_engine()
    if engine is None:
        raise TechnicalUserError("torch has no quantized engine on this machine")
    notes: list[str] = []
    with _known_warnings_caught(notes):
        from torch.ao import quantization as tq

        work = copy.deepcopy(model).eval()
        fused = 0
        for seq in [m for m in work.modules() if isinstance(m, nn.Sequential)]:
            groups = _fusion_groups(seq)
            if groups:
                tq.fuse_modules(seq, groups, inplace=True)  # type: ignore[no-untyped-call]
                fused += len(groups)
        wrapped = tq.QuantWrapper(work).eval()
        wrapped.qconfig = tq.get_default_qconfig(engine)  # type: ignore[no-untyped-call]
        prepared = tq.prepare(wrapped)  # type: ignore[no-untyped-call]
        for start in range(0, calibration.shape[0], batch_size):
            prepared(calibration[start : start + batch_size])
        qmodel = tq.convert(prepared)  # type: ignore[no-untyped-call]
    notes.append(f"fused {fused} conv/linear+relu groups; calibrated on {calibration.shape[0]}")
    return Quantized(qmodel, f"torch.ao eager static int8 (engine {engine})", notes)


class _BF16(nn.Module):
    """Runs the wrapped bf16 model on bf16 inputs and returns float32 logits."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.inner(x.to(torch.bfloat16))  # (B, classes) bf16
        return out.float()


def to_bf16(model: nn.Module) -> Quantized:
    """A bfloat16 copy (weights and activations); inputs are cast in, logits cast back to fp32.

    Examples:
        >>> q = to_bf16(nn.Linear(4, 2))
        >>> q.model(torch.zeros(1, 4)).dtype
        torch.float32
    """
    inner = copy.deepcopy(model).eval().to(torch.bfloat16)
    getter = getattr(torch.backends.cpu, "get_cpu_capability", None)
    capability = str(getter()) if callable(getter) else "unknown"
    return Quantized(_BF16(inner).eval(), f"bf16 eager (cpu capability {capability})", [])


@dataclass(frozen=True)
class AutoChoice:
    """What ``--backend auto`` timed and which model it kept."""

    kept: str  # "int8" or "fp32"
    int8_backend: str  # the int8 kernel that was timed, e.g. "torch.ao eager dynamic int8 ..."
    batch: int  # rows per forward in the timing
    latency_ms: dict[str, float]  # median ms per forward: {"fp32": ..., "int8": ...}
    int8_speedup: float  # fp32 ms / int8 ms (> 1 = int8 faster)
    reason: str  # one sentence for the user

    def to_dict(self) -> dict[str, object]:
        return {
            "kept": self.kept,
            "int8_backend": self.int8_backend,
            "batch": self.batch,
            "latency_ms": dict(self.latency_ms),
            "int8_speedup": self.int8_speedup,
            "reason": self.reason,
        }


def keep_faster(
    baseline: nn.Module,
    quantized: Quantized,
    probe: torch.Tensor,
    latency: LatencyConfig | None = None,
) -> tuple[Quantized, AutoChoice]:
    """Time ``quantized`` against the fp32 ``baseline`` on ``probe`` (B, ...) and keep the faster.

    Both run on the paired protocol of :func:`technical.compression.measure.paired_latency_ms`
    (one thread, alternating order, median over ``latency.rounds``; default
    :class:`LatencyConfig`). Int8 is kept only when its median is strictly lower; otherwise the
    result is an fp32 copy of ``baseline`` whose ``backend`` and ``notes`` say so, and why.

    Examples:
        >>> slow = Quantized(nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4), nn.Linear(4, 2)), "x")
        >>> kept, choice = keep_faster(nn.Linear(4, 2), slow, torch.zeros(8, 4))
        >>> choice.batch, sorted(choice.latency_ms)
        (8, ['fp32', 'int8'])
    """
    forwards: list[Forward] = [baseline.eval(), quantized.model.eval()]
    fp32_ms, int8_ms = paired_latency_ms(forwards, probe, latency or LatencyConfig())
    speedup = round(fp32_ms / int8_ms, 3) if int8_ms > 0 else float("inf")
    batch = int(probe.shape[0])
    figures = f"int8 {int8_ms:.4f} ms vs fp32 {fp32_ms:.4f} ms per forward at batch {batch}"
    if int8_ms < fp32_ms:
        reason = f"kept int8: {speedup:.2f}x the fp32 speed ({figures})"
        choice = AutoChoice(
            "int8", quantized.backend, batch, _ms(fp32_ms, int8_ms), speedup, reason
        )
        return quantized, choice
    reason = (
        f"kept fp32: int8 ({quantized.backend}) measured {speedup:.2f}x the fp32 speed, "
        f"not faster ({figures})"
    )
    choice = AutoChoice("fp32", quantized.backend, batch, _ms(fp32_ms, int8_ms), speedup, reason)
    kept = Quantized(
        copy.deepcopy(baseline).eval(),
        "fp32 eager (auto: int8 not faster here)",
        [*quantized.notes, reason],
    )
    return kept, choice


def _ms(fp32_ms: float, int8_ms: float) -> dict[str, float]:
    return {"fp32": round(fp32_ms, 5), "int8": round(int8_ms, 5)}
