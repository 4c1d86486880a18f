"""K-fold and stratified K-fold cross-validation, the fold assignment written out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import clone

from technical.errors import TechnicalUserError
from technical.evaluation.metrics import classification_metrics

__all__ = ["CVResult", "cross_validate", "kfold_indices", "stratified_kfold_indices"]

Folds = list[tuple[np.ndarray, np.ndarray]]  # (train indices, test indices) per fold


def kfold_indices(n: int, k: int = 5, seed: int = 0, shuffle: bool = True) -> Folds:
    """Split ``range(n)`` into ``k`` folds of sizes differing by at most one."""
    if not 2 <= k <= n:
        raise TechnicalUserError(f"k must be in 2..{n}, got {k}")
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    chunks = np.array_split(order, k)
    return [
        (np.sort(np.concatenate([c for j, c in enumerate(chunks) if j != i])), np.sort(chunks[i]))
        for i in range(k)
    ]


def stratified_kfold_indices(y: np.ndarray, k: int = 5, seed: int = 0) -> Folds:
    """Folds in which every class keeps (to within one sample) its overall proportion.

    Each class's shuffled indices are dealt round-robin, continuing where the previous class
    stopped, so fold sizes also differ by at most one.
    """
    y = np.asarray(y)
    counts = np.unique(y, return_counts=True)[1]
    if k < 2 or counts.min() < k:
        raise TechnicalUserError(
            f"stratified k-fold needs 2 <= k <= the smallest class size ({counts.min()}), got {k}"
        )
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(y), dtype=np.int64)
    offset = 0
    for cls in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == cls))
        fold_of[idx] = (np.arange(len(idx)) + offset) % k
        offset = (offset + len(idx)) % k
    return [(np.flatnonzero(fold_of != i), np.flatnonzero(fold_of == i)) for i in range(k)]


@dataclass(frozen=True)
class CVResult:
    metric: str  # accuracy | f1_macro | precision_macro | recall_macro
    fold_scores: list[float]  # one per fold
    mean: float
    std: float  # population standard deviation over folds

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "fold_scores": self.fold_scores,
            "mean": self.mean,
            "std": self.std,
        }


def cross_validate(
    estimator: Any,
    X: Any,
    y: Any,
    k: int = 5,
    stratified: bool = True,
    seed: int = 0,
    metric: str = "accuracy",
) -> CVResult:
    """Fit a fresh ``clone(estimator)`` on each training fold and score it on the held-out fold.

    ``estimator`` follows the scikit-learn protocol (``fit``, ``predict``); the torch models
    do via :class:`technical.evaluation.estimator.TorchClassifier`.
    """
    X, y = np.asarray(X), np.asarray(y)
    folds = stratified_kfold_indices(y, k, seed) if stratified else kfold_indices(len(y), k, seed)
    scores = []
    for train_idx, test_idx in folds:
        model = clone(estimator).fit(X[train_idx], y[train_idx])
        metrics = classification_metrics(y[test_idx], model.predict(X[test_idx]))
        if metric not in metrics or metric == "confusion_matrix":
            raise TechnicalUserError(f"unknown metric {metric!r}")
        scores.append(float(metrics[metric]))
    return CVResult(metric, scores, float(np.mean(scores)), float(np.std(scores)))
