"""Hyper-parameter search: grid, random, and Bayesian optimisation with a Gaussian-process
surrogate (scikit-learn) and expected improvement. Every search MAXIMISES ``objective(params)``.

A search space maps names to :class:`Choice`, :class:`Uniform` (optionally log-scaled) or
:class:`IntUniform`; grid search takes plain lists.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from technical.errors import TechnicalUserError

__all__ = [
    "Choice",
    "Dimension",
    "IntUniform",
    "SearchResult",
    "Trial",
    "Uniform",
    "bayesian_search",
    "expected_improvement",
    "grid_search",
    "random_search",
]

Params = dict[str, Any]
Objective = Callable[[Params], float]


@dataclass(frozen=True)
class Choice:
    options: Sequence[Any]


@dataclass(frozen=True)
class Uniform:
    low: float
    high: float
    log: bool = False  # sample log(value) uniformly (learning rates)


@dataclass(frozen=True)
class IntUniform:
    low: int
    high: int  # inclusive


Dimension = Choice | Uniform | IntUniform


@dataclass(frozen=True)
class Trial:
    params: Params
    score: float
    seconds: float


@dataclass
class SearchResult:
    method: str
    trials: list[Trial] = field(default_factory=list)

    @property
    def best(self) -> Trial:
        return max(self.trials, key=lambda t: t.score)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "best_params": self.best.params,
            "best_score": self.best.score,
            "trials": [{"params": t.params, "score": t.score} for t in self.trials],
        }


def _run(objective: Objective, params: Params, result: SearchResult) -> None:
    start = time.perf_counter()
    score = float(objective(params))
    result.trials.append(Trial(params, score, time.perf_counter() - start))


def grid_search(objective: Objective, grid: Mapping[str, Sequence[Any]]) -> SearchResult:
    """Evaluate every combination of ``grid`` (name -> list of values).

    Examples:
        >>> r = grid_search(lambda p: -(p["x"] - 2) ** 2, {"x": [0, 1, 2, 3]})
        >>> r.best.params
        {'x': 2}
    """
    if not grid:
        raise TechnicalUserError("grid search needs at least one parameter")
    names = list(grid)
    result = SearchResult("grid")
    for values in itertools.product(*(grid[n] for n in names)):
        _run(objective, dict(zip(names, values, strict=True)), result)
    return result


def _to_unit(dim: Dimension, u: float) -> Any:
    """Map ``u`` in [0, 1] to a value of ``dim``."""
    if isinstance(dim, Choice):
        return dim.options[min(int(u * len(dim.options)), len(dim.options) - 1)]
    if isinstance(dim, IntUniform):
        return min(dim.low + int(u * (dim.high - dim.low + 1)), dim.high)
    if dim.log:
        return float(math.exp(math.log(dim.low) + u * (math.log(dim.high) - math.log(dim.low))))
    return float(dim.low + u * (dim.high - dim.low))


def _check_space(space: Mapping[str, Dimension]) -> None:
    if not space:
        raise TechnicalUserError("the search space is empty")
    for name, dim in space.items():
        if isinstance(dim, Uniform | IntUniform) and not dim.low < dim.high:
            raise TechnicalUserError(f"{name}: low must be < high")
        if isinstance(dim, Uniform) and dim.log and dim.low <= 0:
            raise TechnicalUserError(f"{name}: a log-scaled range must be positive")


def random_search(
    objective: Objective, space: Mapping[str, Dimension], n_trials: int = 20, seed: int = 0
) -> SearchResult:
    """Sample ``n_trials`` points independently from ``space``."""
    _check_space(space)
    rng = np.random.default_rng(seed)
    result = SearchResult("random")
    for _ in range(n_trials):
        params = {name: _to_unit(dim, float(rng.random())) for name, dim in space.items()}
        _run(objective, params, result)
    return result


def expected_improvement(
    mean: np.ndarray, std: np.ndarray, best: float, xi: float = 0.01
) -> np.ndarray:
    """``EI(x) = (mu - best - xi) Phi(z) + sigma phi(z)``, ``z = (mu - best - xi) / sigma``;
    0 where ``sigma`` is 0 (maximisation)."""
    from scipy.stats import norm

    improvement = mean - best - xi
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(std > 0, improvement / std, 0.0)
    ei = improvement * norm.cdf(z) + std * norm.pdf(z)
    return np.where(std > 0, ei, 0.0)


def bayesian_search(
    objective: Objective,
    space: Mapping[str, Dimension],
    n_trials: int = 20,
    n_initial: int = 5,
    n_candidates: int = 2000,
    seed: int = 0,
) -> SearchResult:
    """Bayesian optimisation in the unit cube of ``space``.

    The first ``n_initial`` points are random; then a Gaussian process (Matern 5/2 plus white
    noise, normalised targets) is fitted to all scores and the next point is the one of
    ``n_candidates`` random candidates with the largest expected improvement.
    """
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

    _check_space(space)
    names = list(space)
    rng = np.random.default_rng(seed)
    result = SearchResult("bayesian")
    points: list[np.ndarray] = []
    for i in range(n_trials):
        if i < max(1, n_initial):
            u = rng.random(len(names))
        else:
            kernel = ConstantKernel(1.0) * Matern(length_scale=np.full(len(names), 0.3), nu=2.5)
            kernel = kernel + WhiteKernel(1e-3)
            gp = GaussianProcessRegressor(
                kernel=kernel, normalize_y=True, random_state=seed, n_restarts_optimizer=2
            )
            scores = np.array([t.score for t in result.trials])
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # convergence chatter on tiny data
                gp.fit(np.array(points), scores)
            candidates = rng.random((n_candidates, len(names)))
            mean, std = gp.predict(candidates, return_std=True)
            u = candidates[int(np.argmax(expected_improvement(mean, std, scores.max())))]
        points.append(u)
        params = {n: _to_unit(space[n], float(v)) for n, v in zip(names, u, strict=True)}
        _run(objective, params, result)
    return result
