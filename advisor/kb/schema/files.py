"""The top level of a knowledge file, and the knowledge-wide settings it may carry."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from advisor.kb.schema.common import Strict

__all__ = ["FileShape", "Scoring", "Settings"]


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
