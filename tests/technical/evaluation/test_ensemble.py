"""Voting against scikit-learn's VotingClassifier; stacking's out-of-fold protocol."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier

from technical.evaluation.ensemble import stacking_ensemble, voting_ensemble
from technical.evaluation.estimator import TorchClassifier

MEMBERS = [
    ("lr", LogisticRegression(max_iter=500)),
    ("nb", GaussianNB()),
    ("knn", KNeighborsClassifier(5)),
]


def _data(digits: tuple) -> tuple[np.ndarray, ...]:
    return tuple(t.numpy() for t in digits)


def test_soft_and_hard_voting_match_sklearn(digits: tuple) -> None:
    X_tr, X_te, y_tr, _ = _data(digits)
    for voting in ("soft", "hard"):
        ours = voting_ensemble(MEMBERS, X_tr, y_tr, X_te, voting=voting)
        ref = VotingClassifier(MEMBERS, voting=voting).fit(X_tr, y_tr).predict(X_te)
        agree = np.mean(ours.predictions == ref)
        assert agree == 1.0 if voting == "soft" else agree > 0.99  # hard: tie-break may differ


def test_stacking_is_at_least_as_good_as_its_weakest_member(digits: tuple) -> None:
    X_tr, X_te, y_tr, y_te = _data(digits)
    result = stacking_ensemble(MEMBERS, X_tr, y_tr, X_te, k=3)
    acc = np.mean(result.predictions == y_te)
    members = {n: np.mean(p == y_te) for n, p in result.member_predictions.items()}
    assert acc >= min(members.values()) and acc > 0.95


def test_torch_classifier_works_as_an_ensemble_member(digits: tuple) -> None:
    X_tr, X_te, y_tr, _ = _data(digits)
    result = voting_ensemble([("mlp", TorchClassifier(epochs=3)), *MEMBERS[:1]], X_tr, y_tr, X_te)
    assert result.probabilities is not None and result.probabilities.shape == (len(X_te), 10)
