"""Federated averaging (FedAvg, optionally FedProx), simulated in one process.

K clients each hold a partition of the training rows. Every round a fraction C of them
(at least one) is drawn, each runs E local epochs of plain SGD with batch B from the current
global weights, and the server replaces the global weights with the average of the returned
weights, weighted by the clients' row counts. FedProx adds (mu / 2) * ||w - w_global||^2 to
each local loss, which limits client drift on non-IID data.

Partitions: ``iid`` (a random equal split), ``shard`` (rows sorted by label, cut into 2K shards,
two per client, so most clients see two digits) and ``dirichlet`` (per class, client shares
drawn from Dir(alpha); small alpha = very skewed).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from technical.compression.fitting import FitConfig, fit
from technical.compression.measure import accuracy
from technical.errors import TechnicalUserError

__all__ = [
    "PARTITIONS",
    "FedConfig",
    "FedResult",
    "fedavg",
    "partition",
    "partition_dirichlet",
    "partition_iid",
    "partition_shards",
]

PARTITIONS = ("iid", "shard", "dirichlet")


def partition_iid(n: int, clients: int, seed: int = 0) -> list[torch.Tensor]:
    """Shuffle rows 0..n-1 and split them into ``clients`` near-equal parts."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return [part.sort().values for part in torch.tensor_split(order, clients)]


def partition_shards(
    y: torch.Tensor, clients: int, shards_per_client: int = 2, seed: int = 0
) -> list[torch.Tensor]:
    """Sort rows by label, cut into ``clients * shards_per_client`` shards, deal them out."""
    order = torch.argsort(y, stable=True)
    shards = torch.tensor_split(order, clients * shards_per_client)
    deal = torch.randperm(len(shards), generator=torch.Generator().manual_seed(seed))
    return [
        torch.cat([shards[int(s)] for s in deal[c::clients]]).sort().values for c in range(clients)
    ]


def partition_dirichlet(
    y: torch.Tensor, clients: int, alpha: float = 0.5, seed: int = 0
) -> list[torch.Tensor]:
    """Per class, split its rows among clients with proportions drawn from Dir(alpha).

    Deterministic for a given seed; every row goes to exactly one client. Some clients may
    end up empty when alpha is small.
    """
    if alpha <= 0:
        raise TechnicalUserError(f"dirichlet alpha must be > 0, got {alpha}")
    rng = np.random.default_rng(seed)
    labels = y.numpy()
    parts: list[list[np.ndarray]] = [[] for _ in range(clients)]
    for cls in np.unique(labels):
        rows = rng.permutation(np.flatnonzero(labels == cls))
        shares = rng.dirichlet(np.full(clients, alpha))
        cuts = (np.cumsum(shares)[:-1] * rows.size).astype(int)
        for c, chunk in enumerate(np.split(rows, cuts)):
            parts[c].append(chunk)
    return [torch.from_numpy(np.sort(np.concatenate(p)).astype(np.int64)) for p in parts]


def partition(
    y: torch.Tensor, clients: int, kind: str, alpha: float = 0.5, seed: int = 0
) -> list[torch.Tensor]:
    """Dispatch to one of :data:`PARTITIONS`.

    Raises:
        TechnicalUserError: unknown kind, fewer than one client, or more clients than rows.
    """
    n = int(y.shape[0])
    if clients < 1:
        raise TechnicalUserError(f"clients must be >= 1, got {clients}")
    if clients > n:
        raise TechnicalUserError(f"{clients} clients but only {n} training samples")
    if kind == "iid":
        return partition_iid(n, clients, seed)
    if kind == "shard":
        if 2 * clients > n:
            raise TechnicalUserError(f"shard partition needs >= {2 * clients} samples, got {n}")
        return partition_shards(y, clients, 2, seed)
    if kind == "dirichlet":
        return partition_dirichlet(y, clients, alpha, seed)
    raise TechnicalUserError(f"unknown partition {kind!r}; choose one of {', '.join(PARTITIONS)}")


