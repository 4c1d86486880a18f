"""Building blocks shared by every knowledge model: strict bases, bilingual text, sources, ids."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from advisor.kb.recordbase import (
    ID_PATTERN,
    KERNEL_PATTERN,
    BilingualBehaviour,
    kind_of,
    source_label,
)
from advisor.words.shape import Lang

__all__ = [
    "ID_PATTERN",
    "KERNEL_PATTERN",
    "Bilingual",
    "BookSource",
    "DocSource",
    "Lang",
    "Level",
    "NodeId",
    "Score",
    "Source",
    "Strict",
    "kind_of",
    "source_label",
]

BOOK_SECTION_PATTERN = r"^(ch([1-9]|10)(\.[1-9][0-9]?)*|appendix(\.A[1-4])?)$"

Level = Literal["low", "medium", "high"]
Score = Annotated[int, Field(ge=0, le=100)]


class Strict(BaseModel):
    """Unknown keys are errors; values are not silently coerced between unrelated types."""

    # defer_build: validators are built on first use, so a run that loads validated knowledge
    # from the cache never pays for building them.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: object) -> object:
        """Name every unknown key and list the allowed ones (pydantic alone says neither)."""
        if isinstance(data, dict) and cls.model_config.get("extra") == "forbid":
            allowed = [f.alias or name for name, f in cls.model_fields.items()]
            unknown = [k for k in data if k not in allowed and k not in cls.model_fields]
            if unknown:
                hint = ""
                if any(data[k] is None for k in unknown):
                    hint = (
                        " (an unquoted comma inside {...} starts a new key: put the text in quotes)"
                    )
                raise PydanticCustomError(
                    "unknown_key",
                    "unknown key{s} {keys}{hint}",
                    {
                        "hint": hint,
                        "s": "s" if len(unknown) > 1 else "",
                        "keys": ", ".join(repr(k) for k in unknown),
                        "key": str(unknown[0]),
                        "allowed": ", ".join(allowed),
                    },
                )
        return data


NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class Bilingual(Strict, BilingualBehaviour):
    """A text in English and Chinese, both required."""

    en: NonEmpty
    zh: NonEmpty


def _check_id(value: str) -> str:
    if not re.match(ID_PATTERN, value):
        raise ValueError(
            f"{value!r} is not a node id; ids read 'kind/slug' in lower case, "
            "for example 'risk/insufficient_training_data'"
        )
    return value


NodeId = Annotated[str, AfterValidator(_check_id)]


class DocSource(Strict):
    """A source outside the book: a law and its article, a paper, a company filing or page."""

    title: NonEmpty
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    article: str | None = None
    as_of: date | None = None


BookSource = Annotated[
    str,
    StringConstraints(pattern=BOOK_SECTION_PATTERN),
]

#: A book section such as ``ch5.3`` or a document reference.
Source = BookSource | DocSource
