"""Evaluation: metrics, (stratified) K-fold CV, hyper-parameter search, ensembles."""

from __future__ import annotations

__all__ = ["ESTIMATORS", "SKLEARN_MODELS", "TORCH_MODELS"]

TORCH_MODELS = ("mlp", "cnn", "transformer", "rnn", "lstm", "gru")
SKLEARN_MODELS = ("logreg", "svc", "knn", "forest")
ESTIMATORS = (*TORCH_MODELS, *SKLEARN_MODELS)  # names accepted by estimator.build_estimator
