"""Pruning: global magnitude (unstructured) with fine-tuning and iterative schedules, sparse CSR
inference and a compact file, and structured pruning that physically removes neurons/channels.

Unstructured zeros only pay off when stored and computed sparsely, hence :func:`to_sparse_csr`
(CSR matrices in the Linear layers) and :func:`sparse_state` (CSR with the narrowest integer
index types, the checkpoint format). Structured pruning instead rebuilds smaller dense layers.
"""

from __future__ import annotations

import copy
import math
import warnings
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import torch
from torch import nn

from technical.compression.fitting import FitConfig, fit
from technical.errors import TechnicalUserError

__all__ = [
    "SPARSE_FORMAT",
    "PruneConfig",
    "PruneResult",
    "SparseLinear",
    "StructuredResult",
    "apply_masks",
    "check_amount",
    "global_magnitude_masks",
    "load_sparse_state",
    "magnitude_prune",
    "prunable_weights",
    "schedule",
    "sparse_state",
    "sparsity",
    "structured_prune",
    "to_sparse_csr",
]

SPARSE_FORMAT = "technical.sparse_csr"  # marker written into every compact sparse file


def check_amount(amount: float, what: str = "amount") -> float:
    """Return ``amount`` if it lies strictly inside (0, 1), else raise TechnicalUserError."""
    if not (isinstance(amount, int | float) and 0.0 < float(amount) < 1.0):
        raise TechnicalUserError(f"{what} must be strictly between 0 and 1, got {amount!r}")
    return float(amount)


def prunable_weights(model: nn.Module) -> dict[str, torch.Tensor]:
    """Weights of every Linear and Conv2d layer by module name (biases are never pruned)."""
    return {
        name: module.weight
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear | nn.Conv2d)
    }


def global_magnitude_masks(model: nn.Module, amount: float) -> dict[str, torch.Tensor]:
    """Masks that zero the ``amount`` fraction of smallest |w| across all layers together."""
    check_amount(amount)
    weights = prunable_weights(model)
    flat = torch.cat([w.detach().abs().flatten() for w in weights.values()])  # (P,)
    k = round(amount * flat.numel())
    keep = torch.ones_like(flat, dtype=torch.bool)
    if k > 0:
        keep[torch.topk(flat, k, largest=False).indices] = False  # exact count, ties broken
    masks: dict[str, torch.Tensor] = {}
    offset = 0
    for name, w in weights.items():
        masks[name] = keep[offset : offset + w.numel()].view_as(w)
        offset += w.numel()
    return masks


@torch.no_grad()
def apply_masks(model: nn.Module, masks: dict[str, torch.Tensor]) -> None:
    """Zero the masked-out weights in place."""
    modules = dict(model.named_modules())
    for name, mask in masks.items():
        weight = modules[name].weight
        assert isinstance(weight, torch.Tensor)
        weight.mul_(mask.to(weight.dtype))


def sparsity(model: nn.Module) -> float:
    """Fraction of exactly-zero values among the prunable weights."""
    weights = list(prunable_weights(model).values())
    zeros = sum(int((w == 0).sum()) for w in weights)
    return zeros / max(1, sum(w.numel() for w in weights))


def schedule(amount: float, steps: int) -> list[float]:
    """Iterative targets s_k = 1 - (1 - amount)^(k/steps), k = 1..steps.

    Each step removes the same fraction of the weights that are still alive.

    Examples:
        >>> [round(s, 3) for s in schedule(0.75, 2)]
        [0.5, 0.75]
    """
    if steps < 1:
        raise TechnicalUserError(f"steps must be >= 1, got {steps}")
    return [1.0 - (1.0 - amount) ** (k / steps) for k in range(1, steps + 1)]


