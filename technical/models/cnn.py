"""Small CNN: conv 32 -> pool -> conv 64 -> pool -> dense 128 -> classes, sized to the input."""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["CNN"]


class CNN(nn.Module):
    """Two 3x3 convolutions (32 then 64 channels, 'same' padding), each followed by ReLU and 2x2
    max-pooling, then a dense layer of 128 with dropout and the output layer.

    The dense layer's input size follows from ``image_size``: 8 -> 4 -> 2 for digits
    (64*2*2 = 256 features), 28 -> 14 -> 7 for MNIST (64*7*7 = 3136).

    Args:
        in_channels: image channels (1 for grey scale).
        image_size: height == width of the square input image.
        num_classes: number of output logits.
        hidden: width of the dense layer.
        dropout: dropout before the output layer.

    Examples:
        >>> CNN(image_size=8)(torch.zeros(2, 64)).shape
        torch.Size([2, 10])
    """

    def __init__(
        self,
        in_channels: int = 1,
        image_size: int = 8,
        num_classes: int = 10,
        hidden: int = 128,
        dropout: float = 0.2,
    ) -> None:
        super().__init__()
        if image_size < 4:
            raise ValueError(f"image_size must be >= 4 for two 2x2 poolings, got {image_size}")
        self.in_channels = in_channels
        self.image_size = image_size
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 32, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        side = image_size // 2 // 2
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(64 * side * side, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B = x.shape[0]
        x = x.reshape(B, self.in_channels, self.image_size, self.image_size)  # (B, C, H, W)
        x = self.features(x)  # (B, 64, H/4, W/4)
        logits: torch.Tensor = self.classifier(x)  # (B, num_classes)
        return logits
