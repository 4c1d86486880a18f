"""What a question accepts: one answer checked against its question and made canonical.

Part of the knowledge stage because the knowledge's own checks use it too (every question's
default must be an answer it accepts); :mod:`advisor.answers` builds profiles with it.

Examples:
    >>> from advisor.kb.schema import parse_question
    >>> q = parse_question({"id": "team_size", "type": "int", "min": 1, "sources": ["ch6.1"],
    ...     "prompt": {"en": "How many?", "zh": "多少人？"}})
    >>> coerce_answer(q, 3.0), allowed_values(q)
    (3, ('an integer from 1 to inf',))
"""

from __future__ import annotations

import math
import re
from typing import Any

from advisor.kb.patterns import fullmatch
from advisor.kb.records import Question

__all__ = ["allowed_values", "coerce_answer"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def allowed_values(q: Question) -> tuple[str, ...]:
    """What a question accepts, in words, for an error message."""
    if q.choices:
        return q.values
    if q.type in ("int", "float"):
        lo = "-inf" if q.min is None else f"{q.min:g}"
        hi = "inf" if q.max is None else f"{q.max:g}"
        return (f"{'an integer' if q.type == 'int' else 'a number'} from {lo} to {hi}",)
    if q.type == "bool":
        return ("true", "false")
    return ()


def coerce_answer(q: Question, value: Any) -> Any:
    """Check one answer against its question; return the canonical value or raise ValueError."""
    t = q.type
    if t == "text":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"expected text, got {type(value).__name__}")
        text = str(value).strip()
        if _CONTROL.search(text):
            raise ValueError("contains control characters")
        if q.required and not text:
            raise ValueError("must not be empty")
        if len(text) > q.max_length:
            raise ValueError(f"is {len(text)} characters long; at most {q.max_length}")
        if q.pattern and not fullmatch(q.pattern, text):  # RE2: linear time, never hangs
            raise ValueError(f"does not match the pattern {q.pattern}")
        return text
    if t == "choice":
        if not isinstance(value, str) or value not in q.values:
            raise ValueError(f"{value!r} is not one of the choices")
        return value
    if t == "multi":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError(f"expected a list of choices, got {type(value).__name__}")
        out: list[str] = []
        for item in items:
            if not isinstance(item, str) or item not in q.values:
                raise ValueError(f"{item!r} is not one of the choices")
            if item not in out:
                out.append(item)
        if "none" in out and len(out) > 1:
            raise ValueError("'none' cannot be combined with other choices")
        if q.required and not out:
            raise ValueError("choose at least one (or 'none' where offered)")
        return out
    if t == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    # int / float
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected {'an integer' if t == 'int' else 'a number'}, got {value!r}")
    if t == "int":
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"expected an integer, got {value!r}")
            value = int(value)
    else:
        value = float(value)
        if math.isnan(value) or math.isinf(value):
            raise ValueError("must be a finite number")
    if q.min is not None and value < q.min:
        raise ValueError(f"{value} is below the minimum {q.min:g}")
    if q.max is not None and value > q.max:
        raise ValueError(f"{value} is above the maximum {q.max:g}")
    return value
