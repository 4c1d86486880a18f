"""Stable ids for every problem the advisor reports: load errors, checks, lint and answers.

One mechanism gives every :class:`~advisor.errors.Problem` its id, wherever it was made: the
catalog below, an ordered list of checks each with the message patterns it owns (the messages
are written next to the code that finds each problem). :func:`check_of` returns the first check
whose pattern matches, in the problem's family (``knowledge`` or ``answers``; ``input`` for
files and options); ``ADV000 unclassified`` is what a new message gets until it is added here,
and the test suite fails on it (tests/authoring/test_checkids.py runs every bad-input fixture).
docs/knowledge-authors.md documents every id with a pass and a fail fixture.

Ids never change meaning: a retired check keeps its number, unused.

Examples:
    >>> from advisor.errors import Problem
    >>> check_of(Problem("kb.yaml", 3, 5, "risk/x.mitigated_by[0]",
    ...                  "'mitigation/y' names no node (dangling reference)")).code
    'ADV201'
    >>> check_of(Problem("a.yaml", 2, 1, "team_sise", "unknown question id"), "answers").name
    'unknown-question'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from advisor.errors import Problem

__all__ = ["CATALOG", "UNCLASSIFIED", "Check", "Family", "by_code", "check_of"]

Family = Literal["knowledge", "answers", "input"]


@dataclass(frozen=True)
class Check:
    """One kind of problem: a stable ``code``, a short ``name``, what it means, its level."""

    code: str
    name: str
    summary: str
    level: Literal["error", "warning"] = "error"
    #: regular expressions over ``key: message`` (the first check with a match wins)
    patterns: tuple[str, ...] = ()
    families: tuple[Family, ...] = ("knowledge", "answers", "input")

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def _c(
    code: str,
    name: str,
    summary: str,
    *patterns: str,
    level: Literal["error", "warning"] = "error",
    families: tuple[Family, ...] = ("knowledge", "answers", "input"),
) -> Check:
    return Check(code, name, summary, level, patterns, families)


_K: tuple[Family, ...] = ("knowledge",)
_A: tuple[Family, ...] = ("answers", "input")

UNCLASSIFIED = _c("ADV000", "unclassified", "A problem no check of this catalog describes yet.")

#: Every check, in matching order (specific patterns before general ones).
CATALOG: tuple[Check, ...] = (
    # --- files and their syntax (every input) -------------------------------------------------
    _c(
        "ADV001",
        "file-unreadable",
        "A file or folder that is missing, unreadable, or not a regular file.",
        r"file not found",
        r"cannot be read",
        r"is a folder, not a file",
        r"give a regular file",
        r"standard input is closed",
        r"knowledge folder not found",
        r"is not a folder",
        r"holds no \.yaml knowledge files",
        r"is neither a folder nor a file",
    ),
    _c(
        "ADV002",
        "not-text",
        "A binary file, or text that is not UTF-8.",
        r"is a binary file",
        r"is not UTF-8 text",
        r"contains control characters",
    ),
    _c("ADV003", "empty-file", "A file with nothing in it.", r"\bis empty$"),
    _c(
        "ADV004",
        "unsafe-yaml",
        "A YAML tag other than the plain ones (``!!python/object`` and the like).",
        r"tag .* is not allowed",
        r"mapping keys must be plain scalars",
    ),
    _c(
        "ADV005",
        "input-limits",
        "An input past a size limit: too large, nested too deep, expanding aliases, huge numbers.",
        r"is larger than .* MB",
        r"document expands to more than",
        r"nested more than \d+ levels deep",
        r"conditions nest more than",
        r"a number with \d+ digits is too large",
        r"is too large to represent",
    ),
    _c(
        "ADV006",
        "duplicate-key",
        "A key given twice in one mapping (YAML or JSON).",
        r"duplicate key",
    ),
    _c(
        "ADV007",
        "syntax-error",
        "Text that is not valid YAML or JSON, or more than one YAML document.",
        r"not valid YAML",
        r"not valid JSON",
        r"cannot be parsed",
        r"bad scalar",
        r"bad merge key",
        r"expected a single document",
    ),
    _c(
        "ADV008",
        "not-a-number",
        "NaN, infinity or a sexagesimal number where a finite number belongs.",
        r"is not a JSON number",
        r"must be a finite number",
    ),
    # --- answers ------------------------------------------------------------------------------
    _c(
        "ADV401",
        "unknown-question",
        "An answers file names a question id that no question has.",
        r"unknown question id",
        families=_A,
    ),
    _c(
        "ADV402",
        "missing-answer",
        "A required answer is missing and its question has no default.",
        r"is missing and has no default",
        families=_A,
    ),
    _c(
        "ADV403",
        "answers-not-a-mapping",
        "An answers file that is not a mapping of question id to answer.",
        r"an answers file is a mapping",
        families=_A,
    ),
    _c(
        "ADV404",
        "bad-setting",
        "A ``--set`` that is not KEY=VALUE.",
        r"is not KEY=VALUE",
        families=_A,
    ),
    _c(
        "ADV405",
        "invalid-answer",
        "An answer its question does not accept: wrong type, not a choice, out of range.",
        r"is not one of the choices",
        r"^[^:]*: expected ",
        r"is (above|below) the (maximum|minimum)",
        r"characters long; at most",
        r"'none' cannot be combined",
        r"choose at least one",
        r"is not an integer",
        r"is not a number",
        r"is not yes or no",
        r"does not match the pattern",
        families=_A,
    ),
    # --- knowledge: shape of a file -----------------------------------------------------------
    _c(
        "ADV101",
        "unknown-key",
        "A key the schema does not have (often a typo, or an unquoted comma inside {...}).",
        r"unknown key",
        families=_K,
    ),
    _c(
        "ADV102",
        "missing-field",
        "A field the schema requires is missing.",
        r"is required but missing",
        r"every node needs an id",
        families=_K,
    ),
    _c(
        "ADV103",
        "bad-section",
        "A file's top level is not a mapping of known sections, or a section is not a list.",
        r"unknown section",
        r"must be a list$",
        r"the top level must be a mapping",
        r"must be a mapping$",
        families=_K,
    ),
    _c(
        "ADV104",
        "bad-id",
        "An id that is not ``kind/slug``, or names an unknown kind.",
        r"is not a node id",
        r"unknown kind",
        families=_K,
    ),
    _c(
        "ADV105",
        "duplicate-id",
        "Two items of one folder with the same id.",
        r"duplicate id",
        families=_K,
    ),
    _c(
        "ADV106",
        "bad-condition",
        "A condition or action that is not one of the allowed forms.",
        r"exactly one operator",
        r"an action has exactly one key",
        r"not a condition",
        r"not an action",
        families=_K,
    ),
    _c(
        "ADV107",
        "bad-pattern",
        "A value that does not match its pattern, or a question pattern that is not plain RE2.",
        r"does not match the pattern",
        r"pattern is not valid RE2",
        r"pattern .*(too long|RE2)",
        families=_K,
    ),
    _c(
        "ADV108",
        "bad-question",
        "A question whose type, choices, limits or default do not fit together.",
        r"question needs choices",
        r"question takes no choices",
        r"duplicate choice values",
        r"min and max apply",
        r"pattern applies to text",
        r"^[^:]*\.default: ",
        families=_K,
    ),
    # matched before ADV109: its message names settings.product_kinds
    _c(
        "ADV210",
        "unknown-product-kind",
        "An ``applies_to`` naming no kind of ``settings.product_kinds``, or ``any`` with others.",
        r"is not a product kind",
        r"any stands alone",
        families=_K,
    ),
    # --- knowledge: warnings (kb validate and kb lint agree) ----------------------------------
    _c(
        "ADV109",
        "bad-settings",
        "Settings with an unknown criterion, a reason field its block does not fill, or none.",
        r"unknown criterion",
        r"settings",
        r"\{[a-z_]+\}",
        families=_K,
    ),
    _c(
        "ADV110",
        "bad-dates",
        "Dates that contradict each other.",
        r"effective_until is before effective_from",
        families=_K,
    ),
    _c(
        "ADV111",
        "bad-replaces",
        "A question's ``replaces`` names a current question, or maps to a value it lacks.",
        r"replaces",
        families=_K,
    ),
    # --- knowledge: the merged whole ----------------------------------------------------------
    _c(
        "ADV201",
        "dangling-reference",
        "A reference names no node.",
        r"names no node \(dangling reference\)",
        families=_K,
    ),
    _c(
        "ADV202",
        "wrong-kind",
        "A reference names a node of a kind this field does not take.",
        r"this takes ",
        families=_K,
    ),
    _c(
        "ADV203",
        "unknown-fact",
        "A condition reads a fact no question asks and no rule derives, or a later question.",
        r"reads unknown fact",
        r"which is not an earlier question",
        families=_K,
    ),
    _c(
        "ADV204",
        "operator-mismatch",
        "An operator that does not apply to the fact's type.",
        r"operator .* does not apply to",
        families=_K,
    ),
    _c(
        "ADV205",
        "impossible-value",
        "A condition compares a fact with a value it can never take.",
        r"impossible value",
        r"is not a use_cases( answer)? value",
        r"is not a number; ",
        r"is not true or false; ",
        families=_K,
    ),
    _c(
        "ADV206",
        "overwrites-answer",
        "A rule derives a fact with a question's id.",
        r"may not overwrite answers",
        families=_K,
    ),
    _c(
        "ADV207",
        "checks-a-derived-fact",
        "``check_answers`` names something that is not a question.",
        r"is not a question id",
        families=_K,
    ),
    _c(
        "ADV208",
        "precedes-cycle",
        "Stages whose ``precedes`` go round in a circle.",
        r"precedes forms a cycle",
        families=_K,
    ),
    _c(
        "ADV209",
        "schema-type",
        "A value of the wrong type or out of the schema's range.",
        r"Input should be",
        r"should have at (least|most)",
        r"is not one of the allowed values",
        r"binds lists a role twice",
        families=_K,
    ),
    _c(
        "ADV301",
        "never-fires",
        "A rule whose ``all`` contradicts itself on one fact.",
        r"can never fire",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV302",
        "stale-law",
        "A regulation whose ``as_of`` is more than a year old.",
        r"days old; check the law",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV303",
        "rule-cycle",
        "Rules that derive facts for each other: their order is only by salience.",
        r"is on a cycle of",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV304",
        "same-condition",
        "Two rules with the same condition.",
        r"same condition as",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV305",
        "orphan-node",
        "A mitigation, skill, success factor, need or obligation nothing refers to.",
        r"no node or rule refers to this",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV306",
        "risk-5x5",
        "``raise_risk`` at 5 x 5 outside a rule that applies the prohibited tier.",
        r"reserve 5 x 5",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV307",
        "risk-below-own",
        "``raise_risk`` sets a value below the risk's own (it has no effect).",
        r"below .*'s own",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV311",
        "applies-to-missing",
        "A risk, mitigation, technique, opportunity, threat, practice or partnership that does "
        "not state the products it applies to.",
        r"states no applies_to",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV312",
        "product-kind-underived",
        "A product kind of ``settings.product_kinds`` that no rule derives (it is never true).",
        r"no rule derives this product kind",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV313",
        "undiscriminating-reason",
        "A rule whose one reason is attached to more than three items of one kind, without "
        "telling them apart.",
        r"without telling them apart",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV308",
        "low-coverage",
        "The scenarios exercise fewer rules or condition branches than the threshold.",
        r"scenario coverage",
        level="warning",
        families=_K,
    ),
    # ADV309-ADV319 are kept for the fit and repetition checks of issue 11
    _c(
        "ADV320",
        "question-no-label",
        "A question without a short ``label`` for the report's tables and the tools.",
        r"question has no label",
        level="warning",
        families=_K,
    ),
    _c(
        "ADV321",
        "zh-ascii-space",
        "Chinese text with an ASCII space next to full-width punctuation or between characters.",
        r"ASCII space next to full-width punctuation",
        level="warning",
        families=_K,
    ),
)

_COMPILED = [(c, [re.compile(p) for p in c.patterns]) for c in CATALOG]
_BY_CODE = {c.code: c for c in (*CATALOG, UNCLASSIFIED)}


def by_code(code: str) -> Check:
    """The check with this code. Raises ``KeyError`` for an unknown one."""
    return _BY_CODE[code]


def check_of(problem: Problem, family: Family = "knowledge") -> Check:
    """The check that describes ``problem`` (``UNCLASSIFIED`` when none does)."""
    text = f"{problem.key}: {problem.message}" if problem.key else problem.message
    for check, patterns in _COMPILED:
        if family in check.families and any(p.search(text) for p in patterns):
            return check
    return UNCLASSIFIED