@dataclass(frozen=True)
class PruneConfig:
    amount: float = 0.9  # final fraction of Linear/Conv weights set to zero, in (0, 1)
    steps: int = 1  # 1 = one-shot; >1 = iterative prune/fine-tune rounds (geometric schedule)
    finetune: FitConfig | None = field(  # per step; None = no fine-tuning
        default_factory=lambda: FitConfig(epochs=5, lr=1e-3)
    )


@dataclass
class PruneResult:
    model: nn.Module  # pruned copy, zeros stored densely
    masks: dict[str, torch.Tensor]  # True = kept
    sparsity: float  # achieved fraction of zeros among prunable weights
    targets: list[float] = field(default_factory=list)  # sparsity after each step


def magnitude_prune(
    model: nn.Module,
    config: PruneConfig = PruneConfig(),
    X: torch.Tensor | None = None,
    y: torch.Tensor | None = None,
) -> PruneResult:
    """Global magnitude pruning of a copy of ``model``, optionally iterative with fine-tuning.

    At each step the smallest-|w| weights across all layers are zeroed until the scheduled
    sparsity is reached; with ``config.finetune`` and data the survivors are then retrained
    with the mask re-applied after every optimizer step, so pruned weights stay zero.

    Raises:
        TechnicalUserError: amount outside (0, 1), or fine-tuning asked without data.
    """
    check_amount(config.amount)
    if config.finetune is not None and (X is None or y is None):
        raise TechnicalUserError("fine-tuning after pruning needs training data (X, y)")
    work = copy.deepcopy(model)
    masks: dict[str, torch.Tensor] = {}
    targets = schedule(config.amount, config.steps)
    for step, target in enumerate(targets):
        masks = global_magnitude_masks(work, target)
        apply_masks(work, masks)
        if config.finetune is not None and X is not None and y is not None:
            ft = FitConfig(**{**config.finetune.__dict__, "seed": config.finetune.seed + step})
            fit(work, X, y, ft, after_step=lambda m=masks: apply_masks(work, m))  # type: ignore[misc]
    work.eval()
    return PruneResult(work, masks, sparsity(work), targets)


