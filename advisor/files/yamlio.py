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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from advisor.errors import InputErrors, Problem

__all__ = [
    "MAX_NODES",
    "Loaded",
    "Marks",
    "YamlProblem",
    "dump_yaml",
    "load_yaml_file",
    "load_yaml_text",
    "read_text_file",
]

#: The most nodes one document may expand to (aliases included). Far above any real knowledge
#: file (the whole built-in knowledge base is a few tens of thousands), far below a YAML bomb.
MAX_NODES = 500_000

Loc = tuple[str | int, ...]

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
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
    """Read a UTF-8 text file, refusing binary and empty files with a located message."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise YamlProblem([Problem(name, message="file not found")]) from None
    except IsADirectoryError:
        raise YamlProblem([Problem(name, message="is a folder, not a file")]) from None
    except OSError as exc:
        raise YamlProblem([Problem(name, message=f"cannot be read: {exc.strerror}")]) from None
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


def dump_yaml(data: Any) -> str:
    """Plain data to block-style YAML text (unicode kept, key order kept)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


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
