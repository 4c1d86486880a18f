"""The one module that touches PyYAML: safe loading with line marks, and safe dumping.

Knowledge and answers files are parsed with a *safe* loader (the C one when libyaml is present),
composed to a node tree and converted by hand so that we can

* record where every key and item sits (``Marks``), because pydantic reports a location path and
  the user needs ``file:line:col``;
* refuse duplicate keys, which YAML itself silently resolves to the last one;
* refuse every non-standard tag (``!!python/object`` and friends), and
* cap alias expansion, so that a "billion laughs" document fails fast instead of eating memory.

Examples:
    >>> doc = load_yaml_text("a:\\n  - 1\\n  - 2\\n", "x.yaml")
    >>> doc.data
    {'a': [1, 2]}
    >>> doc.marks.line_of(("a", 1))
    3
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from advisor.errors import InputErrors, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_NODES",
    "Loaded",
    "Marks",
    "YamlProblem",
    "dump_yaml",
    "load_yaml_file",
    "load_yaml_text",
    "marks_of",
    "read_text_file",
]

#: The most nodes one document may expand to (aliases included). Far above any real knowledge
#: file (the whole built-in knowledge base is a few tens of thousands), far below a YAML bomb.
MAX_NODES = 500_000
#: The largest input file (answers, evidence, knowledge) that is read, in bytes.
MAX_BYTES = 16 * 2**20
#: The deepest nesting of mappings and lists in one document.
MAX_DEPTH = 100
#: The most digits a number may have (the largest double has 309).
MAX_DIGITS = 400

Loc = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
_INT = _STD + "int"
_FLOAT = _STD + "float"


class _SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with YAML 1.2 core-schema numbers instead of YAML 1.1's.

    ``012`` is 12 (not octal 10), ``1:30`` is text (not 90 in base 60), ``1e25`` is a float (not
    text), ``1_000`` is text; ``0o17`` and ``0x1F`` are the octal and hexadecimal ints.
    """

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_INT_RX = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RX = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_SafeLoader.add_implicit_resolver(_INT, _INT_RX, list("-+0123456789"))
_SafeLoader.add_implicit_resolver(_FLOAT, _FLOAT_RX, list("-+0123456789."))


def parse_number(text: str, tag: str) -> int | float:
    """A YAML 1.2 core-schema int or float; ValueError (in words) when it is none or too big.

    Examples:
        >>> parse_number("012", "tag:yaml.org,2002:int"), parse_number("1e25", _FLOAT)
        (12, 1e+25)
    """
    value = text.strip()
    digits = sum(c.isdigit() for c in value)
    if digits > MAX_DIGITS:
        raise ValueError(f"a number with {digits} digits is too large (at most {MAX_DIGITS})")
    if tag == _INT:
        if not _INT_RX.match(value):
            raise ValueError(f"{value!r} is not an integer")
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)
    if not _FLOAT_RX.match(value) and not _INT_RX.match(value):
        raise ValueError(f"{value!r} is not a number")
    low = value.lower()
    if low.endswith((".inf", ".nan")):
        return float(low.replace(".", "", 1))  # "-.inf" -> "-inf", ".nan" -> "nan"
    number = float(int(value, 0) if value.startswith(("0o", "0x")) else value)
    if math.isinf(number):
        raise ValueError(f"{_abbrev(value)} is too large to represent")
    return number


def _abbrev(text: str, at_most: int = 24) -> str:
    return text if len(text) <= at_most else f"{text[:10]}...{text[-6:]} ({len(text)} characters)"


_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Marks:
    """Where each location path of a document starts: ``loc -> (line, col)``, 1-based."""

    at: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """The position of ``loc`` or of its nearest recorded ancestor (``(0, 0)`` if none)."""
        path = tuple(loc)
        while True:
            hit = self.at.get(path)
            if hit is not None:
                return hit
            if not path:
                return (0, 0)
            path = path[:-1]

    def line_of(self, loc: Sequence[str | int]) -> int:
        return self.find(loc)[0]

    def sub(self, prefix: Sequence[str | int]) -> Marks:
        """The marks below ``prefix``, re-rooted so that ``prefix`` becomes ``()``."""
        pre = tuple(prefix)
        n = len(pre)
        return Marks({k[n:]: v for k, v in self.at.items() if k[:n] == pre})


