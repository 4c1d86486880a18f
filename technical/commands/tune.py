"""``python -m technical tune``: grid, random or Bayesian search of the MLP's hyper-parameters.

The objective is accuracy on a validation part of the digits training split (the test split
is never seen); the best setting is then retrained on the full training split and tested.
"""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import EPOCHS, IntRange

NAME = "tune"
HELP = "hyper-parameter search (grid | random | bayesian) for the MLP/CNN on digits"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=["grid", "random", "bayesian"], default="bayesian")
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument(
        "--trials",
        type=IntRange(1, 1_000),
        default=12,
        help="random/bayesian trials (grid: all 3x3 combinations)",
    )
    parser.add_argument("--epochs", type=EPOCHS, default=15, help="per trial")


def run(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    from sklearn.model_selection import train_test_split

    from technical.data import load_digits_split
    from technical.evaluation.estimator import TorchClassifier
    from technical.evaluation.tuning import (
        Dimension,
        IntUniform,
        Uniform,
        bayesian_search,
        grid_search,
        random_search,
    )

    X_tr, X_te, y_tr, y_te = (t.numpy() for t in load_digits_split(seed=args.seed))
    X_fit, X_val, y_fit, y_val = train_test_split(
        X_tr, y_tr, test_size=0.2, random_state=args.seed, stratify=y_tr
    )
    device = str(args.device)

    def make(params: dict[str, Any]) -> TorchClassifier:
        return TorchClassifier(
            model=args.model,
            epochs=args.epochs,
            lr=float(params["lr"]),
            batch_size=int(params["batch_size"]),
            seed=args.seed,
            device=device,
        )

    def objective(params: dict[str, Any]) -> float:
        return float(np.mean(make(params).fit(X_fit, y_fit).predict(X_val) == y_val))

    if args.method == "grid":
        result = grid_search(objective, {"lr": [3e-4, 1e-3, 3e-3], "batch_size": [32, 64, 128]})
    else:
        space: dict[str, Dimension] = {
            "lr": Uniform(1e-4, 3e-2, log=True),
            "batch_size": IntUniform(16, 128),
        }
        search = random_search if args.method == "random" else bayesian_search
        result = search(objective, space, n_trials=args.trials, seed=args.seed)
    best = result.best
    test_acc = float(np.mean(make(best.params).fit(X_tr, y_tr).predict(X_te) == y_te))
    return {
        "config": {
            "method": args.method,
            "model": args.model,
            "trials": len(result.trials),
            "epochs": args.epochs,
        },
        "metrics": {
            "best_val_accuracy": best.score,
            "test_accuracy": test_acc,
            "best_params": best.params,
        },
        "params": None,
        "trials": [{"params": t.params, "score": t.score} for t in result.trials],
    }
