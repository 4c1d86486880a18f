"""One readable training loop.

``train(model, (X_train, y_train), (X_val, y_val), TrainConfig(...)) -> TrainResult``

Per epoch: shuffle with a dedicated seeded generator, mini-batch forward/backward, optional
gradient clipping, optimizer step, a divergence guard on every batch loss, then a validation
pass, the LR schedule step, early stopping and an atomic checkpoint. Resuming from that
checkpoint continues bit for bit.
"""

from __future__ import annotations

import copy
import logging
import math
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch import nn

from technical.errors import TechnicalUserError, TrainingDivergedError
from technical.training.checkpoint import (
    capture_rng_state,
    load_checkpoint,
    model_signature,
    restore_rng_state,
    save_checkpoint,
)
from technical.training.clipping import clip_gradients
from technical.training.early_stopping import EarlyStopping
from technical.training.optim import build_optimizer
from technical.training.schedules import build_scheduler

__all__ = ["TensorPair", "TrainConfig", "TrainResult", "evaluate", "predict", "train"]

logger = logging.getLogger(__name__)

TensorPair = tuple[torch.Tensor, torch.Tensor]  # (inputs (N, ...), targets (N, ...))
LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]

MAX_EPOCHS = 10_000


@dataclass
class TrainConfig:
    epochs: int = 30  # passes over the training data, 1..10000
    batch_size: int = 64  # mini-batch size
    optimizer: str = "adam"  # sgd | momentum | nesterov | adam | adamw | adadelta | rmsprop
    lr: float = 1e-3  # base learning rate, (0, 10]
    momentum: float = 0.9  # for momentum / nesterov
    weight_decay: float = 0.0  # L2 penalty passed to the optimizer
    schedule: str = "constant"  # constant | exponential | step | cosine | warmup
    gamma: float = 0.95  # exponential / step decay factor (book: 0.1 x 0.95^epoch)
    step_size: int = 10  # step schedule: epochs between decays
    warmup_epochs: int = 0  # linear warm-up epochs in front of the schedule
    clip_norm: float | None = None  # clip the global gradient norm to this, None = off
    clip_value: float | None = None  # clamp each gradient element, None = off
    patience: int | None = None  # early-stopping patience on val loss, None = off
    min_delta: float = 0.0  # early stopping: smallest improvement that counts
    restore_best: bool = True  # with early stopping, end with the best epoch's weights
    seed: int = 0  # seeds the shuffling generator and torch's global RNG
    device: str = "cpu"  # torch device string
    checkpoint_path: str | None = None  # write a checkpoint here after every epoch
    resume: bool = False  # continue from checkpoint_path when it exists
    explode_factor: float = 1e4  # stop when a batch loss exceeds this x the first batch loss
    progress: bool | None = None  # tqdm bar; None = only when stderr is a terminal

    def validate(self) -> None:
        """Raise :class:`TechnicalUserError` for out-of-range values."""
        if not 1 <= self.epochs <= MAX_EPOCHS:
            raise TechnicalUserError(f"epochs must be in 1..{MAX_EPOCHS}, got {self.epochs}")
        if not (0.0 < self.lr <= 10.0) or math.isnan(self.lr):
            raise TechnicalUserError(f"learning rate must be in (0, 10], got {self.lr}")
        if self.batch_size < 1:
            raise TechnicalUserError(f"batch_size must be >= 1, got {self.batch_size}")
        if self.patience is not None and self.patience < 1:
            raise TechnicalUserError(f"patience must be >= 1, got {self.patience}")
        if self.resume and not self.checkpoint_path:
            raise TechnicalUserError("resume needs a checkpoint path")


@dataclass
class TrainResult:
    history: list[dict[str, float]] = field(default_factory=list)  # one row per epoch
    epochs_run: int = 0  # epochs completed, including those before a resume
    best_epoch: int = -1  # 0-based epoch with the lowest monitored loss
    stopped_early: bool = False
    resumed_from_epoch: int | None = None  # epochs already done in the checkpoint
    seconds: float = 0.0  # wall time of this call

    @property
    def final(self) -> dict[str, float]:
        return self.history[-1] if self.history else {}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return nn.functional.cross_entropy(logits, targets)


