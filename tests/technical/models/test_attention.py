"""Attention kernels against torch's reference implementations. Tolerance: 1e-5 absolute."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from technical.models.attention import MultiHeadAttention, scaled_dot_product_attention

ATOL = 1e-5


def _qkv(B: int = 2, H: int = 3, L: int = 5, S: int = 7, E: int = 8) -> tuple[torch.Tensor, ...]:
    g = torch.Generator().manual_seed(0)
    return tuple(torch.randn(B, H, n, E, generator=g) for n in (L, S, S))


def test_sdpa_matches_torch_without_mask() -> None:
    q, k, v = _qkv()
    torch.testing.assert_close(
        scaled_dot_product_attention(q, k, v),
        F.scaled_dot_product_attention(q, k, v),
        atol=ATOL,
        rtol=0,
    )


def test_sdpa_matches_torch_with_boolean_mask() -> None:
    q, k, v = _qkv()
    mask = torch.rand(5, 7, generator=torch.Generator().manual_seed(1)) > 0.3
    mask[:, 0] = True  # every query keeps at least one key
    torch.testing.assert_close(
        scaled_dot_product_attention(q, k, v, attn_mask=mask),
        F.scaled_dot_product_attention(q, k, v, attn_mask=mask),
        atol=ATOL,
        rtol=0,
    )


def test_sdpa_matches_torch_with_additive_mask() -> None:
    q, k, v = _qkv()
    mask = torch.randn(2, 1, 5, 7, generator=torch.Generator().manual_seed(2))
    torch.testing.assert_close(
        scaled_dot_product_attention(q, k, v, attn_mask=mask),
        F.scaled_dot_product_attention(q, k, v, attn_mask=mask),
        atol=ATOL,
        rtol=0,
    )


def test_sdpa_matches_torch_when_causal() -> None:
    q, k, v = _qkv(L=6, S=6)
    torch.testing.assert_close(
        scaled_dot_product_attention(q, k, v, is_causal=True),
        F.scaled_dot_product_attention(q, k, v, is_causal=True),
        atol=ATOL,
        rtol=0,
    )


def test_sdpa_weights_rows_sum_to_one_and_respect_mask() -> None:
    q, k, v = _qkv()
    mask = torch.ones(5, 7, dtype=torch.bool)
    mask[:, -2:] = False
    _, weights = scaled_dot_product_attention(q, k, v, attn_mask=mask, return_weights=True)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 3, 5), atol=ATOL, rtol=0)
    assert torch.all(weights[..., -2:] == 0)


def _copied_pair(C: int = 12, H: int = 3) -> tuple[MultiHeadAttention, torch.nn.MultiheadAttention]:
    ours = MultiHeadAttention(C, H).eval()
    ref = torch.nn.MultiheadAttention(C, H, batch_first=True).eval()
    ours.load_state_dict(ref.state_dict())
    return ours, ref


def test_multi_head_self_attention_matches_torch() -> None:
    ours, ref = _copied_pair()
    x = torch.randn(2, 6, 12)
    expected, _ = ref(x, x, x, need_weights=False)
    torch.testing.assert_close(ours(x), expected, atol=ATOL, rtol=0)


@pytest.mark.parametrize("kind", ["causal", "padding"])
def test_multi_head_attention_matches_torch_with_masks(kind: str) -> None:
    ours, ref = _copied_pair()
    x = torch.randn(2, 6, 12)
    if kind == "causal":
        causal = torch.ones(6, 6, dtype=torch.bool).tril()
        expected, _ = ref(x, x, x, attn_mask=~causal, need_weights=False)  # torch: True = block
        got = ours(x, attn_mask=causal)
    else:
        pad = torch.zeros(2, 6, dtype=torch.bool)
        pad[0, -2:] = True
        expected, _ = ref(x, x, x, key_padding_mask=pad, need_weights=False)
        got = ours(x, key_padding_mask=pad)
    torch.testing.assert_close(got, expected, atol=ATOL, rtol=0)


def test_cross_attention_shapes() -> None:
    ours, ref = _copied_pair()
    q, kv = torch.randn(2, 4, 12), torch.randn(2, 9, 12)
    expected, _ = ref(q, kv, kv, need_weights=False)
    torch.testing.assert_close(ours(q, kv, kv), expected, atol=ATOL, rtol=0)
