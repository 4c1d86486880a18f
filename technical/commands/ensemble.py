"""``python -m technical ensemble``: voting or stacking over several classifiers on digits."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import EPOCHS, FOLDS

NAME = "ensemble"
HELP = "voting (soft/hard) or stacking ensemble of torch models and sklearn baselines"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=["voting", "stacking"], default="voting")
    parser.add_argument("--voting", choices=["soft", "hard"], default="soft")
    parser.add_argument(
        "--members",
        default="mlp,cnn,logreg,knn",
        help="comma-separated: mlp,cnn,transformer,rnn,lstm,gru,logreg,svc,knn,"
        "forest (default mlp,cnn,logreg,knn)",
    )
    parser.add_argument("--epochs", type=EPOCHS, default=30, help="torch members")
    parser.add_argument("--folds", type=FOLDS, default=5, help="stacking folds")


def run(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    from technical.data import load_digits_split
    from technical.errors import TechnicalUserError
    from technical.evaluation import ESTIMATORS
    from technical.evaluation.ensemble import stacking_ensemble, voting_ensemble
    from technical.evaluation.estimator import build_estimator
    from technical.evaluation.metrics import classification_metrics

    names = [n.strip() for n in args.members.split(",") if n.strip()]
    unknown = [n for n in names if n not in ESTIMATORS]
    if unknown or not names:
        raise TechnicalUserError(
            f"unknown ensemble member(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(ESTIMATORS)}"
        )
    X_tr, X_te, y_tr, y_te = (t.numpy() for t in load_digits_split(seed=args.seed))
    members = [
        (n, build_estimator(n, 8, args.epochs, seed=args.seed, device=str(args.device)))
        for n in names
    ]
    if args.method == "voting":
        result = voting_ensemble(members, X_tr, y_tr, X_te, voting=args.voting)
    else:
        result = stacking_ensemble(members, X_tr, y_tr, X_te, k=args.folds, seed=args.seed)
    metrics = classification_metrics(y_te, result.predictions, 10)
    metrics["members"] = {
        n: float(np.mean(p == y_te)) for n, p in result.member_predictions.items()
    }
    return {
        "config": {
            "method": args.method,
            "voting": args.voting,
            "members": names,
            "epochs": args.epochs,
        },
        "metrics": metrics,
        "params": None,
    }
