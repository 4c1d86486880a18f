"""Evaluation: metrics, (stratified) K-fold CV, hyper-parameter search, ensembles."""

from __future__ import annotations

__all__: list[str] = []
