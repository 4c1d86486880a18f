"""Load every knowledge file, validate it all, and raise once with every problem found.

Layers: the built-in ``knowledge/`` folder, then each ``--kb DIR`` in order. A later layer's id
replaces an earlier layer's node (or rule, or question) of the same id; within one layer an id may
be defined once. The merged whole is then checked: references, facts read by rules and their
values, action targets (see :mod:`advisor.kb.checks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import Problem
from advisor.files.resources import builtin_knowledge_dir
from advisor.files.yamlio import Marks
from advisor.kb.records import Node, Question, Rule

__all__ = ["KnowledgeBase", "Origin", "load_knowledge"]


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

    def of_kind(self, kind: str) -> list[Node]:
        """Every node of a kind, in definition order."""
        return [n for n in self.nodes.values() if kind == n.KIND]

    def get(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def where(self, item_id: str) -> str:
        o = self.origins.get(item_id)
        return f"{o.path}:{o.line}" if o else "?"


def load_knowledge(
    extra: Sequence[Path] = (),
    *,
    builtin: bool = True,
    cache: bool | None = None,
) -> KnowledgeBase:
    """Load the built-in knowledge plus ``extra`` folders; raise :class:`KnowledgeError` once.

    Parsing and validation live in :mod:`advisor.kb.validate`. A knowledge base that validated is
    cached (see :mod:`advisor.kb.cache`), keyed by the bytes of every file and the schema's code,
    so the next run skips parsing and validation (and never imports pydantic). ``cache=None``
    uses the cache unless ``ADVISOR_NO_CACHE`` is set.

    Raises:
        KnowledgeError: with every problem of every file (syntax, schema, references, facts).
    """
    from advisor.kb import cache as kbcache

    layers = ([builtin_knowledge_dir()] if builtin else []) + [Path(p) for p in extra]
    use_cache = kbcache.enabled() if cache is None else cache
    key = kbcache.key_for(layers) if use_cache else None
    if key is not None:
        cached = kbcache.read(key)
        if cached is not None:
            return cached
    from advisor.kb.validate import load_layers  # pydantic and the YAML parser: only on a miss

    kb = load_layers(layers)
    if key is not None:
        kbcache.write(key, kb)
    return kb
