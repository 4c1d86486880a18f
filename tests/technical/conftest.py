"""Shared fixtures for the technical tests: seeded RNGs and the fixed digits split."""

from __future__ import annotations

import os
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO_ROOT not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, REPO_ROOT)

import torch  # noqa: E402

torch.set_num_threads(1)  # small models: one thread is fastest and avoids contention


@pytest.fixture(autouse=True)
def _seeded() -> None:
    """Every test starts from the same RNG state."""
    import random

    import numpy as np

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)


@pytest.fixture(scope="session")
def digits() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """The fixed stratified 80/20 digits split (seed 0)."""
    from technical.data import load_digits_split

    return load_digits_split(seed=0)


@pytest.fixture(scope="session")
def repo_root() -> str:
    return REPO_ROOT
