"""From validated models to records, and one-call parsers for a condition, a rule, a question."""

from __future__ import annotations

from datetime import date
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter

from advisor.kb.schema.conditions import Condition
from advisor.kb.schema.questions import Question
from advisor.kb.schema.rules import Rule

if TYPE_CHECKING:
    import advisor.kb.records

__all__ = ["parse_condition", "parse_question", "parse_rule", "to_record"]


_LEAVES: frozenset[type] = frozenset({str, int, float, bool, type(None), date})


@cache
def _record_type(cls: type[BaseModel], records: ModuleType) -> tuple[type[Any], tuple[str, ...]]:
    """The record class generated from a model class, and the model's field names."""
    return getattr(records, cls.__name__), tuple(cls.model_fields)


def to_record(value: Any, records: ModuleType | None = None) -> Any:
    """The plain record of a validated model (recursively through lists and dicts).

    ``records`` is the generated module that holds the record classes (by the models' names):
    :mod:`advisor.kb.records` unless given (the report's are in :mod:`advisor.report.model`).
    """
    if records is None:
        import advisor.kb.records

        records = advisor.kb.records
    return _convert(value, records)


def _convert(value: Any, records: ModuleType) -> Any:
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is list:
        return [_convert(v, records) for v in value]
    if kind is dict:
        return {k: _convert(v, records) for k, v in value.items()}
    if isinstance(value, BaseModel):
        target, names = _record_type(type(value), records)
        return target(**{name: _convert(getattr(value, name), records) for name in names})
    if isinstance(value, list):
        return [_convert(v, records) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v, records) for k, v in value.items()}
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
