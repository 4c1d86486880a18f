"""The validated knowledge as one value, and where each item of it was defined.

A leaf of the knowledge stage: loading (:mod:`advisor.kb.load`), the cache and the checks all use
these types, and this module imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.errors import Problem
from advisor.files.yamlio import Marks
from advisor.kb.records import Node, Question, Rule, Settings

__all__ = ["KnowledgeBase", "Origin"]


@dataclass(frozen=True)
class Origin:
    """Where something was defined, and the marks of its parts for later, located checks."""

    path: str
    line: int
    marks: Marks = field(compare=False, repr=False)
    prefix: tuple[str | int, ...] = field(compare=False, repr=False)
    raw: Any = field(compare=False, repr=False)

    def locate(
        self,
        loc: Sequence[str | int],
        key: str,
        message: str,
        allowed: Iterable[str] = (),
        severity: str = "error",
    ) -> Problem:
        line, col = self.marks.find((*self.prefix, *loc))
        return Problem(self.path, line, col, key, message, tuple(allowed), severity)


@dataclass(frozen=True)
class KnowledgeBase:
    """The validated knowledge: nodes by id, rules and questions in file order, and settings."""

    nodes: Mapping[str, Node]
    rules: Mapping[str, Rule]
    questions: Mapping[str, Question]
    weights: Mapping[str, float]
    origins: Mapping[str, Origin]
    version: str
    warnings: tuple[Problem, ...] = ()
    layers: tuple[str, ...] = ()
    #: every layer's settings merged (weights, founder-fit and business-model points, reasons)
    settings: Settings = field(default_factory=Settings)

    def of_kind(self, kind: str) -> list[Node]:
        """Every node of a kind, in definition order."""
        return [n for n in self.nodes.values() if kind == n.KIND]

    def get(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def where(self, item_id: str) -> str:
        o = self.origins.get(item_id)
        return f"{o.path}:{o.line}" if o else "?"
