"""``python -m technical cv``: (stratified) K-fold cross-validation of one model."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import EPOCHS, FOLDS, LEARNING_RATE
from technical.data import DATASETS
from technical.evaluation import ESTIMATORS

NAME = "cv"
HELP = "K-fold / stratified K-fold cross-validation of a model (torch or sklearn baseline)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", choices=ESTIMATORS, default="mlp", help="default: mlp")
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="digits")
    parser.add_argument("--folds", type=FOLDS, default=5, help="K (default 5)")
    parser.add_argument("--no-stratify", action="store_true", help="plain K-fold")
    parser.add_argument("--epochs", type=EPOCHS, default=30, help="torch models only")
    parser.add_argument("--lr", type=LEARNING_RATE, default=2e-3, help="torch models only")
    parser.add_argument(
        "--metric",
        default="accuracy",
        choices=["accuracy", "precision_macro", "recall_macro", "f1_macro"],
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    from technical.data import load_digits_arrays, load_mnist5k_arrays
    from technical.evaluation.cv import cross_validate
    from technical.evaluation.estimator import build_estimator

    X, y = load_digits_arrays() if args.dataset == "digits" else load_mnist5k_arrays()
    size = int(np.sqrt(X.shape[1]))
    est = build_estimator(args.model, size, args.epochs, args.lr, args.seed, str(args.device))
    result = cross_validate(
        est, X, y, k=args.folds, stratified=not args.no_stratify, seed=args.seed, metric=args.metric
    )
    return {
        "config": {
            "model": args.model,
            "dataset": args.dataset,
            "folds": args.folds,
            "stratified": not args.no_stratify,
            "epochs": args.epochs,
            "lr": args.lr,
        },
        "metrics": result.to_dict(),
        "params": None,
    }
