"""Scaled dot-product attention and multi-head attention, written out.

Mask convention (same as :func:`torch.nn.functional.scaled_dot_product_attention`):
a boolean ``attn_mask`` is True where a query MAY attend to a key; a float mask is added to the
scores. ``key_padding_mask`` in :class:`MultiHeadAttention` follows
:class:`torch.nn.MultiheadAttention`: True marks padding keys to ignore.
"""

from __future__ import annotations

import math

import torch
from torch import nn

__all__ = ["MultiHeadAttention", "scaled_dot_product_attention"]


def scaled_dot_product_attention(
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attn_mask: torch.Tensor | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    return_weights: bool = False,
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
    """``softmax(Q K^T / sqrt(d) + mask) V``.

    Args:
        query: ``(..., L, E)``.
        key: ``(..., S, E)``.
        value: ``(..., S, Ev)``.
        attn_mask: broadcastable to ``(..., L, S)``; bool (True = attend) or additive float.
        dropout_p: dropout on the attention weights (use 0 at evaluation).
        is_causal: query ``i`` attends to keys ``<= i`` only (upper-left aligned).
        scale: score scale; ``1 / sqrt(E)`` when None.
        return_weights: also return the ``(..., L, S)`` attention weights.

    Returns:
        ``(..., L, Ev)``, plus the weights when ``return_weights``.
    """
    L, S = query.shape[-2], key.shape[-2]
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = (query @ key.transpose(-2, -1)) * scale  # (..., L, S)
    if is_causal:
        causal = torch.ones(L, S, dtype=torch.bool, device=query.device).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            scores = scores + attn_mask
    weights = torch.softmax(scores, dim=-1)  # (..., L, S), rows sum to 1
    if dropout_p > 0.0:
        weights = torch.nn.functional.dropout(weights, p=dropout_p)
    out = weights @ value  # (..., L, Ev)
    return (out, weights) if return_weights else out


class MultiHeadAttention(nn.Module):
    """Multi-head attention with one fused input projection, parameter layout as
    :class:`torch.nn.MultiheadAttention` (``in_proj_weight (3C, C)``, ``in_proj_bias (3C,)``,
    ``out_proj``), so weights can be copied across for checking.

    Inputs are batch first: ``(B, T, C)``.

    Args:
        embed_dim: model width C, divisible by ``num_heads``.
        num_heads: number of heads H; each has width ``C // H``.
        dropout: dropout on attention weights during training.
        bias: use biases in the projections.
    """

    def __init__(
        self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True
    ) -> None:
        super().__init__()
        if embed_dim % num_heads != 0:
            raise ValueError(f"embed_dim {embed_dim} is not divisible by num_heads {num_heads}")
        self.embed_dim = embed_dim
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.dropout = dropout
        self.in_proj_weight = nn.Parameter(torch.empty(3 * embed_dim, embed_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed_dim)) if bias else None
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=bias)
        nn.init.xavier_uniform_(self.in_proj_weight)
        if bias:
            nn.init.zeros_(self.out_proj.bias)

    def forward(
        self,
        query: torch.Tensor,
        key: torch.Tensor | None = None,
        value: torch.Tensor | None = None,
        attn_mask: torch.Tensor | None = None,
        key_padding_mask: torch.Tensor | None = None,
        is_causal: bool = False,
    ) -> torch.Tensor:
        """Self-attention when ``key``/``value`` are None.

        Args:
            query: ``(B, L, C)``; key, value: ``(B, S, C)``.
            attn_mask: ``(L, S)`` or ``(B, H, L, S)``; bool True = attend, or additive float.
            key_padding_mask: ``(B, S)`` bool, True = padding key to ignore.
            is_causal: causal mask over positions.

        Returns:
            ``(B, L, C)``.
        """
        key = query if key is None else key
        value = key if value is None else value
        B, L, C = query.shape
        S = key.shape[1]
        H, D = self.num_heads, self.head_dim
        w_q, w_k, w_v = self.in_proj_weight.chunk(3)  # each (C, C)
        b_q, b_k, b_v = (
            self.in_proj_bias.chunk(3) if self.in_proj_bias is not None else (None, None, None)
        )
        q = nn.functional.linear(query, w_q, b_q).view(B, L, H, D).transpose(1, 2)  # (B, H, L, D)
        k = nn.functional.linear(key, w_k, b_k).view(B, S, H, D).transpose(1, 2)  # (B, H, S, D)
        v = nn.functional.linear(value, w_v, b_v).view(B, S, H, D).transpose(1, 2)  # (B, H, S, D)

        mask = attn_mask
        if key_padding_mask is not None:
            keep = ~key_padding_mask.bool()[:, None, None, :]  # (B, 1, 1, S), True = attend
            if mask is None:
                mask = keep
            elif mask.dtype == torch.bool:
                mask = mask & keep
            else:
                mask = mask.masked_fill(~keep, float("-inf"))
        out = scaled_dot_product_attention(
            q,
            k,
            v,
            attn_mask=mask,
            is_causal=is_causal,
            dropout_p=self.dropout if self.training else 0.0,
        )
        assert isinstance(out, torch.Tensor)
        out = out.transpose(1, 2).reshape(B, L, C)  # (B, L, C), heads concatenated
        projected: torch.Tensor = self.out_proj(out)  # (B, L, C)
        return projected
