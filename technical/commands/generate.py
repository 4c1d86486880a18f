"""``python -m technical generate``: train a VAE on digits and write a PNG grid of samples."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import EPOCHS, LEARNING_RATE, IntRange
from technical.data import DATASETS

NAME = "generate"
HELP = "train a VAE on digits (or mnist5k) and write a PNG grid of samples"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="digits")
    parser.add_argument("--epochs", type=EPOCHS, default=60, help="default 60")
    parser.add_argument("--lr", type=LEARNING_RATE, default=2e-3, help="default 2e-3")
    parser.add_argument(
        "--latent", type=IntRange(1, 1_024), default=8, help="latent dimensions (default 8)"
    )
    parser.add_argument("--samples", type=IntRange(1, 1_024), default=64, help="images in the grid")
    parser.add_argument("--out", default="samples.png", help="PNG path (default samples.png)")


def run(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from technical.data import load_dataset
    from technical.models.generative import VAEConfig, elbo_loss, train_vae, write_png_grid

    data = load_dataset(args.dataset, seed=args.seed)
    config = VAEConfig(
        in_features=data.in_features,
        latent=args.latent,
        epochs=args.epochs,
        lr=args.lr,
        seed=args.seed,
        device=str(args.device),
    )
    result = train_vae(data.X_train, config)
    model = result.model.eval()
    with torch.no_grad():
        X_test = data.X_test.to(args.device)
        test_loss = float(elbo_loss(model(X_test), X_test))
    images = model.sample(args.samples, torch.Generator().manual_seed(args.seed)).cpu()
    side = data.image_size
    width, height = write_png_grid(
        images.view(-1, side, side), args.out, scale=4 if side < 16 else 1
    )
    return {
        "config": {"dataset": args.dataset, **config.__dict__, "out": args.out},
        "metrics": {
            "train_neg_elbo": result.history[-1]["train_loss"],
            "test_neg_elbo": test_loss,
            "png": args.out,
            "png_size": [width, height],
        },
        "params": sum(p.numel() for p in model.parameters()),
    }