class SparseLinear(nn.Module):
    """Linear layer whose weight is a CSR matrix: y = W_csr @ x^T (+ b)."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None) -> None:
        super().__init__()
        self.out_features, self.in_features = weight.shape
        with warnings.catch_warnings():  # torch flags CSR as beta on every construction
            warnings.filterwarnings("ignore", message=r"Sparse CSR tensor support is in beta")
            csr = weight.detach().to_sparse_csr()
        self.register_buffer("weight", csr)  # (out, in) CSR
        self.register_buffer("bias", None if bias is None else bias.detach().clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weight = self.weight
        assert isinstance(weight, torch.Tensor)
        out: torch.Tensor = torch.sparse.mm(weight, x.t()).t()  # (B, out) = ((out,in) @ (in,B))^T
        bias = self.bias
        return out if not isinstance(bias, torch.Tensor) else out + bias


def _replace(model: nn.Module, name: str, new: nn.Module) -> None:
    parent_name, _, child = name.rpartition(".")
    parent = model.get_submodule(parent_name) if parent_name else model
    setattr(parent, child, new)


def to_sparse_csr(model: nn.Module) -> nn.Module:
    """A copy of ``model`` with every ``nn.Linear`` replaced by a :class:`SparseLinear` (CSR).

    Convolutions stay dense. Outputs equal the dense model's up to float summation order.
    """
    work = copy.deepcopy(model).eval()
    for name, module in list(work.named_modules()):
        if isinstance(module, nn.Linear):
            _replace(work, name, SparseLinear(module.weight, module.bias))
    return work


def _narrow_int(t: torch.Tensor, bound: int) -> torch.Tensor:
    for dtype in (torch.int16, torch.int32):
        if bound <= torch.iinfo(dtype).max:
            return t.to(dtype)
    return t.to(torch.int64)


def sparse_state(model: nn.Module) -> dict[str, Any]:
    """Compact checkpoint: every Linear/Conv weight as CSR (narrow indices), the rest dense.

    Conv weights are stored as (out, in*kh*kw) CSR matrices.
    """
    weights = prunable_weights(model)
    layers: dict[str, Any] = {}
    for name, w in weights.items():
        matrix = w.detach().reshape(w.shape[0], -1)  # (out, fan_in)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Sparse CSR tensor support is in beta")
            csr = matrix.to_sparse_csr()
        layers[name] = {
            "shape": list(w.shape),
            "crow": _narrow_int(csr.crow_indices(), int(csr._nnz())),
            "col": _narrow_int(csr.col_indices(), matrix.shape[1]),
            "values": csr.values().clone(),
        }
    skip = {f"{name}.weight" for name in weights}
    dense = {k: v for k, v in model.state_dict().items() if k not in skip}
    return {"format": SPARSE_FORMAT, "version": 1, "layers": layers, "dense": dense}


def load_sparse_state(model: nn.Module, state: Any) -> nn.Module:
    """Fill ``model`` (same architecture) from a :func:`sparse_state` dict; returns ``model``.

    Raises:
        TechnicalUserError: ``state`` is not a compact sparse checkpoint, or does not match.
    """
    if not isinstance(state, dict) or state.get("format") != SPARSE_FORMAT:
        raise TechnicalUserError(f"not a {SPARSE_FORMAT} checkpoint (missing format marker)")
    weights = prunable_weights(model)
    if set(state["layers"]) != set(weights):
        raise TechnicalUserError("sparse checkpoint layers do not match the model's layers")
    full = dict(state["dense"])
    for name, entry in state["layers"].items():
        shape = tuple(entry["shape"])
        rows, cols = shape[0], math.prod(shape[1:])
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=r"Sparse CSR tensor support is in beta")
                csr = torch.sparse_csr_tensor(
                    entry["crow"].long(),
                    entry["col"].long(),
                    entry["values"],
                    size=(rows, cols),
                    check_invariants=True,  # damaged file fails here
                )
            full[f"{name}.weight"] = csr.to_dense().reshape(shape)
        except (RuntimeError, KeyError, TypeError) as exc:
            raise TechnicalUserError(
                f"sparse checkpoint layer {name!r} is damaged: {exc}"
            ) from None
    try:
        model.load_state_dict(full)
    except RuntimeError as exc:
        raise TechnicalUserError(f"sparse checkpoint does not fit the model: {exc}") from None
    return model


# ------------------------------------------------------------------ structured pruning


@dataclass
class StructuredResult:
    model: nn.Module  # rebuilt copy with fewer neurons/channels
    kept: dict[str, list[int]]  # layer name -> indices of the output units kept
    params_before: int
    params_after: int


def _execution_order(model: nn.Module, example: torch.Tensor) -> list[str]:
    order: list[str] = []
    handles = []
    for name, module in model.named_modules():
        if isinstance(module, nn.Linear | nn.Conv2d | nn.BatchNorm1d | nn.BatchNorm2d):
            handles.append(module.register_forward_hook(lambda *_, n=name: order.append(n)))
    try:
        with torch.no_grad():
            model.eval()(example)
    finally:
        for handle in handles:
            handle.remove()
    if len(order) != len(set(order)):
        raise TechnicalUserError("structured pruning needs each layer to run once per forward")
    return order


def _feeds(a: nn.Module, b: nn.Module) -> int | None:
    """Inputs of ``b`` per output unit of ``a`` when ``a`` feeds ``b`` directly, else None."""
    if isinstance(a, nn.Conv2d) and isinstance(b, nn.Conv2d) and b.groups == 1:
        return 1 if b.in_channels == a.out_channels else None
    if isinstance(a, nn.Linear) and isinstance(b, nn.Linear):
        return 1 if b.in_features == a.out_features else None
    if isinstance(a, nn.Conv2d) and isinstance(b, nn.Linear):  # through a channel-major flatten
        per, rest = divmod(b.in_features, a.out_channels)
        return per if rest == 0 and per > 0 else None
    return None


def _slice(
    module: nn.Module, out_keep: torch.Tensor | None, in_keep: torch.Tensor | None
) -> nn.Module:
    new = copy.deepcopy(module)
    with torch.no_grad():
        if isinstance(new, nn.BatchNorm1d | nn.BatchNorm2d):
            assert out_keep is not None
            for attr in ("weight", "bias", "running_mean", "running_var"):
                t = getattr(new, attr)
                if t is not None:
                    t.data = t.data[out_keep].clone()
            new.num_features = int(out_keep.numel())
            return new
        assert isinstance(new, nn.Linear | nn.Conv2d)
        w = new.weight.data
        if out_keep is not None:
            w = w[out_keep]
            if new.bias is not None:
                new.bias.data = new.bias.data[out_keep].clone()
        if in_keep is not None:
            w = w[:, in_keep]
        new.weight.data = w.clone()
        if isinstance(new, nn.Linear):
            new.out_features, new.in_features = w.shape[0], w.shape[1]
        else:
            new.out_channels, new.in_channels = w.shape[0], w.shape[1]
    return new


def structured_prune(
    model: nn.Module, amount: float, example_input: torch.Tensor
) -> StructuredResult:
    """Remove the ``amount`` fraction of output units (neurons, conv channels) with the smallest
    L2 weight norm from every hidden Linear/Conv2d layer, and the matching inputs downstream.

    The layer graph is traced with ``example_input``; a layer is pruned only when its output
    goes straight (through element-wise ops, pooling or a flatten) into the next one. The last
    layer keeps all its outputs. Surviving units compute exactly what they computed before
    (their own weights are untouched; only the removed units' contributions disappear).

    Raises:
        TechnicalUserError: amount outside (0, 1), or the model is not a simple chain.
    """
    check_amount(amount)
    work = copy.deepcopy(model).eval()
    modules = dict(work.named_modules())
    order = _execution_order(work, example_input)
    weighted = [n for n in order if isinstance(modules[n], nn.Linear | nn.Conv2d)]
    out_keep: dict[str, torch.Tensor] = {}
    in_keep: dict[str, torch.Tensor] = {}
    for a_name, b_name in pairwise(weighted):
        a, b = modules[a_name], modules[b_name]
        assert isinstance(a, nn.Linear | nn.Conv2d)
        per = _feeds(a, b)
        if per is None:
            continue
        units = a.weight.shape[0]
        n_keep = max(1, math.ceil((1.0 - amount) * units))
        norms = a.weight.detach().reshape(units, -1).norm(dim=1)  # (units,)
        keep = torch.sort(torch.topk(norms, n_keep).indices).values
        out_keep[a_name] = keep
        in_keep[b_name] = (keep[:, None] * per + torch.arange(per)[None, :]).flatten()
    if not out_keep:
        raise TechnicalUserError(
            "structured pruning found no hidden Linear/Conv2d layer feeding another one "
            "(recurrent layers are not pruned structurally)"
        )
    before = sum(p.numel() for p in work.parameters())
    for name in order:
        module = modules[name]
        if isinstance(module, nn.BatchNorm1d | nn.BatchNorm2d):
            prev = order[: order.index(name)]
            owner = next((n for n in reversed(prev) if n in weighted), None)
            if owner in out_keep:
                _replace(work, name, _slice(module, out_keep[owner], None))
        elif name in out_keep or name in in_keep:
            _replace(work, name, _slice(module, out_keep.get(name), in_keep.get(name)))
    try:
        with torch.no_grad():
            work(example_input)
    except RuntimeError as exc:
        raise TechnicalUserError(f"structured pruning broke the model's shapes: {exc}") from None
    after = sum(p.numel() for p in work.parameters())
    kept = {name: keep.tolist() for name, keep in out_keep.items()}
    return StructuredResult(work, kept, before, after)
