"""Classification metrics from a confusion matrix (macro averages), checked against sklearn."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

__all__ = ["classification_metrics", "confusion_matrix"]

ArrayLike = np.ndarray | torch.Tensor | list[int]


def _as_numpy(values: ArrayLike) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        return values.detach().cpu().numpy()
    return np.asarray(values)


def confusion_matrix(
    y_true: ArrayLike, y_pred: ArrayLike, num_classes: int | None = None
) -> np.ndarray:
    """``M[i, j]`` = number of samples of true class ``i`` predicted as ``j``; (C, C) int64."""
    t, p = _as_numpy(y_true).astype(np.int64), _as_numpy(y_pred).astype(np.int64)
    C = num_classes or int(max(t.max(initial=0), p.max(initial=0)) + 1)
    M = np.zeros((C, C), dtype=np.int64)
    np.add.at(M, (t, p), 1)
    return M


def classification_metrics(
    y_true: ArrayLike, y_pred: ArrayLike, num_classes: int | None = None
) -> dict[str, Any]:
    """Accuracy, macro precision/recall/F1 and the confusion matrix.

    A class that is never predicted has precision 0 (and never present, recall 0), as
    scikit-learn does with ``zero_division=0``; macro averages run over classes present in
    ``y_true`` or ``y_pred``.

    Examples:
        >>> m = classification_metrics([0, 0, 1, 1], [0, 1, 1, 1])
        >>> m["accuracy"], round(m["f1_macro"], 4)
        (0.75, 0.7333)
    """
    M = confusion_matrix(y_true, y_pred, num_classes)
    tp = np.diag(M).astype(np.float64)
    predicted = M.sum(axis=0).astype(np.float64)  # column sums
    actual = M.sum(axis=1).astype(np.float64)  # row sums
    present = (predicted + actual) > 0
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros_like(tp), where=actual > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros_like(tp), where=denom > 0)
    return {
        "accuracy": float(tp.sum() / max(M.sum(), 1)),
        "precision_macro": float(precision[present].mean()),
        "recall_macro": float(recall[present].mean()),
        "f1_macro": float(f1[present].mean()),
        "confusion_matrix": M.tolist(),
    }
