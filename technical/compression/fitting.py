"""A small, seeded mini-batch trainer shared by the compression, transfer and federated kernels.

It exists so those kernels can plug in their own loss (distillation, FedProx) and train only the
parameters that are not frozen; :mod:`technical.training` is the general-purpose loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["FitConfig", "LossFn", "fit"]

# loss(logits (B, C), inputs (B, F), targets (B,)) -> scalar
LossFn = Callable[[torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class FitConfig:
    epochs: int = 20  # passes over the data
    batch_size: int = 64  # rows per step; >= N means full-batch gradient descent
    lr: float = 1e-3  # step size
    optimizer: str = "adam"  # "adam" or "sgd" (plain, no momentum: FedAvg's local solver)
    weight_decay: float = 0.0  # L2 penalty inside the optimizer
    seed: int = 0  # seeds the shuffling order (model init is the caller's business)


def _cross_entropy(logits: torch.Tensor, _x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(logits, y)


def fit(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    config: FitConfig = FitConfig(),
    loss_fn: LossFn | None = None,
    after_step: Callable[[], None] | None = None,
) -> list[float]:
    """Train ``model`` in place on ``X`` (N, F) / ``y`` (N,); return the mean loss per epoch.

    Only parameters with ``requires_grad`` are optimised (frozen backbones stay put).
    ``after_step`` runs after every optimizer step (e.g. to re-apply pruning masks).
    """
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        return []
    if config.optimizer == "sgd":
        opt: torch.optim.Optimizer = torch.optim.SGD(
            params, lr=config.lr, weight_decay=config.weight_decay
        )
    else:
        opt = torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)
    loss_of = loss_fn or _cross_entropy
    generator = torch.Generator().manual_seed(config.seed)
    n = X.shape[0]
    history: list[float] = []
    model.train()
    for _ in range(config.epochs):
        order = torch.randperm(n, generator=generator)
        total, batches = 0.0, 0
        for start in range(0, n, config.batch_size):
            idx = order[start : start + config.batch_size]
            xb, yb = X[idx], y[idx]  # (b, F), (b,)
            loss = loss_of(model(xb), xb, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]
            opt.step()
            if after_step is not None:
                after_step()
            total += float(loss.detach())
            batches += 1
        history.append(total / max(1, batches))
    model.eval()
    return history