@dataclass
class Loaded:
    """A parsed document and the marks of its parts."""

    path: str
    data: Any
    marks: Marks


class YamlProblem(InputErrors):
    """A file could not be read or parsed; carries the located problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems, what=problems[0].path if problems else "a file")


def read_text_file(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 text file (``-``: standard input), refusing what is not one.

    Only a regular file (or ``-``) is read, and at most :data:`MAX_BYTES` of it: a FIFO, a device
    or a folder is refused at once, without waiting on it. Binary, non-UTF-8 and empty files get
    a located message too.
    """
    name = display or str(path)
    raw = _read_capped(path, name)
    if b"\x00" in raw[:8192]:
        raise YamlProblem([Problem(name, message="is a binary file, not YAML or JSON text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            [Problem(name, line, message=f"is not UTF-8 text (bad byte at offset {exc.start})")]
        ) from None
    if not text.strip():
        raise YamlProblem([Problem(name, message="is empty")])
    return text


def _too_big(name: str) -> YamlProblem:
    return YamlProblem(
        [
            Problem(
                name,
                message=f"is larger than {MAX_BYTES // 2**20} MB, the most an input file may be",
            )
        ]
    )


def _read_capped(path: Path, name: str) -> bytes:
    if str(path) == "-":
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None or stream.closed:
            raise YamlProblem([Problem(name, message="standard input is closed")])
        try:
            raw = stream.read(MAX_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise YamlProblem([Problem(name, message=f"cannot be read: {exc}")]) from None
        if len(raw) > MAX_BYTES:
            raise _too_big(name)
        return raw
    try:  # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise YamlProblem([Problem(name, message="file not found")]) from None
    except OSError as exc:
        raise YamlProblem([Problem(name, message=f"cannot be read: {exc.strerror}")]) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise YamlProblem([Problem(name, message="is a folder, not a file")])
        if not stat.S_ISREG(st.st_mode):
            kind = (
                "a FIFO (named pipe)"
                if stat.S_ISFIFO(st.st_mode)
                else "a device"
                if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "not a regular file"
            )
            raise YamlProblem(
                [Problem(name, message=f"is {kind}; give a regular file, or - for standard input")]
            )
        if st.st_size > MAX_BYTES:
            raise _too_big(name)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:  # it grew while we read it
            raise _too_big(name)
        return b"".join(chunks)
    except OSError as exc:
        raise YamlProblem([Problem(name, message=f"cannot be read: {exc.strerror}")]) from None
    finally:
        os.close(fd)


def load_yaml_file(path: Path, display: str | None = None) -> Loaded:
    """Read and safely parse one YAML (or JSON) file. Raises :class:`YamlProblem`."""
    name = display or str(path)
    return load_yaml_text(read_text_file(path, name), name)


def load_yaml_text(text: str, name: str) -> Loaded:
    """Safely parse YAML text into plain Python data plus marks. Raises :class:`YamlProblem`."""
    loader = _SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise YamlProblem([_problem_from_yaml(name, exc)]) from None
        except yaml.YAMLError as exc:  # e.g. "expected a single document"
            raise YamlProblem([Problem(name, message=f"not valid YAML: {exc}")]) from None
        if node is None:
            raise YamlProblem([Problem(name, message="is empty")])
        converter = _Converter(loader, name)
        data = converter.convert(node, ())
        if converter.problems:
            raise YamlProblem(converter.problems)
        return Loaded(name, data, converter.marks)
    finally:
        loader.dispose()


def marks_of(text: str, name: str) -> Marks:
    """Where each part of a document sits, even if the document has problems (best effort)."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Marks()
        converter = _Converter(loader, name)
        converter.convert(node, ())
        return converter.marks
    except (yaml.YAMLError, YamlProblem, ValueError):
        return Marks()
    finally:
        loader.dispose()


class _SafeDumper(yaml.SafeDumper):
    """The safe dumper, quoting every text that :class:`_SafeLoader` would read as a number
    (YAML 1.2's ``884e78233150`` is a float, which YAML 1.1's dumper leaves bare) as well as
    what YAML 1.1 reads as one, so that text always reads back as the same text."""


_SafeDumper.add_implicit_resolver(_INT, _INT_RX, list("-+0123456789"))
_SafeDumper.add_implicit_resolver(_FLOAT, _FLOAT_RX, list("-+0123456789."))


def dump_yaml(data: Any) -> str:
    """Plain data to block-style YAML text (unicode kept, key order kept) that
    :func:`load_yaml_text` reads back as the same data.

    >>> print(dump_yaml({"version": "884e78233150", "n": 12}), end="")
    version: '884e78233150'
    n: 12
    """
    return yaml.dump(
        data, Dumper=_SafeDumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )


def _problem_from_yaml(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    what = " ".join(p for p in (exc.context, exc.problem) if p) or "syntax error"
    return Problem(name, line, col, message=f"not valid YAML: {what}")


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, name: str) -> None:
        self.loader = loader
        self.name = name
        self.marks = Marks()
        self.problems: list[Problem] = []
        self.count = 0

    def _pos(self, node: Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, node: Node, loc: Loc, message: str, allowed: tuple[str, ...] = ()) -> None:
        line, col = self._pos(node)
        self.problems.append(Problem(self.name, line, col, _dotted(loc), message, allowed))

    def convert(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        if len(loc) > MAX_DEPTH:
            line, col = self._pos(node)
            raise YamlProblem(
                [
                    Problem(
                        self.name,
                        line,
                        col,
                        _dotted(loc[:3]) + "...",
                        f"nested more than {MAX_DEPTH} levels deep; refusing to load it",
                    )
                ]
            )
        if self.count > MAX_NODES:
            line, col = self._pos(node)
            raise YamlProblem(
                [
                    Problem(
                        self.name,
                        line,
                        col,
                        message=f"document expands to more than {MAX_NODES} nodes "
                        "(nested YAML aliases?); refusing to load it",
                    )
                ]
            )
        at = self.marks.at
        if loc not in at:
            mark = node.start_mark
            at[loc] = (mark.line + 1, mark.column + 1)
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _STR:  # most scalars: no resolver work needed
                return node.value
            if tag not in _SCALAR_TAGS:
                self._fail(node, loc, f"tag {tag!r} is not allowed", _ALLOWED_TAGS)
                return None
            if tag in (_INT, _FLOAT):
                try:
                    return parse_number(node.value, tag)
                except ValueError as exc:
                    self._fail(node, loc, str(exc))
                    return None
            try:
                return self.loader.yaml_constructors[tag](self.loader, node)
            except (yaml.YAMLError, ValueError) as exc:
                self._fail(node, loc, f"bad scalar: {exc}")
                return None
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                self._fail(node, loc, f"tag {tag!r} is not allowed", _ALLOWED_TAGS)
                return None
            convert = self.convert
            return [convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if tag != _MAP:
                self._fail(node, loc, f"tag {tag!r} is not allowed", _ALLOWED_TAGS)
                return None
            if any(k.tag == _MERGE for k, _ in node.value):
                try:
                    self.loader.flatten_mapping(node)  # resolves "<<" merge keys
                except yaml.YAMLError as exc:
                    self._fail(node, loc, f"bad merge key: {exc}")
                    return None
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag == _STR:
                    key: Any = key_node.value
                    self.count += 1
                else:
                    key = self.convert(key_node, (*loc, "<key>"))
                    at.pop((*loc, "<key>"), None)
                    if not isinstance(key, str | int | float | bool) or key is None:
                        self._fail(key_node, loc, "mapping keys must be plain scalars")
                        continue
                    if isinstance(key, bool):  # YAML 1.1: "yes"/"no"/"on" as keys
                        key = str(key_node.value)
                if key in out:
                    first = at.get((*loc, key), (0, 0))[0]
                    self._fail(
                        key_node, (*loc, key), f"duplicate key (first given on line {first})"
                    )
                    continue
                mark = key_node.start_mark
                child = (*loc, key)
                at[child] = (mark.line + 1, mark.column + 1)
                out[key] = self.convert(value_node, child)
            return out
        self._fail(node, loc, "unsupported YAML node")  # pragma: no cover - no other node kinds
        return None


_STR = _STD + "str"
_SEQ = _STD + "seq"
_MAP = _STD + "map"
_MERGE = _STD + "merge"
_ALLOWED_TAGS = ("!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!seq", "!!map")


def _dotted(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def to_json_text(data: Any) -> str:
    """Deterministic, readable JSON (used for answers saved as ``.json``)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
