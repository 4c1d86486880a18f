"""K-fold and stratified K-fold: partitions, stratification, and cross_validate's numbers."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from technical.data import load_digits_arrays
from technical.errors import TechnicalUserError
from technical.evaluation.cv import cross_validate, kfold_indices, stratified_kfold_indices


def test_kfold_test_folds_partition_the_data() -> None:
    folds = kfold_indices(23, k=5, seed=0)
    tests = np.concatenate([te for _, te in folds])
    assert sorted(tests.tolist()) == list(range(23))
    assert sorted(len(te) for _, te in folds) == [4, 4, 5, 5, 5]
    for tr, te in folds:
        assert not set(tr) & set(te) and len(tr) + len(te) == 23


def test_stratified_folds_keep_class_proportions() -> None:
    y = np.array([0] * 50 + [1] * 30 + [2] * 20)
    folds = stratified_kfold_indices(y, k=5, seed=0)
    assert sorted(np.concatenate([te for _, te in folds]).tolist()) == list(range(100))
    for _, te in folds:
        assert np.bincount(y[te]).tolist() == [10, 6, 4]


def test_stratified_needs_k_at_most_the_smallest_class() -> None:
    with pytest.raises(TechnicalUserError, match="smallest class"):
        stratified_kfold_indices(np.array([0, 0, 0, 1]), k=2)


def test_cross_validate_reports_mean_and_spread() -> None:
    X, y = load_digits_arrays()
    X, y = X[:500], y[:500]
    result = cross_validate(LogisticRegression(max_iter=500), X, y, k=5)
    assert len(result.fold_scores) == 5
    assert result.mean == pytest.approx(np.mean(result.fold_scores))
    assert result.std == pytest.approx(np.std(result.fold_scores))
    assert result.mean > 0.9
