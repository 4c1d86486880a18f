"""Voting and stacking ensembles over scikit-learn-protocol classifiers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from technical.errors import TechnicalUserError
from technical.evaluation.cv import stratified_kfold_indices

__all__ = ["EnsembleResult", "stacking_ensemble", "voting_ensemble"]

Member = tuple[str, Any]  # (name, unfitted estimator with fit / predict_proba)


@dataclass
class EnsembleResult:
    predictions: np.ndarray  # (N_test,) ensemble labels
    probabilities: np.ndarray | None  # (N_test, C) when available
    member_predictions: dict[str, np.ndarray] = field(default_factory=dict)  # name -> labels


def _fit_all(members: Sequence[Member], X: np.ndarray, y: np.ndarray) -> list[tuple[str, Any]]:
    if not members:
        raise TechnicalUserError("an ensemble needs at least one member")
    return [(name, clone(est).fit(X, y)) for name, est in members]


def voting_ensemble(
    members: Sequence[Member],
    X_train: Any,
    y_train: Any,
    X_test: Any,
    voting: str = "soft",
    weights: Sequence[float] | None = None,
) -> EnsembleResult:
    """Fit every member on the training data and combine their test predictions.

    ``soft``: weighted mean of the class probabilities, then argmax. ``hard``: weighted vote
    of the predicted labels (ties go to the smallest class index).
    """
    if voting not in ("soft", "hard"):
        raise TechnicalUserError(f"voting must be 'soft' or 'hard', got {voting!r}")
    X_train, y_train, X_test = np.asarray(X_train), np.asarray(y_train), np.asarray(X_test)
    classes = np.unique(y_train)
    w = np.ones(len(members)) if weights is None else np.asarray(weights, dtype=float)
    if len(w) != len(members):
        raise TechnicalUserError("one weight per ensemble member is needed")
    fitted = _fit_all(members, X_train, y_train)
    member_preds = {name: est.predict(X_test) for name, est in fitted}
    if voting == "soft":
        probs = sum(wi * est.predict_proba(X_test) for wi, (_, est) in zip(w, fitted, strict=True))
        probs = np.asarray(probs) / w.sum()
        return EnsembleResult(classes[probs.argmax(1)], probs, member_preds)
    votes = np.zeros((len(X_test), len(classes)))
    for wi, preds in zip(w, member_preds.values(), strict=True):
        votes[np.arange(len(X_test)), np.searchsorted(classes, preds)] += wi
    return EnsembleResult(classes[votes.argmax(1)], None, member_preds)


def stacking_ensemble(
    members: Sequence[Member],
    X_train: Any,
    y_train: Any,
    X_test: Any,
    meta: Any | None = None,
    k: int = 5,
    seed: int = 0,
) -> EnsembleResult:
    """Stacking: out-of-fold class probabilities of every member (stratified ``k``-fold on the
    training data) are the features of a meta-learner (logistic regression by default); the
    members are then refitted on all training data to make the test features."""
    X_train, y_train, X_test = np.asarray(X_train), np.asarray(y_train), np.asarray(X_test)
    classes = np.unique(y_train)
    C = len(classes)
    oof = np.zeros((len(X_train), C * len(members)))
    for train_idx, test_idx in stratified_kfold_indices(y_train, k, seed):
        for m, (_, est) in enumerate(members):
            fitted = clone(est).fit(X_train[train_idx], y_train[train_idx])
            oof[test_idx, m * C : (m + 1) * C] = fitted.predict_proba(X_train[test_idx])
    full = _fit_all(members, X_train, y_train)
    test_features = np.hstack([est.predict_proba(X_test) for _, est in full])
    meta = clone(meta) if meta is not None else LogisticRegression(max_iter=1000)
    meta.fit(oof, y_train)
    return EnsembleResult(
        meta.predict(test_features),
        meta.predict_proba(test_features),
        {name: est.predict(X_test) for name, est in full},
    )
