"""Pydantic models of everything the knowledge base holds (no I/O here).

These validate input at the edge. What the rest of the program holds are the records generated
from them (:mod:`advisor.kb.records`, :mod:`advisor.report.model`); :func:`to_record` turns a
validated model into its record.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field, TypeAdapter

from advisor.kb.schema.common import Bilingual, DocSource, NodeId, Source, Strict, kind_of
from advisor.kb.schema.conditions import Compare, Condition
from advisor.kb.schema.nodes import KIND_MODELS, Node
from advisor.kb.schema.questions import Choice, Question
from advisor.kb.schema.rules import CRITERIA, Action, Rule

if TYPE_CHECKING:
    import advisor.kb.records

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
    "parse_condition",
    "parse_question",
    "parse_rule",
    "to_record",
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


_LEAVES: frozenset[type] = frozenset({str, int, float, bool, type(None), date})


@cache
def _record_type(cls: type[BaseModel]) -> tuple[type[Any], tuple[str, ...]]:
    """The record class generated from a model class, and the model's field names."""
    import advisor.kb.records
    import advisor.report.model

    report = cls.__module__ == "advisor.report.schema"
    module = advisor.report.model if report else advisor.kb.records
    return getattr(module, cls.__name__), tuple(cls.model_fields)


def to_record(value: Any) -> Any:
    """The plain record of a validated model (recursively through lists and dicts)."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is list:
        return [to_record(v) for v in value]
    if kind is dict:
        return {k: to_record(v) for k, v in value.items()}
    if isinstance(value, BaseModel):
        target, names = _record_type(type(value))
        return target(**{name: to_record(getattr(value, name)) for name in names})
    if isinstance(value, list):
        return [to_record(v) for v in value]
    if isinstance(value, dict):
        return {k: to_record(v) for k, v in value.items()}
    return value


@cache
def _condition_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(Condition)


def parse_condition(data: object) -> advisor.kb.records.Condition:
    """Validate a condition (``{fact: .., OP: ..}``, ``{all: [..]}``, ...) into its record.

    Raises:
        pydantic.ValidationError: when ``data`` is not a valid condition.
    """
    record: advisor.kb.records.Condition = to_record(_condition_adapter().validate_python(data))
    return record


def parse_rule(data: object) -> advisor.kb.records.Rule:
    """Validate one rule mapping into its record (raises ``pydantic.ValidationError``)."""
    record: advisor.kb.records.Rule = to_record(Rule.model_validate(data))
    return record


def parse_question(data: object) -> advisor.kb.records.Question:
    """Validate one question mapping into its record (raises ``pydantic.ValidationError``)."""
    record: advisor.kb.records.Question = to_record(Question.model_validate(data))
    return record
