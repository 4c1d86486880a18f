"""A small variational auto-encoder on digits and a dependency-free PNG writer.

Encoder ``x -> (mu, log sigma^2)``, reparameterised sample ``z = mu + sigma * eps``, decoder
``z -> Bernoulli logits``. The loss is the negative ELBO per image::

    BCE(decoder(z), x) summed over pixels + KL(N(mu, sigma^2) || N(0, I))
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

import torch
from torch import nn

from technical.atomic import write_atomic
from technical.training.loop import TrainConfig, train

__all__ = ["VAE", "VAEConfig", "VAEResult", "elbo_loss", "train_vae", "write_png_grid"]


@dataclass
class VAEConfig:
    in_features: int = 64  # pixels per image (8x8 digits)
    hidden: int = 128  # encoder/decoder width
    latent: int = 8  # latent dimension
    epochs: int = 60  # passes over the images
    batch_size: int = 64  # images per step
    lr: float = 2e-3  # Adam learning rate
    seed: int = 0  # seeds initialisation, shuffling and sampling
    device: str = "cpu"  # torch device string


class VAE(nn.Module):
    def __init__(self, in_features: int = 64, hidden: int = 128, latent: int = 8) -> None:
        super().__init__()
        self.latent = latent
        self.encoder = nn.Sequential(nn.Linear(in_features, hidden), nn.ReLU())
        self.to_mu = nn.Linear(hidden, latent)
        self.to_logvar = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(
            nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, in_features)
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Returns ``(logits (B, P), mu (B, Z), logvar (B, Z))``."""
        h = self.encoder(x.reshape(x.shape[0], -1))  # (B, hidden)
        mu, logvar = self.to_mu(h), self.to_logvar(h)  # (B, Z) each
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)  # reparameterisation
        return self.decoder(z), mu, logvar

    @torch.no_grad()
    def sample(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """``n`` images ``(n, P)`` in [0, 1] decoded from ``z ~ N(0, I)``."""
        device = next(self.parameters()).device
        z = torch.randn(n, self.latent, generator=generator).to(device)
        return torch.sigmoid(self.decoder(z))


def elbo_loss(
    outputs: tuple[torch.Tensor, torch.Tensor, torch.Tensor], x: torch.Tensor
) -> torch.Tensor:
    """Negative ELBO averaged over the batch (nats per image)."""
    logits, mu, logvar = outputs
    recon = nn.functional.binary_cross_entropy_with_logits(
        logits, x.reshape(x.shape[0], -1), reduction="sum"
    )
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (recon + kl) / x.shape[0]


@dataclass
class VAEResult:
    model: VAE
    history: list[dict[str, float]] = field(default_factory=list)  # train_loss = -ELBO per image


def train_vae(X: torch.Tensor, config: VAEConfig | None = None) -> VAEResult:
    """Train a VAE on images ``X (N, P)`` with values in [0, 1]."""
    config = config or VAEConfig(in_features=X.shape[1])
    torch.manual_seed(config.seed)
    model = VAE(config.in_features, config.hidden, config.latent)
    result = train(
        model,
        (X, X),
        None,
        TrainConfig(
            epochs=config.epochs,
            batch_size=config.batch_size,
            lr=config.lr,
            seed=config.seed,
            device=config.device,
        ),
        loss_fn=elbo_loss,  # type: ignore[arg-type]
    )
    return VAEResult(model, result.history)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def write_png_grid(
    images: torch.Tensor, path: str, nrow: int = 8, scale: int = 4, pad: int = 1
) -> tuple[int, int]:
    """Write grey images ``(N, H, W)`` with values in [0, 1] as one PNG grid, atomically.

    Each pixel becomes a ``scale`` x ``scale`` block; images are separated by ``pad`` black
    pixels. Returns the PNG's ``(width, height)``.
    """
    images = images.detach().float().clamp(0, 1).cpu()
    N, H, W = images.shape
    ncol = min(nrow, N)
    nrows = (N + ncol - 1) // ncol
    cell_h, cell_w = H * scale + pad, W * scale + pad
    height, width = nrows * cell_h + pad, ncol * cell_w + pad
    canvas = torch.zeros(height, width)
    big = images.repeat_interleave(scale, 1).repeat_interleave(scale, 2)  # (N, H*s, W*s)
    for i in range(N):
        r, c = divmod(i, ncol)
        top, left = pad + r * cell_h, pad + c * cell_w
        canvas[top : top + H * scale, left : left + W * scale] = big[i]
    pixels = (canvas * 255).round().to(torch.uint8).numpy()
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))  # filter 0 per row
    png = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(raw, 9))
        + _png_chunk(b"IEND", b"")
    )
    write_atomic(path, lambda handle: handle.write(png))
    return width, height
