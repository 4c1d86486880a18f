"""Read a data file the way its name says: ``.json`` as strict JSON, anything else as YAML.

Both go through :func:`~advisor.files.yamlio.read_text_file` (regular files or ``-`` only, at most
:data:`~advisor.files.yamlio.MAX_BYTES`) and share its limits: at most
:data:`~advisor.files.yamlio.MAX_DEPTH` levels of nesting and numbers of at most
:data:`~advisor.files.yamlio.MAX_DIGITS` digits. JSON keeps what JSON means (``1e25`` is a
number, ``"\\ud83d\\ude80"`` is one emoji) and its errors keep their line and column; ``NaN`` and
``Infinity``, which are not JSON, are refused naming the key.

Examples:
    >>> load_json_text('{"a": [1, 2.5e3]}', "x.json").data
    {'a': [1, 2500.0]}
    >>> load_json_text('{"a": NaN}', "x.json")
    Traceback (most recent call last):
    ...
    advisor.files.yamlio.YamlProblem: 1 problem in x.json:
      x.json:1:2: a: NaN is not a JSON number; give a finite number
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from advisor.errors import Problem
from advisor.files.yamlio import (
    MAX_DEPTH,
    MAX_DIGITS,
    Loaded,
    YamlProblem,
    load_yaml_text,
    marks_of,
    read_text_file,
)

__all__ = ["load_data_file", "load_json_text", "non_finite"]

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def load_data_file(path: Path, display: str | None = None) -> Loaded:
    """Read and parse one answers/evidence file: JSON for ``.json``, else YAML.

    Raises:
        YamlProblem: the file cannot be read or parsed, or breaks a limit.
    """
    name = display or str(path)
    text = read_text_file(path, name)
    if Path(path).suffix.lower() == ".json":
        return load_json_text(text, name)
    return load_yaml_text(text, name)


def load_json_text(text: str, name: str) -> Loaded:
    """Parse strict JSON into plain data plus marks (where the YAML parser can find them).

    Raises:
        YamlProblem: not valid JSON (with line and column), nested too deep, a number too large,
            a duplicate key, or NaN/Infinity.
    """
    depth, at = _depth(text)
    if depth > MAX_DEPTH:
        line, col = _line_col(text, at)
        raise YamlProblem(
            [Problem(name, line, col, message=f"nested more than {MAX_DEPTH} levels deep")]
        )
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise YamlProblem(
            [Problem(name, exc.lineno, exc.colno, message=f"not valid JSON: {exc.msg}")]
        ) from None
    except _BadNumber as exc:
        line, col = _line_col(text, max(text.find(exc.token), 0))
        raise YamlProblem([Problem(name, line, col, message=str(exc))]) from None
    except (ValueError, RecursionError) as exc:  # past the checks above: still no traceback
        raise YamlProblem([Problem(name, message=f"cannot be parsed: {exc}")]) from None
    marks = marks_of(text, name)  # JSON is YAML: its parser knows the lines
    problems = [
        Problem(name, *marks.find((key,)), key, "duplicate key (JSON keeps only the last)")
        for key in duplicates
    ]
    for loc, value in non_finite(data):
        dotted = _dotted(loc)
        problems.append(
            Problem(
                name,
                *marks.find(loc),
                dotted,
                f"{_JSON_NAMES.get(str(value), value)} is not a JSON number; give a finite number",
            )
        )
    if problems:
        raise YamlProblem(problems)
    return Loaded(name, data, marks)


_JSON_NAMES = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def non_finite(data: Any) -> list[tuple[tuple[str | int, ...], float]]:
    """Every NaN or infinite float in ``data`` with its location path (no recursion)."""
    found: list[tuple[tuple[str | int, ...], float]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            found.append((loc, value))
        elif isinstance(value, dict):
            stack.extend(((*loc, k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(value))))
    return found


class _BadNumber(ValueError):
    def __init__(self, token: str, message: str) -> None:
        super().__init__(message)
        self.token = token


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _BadNumber(text, f"a number with {digits} digits is too large (at most {MAX_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise _BadNumber(text, f"a number with {digits} digits is too large (at most {MAX_DIGITS})")
    value = float(text)
    if math.isinf(value):
        raise _BadNumber(text, f"the number {text[:24]} is too large to represent")
    return value


def _depth(text: str) -> tuple[int, int]:
    """The deepest nesting of ``[`` and ``{`` outside strings, and where it is first reached."""
    bare = _STRING.sub(lambda m: " " * len(m.group()), text)
    depth = best = 0
    where = 0
    for m in re.finditer(r"[\[\]{}]", bare):
        depth += 1 if m.group() in "[{" else -1
        if depth > best:
            best, where = depth, m.start()
            if best > MAX_DEPTH:
                break
    return best, where


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out
