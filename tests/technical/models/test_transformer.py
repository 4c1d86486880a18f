"""Transformer classifier: shapes, padding really ignored, causal blocks see no future."""

from __future__ import annotations

import torch

from technical.models.transformer import EncoderBlock, TransformerClassifier, TransformerConfig


def test_classifier_reads_flattened_images() -> None:
    model = TransformerClassifier(TransformerConfig(in_features=8, max_len=8))
    assert model(torch.rand(4, 64)).shape == (4, 10)


def test_padding_positions_do_not_change_the_output() -> None:
    config = TransformerConfig(vocab_size=20, max_len=6, num_classes=3, dropout=0.0)
    model = TransformerClassifier(config).eval()
    tokens = torch.tensor([[1, 2, 3, 4, 0, 0]])
    pad = torch.tensor([[False, False, False, False, True, True]])
    other = tokens.clone()
    other[0, 4:] = torch.tensor([7, 9])  # different junk in the padding
    torch.testing.assert_close(model(tokens, pad), model(other, pad), atol=1e-6, rtol=0)


def test_causal_block_ignores_future_positions() -> None:
    block = EncoderBlock(TransformerConfig(d_model=16, num_heads=2, dropout=0.0, causal=True))
    block.eval()
    x = torch.randn(1, 5, 16)
    y = x.clone()
    y[0, 3:] = torch.randn(2, 16)  # change the future
    torch.testing.assert_close(block(x)[0, :3], block(y)[0, :3], atol=1e-6, rtol=0)
