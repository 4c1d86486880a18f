"""``advisor answers migrate FILE``: rewrite an answers file for the current knowledge.

Answers under the id of a question that another now ``replaces`` move to the new id, their values
mapped by ``replaces_values``; the file then records the knowledge version it was migrated to
(``_knowledge_version``, as ``advisor ask`` writes it); an adaptive run's ``_asked`` order is
kept, under the new ids. The result is checked like any answers
file before it is written, atomically; YAML comments are not kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor.answers.profile import (
    ASKED_KEY,
    VERSION_KEY,
    apply_replacements,
    read_answers_mapping,
)
from advisor.answers.questionnaire import check_partial_answers
from advisor.files.atomic import write_text_atomic
from advisor.files.yamlio import dump_yaml, to_json_text
from advisor.kb.base import KnowledgeBase

__all__ = ["migrate_answers", "migrate_file"]

_HEADER = "# Answers migrated by `advisor answers migrate` to knowledge version {version}.\n"


def migrate_answers(kb: KnowledgeBase, raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answers with replaced ids mapped and the version recorded, and what was done."""
    mapped, notes = apply_replacements(kb, raw)
    old_version = raw.get(VERSION_KEY)
    if old_version is not None and str(old_version) != kb.version:
        notes.append(f"knowledge version {old_version} -> {kb.version}")
    head: dict[str, Any] = {VERSION_KEY: kb.version}
    asked = raw.get(ASKED_KEY)
    if isinstance(asked, list):  # an adaptive run's order, under the new ids
        renamed = {q.replaces: q.id for q in kb.questions.values() if q.replaces}
        head[ASKED_KEY] = [renamed.get(a, a) if isinstance(a, str) else a for a in asked]
    elif asked is not None:
        head[ASKED_KEY] = asked  # kept as it is: `advisor ask --resume` names what is wrong
    return {**head, **mapped}, notes


def migrate_file(kb: KnowledgeBase, path: Path, target: Path) -> list[str]:
    """Read ``path``, migrate it, check it and write it to ``target``; return the notes.

    Raises:
        AnswersError: the file cannot be read, is not a mapping, or (after mapping) holds
            unknown ids or invalid values; nothing is written then.
    """
    doc = read_answers_mapping(kb, path)
    migrated, notes = migrate_answers(kb, doc.data)
    check_partial_answers(kb, migrated, path=doc.path)
    if target.suffix.lower() == ".json":
        text = to_json_text(migrated)
    else:
        text = _HEADER.format(version=kb.version) + dump_yaml(migrated)
    write_text_atomic(target, text)
    return notes