@torch.no_grad()
def predict(model: nn.Module, X: torch.Tensor, batch_size: int = 1024) -> torch.Tensor:
    """Model outputs for ``X`` in eval mode, batched: ``(N, ...)`` on X's device."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    outputs = [model(X[i : i + batch_size].to(device)) for i in range(0, len(X), batch_size)]
    model.train(was_training)
    return torch.cat(outputs)


@torch.no_grad()
def evaluate(
    model: nn.Module, data: TensorPair, loss_fn: LossFn = _cross_entropy, batch_size: int = 1024
) -> dict[str, float]:
    """Mean loss and, for class-index targets, accuracy of ``model`` on ``data``."""
    X, y = data
    device = next(model.parameters()).device
    outputs = predict(model, X, batch_size)
    y = y.to(device)
    metrics = {"loss": float(loss_fn(outputs, y))}
    if y.dtype == torch.int64 and outputs.dim() == 2 and y.dim() == 1:
        metrics["accuracy"] = float((outputs.argmax(dim=1) == y).float().mean())
    return metrics


def _use_progress(config: TrainConfig) -> bool:
    if config.progress is not None:
        return config.progress
    return sys.stderr.isatty()


def train(
    model: nn.Module,
    train_data: TensorPair,
    val_data: TensorPair | None = None,
    config: TrainConfig | None = None,
    loss_fn: LossFn = _cross_entropy,
    on_epoch_end: Callable[[int, dict[str, float]], None] | None = None,
) -> TrainResult:
    """Train ``model`` on ``train_data = (X, y)`` and return the per-epoch history.

    Args:
        model: any module mapping a batch of inputs to outputs accepted by ``loss_fn``.
        train_data: ``(X (N, ...), y (N, ...))`` tensors; moved to ``config.device`` once.
        val_data: optional held-out pair; its loss drives early stopping.
        config: :class:`TrainConfig` (defaults when None).
        loss_fn: ``loss_fn(outputs, targets) -> scalar``; cross-entropy by default.
        on_epoch_end: called with ``(epoch, row)`` after each epoch.

    Raises:
        TechnicalUserError: invalid config or a checkpoint that does not fit ``model``.
        TrainingDivergedError: a batch loss is NaN/inf or exceeds
            ``explode_factor`` x the first batch loss.
    """
    config = config or TrainConfig()
    config.validate()
    start = time.perf_counter()
    device = torch.device(config.device)
    model.to(device)
    X, y = (t.to(device) for t in train_data)
    val = tuple(t.to(device) for t in val_data) if val_data is not None else None
    n = len(X)
    if n == 0:
        raise TechnicalUserError("training data is empty")

    torch.manual_seed(config.seed)
    shuffler = torch.Generator().manual_seed(config.seed)  # CPU generator: same order anywhere
    optimizer = build_optimizer(
        model.parameters(), config.optimizer, config.lr, config.momentum, config.weight_decay
    )
    scheduler = build_scheduler(
        optimizer,
        config.schedule,
        gamma=config.gamma,
        step_size=config.step_size,
        total_epochs=config.epochs,
        warmup_epochs=config.warmup_epochs,
    )
    stopper = EarlyStopping(config.patience, config.min_delta) if config.patience else None
    result = TrainResult()
    best_state: dict[str, torch.Tensor] | None = None
    first_loss: float | None = None
    start_epoch = 0

    if config.resume and config.checkpoint_path:
        import os

        if os.path.exists(config.checkpoint_path):
            ckpt = load_checkpoint(config.checkpoint_path, model)
            model.load_state_dict(ckpt["model"])
            optimizer.load_state_dict(ckpt["optimizer"])
            scheduler.load_state_dict(ckpt["scheduler"])
            shuffler.set_state(ckpt["shuffler"])
            if stopper is not None and ckpt.get("early_stopping"):
                stopper.load_state_dict(ckpt["early_stopping"])
            best_state = ckpt.get("best_state")
            first_loss = ckpt.get("first_loss")
            result.history = list(ckpt["history"])
            result.best_epoch = int(ckpt.get("best_epoch", -1))
            start_epoch = int(ckpt["epoch"]) + 1
            result.resumed_from_epoch = start_epoch
            restore_rng_state(ckpt["rng"])
            if ckpt.get("stopped_early"):
                result.stopped_early = True
                start_epoch = config.epochs

    epochs = range(start_epoch, config.epochs)
    bar = None
    if _use_progress(config):
        from tqdm.auto import tqdm

        bar = tqdm(total=config.epochs, initial=start_epoch, desc="train", unit="epoch")

    model.train()
    for epoch in epochs:
        order = torch.randperm(n, generator=shuffler)
        if device.type != "cpu":
            order = order.to(device)
        total_loss = 0.0  # sum of per-sample losses this epoch
        for i in range(0, n, config.batch_size):
            idx = order[i : i + config.batch_size]
            xb, yb = X[idx], y[idx]  # (B, ...), (B, ...)
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]
            if config.clip_norm is not None or config.clip_value is not None:
                clip_gradients(model, config.clip_norm, config.clip_value)
            optimizer.step()
            value = loss.item()  # one host sync per batch, needed by the divergence guard
            if first_loss is None:
                first_loss = max(value, 1e-8)
            if not math.isfinite(value) or value > config.explode_factor * first_loss:
                kind = "not finite" if not math.isfinite(value) else "exploding"
                raise TrainingDivergedError(
                    f"loss is {kind} ({value:.4g}) at epoch {epoch + 1}, batch "
                    f"{i // config.batch_size + 1}; lower the learning rate "
                    f"(now {optimizer.param_groups[0]['lr']:.4g}) or set gradient clipping"
                )
            total_loss += value * len(idx)

        row: dict[str, float] = {
            "epoch": float(epoch),
            "lr": float(optimizer.param_groups[0]["lr"]),
            "train_loss": total_loss / n,
        }
        if val is not None:
            for key, value in evaluate(model, (val[0], val[1]), loss_fn).items():
                row[f"val_{key}"] = value
            model.train()
        result.history.append(row)
        scheduler.step()

        monitored = row.get("val_loss", row["train_loss"])
        stop = False
        if stopper is not None:
            stop = stopper.step(monitored)
            if stopper.best_epoch == epoch:
                result.best_epoch = epoch
                if config.restore_best:
                    best_state = copy.deepcopy(model.state_dict())
        elif result.best_epoch < 0 or monitored <= result.history[result.best_epoch].get(
            "val_loss", result.history[result.best_epoch]["train_loss"]
        ):
            result.best_epoch = epoch

        if config.checkpoint_path:
            save_checkpoint(
                config.checkpoint_path,
                {
                    "signature": model_signature(model),
                    "epoch": epoch,
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(),
                    "shuffler": shuffler.get_state(),
                    "early_stopping": stopper.state_dict() if stopper else None,
                    "best_state": best_state,
                    "best_epoch": result.best_epoch,
                    "first_loss": first_loss,
                    "history": result.history,
                    "stopped_early": stop,
                    "rng": capture_rng_state(),
                },
            )
        if on_epoch_end is not None:
            on_epoch_end(epoch, row)
        if bar is not None:
            bar.update(1)
            bar.set_postfix({k: f"{v:.4f}" for k, v in row.items() if k != "epoch"})
        else:
            logger.info(
                "epoch %d/%d %s",
                epoch + 1,
                config.epochs,
                " ".join(f"{k}={v:.4f}" for k, v in row.items() if k != "epoch"),
            )
        if stop:
            result.stopped_early = True
            break

    if bar is not None:
        bar.close()
    if result.stopped_early and config.restore_best and best_state is not None:
        model.load_state_dict(best_state)
    result.epochs_run = len(result.history)
    result.seconds = time.perf_counter() - start
    return result
