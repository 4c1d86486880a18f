"""What the compression/transfer/federated commands share: data, a trained baseline, loading
a user's model file, and the ``baseline``/``result``/``ratios`` report block."""

from __future__ import annotations

import argparse
import os
from typing import Any

import torch
from torch import nn

from technical.argtypes import EPOCHS_OR_NONE, HIDDEN, ROUNDS
from technical.compression.fitting import FitConfig, fit
from technical.compression.measure import (
    LatencyConfig,
    ModelStats,
    compare_models,
    ratios,
    summary_sentence,
)
from technical.compression.pruning import SPARSE_FORMAT, load_sparse_state
from technical.data import DATASETS, ImageDataset, load_dataset
from technical.errors import TechnicalUserError

__all__ = [
    "MODEL_KINDS",
    "add_common_arguments",
    "baseline_from_args",
    "build_model",
    "latency_from_args",
    "load_model_file",
    "report",
]

MODEL_KINDS = ("mlp", "cnn", "lstm")


def build_model(
    kind: str, data: ImageDataset, hidden: int, seed: int = 0, num_classes: int | None = None
) -> nn.Module:
    """A fresh, seeded classifier of ``kind`` sized for ``data`` (``num_classes`` overrides)."""
    torch.manual_seed(seed)
    classes = num_classes or data.num_classes
    if kind == "mlp":
        from technical.models.mlp import MLP

        return MLP(in_features=data.in_features, hidden=hidden, num_classes=classes)
    if kind == "cnn":
        from technical.models.cnn import CNN

        return CNN(image_size=data.image_size, num_classes=classes, hidden=hidden)
    if kind == "lstm":
        from technical.models.recurrent import LSTMClassifier

        return LSTMClassifier(data.image_size, hidden, classes)
    raise TechnicalUserError(f"unknown model {kind!r}; choose one of {', '.join(MODEL_KINDS)}")


def load_model_file(model: nn.Module, path: str) -> nn.Module:
    """Load weights for ``model`` from ``path`` (a state dict, a dict holding one under
    ``state_dict``/``model``, or a compact sparse file from ``prune --save``), refusing
    anything else.

    Raises:
        TechnicalUserError: missing file, not a torch file, not a state dict, or the weights
            do not fit the chosen architecture.
    """
    if not os.path.isfile(path):
        raise TechnicalUserError(f"model file {path!r} does not exist")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise TechnicalUserError(
            f"{path!r} is not a readable torch weights file ({type(exc).__name__})"
        ) from None
    if isinstance(payload, dict) and payload.get("format") == SPARSE_FORMAT:
        return load_sparse_state(model, payload).eval()
    state = payload
    if isinstance(payload, dict):
        for key in ("state_dict", "model"):
            if isinstance(payload.get(key), dict):
                state = payload[key]
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise TechnicalUserError(f"{path!r} does not hold a model state dict")
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        first = str(exc).splitlines()[0]
        raise TechnicalUserError(
            f"{path!r} does not match the {type(model).__name__}: {first}"
        ) from None
    return model.eval()


def add_common_arguments(
    parser: argparse.ArgumentParser, model: str = "mlp", hidden: int = 256, epochs: int = 15
) -> None:
    """Options every command of this family takes: data, baseline model, latency rounds."""
    parser.add_argument(
        "--dataset",
        default="digits",
        choices=sorted(DATASETS),
        help="digits (default) or mnist5k",
    )
    parser.add_argument(
        "--model",
        default=model,
        choices=MODEL_KINDS,
        help=f"baseline architecture (default: {model})",
    )
    parser.add_argument(
        "--hidden", type=HIDDEN, default=hidden, help=f"baseline hidden width (default: {hidden})"
    )
    parser.add_argument(
        "--epochs",
        type=EPOCHS_OR_NONE,
        default=epochs,
        help=f"baseline training epochs when no --model-file; 0 = untrained (default: {epochs})",
    )
    parser.add_argument(
        "--model-file",
        default=None,
        metavar="PATH",
        help="load baseline weights (a state dict) instead of training",
    )
    parser.add_argument(
        "--rounds", type=ROUNDS, default=15, help="timed latency rounds per model (default: 15)"
    )


def latency_from_args(args: argparse.Namespace) -> LatencyConfig:
    if args.rounds < 1:
        raise TechnicalUserError(f"--rounds must be >= 1, got {args.rounds}")
    return LatencyConfig(rounds=args.rounds)


def baseline_from_args(args: argparse.Namespace) -> tuple[nn.Module, ImageDataset]:
    """Load the data and the baseline: trained here (seeded) or read from ``--model-file``."""
    data = load_dataset(args.dataset, seed=args.seed)
    if args.hidden < 1 or args.epochs < 0:
        raise TechnicalUserError("--hidden must be >= 1 and --epochs >= 0")
    model = build_model(args.model, data, args.hidden, args.seed)
    if args.model_file:
        return load_model_file(model, args.model_file), data
    fit(model, data.X_train, data.y_train, FitConfig(epochs=args.epochs, seed=args.seed))
    return model.eval(), data


def report(
    label: str,
    baseline: nn.Module,
    result: nn.Module,
    data: ImageDataset,
    latency: LatencyConfig,
    **overrides: Any,
) -> dict[str, Any]:
    """The ``baseline``/``result``/``ratios``/``summary`` block of a command's JSON."""
    base, res = compare_models(
        baseline, result, data.X_test, data.y_test, latency=latency, **overrides
    )
    r = ratios(base, res)
    return {
        "baseline": _rounded(base),
        "result": _rounded(res),
        "ratios": r,
        "summary": summary_sentence(label, r),
        "metrics": {"accuracy": res.accuracy, **r},  # what the CLI prints without --json
    }


def _rounded(stats: ModelStats) -> dict[str, Any]:
    d = stats.to_dict()
    return {k: round(v, 5) if isinstance(v, float) else v for k, v in d.items()}
