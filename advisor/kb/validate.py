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
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from advisor.errors import KnowledgeError, Problem
from advisor.files.yamlio import Marks, YamlProblem, load_yaml_text, read_text_file
from advisor.kb.base import KnowledgeBase, Origin
from advisor.kb.depth import MAX_CONDITION_DEPTH, too_deep
from advisor.kb.problems import problems_from_validation
from advisor.kb.recordbase import CRITERIA, ID_PATTERN
from advisor.kb.records import Bilingual, Kernel, Node, Question, Rule, Technique
from advisor.kb.records import Settings as SettingsRecord
from advisor.kb.schema import KIND_MODELS, Scoring, Settings, to_record
from advisor.kb.schema import Question as QuestionModel
from advisor.kb.schema import Rule as RuleModel
from advisor.kb.schema.nodes import Node as NodeModel
from advisor.words.catalog import CATALOG

__all__ = ["REASON_FIELDS", "SECTIONS", "load_layers"]

#: The top-level keys a knowledge file may have.
SECTIONS: tuple[str, ...] = ("nodes", "rules", "questions", "settings")

#: The ``{fields}`` each built-in reason may use (its block, as a path under ``settings``).
REASON_FIELDS: Mapping[tuple[str, ...], frozenset[str]] = MappingProxyType(
    {
        ("scoring", "founder_fit", "industry_match"): frozenset(),
        ("scoring", "founder_fit", "industry_mismatch"): frozenset(),
        ("scoring", "founder_fit", "use_case_match"): frozenset({"use_cases"}),
        ("scoring", "founder_fit", "roles_present"): frozenset({"have", "need", "missing"}),
        ("scoring", "business_models", "segment_match"): frozenset(),
        ("scoring", "business_models", "segment_mismatch"): frozenset(),
        ("team", "direction_needs_role"): frozenset({"direction", "role"}),
    }
)


class _MergedSettings:
    """The settings of every layer so far: a later block replaces an earlier one whole."""

    def __init__(self) -> None:
        self.founder_fit: Any = None
        self.business_models: Any = None
        self.directions: Any = None
        self.team: Any = None
        self.authoring: Any = None
        self.report: Any = None
        self.version: str | None = None
        self.product_kinds: dict[str, Any] = {}

    def merge(self, parsed: Settings, weights: dict[str, float]) -> None:
        if parsed.scoring is not None:
            for name, w in parsed.scoring.weights.items():
                if name in CRITERIA:
                    weights[name] = w
            self.founder_fit = parsed.scoring.founder_fit or self.founder_fit
            self.business_models = parsed.scoring.business_models or self.business_models
            self.directions = parsed.scoring.directions or self.directions
        self.team = parsed.team or self.team
        self.authoring = parsed.authoring or self.authoring
        self.report = parsed.report or self.report
        self.version = parsed.knowledge_version or self.version
        self.product_kinds.update(parsed.product_kinds or {})  # a layer adds kinds

    def record(self, weights: Mapping[str, float]) -> SettingsRecord:
        model = Settings(
            knowledge_version=self.version,
            scoring=Scoring(
                weights=dict(weights),
                founder_fit=self.founder_fit,
                business_models=self.business_models,
                directions=self.directions,
            ),
            team=self.team,
            authoring=self.authoring,
            report=self.report,
            product_kinds=dict(self.product_kinds) or None,
        )
        record: SettingsRecord = to_record(model)
        return record


def _check_settings(parsed: Settings, shown: str, marks: Marks) -> list[Problem]:
    """Unknown criteria, and reason texts with ``{fields}`` their block does not fill in."""
    found: list[Problem] = []
    if parsed.scoring is not None:
        for name in parsed.scoring.weights:
            if name not in CRITERIA:
                line, col = marks.find(("settings", "scoring", "weights", name))
                key = f"settings.scoring.weights.{name}"
                found.append(Problem(shown, line, col, key, "unknown criterion", CRITERIA))
    for path, allowed in REASON_FIELDS.items():
        block: Any = parsed
        for part in path:
            block = getattr(block, part, None)
        if block is None:
            continue
        for lang in ("en", "zh"):
            text = getattr(block.because, lang)
            try:
                used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            except ValueError as exc:
                used, bad = set(), str(exc)
            else:
                bad = ""
            unknown = used - allowed
            if bad or unknown:
                where = ("settings", *path, "because", lang)
                line, col = marks.find(where)
                what = bad or f"unknown field {{{sorted(unknown)[0]}}} in the text"
                found.append(
                    Problem(
                        shown, line, col, ".".join(where), what, tuple(f"{{{f}}}" for f in allowed)
                    )
                )
    return found


def _missing_settings(kb: KnowledgeBase, settings: SettingsRecord, where: str) -> list[Problem]:
    """Scoring needs its settings once there is something to score."""
    found = []
    scoring = settings.scoring
    needs = (
        ("direction", "settings.scoring.founder_fit", scoring and scoring.founder_fit),
        ("business_model", "settings.scoring.business_models", scoring and scoring.business_models),
        ("direction", "settings.team", settings.team),
        ("direction", "settings.scoring.weights", scoring and scoring.weights),
    )
    for kind, key, present in needs:
        if not present and kb.of_kind(kind):
            message = f"is missing: the knowledge has {kind} nodes, which are scored with it"
            found.append(Problem(where, key=key, message=message))
    return found


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _files(folder: Path) -> list[Path]:
    """Every ``.yaml``/``.yml`` entry that is not a folder (a FIFO or device is refused later)."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and not p.is_dir())


def load_layers(layers: Sequence[Path]) -> KnowledgeBase:
    """Load, validate and cross-check these folders, later ones overriding earlier ones."""
    from advisor.kb.checks import check_knowledge  # the cross-checks import this module's types

    problems: list[Problem] = []
    nodes: dict[str, Node] = {}
    rules: dict[str, Rule] = {}
    questions: dict[str, Question] = {}
    origins: dict[str, Origin] = {}
    weights: dict[str, float] = {}
    merged = _MergedSettings()
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
            try:  # a regular, readable, UTF-8 file under the size cap; else a located problem
                text = read_text_file(path, shown)
                digest.update(shown.encode() + b"\0" + text.encode() + b"\0")
                doc = load_yaml_text(text, shown)
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
                    problems.extend(_check_settings(parsed, shown, doc.marks))
                    merged.merge(parsed, weights)
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
        settings=merged.record(weights),
    )
    if not problems:  # a layer whose settings failed already has its own problem
        problems.extend(_missing_settings(kb, kb.settings, _display(layers[-1]) if layers else "-"))
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
    deep = too_deep(item)
    if deep is not None:  # before pydantic: every later stage walks conditions recursively
        problems.append(
            origin.locate(
                deep,
                f"{where}.{deep[0]}...",
                f"conditions nest more than {MAX_CONDITION_DEPTH} levels of all/any/not "
                "(docs/knowledge-authors.md); split the rule or derive an intermediate fact",
            )
        )
        return None
    try:
        record: Node | Rule | Question = to_record(model.model_validate(item))
    except ValidationError as exc:
        problems.extend(
            problems_from_validation(exc, origin.path, origin.marks, item, origin.prefix)
        )
        return None
    return record


_IMPLEMENTS = {lang: words["knowledge"]["kernel_implements"] for lang, words in CATALOG.items()}


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
                        en=_IMPLEMENTS["en"].format(title=node.title.en),
                        zh=_IMPLEMENTS["zh"].format(title=node.title.zh),
                    ),
                    sources=node.sources,
                    ref=node.kernel,
                )
                origins.setdefault(kid, origins[node.id])
    return out
