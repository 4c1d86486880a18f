"""The training loop: seeded determinism, bit-for-bit resume, divergence guard, early stopping,
and clear errors for bad checkpoints."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from technical.errors import TechnicalUserError, TrainingDivergedError
from technical.models.cnn import CNN
from technical.models.mlp import MLP
from technical.training.loop import TrainConfig, train


@pytest.fixture(scope="module")
def small(digits: tuple) -> tuple[tuple, tuple]:
    X_train, X_test, y_train, y_test = digits
    return (X_train[:400], y_train[:400]), (X_test[:100], y_test[:100])


def _fresh_mlp(seed: int = 0) -> MLP:
    torch.manual_seed(seed)
    return MLP()


def _same_weights(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(
        torch.equal(x, y)
        for x, y in zip(a.state_dict().values(), b.state_dict().values(), strict=True)
    )


def test_same_seed_gives_identical_runs(small: tuple) -> None:
    config = TrainConfig(epochs=3, seed=7)
    a, b = _fresh_mlp(), _fresh_mlp()
    ha = train(a, *small, config).history
    hb = train(b, *small, config).history
    assert ha == hb and _same_weights(a, b)


def test_resume_continues_bit_for_bit(small: tuple, tmp_path: Path) -> None:
    ckpt = str(tmp_path / "run.pt")
    kwargs = dict(
        epochs=6,
        seed=3,
        schedule="exponential",
        gamma=0.9,
        optimizer="momentum",
        lr=0.05,
        patience=10,
    )
    straight = _fresh_mlp()
    full = train(straight, *small, TrainConfig(**kwargs))  # type: ignore[arg-type]

    first = _fresh_mlp()
    train(first, *small, TrainConfig(**{**kwargs, "epochs": 3}, checkpoint_path=ckpt))  # type: ignore[arg-type]
    torch.manual_seed(999)  # disturb every RNG: the checkpoint must restore them
    resumed = _fresh_mlp(seed=123)
    rest = train(resumed, *small, TrainConfig(**kwargs, checkpoint_path=ckpt, resume=True))  # type: ignore[arg-type]

    assert rest.resumed_from_epoch == 3
    assert rest.history == full.history
    assert _same_weights(resumed, straight)


def test_checkpoint_is_written_atomically(small: tuple, tmp_path: Path) -> None:
    train(_fresh_mlp(), *small, TrainConfig(epochs=1, checkpoint_path=str(tmp_path / "c.pt")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.pt"]  # no temp files left


def test_checkpoint_from_another_model_is_refused(small: tuple, tmp_path: Path) -> None:
    ckpt = str(tmp_path / "mlp.pt")
    train(_fresh_mlp(), *small, TrainConfig(epochs=1, checkpoint_path=ckpt))
    with pytest.raises(TechnicalUserError, match="saved from model 'MLP', not 'CNN'"):
        train(CNN(), *small, TrainConfig(epochs=2, checkpoint_path=ckpt, resume=True))


def test_corrupt_checkpoint_is_refused(small: tuple, tmp_path: Path) -> None:
    ckpt = tmp_path / "bad.pt"
    ckpt.write_bytes(b"not a checkpoint at all")
    with pytest.raises(TechnicalUserError, match="corrupt"):
        train(_fresh_mlp(), *small, TrainConfig(epochs=2, checkpoint_path=str(ckpt), resume=True))


def test_nan_loss_stops_with_a_clear_message(small: tuple) -> None:
    def nan_after_first(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        loss = torch.nn.functional.cross_entropy(outputs, targets)
        nan_after_first.calls += 1  # type: ignore[attr-defined]
        return loss * float("nan") if nan_after_first.calls > 2 else loss  # type: ignore[attr-defined]

    nan_after_first.calls = 0  # type: ignore[attr-defined]
    with pytest.raises(TrainingDivergedError, match=r"not finite .* epoch 1, batch 3"):
        train(_fresh_mlp(), *small, TrainConfig(epochs=2), loss_fn=nan_after_first)


def test_exploding_loss_stops(small: tuple) -> None:
    with pytest.raises(TrainingDivergedError, match="lower the learning rate"):
        train(
            _fresh_mlp(),
            *small,
            TrainConfig(epochs=20, optimizer="sgd", lr=10.0, explode_factor=10.0),
        )


def test_early_stopping_stops_and_restores_best(small: tuple) -> None:
    model = _fresh_mlp()
    result = train(model, *small, TrainConfig(epochs=200, lr=1e-2, patience=3))
    assert result.stopped_early and result.epochs_run < 200
    assert result.best_epoch == result.epochs_run - 4


@pytest.mark.parametrize(
    "field,value", [("epochs", 0), ("epochs", 10_001), ("lr", 0.0), ("lr", 50.0), ("batch_size", 0)]
)
def test_out_of_range_config_is_a_user_error(small: tuple, field: str, value: float) -> None:
    with pytest.raises(TechnicalUserError):
        train(_fresh_mlp(), *small, TrainConfig(**{field: value}))  # type: ignore[arg-type]


def test_gradient_clipping_and_every_schedule_run(small: tuple) -> None:
    for schedule in ["constant", "exponential", "step", "cosine", "warmup"]:
        result = train(
            _fresh_mlp(),
            *small,
            TrainConfig(epochs=2, schedule=schedule, clip_norm=1.0, clip_value=0.5),
        )
        assert result.epochs_run == 2
