"""Multi-layer perceptron: input -> Linear(hidden) -> ReLU -> Dropout -> Linear(classes)."""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["MLP"]


class MLP(nn.Module):
    """One hidden layer MLP classifier.

    Args:
        in_features: flattened input size (64 for 8x8 digits, 784 for 28x28 MNIST).
        hidden: hidden width (the book's 128).
        num_classes: number of output logits.
        dropout: dropout probability after the hidden ReLU (the book's 0.2).

    Examples:
        >>> MLP(in_features=64)(torch.zeros(5, 64)).shape
        torch.Size([5, 10])
    """

    def __init__(
        self, in_features: int = 64, hidden: int = 128, num_classes: int = 10, dropout: float = 0.2
    ) -> None:
        super().__init__()
        self.in_features = in_features
        self.net = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(x.shape[0], -1)  # (B, in_features), accepts (B, C, H, W) too
        logits: torch.Tensor = self.net(x)  # (B, num_classes)
        return logits
