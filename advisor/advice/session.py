"""One loaded knowledge base, its graph and its compiled engine, built once per process."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.kb.base import KnowledgeBase
from advisor.kb.checks import fact_table
from advisor.kb.load import load_knowledge
from advisor.rules.engine import Engine

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Session", "open_session"]


@dataclass
class Session:
    kb: KnowledgeBase

    @cached_property
    def engine(self) -> Engine:
        facts = fact_table(self.kb)
        list_facts = [n for n, s in facts.items() if s.type in ("multi", "derived_list")]
        return Engine(self.kb.rules.values(), list_facts)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        from advisor.kb.graph import build_graph

        return build_graph(self.kb)


def open_session(kb_dirs: Sequence[Path] = (), *, cache: bool | None = None) -> Session:
    """Load and validate the knowledge (built-in plus ``kb_dirs``); see :func:`load_knowledge`."""
    return Session(load_knowledge(kb_dirs, cache=cache))
