"""JSON Schema of knowledge files, so that editors can check YAML as it is typed.

Point yaml-language-server at it with a first line ``# yaml-language-server: $schema=kb.json``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter

from advisor.kb.schema import KIND_MODELS, Question, Rule, Settings

__all__ = ["knowledge_schema"]


def knowledge_schema() -> dict[str, Any]:
    """One schema for a knowledge file: ``nodes`` (any kind, by id prefix), rules, questions."""
    defs: dict[str, Any] = {}
    node_refs: list[dict[str, Any]] = []
    for kind, model in sorted(KIND_MODELS.items()):
        schema = TypeAdapter(model).json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        schema["properties"]["id"] = {
            "type": "string",
            "pattern": f"^{kind}/[a-z0-9][a-z0-9_.\\-]*$",
        }
        name = f"node_{kind}"
        defs[name] = schema
        node_refs.append(
            {
                "if": {"properties": {"id": {"pattern": f"^{kind}/"}}},
                "then": {"$ref": f"#/$defs/{name}"},
            }
        )
    extra: dict[str, Any] = {}
    others: tuple[tuple[str, type[BaseModel]], ...] = (
        ("Rule", Rule),
        ("Question", Question),
        ("Settings", Settings),
    )
    for name, other in others:
        schema = TypeAdapter(other).json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[name] = schema
        extra[name] = {"$ref": f"#/$defs/{name}"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "advisor knowledge file",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "nodes": {
                "type": "array",
                "items": {"type": "object", "required": ["id"], "allOf": node_refs},
            },
            "rules": {"type": "array", "items": extra["Rule"]},
            "questions": {"type": "array", "items": extra["Question"]},
            "settings": extra["Settings"],
        },
        "$defs": defs,
    }
