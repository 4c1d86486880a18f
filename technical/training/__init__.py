"""Training: one readable loop (:func:`technical.training.loop.train`), optimizers, LR schedules,
early stopping, gradient clipping, checkpoint/resume and a divergence guard."""

from __future__ import annotations

from technical.training.loop import TrainConfig, TrainResult, evaluate, predict, train

__all__ = ["TrainConfig", "TrainResult", "evaluate", "predict", "train"]
