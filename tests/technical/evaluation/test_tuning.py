"""Grid, random and Bayesian search on objectives with a known optimum."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from technical.errors import TechnicalUserError
from technical.evaluation.tuning import (
    Choice,
    IntUniform,
    Uniform,
    bayesian_search,
    expected_improvement,
    grid_search,
    random_search,
)


def _peak(params: dict) -> float:  # maximum 0 at lr = 10**-2.5, depth = 3
    return -((math.log10(params["lr"]) + 2.5) ** 2) - 0.05 * (params["depth"] - 3) ** 2


SPACE = {"lr": Uniform(1e-5, 1e-1, log=True), "depth": IntUniform(1, 8)}


def test_grid_search_tries_every_combination_and_finds_the_best() -> None:
    result = grid_search(_peak, {"lr": [1e-4, 10**-2.5, 1e-1], "depth": [1, 3, 5]})
    assert len(result.trials) == 9
    assert result.best.params == {"lr": 10**-2.5, "depth": 3}


def test_random_search_stays_inside_the_space() -> None:
    result = random_search(_peak, {**SPACE, "act": Choice(["relu", "gelu"])}, n_trials=30)
    for t in result.trials:
        assert 1e-5 <= t.params["lr"] <= 1e-1 and 1 <= t.params["depth"] <= 8
        assert t.params["act"] in ("relu", "gelu")


def test_random_search_is_reproducible() -> None:
    a = random_search(_peak, SPACE, n_trials=5, seed=4)
    b = random_search(_peak, SPACE, n_trials=5, seed=4)
    assert [t.params for t in a.trials] == [t.params for t in b.trials]


def test_bayesian_search_gets_close_to_the_optimum() -> None:
    result = bayesian_search(_peak, SPACE, n_trials=18, n_initial=5, seed=0)
    assert result.best.score > -0.1
    baseline = random_search(_peak, SPACE, n_trials=18, seed=0)
    assert result.best.score >= baseline.best.score


def test_expected_improvement_matches_its_formula() -> None:
    mean, std = np.array([1.0, 0.5, 2.0]), np.array([0.5, 0.0, 1.0])
    z = (mean - 1.2 - 0.01) / np.where(std > 0, std, 1)
    expected = np.where(std > 0, (mean - 1.21) * norm.cdf(z) + std * norm.pdf(z), 0.0)
    np.testing.assert_allclose(expected_improvement(mean, std, 1.2), expected, atol=1e-12)


def test_bad_space_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError):
        random_search(_peak, {"lr": Uniform(0.0, 1.0, log=True)})
