"""Parse and validate knowledge files into records: the slow path of :func:`load_knowledge`.

Every file of every layer is parsed (:mod:`advisor.files.yamlio`), each item validated by its
pydantic
model (:mod:`advisor.kb.schema`) and turned into its record (:mod:`advisor.kb.records`); the merged
whole
is cross-checked (:mod:`advisor.kb.checks`). Every problem is collected and raised once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from advisor.errors import KnowledgeError, Problem
from advisor.files.yamlio import Marks, YamlProblem, load_yaml_file
from advisor.kb.base import KnowledgeBase, Origin
from advisor.kb.problems import problems_from_validation
from advisor.kb.recordbase import CRITERIA, ID_PATTERN
from advisor.kb.records import Bilingual, Kernel, Node, Question, Rule, Technique
from advisor.kb.schema import KIND_MODELS, Settings, to_record
from advisor.kb.schema import Question as QuestionModel
from advisor.kb.schema import Rule as RuleModel
from advisor.kb.schema.nodes import Node as NodeModel

__all__ = ["DEFAULT_WEIGHTS", "SECTIONS", "load_layers"]

#: The top-level keys a knowledge file may have.
SECTIONS: tuple[str, ...] = ("nodes", "rules", "questions", "settings")

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "market_need": 0.25,
        "technical_feasibility": 0.25,
        "commercial_potential": 0.20,
        "founder_fit": 0.30,
    }
)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_layers(layers: Sequence[Path]) -> KnowledgeBase:
    """Load, validate and cross-check these folders, later ones overriding earlier ones."""
    from advisor.kb.checks import check_knowledge  # the cross-checks import this module's types

    problems: list[Problem] = []
    nodes: dict[str, Node] = {}
    rules: dict[str, Rule] = {}
    questions: dict[str, Question] = {}
    origins: dict[str, Origin] = {}
    weights: dict[str, float] = dict(DEFAULT_WEIGHTS)
    digest = hashlib.sha256()
    version_names: list[str] = []
    broken: set[str] = set()

    for layer in layers:
        shown_layer = _display(layer)
        if not layer.is_dir():
            problems.append(
                Problem(
                    shown_layer,
                    message="knowledge folder not found"
                    if not layer.exists()
                    else "is not a folder",
                )
            )
            continue
        files = _files(layer)
        if not files:
            problems.append(Problem(shown_layer, message="holds no .yaml knowledge files"))
            continue
        in_layer: dict[str, Origin] = {}
        for path in files:
            shown = _display(path)
            digest.update(shown.encode() + b"\0" + path.read_bytes() + b"\0")
            try:
                doc = load_yaml_file(path, shown)
            except YamlProblem as exc:
                problems.extend(exc.problems)
                continue
            data = doc.data
            if not isinstance(data, dict):
                problems.append(
                    Problem(
                        shown, 1, 1, message="the top level must be a mapping", allowed=SECTIONS
                    )
                )
                continue
            for key in data:
                if key not in SECTIONS:
                    line, col = doc.marks.find((key,))
                    problems.append(
                        Problem(shown, line, col, str(key), "unknown section", SECTIONS)
                    )
            settings = data.get("settings")
            if settings is not None:
                try:
                    parsed = Settings.model_validate(settings)
                except ValidationError as exc:
                    problems.extend(
                        problems_from_validation(exc, shown, doc.marks, settings, ("settings",))
                    )
                else:
                    if parsed.scoring:
                        for name, w in parsed.scoring.weights.items():
                            if name not in CRITERIA:
                                line, col = doc.marks.find(("settings", "scoring", "weights", name))
                                problems.append(
                                    Problem(
                                        shown,
                                        line,
                                        col,
                                        f"settings.scoring.weights.{name}",
                                        "unknown criterion",
                                        CRITERIA,
                                    )
                                )
                            else:
                                weights[name] = w
                    if parsed.knowledge_version:
                        version_names.append(parsed.knowledge_version)
            for section in ("nodes", "rules", "questions"):
                items = data.get(section)
                if items is None:
                    continue
                if not isinstance(items, list):
                    line, col = doc.marks.find((section,))
                    problems.append(Problem(shown, line, col, section, "must be a list"))
                    continue
                for i, item in enumerate(items):
                    origin = _origin(shown, doc.marks, (section, i), item)
                    parsed_item = _validate_item(section, item, origin, problems)
                    if parsed_item is None:
                        raw_id = item.get("id") if isinstance(item, dict) else None
                        broken.add(str(raw_id) if raw_id is not None else f"<{section}>")
                        continue
                    item_id = parsed_item.id
                    first = in_layer.get(item_id)
                    if first is not None:
                        problems.append(
                            origin.locate(
                                ("id",),
                                f"{section}[{i}].id",
                                f"duplicate id {item_id!r} (first defined at "
                                f"{first.path}:{first.line})",
                            )
                        )
                        continue
                    in_layer[item_id] = origin
                    origins[item_id] = origin
                    if isinstance(parsed_item, Node):
                        nodes[item_id] = parsed_item
                    elif isinstance(parsed_item, Rule):
                        rules[item_id] = parsed_item
                    else:
                        questions[item_id] = parsed_item

    version = (version_names[-1] + "+" if version_names else "") + digest.hexdigest()[:12]
    kb = KnowledgeBase(
        nodes=MappingProxyType(_with_kernels(nodes, origins)),
        rules=MappingProxyType(rules),
        questions=MappingProxyType(questions),
        weights=MappingProxyType(weights),
        origins=MappingProxyType(origins),
        version=version,
        layers=tuple(_display(p) for p in layers),
    )
    # Cross-checks run even when some items failed, so that one load reports everything; they
    # stay quiet about references to items that failed (those already have their own problem).
    errors, warnings = check_knowledge(kb, broken=frozenset(broken))
    if problems or errors:
        raise KnowledgeError([*problems, *errors])
    return dataclasses.replace(kb, warnings=tuple(warnings))


def _origin(path: str, marks: Marks, prefix: tuple[str | int, ...], raw: Any) -> Origin:
    line = marks.line_of(prefix)
    return Origin(path, line, marks, prefix, raw)


def _validate_item(
    section: str, item: Any, origin: Origin, problems: list[Problem]
) -> Node | Rule | Question | None:
    where = f"{section}[{origin.prefix[1]}]"
    if not isinstance(item, dict):
        problems.append(origin.locate((), where, "must be a mapping"))
        return None
    model: type[NodeModel] | type[RuleModel] | type[QuestionModel]
    if section == "nodes":
        raw_id = item.get("id")
        if not isinstance(raw_id, str):
            problems.append(
                origin.locate(
                    ("id",) if "id" in item else (),
                    f"{where}.id",
                    "every node needs an id 'kind/slug'",
                )
            )
            return None
        if not re.match(ID_PATTERN, raw_id):
            problems.append(
                origin.locate(
                    ("id",),
                    f"{where}.id",
                    f"{raw_id!r} is not a node id; write 'kind/slug' in lower case",
                )
            )
            return None
        kind = raw_id.split("/", 1)[0]
        found = KIND_MODELS.get(kind)
        if found is None:
            problems.append(
                origin.locate(("id",), f"{where}.id", f"unknown kind {kind!r}", sorted(KIND_MODELS))
            )
            return None
        model = found
    elif section == "rules":
        model = RuleModel
    else:
        model = QuestionModel
    try:
        record: Node | Rule | Question = to_record(model.model_validate(item))
    except ValidationError as exc:
        problems.extend(
            problems_from_validation(exc, origin.path, origin.marks, item, origin.prefix)
        )
        return None
    return record


def _with_kernels(nodes: dict[str, Node], origins: dict[str, Origin]) -> dict[str, Node]:
    """Add a ``kernel/...`` node for every ``technique.kernel`` reference not already defined."""
    out = dict(nodes)
    for node in nodes.values():
        if isinstance(node, Technique) and node.kernel:
            kid = "kernel/" + node.kernel.replace(":", ".").lower()
            if kid not in out:
                out[kid] = Kernel(
                    id=kid,
                    title=Bilingual(en=node.kernel, zh=node.kernel),
                    description=Bilingual(
                        en=f"Implements {node.title.en}.", zh=f"实现{node.title.zh}。"
                    ),
                    sources=node.sources,
                    ref=node.kernel,
                )
                origins.setdefault(kid, origins[node.id])
    return out
