"""Classification metrics against scikit-learn (macro, zero_division=0). Tolerance 1e-12."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn import metrics as skm

from technical.evaluation.metrics import classification_metrics, confusion_matrix


def test_confusion_matrix_counts_true_rows_and_predicted_columns() -> None:
    assert confusion_matrix([0, 0, 1, 2], [0, 1, 1, 1], num_classes=3).tolist() == [
        [1, 1, 0],
        [0, 1, 0],
        [0, 1, 0],
    ]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metrics_match_sklearn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 5, 200)
    y_pred = np.where(rng.random(200) < 0.6, y_true, rng.integers(0, 5, 200))
    ours = classification_metrics(torch.from_numpy(y_true), torch.from_numpy(y_pred))
    assert ours["accuracy"] == pytest.approx(skm.accuracy_score(y_true, y_pred), abs=1e-12)
    for name, fn in [
        ("precision_macro", skm.precision_score),
        ("recall_macro", skm.recall_score),
        ("f1_macro", skm.f1_score),
    ]:
        expected = fn(y_true, y_pred, average="macro", zero_division=0)
        assert ours[name] == pytest.approx(expected, abs=1e-12)
    assert ours["confusion_matrix"] == skm.confusion_matrix(y_true, y_pred).tolist()


def test_never_predicted_class_counts_as_zero_precision() -> None:
    y_true, y_pred = [0, 1, 2, 2], [0, 1, 1, 1]
    ours = classification_metrics(y_true, y_pred)
    expected = skm.precision_score(y_true, y_pred, average="macro", zero_division=0)
    assert ours["precision_macro"] == pytest.approx(expected, abs=1e-12)
