"""Pydantic models of everything the knowledge base holds (no I/O here)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from advisor.schema.common import Bilingual, DocSource, NodeId, Source, Strict, kind_of
from advisor.schema.conditions import Compare, Condition
from advisor.schema.nodes import KIND_MODELS, Node
from advisor.schema.questions import Choice, Question
from advisor.schema.rules import CRITERIA, Action, Rule

__all__ = [
    "CRITERIA",
    "KIND_MODELS",
    "Action",
    "Bilingual",
    "Choice",
    "Compare",
    "Condition",
    "DocSource",
    "FileShape",
    "Node",
    "NodeId",
    "Question",
    "Rule",
    "Scoring",
    "Settings",
    "Source",
    "kind_of",
]


class Scoring(Strict):
    """How directions are ranked: weights per criterion (normalised to sum to 1 when used)."""

    weights: dict[str, Annotated[float, Field(ge=0, le=100)]]


class Settings(Strict):
    knowledge_version: str | None = None
    scoring: Scoring | None = None


class FileShape(Strict):
    """The top level of a knowledge file; nodes are validated one by one, by their kind."""

    nodes: list[dict[str, object]] = []
    rules: list[dict[str, object]] = []
    questions: list[dict[str, object]] = []
    settings: Settings | None = None
