"""Digits (fixed stratified 80/20 split): MLP and CNN test accuracy, then 5-fold stratified CV
of the MLP next to scikit-learn's SVC and logistic regression.

    python benchmarks/technical_digits.py [--out benchmarks/results/technical_digits.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch

from technical.data import load_digits_arrays, load_digits_split
from technical.evaluation.cv import cross_validate
from technical.evaluation.estimator import build_estimator
from technical.evaluation.metrics import classification_metrics
from technical.models import build_classifier
from technical.training.loop import TrainConfig, predict, train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="benchmarks/results/technical_digits.json")
    parser.add_argument("--epochs", type=int, default=60, help="MLP/CNN epochs (bar: <= 60)")
    parser.add_argument("--cv-epochs", type=int, default=30, help="MLP epochs per CV fold")
    parser.add_argument("--seeds", type=int, default=3, help="seeds for the split test")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    X_train, X_test, y_train, y_test = load_digits_split(seed=0)
    split_rows = []
    for name in ("mlp", "cnn"):
        accs, secs = [], []
        for seed in range(args.seeds):
            torch.manual_seed(seed)
            model = build_classifier(name, 8, 10)
            start = time.perf_counter()
            train(
                model,
                (X_train, y_train),
                None,
                TrainConfig(epochs=args.epochs, lr=2e-3, seed=seed, progress=False),
            )
            secs.append(time.perf_counter() - start)
            preds = predict(model, X_test).argmax(1)
            accs.append(classification_metrics(y_test, preds)["accuracy"])
        split_rows.append(
            {
                "model": name,
                "epochs": args.epochs,
                "test_accuracy": accs,
                "min": min(accs),
                "mean": sum(accs) / len(accs),
                "seconds_per_run": sum(secs) / len(secs),
            }
        )

    X, y = load_digits_arrays()
    cv_rows = []
    for name in ("mlp", "svc", "logreg"):
        est = build_estimator(name, 8, epochs=args.cv_epochs, seed=0)
        start = time.perf_counter()
        result = cross_validate(est, X, y, k=5, stratified=True, seed=0)
        cv_rows.append({"model": name, **result.to_dict(), "seconds": time.perf_counter() - start})

    print(f"Fixed stratified 80/20 split, {args.epochs} epochs, seeds 0..{args.seeds - 1}")
    print(f"{'model':<8} {'min acc':>8} {'mean acc':>9} {'s/run':>7}")
    for r in split_rows:
        print(f"{r['model']:<8} {r['min']:>8.4f} {r['mean']:>9.4f} {r['seconds_per_run']:>7.1f}")
    print("\n5-fold stratified CV on all 1,797 digits (seed 0)")
    print(f"{'model':<8} {'mean':>7} {'std':>7} {'seconds':>8}")
    for r in cv_rows:
        print(f"{r['model']:<8} {r['mean']:>7.4f} {r['std']:>7.4f} {r['seconds']:>8.1f}")

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "benchmark": "technical_digits",
                "split": split_rows,
                "cv": cv_rows,
                "threads": args.threads,
                "torch": torch.__version__,
            },
            handle,
            indent=2,
        )


if __name__ == "__main__":
    main()
