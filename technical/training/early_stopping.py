"""Early stopping on a monitored value (validation loss by default)."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["EarlyStopping"]


class EarlyStopping:
    """Stop when the monitored value has not improved by ``min_delta`` for ``patience`` epochs.

    Args:
        patience: epochs without improvement tolerated before stopping.
        min_delta: smallest change that counts as an improvement.
        mode: ``"min"`` (losses) or ``"max"`` (accuracies).

    Examples:
        >>> stopper = EarlyStopping(patience=2)
        >>> [stopper.step(v) for v in [1.0, 0.9, 0.95, 0.91]]
        [False, False, False, True]
        >>> stopper.best, stopper.best_epoch
        (0.9, 1)
    """

    def __init__(self, patience: int = 5, min_delta: float = 0.0, mode: str = "min") -> None:
        if patience < 1:
            raise ValueError(f"patience must be >= 1, got {patience}")
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.best = math.inf if mode == "min" else -math.inf
        self.best_epoch = -1
        self.bad_epochs = 0
        self._epoch = -1

    def improved(self, value: float) -> bool:
        """Whether ``value`` beats the best so far by more than ``min_delta``."""
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def step(self, value: float) -> bool:
        """Record one epoch's value; return True when training should stop."""
        self._epoch += 1
        if self.improved(value):
            self.best = value
            self.best_epoch = self._epoch
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience

    def state_dict(self) -> dict[str, Any]:
        return {
            "best": self.best,
            "best_epoch": self.best_epoch,
            "bad_epochs": self.bad_epochs,
            "epoch": self._epoch,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.best = float(state["best"])
        self.best_epoch = int(state["best_epoch"])
        self.bad_epochs = int(state["bad_epochs"])
        self._epoch = int(state["epoch"])
