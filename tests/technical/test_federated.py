"""FedAvg: one client with E=1 and a full batch is plain gradient descent; partitions are exact."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from technical.errors import TechnicalUserError
from technical.federated import (
    FedConfig,
    fedavg,
    partition,
    partition_dirichlet,
    partition_shards,
)
from technical.models.mlp import MLP


def test_one_client_one_epoch_full_batch_equals_one_step_of_plain_training(digits) -> None:  # type: ignore[no-untyped-def]
    X, _, y, _ = digits
    X, y = X[:300], y[:300]
    model = MLP(hidden=16, dropout=0.0)
    cfg = FedConfig(clients=1, fraction=1.0, local_epochs=1, batch_size=0, lr=0.1, rounds=1)
    fed = fedavg(model, X, y, config=cfg).model
    reference = MLP(hidden=16, dropout=0.0)
    reference.load_state_dict(model.state_dict())
    opt = torch.optim.SGD(reference.parameters(), lr=0.1)
    F.cross_entropy(reference(X), y).backward()
    opt.step()
    for k, v in reference.state_dict().items():
        torch.testing.assert_close(fed.state_dict()[k], v, atol=1e-6, rtol=0)


@pytest.mark.parametrize("kind", ["iid", "shard", "dirichlet"])
def test_every_partition_covers_every_sample_exactly_once(kind: str) -> None:
    y = torch.arange(200) % 10
    parts = partition(y, 7, kind, alpha=0.3, seed=5)
    assert torch.equal(torch.sort(torch.cat(parts)).values, torch.arange(200))


def test_dirichlet_partition_is_deterministic_for_a_seed() -> None:
    y = torch.arange(500) % 10
    a = partition_dirichlet(y, 5, alpha=0.5, seed=1)
    b = partition_dirichlet(y, 5, alpha=0.5, seed=1)
    c = partition_dirichlet(y, 5, alpha=0.5, seed=2)
    assert all(torch.equal(p, q) for p, q in zip(a, b, strict=True))
    assert not all(torch.equal(p, q) for p, q in zip(a, c, strict=True))


def test_label_shards_give_most_clients_two_labels() -> None:
    y = torch.arange(1000) % 10
    parts = partition_shards(y, 10, 2, seed=0)
    labels = [len(torch.unique(y[p])) for p in parts]
    assert max(labels) <= 2


def test_more_clients_than_samples_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="only 5 training samples"):
        partition(torch.zeros(5, dtype=torch.long), 6, "iid")


def test_fedprox_changes_the_result_and_target_stops_early(digits) -> None:  # type: ignore[no-untyped-def]
    X, Xt, y, yt = digits
    base = MLP(hidden=16, dropout=0.0)
    common = dict(
        clients=4,
        fraction=0.5,
        local_epochs=2,
        batch_size=32,
        lr=0.1,
        rounds=3,
        partition="dirichlet",
        alpha=0.3,
    )
    plain = fedavg(base, X, y, Xt, yt, FedConfig(**common))  # type: ignore[arg-type]
    prox = fedavg(base, X, y, Xt, yt, FedConfig(**common, mu=1.0))  # type: ignore[arg-type]
    assert len(plain.accuracy_per_round) == 3
    w_plain, w_prox = plain.model.net[0].weight, prox.model.net[0].weight  # type: ignore[index]
    assert not torch.allclose(w_plain, w_prox)
    early = fedavg(base, X, y, Xt, yt, FedConfig(**common, target_accuracy=0.0))  # type: ignore[arg-type]
    assert early.rounds_to_target == 1
