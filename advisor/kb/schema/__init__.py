"""Pydantic models of everything the knowledge base holds (no I/O here).

These validate input at the edge. What the rest of the program holds are the records generated
from them (:mod:`advisor.kb.records`, :mod:`advisor.report.model`); :func:`to_record` turns a
validated model into its record.
"""

from __future__ import annotations

from advisor.kb.schema.common import Bilingual, DocSource, NodeId, Source, Strict, kind_of
from advisor.kb.schema.conditions import Compare, Condition
from advisor.kb.schema.files import FileShape, Scoring, Settings
from advisor.kb.schema.nodes import KIND_MODELS, Node
from advisor.kb.schema.parse import parse_condition, parse_question, parse_rule, to_record
from advisor.kb.schema.questions import Choice, Question
from advisor.kb.schema.rules import CRITERIA, Action, Rule

__all__ = [
    "CRITERIA",
    "KIND_MODELS",
    "Action",
    "Bilingual",
    "Choice",
    "Compare",
    "Condition",
    "DocSource",
    "FileShape",
    "Node",
    "NodeId",
    "Question",
    "Rule",
    "Scoring",
    "Settings",
    "Source",
    "Strict",
    "kind_of",
    "parse_condition",
    "parse_question",
    "parse_rule",
    "to_record",
]
