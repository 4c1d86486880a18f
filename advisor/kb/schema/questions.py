"""Questions of the questionnaire: typed, bilingual, with defaults, ranges and ``when``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from advisor.kb.patterns import pattern_problem
from advisor.kb.recordbase import QuestionBehaviour
from advisor.kb.schema.common import Bilingual, Source, Strict
from advisor.kb.schema.conditions import FACT_PATTERN, Condition

__all__ = ["QUESTION_TYPES", "Choice", "Question"]

QUESTION_TYPES: tuple[str, ...] = ("text", "choice", "multi", "int", "float", "bool")


class Choice(Strict):
    value: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
    label: Bilingual
    help: Bilingual | None = None


class Question(Strict, QuestionBehaviour):
    id: Annotated[str, Field(pattern=FACT_PATTERN)]
    type: Literal["text", "choice", "multi", "int", "float", "bool"]
    section: str = "general"
    prompt: Bilingual
    #: a short name for tables and tools ("Team size"); the prompt is the question asked
    label: Bilingual | None = None
    help: Bilingual | None = None
    #: how a founder who is not sure finds the answer out: who to ask, and what document or
    #: record gives it (the report lists it beside each answer left unknown)
    find_out: Bilingual | None = None
    choices: list[Choice] = []
    default: Any = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    max_length: Annotated[int, Field(ge=1)] = 200
    when: Condition | None = None
    required: bool = True
    #: Try this answer's other values in "what would change the ranking" (off for facts about
    #: who the founder is, and for legal details that do not move directions).
    sensitivity: bool = True
    sources: list[Source] = []
    #: the id of an older question this one takes the place of: answers files that still use
    #: the old id are read as answers to this one (``advisor answers migrate`` rewrites them)
    replaces: Annotated[str, Field(pattern=FACT_PATTERN)] | None = None
    #: old answer value -> this question's value, for values that were renamed or merged
    replaces_values: dict[str, Any] = {}
    #: the choice that is this question's "not sure", for a question whose rules say what not
    #: knowing means (not assuming HIPAA, say): the questionnaire offers it in place of the
    #: general "Not sure", and the answer ``unknown`` is read as it
    unsure_value: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        has_choices = self.type in ("choice", "multi")
        if has_choices and not self.choices:
            raise ValueError(f"a {self.type} question needs choices")
        if not has_choices and self.choices:
            raise ValueError(f"a {self.type} question takes no choices")
        values = [c.value for c in self.choices]
        dupes = sorted({v for v in values if values.count(v) > 1})
        if dupes:
            raise ValueError(f"duplicate choice values: {', '.join(dupes)}")
        if (self.min is not None or self.max is not None) and self.type not in ("int", "float"):
            raise ValueError("min and max apply to int and float questions only")
        if self.pattern is not None:
            if self.type != "text":
                raise ValueError("pattern applies to text questions only")
            problem = pattern_problem(self.pattern)  # RE2 syntax: answers are judged in linear time
            if problem is not None:
                raise ValueError(problem)
        if self.replaces_values and self.replaces is None:
            raise ValueError("replaces_values needs replaces: the id of the older question")
        if self.replaces == self.id:
            raise ValueError("replaces names the question itself")
        if self.unsure_value is not None and (
            self.type != "choice" or self.unsure_value not in values
        ):
            raise ValueError(
                f"unsure_value {self.unsure_value!r} must be one of the choices of a choice "
                f"question (choices: {', '.join(values) or 'none'})"
            )
        return self
