"""Turn pydantic's validation errors into located, readable :class:`Problem` values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor.errors import Problem
from advisor.files.yamlio import Marks

if TYPE_CHECKING:  # the cross-checks use dotted() on the report path, which imports no pydantic
    from pydantic import ValidationError

__all__ = ["dotted", "problems_from_validation", "yaml_path"]


def yaml_path(data: Any, loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """Map a pydantic ``loc`` onto the path it has in the parsed data.

    pydantic inserts union tags and member names (``compare``, ``int``) into locations; we keep
    only the parts that are real keys or indices of ``data``.
    """
    out: list[str | int] = []
    cur = data
    for part in loc:
        if (isinstance(cur, dict) and part in cur) or (
            isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        ):
            out.append(part)
            cur = cur[part]  # type: ignore[index]
    return tuple(out)


def dotted(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def problems_from_validation(
    exc: ValidationError,
    path: str,
    marks: Marks,
    data: Any,
    prefix: Sequence[str | int] = (),
) -> list[Problem]:
    """One problem per location (the first message wins when a union tried several types)."""
    seen: set[tuple[str | int, ...]] = set()
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    paths = [yaml_path(data, e["loc"]) for e in errors]
    for err, rel in zip(errors, paths, strict=True):
        # A union (str | mapping) reports one error per member; when a deeper error exists
        # under the same place, the shallow "should be a valid string" is only noise.
        if str(err["type"]).endswith("_type") and any(
            len(p) > len(rel) and p[: len(rel)] == rel for p in paths
        ):
            continue
        ctx = err.get("ctx") or {}
        allowed: tuple[str, ...] = ()
        message = str(err["msg"]).removeprefix("Value error, ")
        etype = err["type"]
        if etype == "unknown_key":
            rel = (*rel, str(ctx["key"]))
            allowed = tuple(str(ctx["allowed"]).split(", "))
        elif etype == "literal_error":
            allowed = tuple(
                a.strip().strip("'") for a in _split_expected(str(ctx.get("expected", "")))
            )
            message = f"{_short(err.get('input'))} is not one of the allowed values"
        elif etype == "missing":
            message = "is required but missing"
            if err["loc"] and isinstance(err["loc"][-1], str):
                rel = (*yaml_path(data, err["loc"][:-1]), err["loc"][-1])
        elif etype == "string_pattern_mismatch":
            message = f"{_short(err.get('input'))} does not match the pattern {ctx.get('pattern')}"
        if rel in seen:
            continue
        seen.add(rel)
        full = (*prefix, *rel)
        line, col = marks.find(full)
        out.append(Problem(path, line, col, dotted(full), message, allowed))
    return out


def _split_expected(expected: str) -> list[str]:
    # pydantic writes "'a', 'b' or 'c'"
    expected = expected.replace(" or ", ", ")
    return [p for p in expected.split(", ") if p]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
