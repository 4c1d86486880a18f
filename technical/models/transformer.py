"""A small pre-LayerNorm transformer encoder and a sequence classifier built on it."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from technical.models.attention import MultiHeadAttention

__all__ = ["EncoderBlock", "TransformerClassifier", "TransformerConfig"]


@dataclass
class TransformerConfig:
    in_features: int = 8  # features per time step (pixels per image row); ignored with vocab_size
    vocab_size: int | None = None  # token ids instead of feature vectors when set
    max_len: int = 8  # longest sequence (rows per image)
    num_classes: int = 10  # output logits
    d_model: int = 64  # model width C
    num_heads: int = 4  # attention heads, divides d_model
    num_layers: int = 2  # encoder blocks
    ff_mult: int = 4  # feed-forward width = ff_mult * d_model
    dropout: float = 0.1  # dropout in attention, feed-forward and on the embedding
    causal: bool = False  # causal self-attention (for language models)


class EncoderBlock(nn.Module):
    """``x + MHA(LN(x))`` then ``x + FF(LN(x))``."""

    def __init__(self, config: TransformerConfig) -> None:
        super().__init__()
        C = config.d_model
        self.ln1 = nn.LayerNorm(C)
        self.attn = MultiHeadAttention(C, config.num_heads, dropout=config.dropout)
        self.ln2 = nn.LayerNorm(C)
        self.ff = nn.Sequential(
            nn.Linear(C, config.ff_mult * C),
            nn.GELU(),
            nn.Linear(config.ff_mult * C, C),
            nn.Dropout(config.dropout),
        )
        self.causal = config.causal

    def forward(
        self, x: torch.Tensor, key_padding_mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        x = x + self.attn(self.ln1(x), key_padding_mask=key_padding_mask, is_causal=self.causal)
        x = x + self.ff(self.ln2(x))  # (B, T, C)
        return x


class TransformerClassifier(nn.Module):
    """Embed each step, add a learned position embedding, run the encoder, mean-pool the
    non-padding positions and classify.

    Inputs: ``(B, T, in_features)`` floats, ``(B, T * in_features)`` flattened images, or
    ``(B, T)`` token ids when ``vocab_size`` is set.

    Examples:
        >>> model = TransformerClassifier(TransformerConfig(in_features=8, max_len=8))
        >>> model(torch.zeros(3, 64)).shape
        torch.Size([3, 10])
    """

    def __init__(self, config: TransformerConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or TransformerConfig()
        C = config.d_model
        if config.vocab_size is not None:
            self.embed: nn.Module = nn.Embedding(config.vocab_size, C)
        else:
            self.embed = nn.Linear(config.in_features, C)
        self.pos = nn.Parameter(torch.zeros(1, config.max_len, C))
        nn.init.normal_(self.pos, std=0.02)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(EncoderBlock(config) for _ in range(config.num_layers))
        self.ln_f = nn.LayerNorm(C)
        self.head = nn.Linear(C, config.num_classes)

    def forward(
        self, x: torch.Tensor, key_padding_mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """``key_padding_mask``: ``(B, T)`` bool, True at padding positions."""
        if self.config.vocab_size is None and x.dim() == 2:
            x = x.reshape(x.shape[0], -1, self.config.in_features)  # (B, T, F)
        T = x.shape[1]
        h = self.drop(self.embed(x) + self.pos[:, :T])  # (B, T, C)
        for block in self.blocks:
            h = block(h, key_padding_mask)
        h = self.ln_f(h)
        if key_padding_mask is None:
            pooled = h.mean(dim=1)  # (B, C)
        else:
            keep = (~key_padding_mask).unsqueeze(-1).to(h.dtype)  # (B, T, 1)
            pooled = (h * keep).sum(1) / keep.sum(1).clamp(min=1.0)
        logits: torch.Tensor = self.head(pooled)  # (B, num_classes)
        return logits
