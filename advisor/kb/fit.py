"""Which products an item fits: ``applies_to`` on risks, mitigations, techniques, opportunities,
threats, practices and partnerships, against the product kinds derived for a profile.

A product kind (``settings.product_kinds``) is a boolean fact that a rule derives from the
answers (knowledge/rules/product.yaml): ``generative_text``, ``predictive_tabular``,
``serves_own_model``, ... An item fits a profile when its ``applies_to`` holds ``any`` or one
kind that is true of the profile; an item that states nothing is shown (``kb lint`` warns on it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from advisor.errors import Problem
from advisor.kb.records import Node

if TYPE_CHECKING:
    from advisor.kb.base import KnowledgeBase

__all__ = [
    "ANY",
    "APPLIES_TO_KINDS",
    "applies_to_of",
    "check_applies_to",
    "declared_kinds",
    "fits",
    "kinds_of",
    "misfit",
]

#: The node kinds that state the products they apply to (``applies_to``).
APPLIES_TO_KINDS: frozenset[str] = frozenset(
    {"risk", "mitigation", "technique", "opportunity", "threat", "practice", "partnership"}
)
#: the ``applies_to`` entry for an item that fits every product
ANY = "any"


def applies_to_of(node: Node) -> tuple[str, ...]:
    """The kinds a node states it applies to (empty: it states none, or its kind has no such
    field; an obligation's ``applies_to`` names a legal addressee and is not read here)."""
    if node.KIND not in APPLIES_TO_KINDS:
        return ()
    value: tuple[str, ...] = tuple(getattr(node, "applies_to", ()) or ())
    return value


def declared_kinds(kb: KnowledgeBase) -> tuple[str, ...]:
    """The product kinds the knowledge declares, in declaration order."""
    return tuple(kb.settings.product_kinds or {})


def kinds_of(kb: KnowledgeBase, facts: Mapping[str, Any]) -> list[str]:
    """The declared kinds that are true of a profile (``facts`` after the rules ran)."""
    return [k for k in declared_kinds(kb) if facts.get(k) is True]


def fits(node: Node, facts: Mapping[str, Any]) -> bool:
    """Whether ``node`` fits the product these facts describe."""
    wanted = applies_to_of(node)
    return not wanted or ANY in wanted or any(facts.get(k) is True for k in wanted)


def misfit(node: Node, facts: Mapping[str, Any]) -> tuple[str, ...]:
    """The kinds ``node`` applies to when none of them is true of the profile, else ``()``."""
    return () if fits(node, facts) else applies_to_of(node)


def check_applies_to(kb: KnowledgeBase, broken: frozenset[str] = frozenset()) -> list[Problem]:
    """Every ``applies_to`` entry that names no declared product kind (errors)."""
    allowed = (ANY, *declared_kinds(kb))
    errors: list[Problem] = []
    for node in kb.nodes.values():
        if node.id in broken:
            continue
        for i, kind in enumerate(applies_to_of(node)):
            if kind not in allowed:
                errors.append(
                    kb.origins[node.id].locate(
                        ("applies_to", i),
                        f"{node.id}.applies_to[{i}]",
                        f"{kind!r} is not a product kind (declare it under "
                        "settings.product_kinds, or write any)",
                        allowed,
                    )
                )
        if ANY in applies_to_of(node) and len(applies_to_of(node)) > 1:
            errors.append(
                kb.origins[node.id].locate(
                    ("applies_to",),
                    f"{node.id}.applies_to",
                    "any stands alone: it already covers every product kind",
                    allowed,
                )
            )
    return errors
