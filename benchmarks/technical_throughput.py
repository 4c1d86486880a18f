"""Training throughput: ``technical.training.loop.train`` against a bare PyTorch loop doing the
same work (same model, data, batch size, optimizer, shuffling; no validation, no checkpoint).

    python benchmarks/technical_throughput.py [--out benchmarks/results/technical_throughput.json]

Each loop runs ``--repeats`` times alternately; the median samples/second are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch
from torch import nn

from technical.data import load_digits_split
from technical.models import build_classifier
from technical.training.loop import TrainConfig, train


def bare_loop(model: nn.Module, X: torch.Tensor, y: torch.Tensor, epochs: int, bs: int) -> None:
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    gen = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=gen)
        for i in range(0, len(X), bs):
            idx = order[i : i + bs]
            loss = nn.functional.cross_entropy(model(X[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]  # torch leaves it untyped
            opt.step()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="benchmarks/results/technical_throughput.json")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    X, _, y, _ = load_digits_split()
    n = len(X) * args.epochs
    rows = []
    for name in ("mlp", "cnn"):
        ours, bare = [], []
        for rep in range(args.repeats):
            torch.manual_seed(rep)
            model = build_classifier(name, 8, 10)
            start = time.perf_counter()
            bare_loop(model, X, y, args.epochs, args.batch_size)
            bare.append(n / (time.perf_counter() - start))
            torch.manual_seed(rep)
            model = build_classifier(name, 8, 10)
            start = time.perf_counter()
            train(
                model,
                (X, y),
                None,
                TrainConfig(
                    epochs=args.epochs, lr=2e-3, batch_size=args.batch_size, progress=False
                ),
            )
            ours.append(n / (time.perf_counter() - start))
        o, b = statistics.median(ours), statistics.median(bare)
        rows.append(
            {"model": name, "ours_samples_per_s": o, "bare_samples_per_s": b, "ratio": o / b}
        )
    print(f"{'model':<6} {'ours (samples/s)':>17} {'bare (samples/s)':>17} {'ours/bare':>10}")
    for r in rows:
        print(
            f"{r['model']:<6} {r['ours_samples_per_s']:>17.0f} {r['bare_samples_per_s']:>17.0f}"
            f" {r['ratio']:>10.3f}"
        )
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "benchmark": "technical_throughput",
                "rows": rows,
                "epochs": args.epochs,
                "batch_size": args.batch_size,
                "repeats": args.repeats,
                "threads": args.threads,
            },
            handle,
            indent=2,
        )


if __name__ == "__main__":
    main()
