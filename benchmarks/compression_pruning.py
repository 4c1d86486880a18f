"""Pruning on digits: accuracy against sparsity (50/75/90/95 %) with and without fine-tuning,
then latency and file size of the sparse (CSR) and structurally pruned models against dense.

    .venv/bin/python benchmarks/compression_pruning.py [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from technical.compression.fitting import FitConfig, fit
from technical.compression.measure import (
    LatencyConfig,
    accuracy,
    count_stored_values,
    paired_latency_ms,
    serialized_size,
)
from technical.compression.pruning import (
    PruneConfig,
    magnitude_prune,
    sparse_state,
    structured_prune,
    to_sparse_csr,
)
from technical.data import load_digits_split

SPARSITIES = (0.5, 0.75, 0.9, 0.95)


def mlp_512x2() -> nn.Module:
    return nn.Sequential(
        nn.Linear(64, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="benchmarks/results/compression_pruning.json")
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    X_train, X_test, y_train, y_test = load_digits_split(seed=0)
    torch.manual_seed(0)
    dense = mlp_512x2()
    fit(dense, X_train, y_train, FitConfig(epochs=15, seed=0))
    dense.eval()
    base_acc = accuracy(dense, X_test, y_test)
    ft = FitConfig(epochs=3, lr=5e-4, seed=0)
    curve = []
    print(f"dense accuracy {100 * base_acc:.2f} %  ({count_stored_values(dense)} values)")
    print(f"{'sparsity':>9}{'one-shot, no FT':>17}{'one-shot + FT':>15}{'3-step + FT':>13}")
    pruned_at: dict[float, nn.Module] = {}
    for s in SPARSITIES:
        no_ft = magnitude_prune(dense, PruneConfig(s, 1, None))
        one = magnitude_prune(dense, PruneConfig(s, 1, ft), X_train, y_train)
        it = magnitude_prune(dense, PruneConfig(s, 3, ft), X_train, y_train)
        pruned_at[s] = it.model
        row = {
            "sparsity": s,
            "no_finetune": accuracy(no_ft.model, X_test, y_test),
            "oneshot_finetune": accuracy(one.model, X_test, y_test),
            "iterative_finetune": accuracy(it.model, X_test, y_test),
        }
        curve.append(row)
        print(
            f"{s:>9.0%}{100 * row['no_finetune']:>17.2f}{100 * row['oneshot_finetune']:>15.2f}"
            f"{100 * row['iterative_finetune']:>13.2f}"
        )
    # latency and size: dense vs CSR at each sparsity vs structurally pruned (same kept fraction)
    cfg = LatencyConfig(rounds=args.rounds, warmup=10, calls_per_round=10)
    variants: dict[str, tuple[nn.Module, int, int]] = {
        "dense": (dense, serialized_size(dense), count_stored_values(dense))
    }
    for s in (0.9, 0.95):
        csr = to_sparse_csr(pruned_at[s])
        variants[f"CSR {s:.0%}"] = (
            csr,
            serialized_size(sparse_state(pruned_at[s])),
            count_stored_values(csr),
        )
    for s in (0.5, 0.75):
        shrunk = structured_prune(dense, s, X_test[:2]).model
        fit(shrunk, X_train, y_train, ft)
        shrunk.eval()
        variants[f"structured {s:.0%}"] = (
            shrunk,
            serialized_size(shrunk),
            count_stored_values(shrunk),
        )
    names = list(variants)
    lat1 = paired_latency_ms([variants[n][0] for n in names], X_test[:1], cfg)
    lat64 = paired_latency_ms([variants[n][0] for n in names], X_test[:64], cfg)
    rows = []
    print(
        f"\n{'model':<16}{'acc %':>7}{'values':>9}{'file KB':>9}{'x smaller':>10}"
        f"{'ms b1':>8}{'x b1':>6}{'ms b64':>8}{'x b64':>7}"
    )
    for i, name in enumerate(names):
        model, size, values = variants[name]
        r: dict[str, Any] = {
            "model": name,
            "accuracy": accuracy(model, X_test, y_test),
            "size_bytes": size,
            "params": values,
            "latency_ms_b1": lat1[i],
            "latency_ms_b64": lat64[i],
        }
        r["size_ratio"] = variants["dense"][1] / size
        r["speedup_b1"] = lat1[0] / lat1[i]
        r["speedup_b64"] = lat64[0] / lat64[i]
        rows.append(r)
        print(
            f"{name:<16}{100 * r['accuracy']:>7.2f}{values:>9}{size / 1024:>9.1f}"
            f"{r['size_ratio']:>10.2f}{lat1[i]:>8.3f}{r['speedup_b1']:>6.2f}"
            f"{lat64[i]:>8.3f}{r['speedup_b64']:>7.2f}"
        )
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "torch": torch.__version__,
                "threads": 1,
                "dense_accuracy": base_acc,
                "accuracy_vs_sparsity": curve,
                "latency_size": rows,
            },
            handle,
            indent=2,
        )


if __name__ == "__main__":
    main()
