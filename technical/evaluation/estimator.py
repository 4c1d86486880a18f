"""A scikit-learn style wrapper around the torch classifiers, so CV, search and ensembles
treat them like any other estimator (``clone``, ``fit``, ``predict_proba``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin

from technical.evaluation import ESTIMATORS, SKLEARN_MODELS, TORCH_MODELS
from technical.models import build_classifier
from technical.training.loop import TrainConfig, predict, train

__all__ = ["ESTIMATORS", "SKLEARN_MODELS", "TorchClassifier", "build_estimator"]


class TorchClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """``TorchClassifier(model="mlp", image_size=8, epochs=30, lr=2e-3)``; X is ``(N, H*W)``."""

    def __init__(
        self,
        model: str = "mlp",
        image_size: int = 8,
        epochs: int = 30,
        lr: float = 2e-3,
        batch_size: int = 64,
        optimizer: str = "adam",
        weight_decay: float = 0.0,
        seed: int = 0,
        device: str = "cpu",
    ) -> None:
        self.model = model
        self.image_size = image_size
        self.epochs = epochs
        self.lr = lr
        self.batch_size = batch_size
        self.optimizer = optimizer
        self.weight_decay = weight_decay
        self.seed = seed
        self.device = device

    def fit(self, X: Any, y: Any) -> TorchClassifier:
        X_t = torch.as_tensor(np.asarray(X), dtype=torch.float32)
        y_np = np.asarray(y)
        self.classes_ = np.unique(y_np)
        y_t = torch.as_tensor(np.searchsorted(self.classes_, y_np), dtype=torch.long)
        torch.manual_seed(self.seed)
        self.module_ = build_classifier(self.model, self.image_size, len(self.classes_))
        train(
            self.module_,
            (X_t, y_t),
            None,
            TrainConfig(
                epochs=self.epochs,
                lr=self.lr,
                batch_size=self.batch_size,
                optimizer=self.optimizer,
                weight_decay=self.weight_decay,
                seed=self.seed,
                device=self.device,
                progress=False,
            ),
        )
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        X_t = torch.as_tensor(np.asarray(X), dtype=torch.float32)
        logits = predict(self.module_, X_t)
        return torch.softmax(logits, dim=1).cpu().numpy()

    def predict(self, X: Any) -> np.ndarray:
        labels: np.ndarray = self.classes_[self.predict_proba(X).argmax(axis=1)]
        return labels


def build_estimator(
    name: str,
    image_size: int = 8,
    epochs: int = 30,
    lr: float = 2e-3,
    seed: int = 0,
    device: str = "cpu",
) -> Any:
    """An unfitted scikit-learn-protocol classifier by name (torch models or sklearn baselines).

    Raises:
        TechnicalUserError: unknown name.
    """
    from technical.errors import TechnicalUserError

    if name in TORCH_MODELS:
        return TorchClassifier(
            model=name, image_size=image_size, epochs=epochs, lr=lr, seed=seed, device=device
        )
    if name == "logreg":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(max_iter=2000)
    if name == "svc":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import SVC

        return CalibratedClassifierCV(SVC(), ensemble=False)  # SVC with predict_proba
    if name == "knn":
        from sklearn.neighbors import KNeighborsClassifier

        return KNeighborsClassifier(n_neighbors=3)
    if name == "forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(n_estimators=200, random_state=seed)
    raise TechnicalUserError(f"unknown model {name!r}; choose one of {', '.join(ESTIMATORS)}")
