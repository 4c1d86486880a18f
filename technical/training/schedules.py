"""Per-epoch learning-rate schedules as multiplicative factors of the base rate.

All schedules are :class:`torch.optim.lr_scheduler.LambdaLR` over a picklable
:class:`LRFactor`, so their state saves and resumes with the checkpoint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from technical.errors import TechnicalUserError

__all__ = ["SCHEDULES", "LRFactor", "build_scheduler"]

SCHEDULES = ("constant", "exponential", "step", "cosine", "warmup")


@dataclass(frozen=True)
class LRFactor:
    """``lr(epoch) = base_lr * factor(epoch)``; ``epoch`` counts completed epochs from 0."""

    kind: str = "constant"  # one of SCHEDULES
    gamma: float = 0.95  # exponential: gamma**epoch (the book's 0.1 x 0.95^epoch); step: per step
    step_size: int = 10  # step: multiply by gamma every step_size epochs
    total_epochs: int = 30  # cosine: length of the half period
    min_factor: float = 0.0  # cosine: floor as a fraction of the base rate
    warmup_epochs: int = 0  # linear warm-up before any schedule; "warmup" = warm-up then constant

    def __call__(self, epoch: int) -> float:
        if self.warmup_epochs > 0 and epoch < self.warmup_epochs:
            return (epoch + 1) / self.warmup_epochs  # 1/w, 2/w, ..., 1
        e = epoch - self.warmup_epochs  # epochs since warm-up ended
        if self.kind in ("constant", "warmup"):
            return 1.0
        if self.kind == "exponential":
            return self.gamma**e
        if self.kind == "step":
            return self.gamma ** (e // self.step_size)
        if self.kind == "cosine":
            span = max(1, self.total_epochs - self.warmup_epochs)
            progress = min(e, span) / span
            cosine = 0.5 * (1 + math.cos(math.pi * progress))  # 1 -> 0
            return self.min_factor + (1 - self.min_factor) * cosine
        raise TechnicalUserError(f"unknown schedule {self.kind!r}")


def build_scheduler(
    optimizer: torch.optim.Optimizer,
    name: str = "constant",
    *,
    gamma: float = 0.95,
    step_size: int = 10,
    total_epochs: int = 30,
    warmup_epochs: int = 0,
    min_factor: float = 0.0,
) -> torch.optim.lr_scheduler.LambdaLR:
    """Build a per-epoch schedule by name: constant, exponential, step, cosine, warmup.

    Call ``scheduler.step()`` once per epoch. ``warmup_epochs`` > 0 adds a linear warm-up in
    front of any schedule; ``name="warmup"`` is warm-up followed by a constant rate (it uses
    ``warmup_epochs`` or 5 when that is 0).

    Raises:
        TechnicalUserError: unknown name or out-of-range parameter.

    Examples:
        >>> opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1)
        >>> sched = build_scheduler(opt, "exponential", gamma=0.95)
        >>> for _ in range(2):
        ...     opt.step(); sched.step()
        >>> round(opt.param_groups[0]["lr"], 6)
        0.09025
    """
    if name not in SCHEDULES:
        raise TechnicalUserError(f"unknown schedule {name!r}; choose one of {', '.join(SCHEDULES)}")
    if not 0.0 < gamma <= 1.0:
        raise TechnicalUserError(f"schedule gamma must be in (0, 1], got {gamma}")
    if step_size < 1 or total_epochs < 1 or warmup_epochs < 0:
        raise TechnicalUserError("step_size and total_epochs must be >= 1, warmup_epochs >= 0")
    if name == "warmup" and warmup_epochs == 0:
        warmup_epochs = 5
    factor = LRFactor(
        kind=name,
        gamma=gamma,
        step_size=step_size,
        total_epochs=total_epochs,
        min_factor=min_factor,
        warmup_epochs=warmup_epochs,
    )
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=factor)
