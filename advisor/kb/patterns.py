"""Question ``pattern``s, run on RE2: matching takes time linear in the answer, always.

Python's ``re`` backtracks, so a pattern such as ``(a+)+$`` takes seconds on a 29-character answer
and doubles with each more character. RE2 (the ``google-re2`` wheel) has no backtracking: it
refuses the few constructs that need it (look-arounds, back-references) when the knowledge is
loaded, and judges any answer in microseconds. Its syntax is otherwise Python's for everything a
question needs (classes, ``\\d``, ``{m,n}``, groups, alternation, anchors).

Examples:
    >>> pattern_problem(r"^[A-Z]{2}\\d+$") is None
    True
    >>> pattern_problem(r"(?=a)b")
    'pattern is not valid RE2 (no look-arounds or back-references): invalid perl operator: (?='
    >>> fullmatch(r"(a+)+$", "a" * 40 + "!")
    False
"""

from __future__ import annotations

import functools
from typing import Any

import re2  # type: ignore[import-untyped]

__all__ = ["MAX_PATTERN_LENGTH", "fullmatch", "pattern_problem"]

#: The longest pattern a question may have.
MAX_PATTERN_LENGTH = 1000
_MAX_MEMORY = 8 << 20  # bytes RE2 may use for one compiled pattern


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # a bad pattern is our message, not a line on stderr
    options.max_mem = _MAX_MEMORY
    return options


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> Any:
    return re2.compile(pattern, _options())


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a question's pattern, or ``None`` when it can."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"pattern is {len(pattern)} characters long; at most {MAX_PATTERN_LENGTH}"
    try:
        _compiled(pattern)
    except re2.error as exc:
        why = exc.args[0] if exc.args else exc
        text = why.decode("utf-8", "replace") if isinstance(why, bytes) else str(why)
        return f"pattern is not valid RE2 (no look-arounds or back-references): {text}"
    return None


def fullmatch(pattern: str, text: str) -> bool:
    """Whether all of ``text`` matches ``pattern`` (checked by :func:`pattern_problem` first).

    Raises:
        ValueError: the pattern is not valid RE2.
    """
    problem = pattern_problem(pattern)
    if problem is not None:
        raise ValueError(problem)
    return _compiled(pattern).fullmatch(text) is not None
