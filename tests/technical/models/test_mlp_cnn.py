"""MLP and CNN: shapes, sizes, and the digits accuracy bars (fixed 80/20 split, seed 0)."""

from __future__ import annotations

import torch

from technical.evaluation.metrics import classification_metrics
from technical.models.cnn import CNN
from technical.models.mlp import MLP
from technical.training.loop import TrainConfig, predict, train


def test_mlp_accepts_flat_and_image_inputs() -> None:
    model = MLP(in_features=64)
    assert model(torch.rand(3, 64)).shape == (3, 10)
    assert model(torch.rand(3, 1, 8, 8)).shape == (3, 10)


def test_cnn_sizes_its_dense_layer_to_the_input() -> None:
    assert CNN(image_size=8).classifier[1].in_features == 64 * 2 * 2
    assert CNN(image_size=28)(torch.rand(2, 784)).shape == (2, 10)


def _test_accuracy(model: torch.nn.Module, digits: tuple, epochs: int) -> float:
    X_train, X_test, y_train, y_test = digits
    train(model, (X_train, y_train), None, TrainConfig(epochs=epochs, lr=2e-3, seed=0))
    preds = predict(model, X_test).argmax(1)
    return float(classification_metrics(y_test, preds)["accuracy"])


def test_mlp_reaches_97_percent_on_digits(digits: tuple) -> None:
    torch.manual_seed(0)
    assert _test_accuracy(MLP(), digits, epochs=60) >= 0.97


def test_cnn_reaches_97_5_percent_on_digits(digits: tuple) -> None:
    torch.manual_seed(0)
    assert _test_accuracy(CNN(), digits, epochs=30) >= 0.975
