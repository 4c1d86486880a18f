"""Every ``kernel:`` reference in the knowledge resolves to a real callable in technical/.

The advisor never imports technical/; this test does (in its own process), so it needs torch.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

pytest.importorskip("torch")


def test_every_kernel_reference_resolves(session: Any) -> None:
    from advisor.kb.records import Technique

    refs = {
        n.id: n.kernel
        for n in session.kb.of_kind("technique")
        if isinstance(n, Technique) and n.kernel
    }
    assert len(refs) >= 20
    missing = []
    for tid, ref in sorted(refs.items()):
        module_name, _, attr = ref.partition(":")
        try:
            target = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as exc:
            missing.append(f"{tid}: {ref}: {exc}")
            continue
        if not callable(target):
            missing.append(f"{tid}: {ref} is not callable")
    assert missing == []


def test_contract_techniques_exist(session: Any) -> None:
    for tid in (
        "technique/transfer_learning",
        "technique/federated_learning",
        "technique/quantization",
        "technique/pruning",
        "technique/knowledge_distillation",
    ):
        assert tid in session.kb.nodes
