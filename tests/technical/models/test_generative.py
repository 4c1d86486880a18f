"""VAE on digits and the PNG writer."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import torch

from technical.models.generative import VAEConfig, train_vae, write_png_grid


def test_vae_negative_elbo_decreases(digits: tuple) -> None:
    result = train_vae(digits[0], VAEConfig(epochs=5))
    losses = [row["train_loss"] for row in result.history]
    assert losses[-1] < losses[0]
    assert result.model.sample(4).shape == (4, 64)


def test_png_grid_is_a_valid_greyscale_png(tmp_path: Path) -> None:
    images = torch.linspace(0, 1, 3 * 2 * 2).view(3, 2, 2)
    path = tmp_path / "grid.png"
    width, height = write_png_grid(images, str(path), nrow=2, scale=1, pad=1)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (w, h, depth, colour) == (width, height, 8, 0) == (7, 7, 8, 0)
    idat_len = struct.unpack(">I", data[33:37])[0]
    raw = zlib.decompress(data[41 : 41 + idat_len])
    assert len(raw) == h * (w + 1)
    assert raw[1 * 8 + 1 + 1] == 0  # first image (row 1, column 1; +1 filter byte): 0
    assert raw[5 * 8 + 1 + 2] == 255  # third image (row 5, column 2): value 1
