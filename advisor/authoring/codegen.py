"""Generate the runtime records from the pydantic models: ``python -m advisor.authoring.codegen``.

The pydantic models (this package, and :mod:`advisor.report.schema`) are the one definition of
the knowledge's and the report's shape. What the engine, the scoring and the templates hold at
run time are plain frozen records (:class:`advisor.kb.recordbase.Record`) with the same names,
fields, defaults and behaviour, written by this script into :mod:`advisor.kb.records` and
:mod:`advisor.report.model`; a report from cached knowledge then never imports pydantic (see
docs/architecture.md). The records are written out in full (fields, annotations, an explicit
``__init__``) rather than made with ``dataclasses``, whose decorator compiles methods for every
class at import time. A test fails when a generated
file is out of date; ``--check`` does the same from the command line.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

__all__ = ["TARGETS", "Target", "generate", "main"]

ROOT = Path(__file__).resolve().parent.parent  # the advisor package


@dataclass(frozen=True)
class Target:
    path: str  # relative to the advisor package
    doc: str
    modules: tuple[str, ...]
    skip: frozenset[str]
    aliases: tuple[tuple[str, str], ...]  # (name, the union it abbreviates)
    constants: tuple[str, ...] = ()  # module-level names copied with their value


TARGETS: tuple[Target, ...] = (
    Target(
        path="kb/records.py",
        doc="The validated knowledge as plain frozen records: what the engine and the report hold.",
        modules=(
            "advisor.kb.schema.common",
            "advisor.kb.schema.conditions",
            "advisor.kb.schema.nodes",
            "advisor.kb.schema.rules",
            "advisor.kb.schema.questions",
            "advisor.kb.schema.files",
        ),
        skip=frozenset({"Strict", "FileShape"}),
        aliases=(
            ("Scalar", "str | int | float | bool"),
            ("Source", "str | DocSource"),
            ("Condition", "AllOf | AnyOf | NotOf | Compare"),
        ),
    ),
    Target(
        path="report/model.py",
        doc="The report as plain frozen records: what the templates render and the JSON holds.",
        modules=("advisor.report.schema",),
        skip=frozenset({"_Out"}),
        aliases=(),
        constants=("SCHEMA_VERSION",),
    ),
)


def _classes_modules(target: Target) -> list[types.ModuleType]:
    return [importlib.import_module(name) for name in target.modules]


def _classes(target: Target) -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = []
    for module in _classes_modules(target):
        name = module.__name__
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, BaseModel)
                and obj.__module__ == name
                and obj.__name__ not in target.skip
            ):
                out.append(obj)
    return out


class _Formatter:
    def __init__(self, target: Target, names: set[str]) -> None:
        self.aliases = {union: name for name, union in target.aliases}
        self.names = names
        self.uses: set[str] = set()

    def type(self, tp: Any, *, frozen: bool = True, param: bool = False) -> str:
        """The annotation of a field: a list is a tuple when ``frozen`` (a record's field), and
        any sequence when ``param`` (what ``__init__`` accepts, and freezes)."""
        origin = get_origin(tp)
        args = get_args(tp)
        if origin is Annotated:
            return self.type(args[0], frozen=frozen, param=param)
        if tp is type(None):
            return "None"
        if tp is Any:
            self.uses.add("Any")
            return "Any"
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp.__name__ not in self.names:
                raise TypeError(f"{tp.__name__} is used but not generated")
            return tp.__name__
        if tp in (str, int, float, bool):
            return str(tp.__name__)
        if tp is date:
            self.uses.add("date")
            return "date"
        if origin in (Union, types.UnionType):
            parts: list[str] = []
            for a in args:
                p = self.type(a, frozen=frozen, param=param)
                if p not in parts:
                    parts.append(p)
            if "None" in parts:  # keep ``X | None`` with None last
                parts = [p for p in parts if p != "None"]
                inner = " | ".join(parts)
                return f"{self.aliases.get(inner, inner)} | None"
            joined = " | ".join(parts)
            return self.aliases.get(joined, joined)
        if origin is Literal:
            self.uses.add("Literal")
            return "Literal[" + ", ".join(repr(a) for a in args) + "]"
        if origin is list:
            inner = self.type(args[0], frozen=frozen, param=param)
            if param:
                self.uses.add("Sequence")
                return f"Sequence[{inner}]"
            return f"tuple[{inner}, ...]" if frozen else f"list[{inner}]"
        if origin is dict:  # a dict's values stay as given (the report's JSON maps)
            key = self.type(args[0], frozen=False)
            return f"dict[{key}, {self.type(args[1], frozen=False)}]"
        raise TypeError(f"cannot write the type {tp!r}")


def _literal(value: Any) -> str:
    """Source text of a class constant; sets are sorted so the output is stable."""
    if isinstance(value, frozenset):
        return "frozenset({" + ", ".join(repr(v) for v in sorted(value)) + "})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, str | int | float | bool) or value is None:
        return repr(value)
    raise TypeError(f"cannot write the constant {value!r}")


def _default(field: Any, fmt: _Formatter) -> tuple[str | None, str | None]:
    """(signature default, value made when None is passed) of a field; (None, None): required."""
    if field.default_factory is not None:
        raise TypeError("default_factory is not supported; use a literal default")
    value = field.default
    if value is PydanticUndefined:
        return None, None
    if isinstance(value, list | dict):
        if value:
            raise TypeError(f"only empty list/dict defaults are supported, got {value!r}")
        return "None", "()" if isinstance(value, list) else "{}"
    if isinstance(value, BaseModel):
        if value != type(value)():
            raise TypeError(f"a model default must be the model's defaults, got {value!r}")
        return "None", f"{type(value).__name__}()"
    if isinstance(value, str | int | float | bool) or value is None:
        return repr(value), None
    raise TypeError(f"cannot write the default {value!r}")


def _model_base(cls: type[BaseModel], skip: frozenset[str]) -> type[BaseModel] | None:
    for base in cls.__bases__:
        if issubclass(base, BaseModel) and base.__name__ not in skip and base is not BaseModel:
            return base
    return None


def _class_source(cls: type[BaseModel], target: Target, fmt: _Formatter) -> str:
    base = _model_base(cls, target.skip)
    behaviour = [b.__name__ for b in cls.__bases__ if b.__module__ == "advisor.kb.recordbase"]
    fmt.uses.update(behaviour)
    bases = [base.__name__] if base else ["Record"]
    bases += behaviour
    body: list[str] = [f"class {cls.__name__}({', '.join(bases)}):"]
    if cls.__doc__ and cls.__doc__ is not (base.__doc__ if base else None):
        body += [f'    """{cls.__doc__.strip()}"""', ""]
    for const in ("KIND", "REFS"):
        if const in cls.__dict__:
            body.append(f"    {const} = {_literal(cls.__dict__[const])}")
    names = list(cls.model_fields)
    quoted = [f'"{n}"' for n in names]
    fields = f"({', '.join(quoted)}{',' if len(quoted) == 1 else ''})"
    body.append(f"    FIELDS: ClassVar[tuple[str, ...]] = {fields}")
    inherited = base.model_fields if base else {}
    params: list[str] = []
    values: list[str] = []
    for name, info in cls.model_fields.items():
        tp = fmt.type(info.annotation)
        arg = fmt.type(info.annotation, param=True)
        # a field that may hold a list stores it deep-frozen (tuples all the way down)
        value = f"frozen({name})" if arg != tp else name
        if value != name:
            fmt.uses.add("frozen")
        default, factory = _default(info, fmt)
        if not (name in inherited and repr(inherited[name]) == repr(info)):
            body.append(f"    {name}: {tp}")
        if factory is not None:
            if tp.endswith("| None"):
                raise TypeError(f"{cls.__name__}.{name}: an optional field with a non-None default")
            params.append(f"        {name}: {arg} | None = None,")
            values.append(f"            {name}={factory} if {name} is None else {value},")
        else:
            params.append(f"        {name}: {arg}" + (f" = {default}," if default else ","))
            values.append(f"            {name}={value},")
    body += ["", "    def __init__(", "        self,", "        *,", *params, "    ) -> None:"]
    body += ["        self.__dict__.update(", *values, "        )"]
    return "\n".join(body)


def generate(target: Target) -> str:
    """The source text of one generated module."""
    classes = _classes(target)
    fmt = _Formatter(target, {c.__name__ for c in classes})
    bodies = [_class_source(c, target, fmt) for c in classes]
    constants = []
    for name in target.constants:
        module = importlib.import_module(target.modules[0])
        constants.append(f"{name} = {_literal(getattr(module, name))}")
    typing_names = sorted(["ClassVar", *(n for n in ("Any", "Literal") if n in fmt.uses)])
    behaviour = sorted(n for n in fmt.uses if n.endswith("Behaviour"))
    sources = "".join(f"\n* ``{m}``" for m in target.modules)
    head = [
        '"""Generated by ``python -m advisor.authoring.codegen``: do not edit.',
        "",
        target.doc,
        "",
        "Made from:",
        f"{sources}\n",
        "Change the models and run it again.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]
    if "Sequence" in fmt.uses:
        head.append("from collections.abc import Sequence")
    if "date" in fmt.uses:
        head.append("from datetime import date")
    if typing_names:
        head.append(f"from typing import {', '.join(typing_names)}")
    imported = sorted(["Record", *behaviour, *(["frozen"] if "frozen" in fmt.uses else [])])
    head += ["", "from advisor.kb.recordbase import (", *(f"    {b}," for b in imported), ")"]
    names = sorted([c.__name__ for c in classes] + [a for a, _ in target.aliases])
    head += ["", "__all__ = [", *(f'    "{n}",' for n in names), "]"]
    if constants:
        head += ["", *constants]
    tail = [f"{name} = {union}" for name, union in target.aliases]
    parts = ["\n".join(head), *bodies]
    if tail:
        parts.append("\n".join(tail))
    return _formatted("\n\n\n".join(parts) + "\n", target.path)


def _formatted(text: str, path: str) -> str:
    """``text`` as ``ruff format`` writes it (the project's settings), so the file passes the
    check."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(ROOT / path), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ruff format failed on the generated {path}: {done.stderr.strip()}")
    return done.stdout


def _check_or_write(targets: Iterable[Target], check: bool) -> int:
    stale = []
    for target in targets:
        path = ROOT / target.path
        text = generate(target)
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if check and stale:
        print("out of date: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        print("run: python -m advisor.authoring.codegen", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    args = parser.parse_args(argv)
    return _check_or_write(TARGETS, args.check)


if __name__ == "__main__":
    raise SystemExit(main())
