"""The condition language of rules, questions and success factors: data, never ``eval``.

A condition is one of::

    {all: [COND, ...]}      every one holds
    {any: [COND, ...]}      at least one holds
    {not: COND}             it does not hold
    {fact: NAME, OP: VALUE} a comparison on an answer or a derived fact

with OP one of ``eq ne in not_in contains contains_any contains_all gt gte lt lte exists``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator

from advisor.kb.recordbase import FACT_PATTERN, OPS, CompareBehaviour, op_attr
from advisor.kb.schema.common import Strict

__all__ = [
    "FACT_PATTERN",
    "OPS",
    "AllOf",
    "AnyOf",
    "Compare",
    "Condition",
    "NotOf",
    "Scalar",
]

Scalar = str | int | float | bool
FactName = Annotated[str, Field(pattern=FACT_PATTERN)]


class Compare(Strict, CompareBehaviour):
    """``{fact: NAME, OP: VALUE}``: exactly one operator."""

    fact: FactName
    eq: Scalar | None = None
    ne: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    not_in: list[Scalar] | None = Field(default=None, min_length=1)
    contains: Scalar | None = None
    contains_any: list[Scalar] | None = Field(default=None, min_length=1)
    contains_all: list[Scalar] | None = Field(default=None, min_length=1)
    gt: int | float | None = None
    gte: int | float | None = None
    lt: int | float | None = None
    lte: int | float | None = None
    exists: bool | None = None

    model_config = Strict.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _one_operator(self) -> Compare:
        given = [op for op in OPS if getattr(self, op_attr(op)) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a comparison needs exactly one operator besides 'fact', got {len(given)}"
                f" ({', '.join(given) or 'none'}); operators: {', '.join(OPS)}"
            )
        return self


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(Strict):
    not_: Condition = Field(alias="not")

    model_config = Strict.model_config | {"populate_by_name": True}


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        if "fact" in value:
            return "compare"
        return None
    if isinstance(value, AllOf):
        return "all"
    if isinstance(value, AnyOf):
        return "any"
    if isinstance(value, NotOf):
        return "not"
    if isinstance(value, Compare):
        return "compare"
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[Compare, Tag("compare")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message=(
            "not a condition; write {all: [...]}, {any: [...]}, {not: ...} "
            "or {fact: NAME, OP: VALUE} with OP one of " + ", ".join(OPS)
        ),
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