@dataclass(frozen=True)
class FedConfig:
    clients: int = 20  # K simulated clients
    fraction: float = 0.1  # C: share of clients drawn per round (at least one)
    local_epochs: int = 1  # E: passes over its own rows per round
    batch_size: int = 10  # B: local minibatch; 0 = the client's whole partition (B = inf)
    lr: float = 0.05  # local SGD step size
    rounds: int = 50  # maximum communication rounds
    partition: str = "iid"  # "iid" | "shard" | "dirichlet"
    alpha: float = 0.5  # Dirichlet concentration (dirichlet only)
    mu: float = 0.0  # FedProx proximal weight; 0 = plain FedAvg
    target_accuracy: float | None = None  # stop at the first round reaching it
    seed: int = 0  # partition, client sampling and shuffling


@dataclass
class FedResult:
    model: nn.Module  # final global model
    accuracy_per_round: list[float] = field(default_factory=list)
    rounds_to_target: int | None = None  # first round (1-based) reaching the target
    client_sizes: list[int] = field(default_factory=list)


def _local_loss(
    global_params: list[torch.Tensor], model: nn.Module, mu: float
) -> Callable[[torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]:
    def loss(logits: torch.Tensor, _x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        ce = F.cross_entropy(logits, y)
        if mu == 0.0:
            return ce
        drift = sum(
            ((p - g) ** 2).sum() for p, g in zip(model.parameters(), global_params, strict=True)
        )
        return ce + 0.5 * mu * drift

    return loss


def fedavg(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    X_test: torch.Tensor | None = None,
    y_test: torch.Tensor | None = None,
    config: FedConfig = FedConfig(),
) -> FedResult:
    """Run FedAvg (FedProx when ``mu > 0``) from a copy of ``model`` on rows ``X`` (N, F), ``y``.

    Raises:
        TechnicalUserError: bad partition settings, C outside (0, 1], E < 1 or B < 0.
    """
    if not 0.0 < config.fraction <= 1.0:
        raise TechnicalUserError(f"client fraction C must be in (0, 1], got {config.fraction}")
    if config.local_epochs < 1 or config.batch_size < 0 or config.rounds < 1:
        raise TechnicalUserError("need local_epochs >= 1, batch_size >= 0 and rounds >= 1")
    parts = partition(y, config.clients, config.partition, config.alpha, config.seed)
    global_model = copy.deepcopy(model).eval()
    result = FedResult(global_model, client_sizes=[int(p.numel()) for p in parts])
    per_round = max(1, round(config.fraction * config.clients))
    sampler = torch.Generator().manual_seed(config.seed)
    for round_index in range(config.rounds):
        chosen = torch.randperm(config.clients, generator=sampler)[:per_round].tolist()
        states, weights = [], []
        for c in chosen:
            rows = parts[c]
            if rows.numel() == 0:
                continue
            local = copy.deepcopy(global_model)
            anchor = [p.detach().clone() for p in global_model.parameters()]
            batch = config.batch_size or int(rows.numel())
            fit_cfg = FitConfig(
                epochs=config.local_epochs,
                batch_size=batch,
                lr=config.lr,
                optimizer="sgd",
                seed=config.seed * 100_003 + round_index * 1_009 + c,
            )
            fit(local, X[rows], y[rows], fit_cfg, loss_fn=_local_loss(anchor, local, config.mu))
            states.append(local.state_dict())
            weights.append(float(rows.numel()))
        if states:
            total = sum(weights)
            averaged = {
                key: sum(s[key] * (w / total) for s, w in zip(states, weights, strict=True))
                if states[0][key].is_floating_point()
                else states[0][key]
                for key in states[0]
            }
            global_model.load_state_dict(averaged)
        global_model.eval()
        if X_test is not None and y_test is not None:
            acc = accuracy(global_model, X_test, y_test)
            result.accuracy_per_round.append(acc)
            target = config.target_accuracy
            if target is not None and acc >= target:
                result.rounds_to_target = round_index + 1
                break
    return result
