"""Problems as machine output: plain JSON records and SARIF 2.1.0 (like ``ansible-lint -f sarif``).

Each problem carries its check (:mod:`advisor.kb.checkids`): ``ruleId`` is the stable code
(``ADV201``), the rule's ``name`` the readable one (``dangling-reference``). Lines and columns are
1-based, as SARIF wants; a problem without a line has a location without a region.

Examples:
    >>> from advisor.errors import Problem
    >>> problem_record(Problem("kb.yaml", 3, 7, "rules[0].when", "reads unknown fact 'x'"))["id"]
    'ADV203'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.errors import Problem
from advisor.kb.checkids import CATALOG, UNCLASSIFIED, Check, Family, check_of

__all__ = ["SARIF_SCHEMA", "problem_record", "problems_json", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: where each check is documented (relative to the project: the advisor has no web site)
DOCS = "docs/knowledge-authors.md"


def problem_record(problem: Problem, family: Family = "knowledge") -> dict[str, Any]:
    """One problem as a JSON-ready mapping (file, line, column, key, message, allowed, id)."""
    check = check_of(problem, family)
    return {
        "id": check.code,
        "check": check.name,
        "level": problem.severity if problem.severity in ("error", "warning") else check.level,
        "file": problem.path,
        "line": problem.line or None,
        "column": problem.col or None,
        "key": problem.key or None,
        "message": problem.message,
        "allowed": list(problem.allowed),
    }


def problems_json(problems: Iterable[Problem], family: Family = "knowledge") -> dict[str, Any]:
    """``{"problems": [record...], "errors": N, "warnings": N}``."""
    records = [problem_record(p, family) for p in problems]
    return {
        "problems": records,
        "errors": sum(r["level"] == "error" for r in records),
        "warnings": sum(r["level"] == "warning" for r in records),
    }


def _uri(path: str, root: Path) -> tuple[str, str | None]:
    """A URI for ``path``: relative to ``root`` (with the SRCROOT base) when inside it."""
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix(), "SRCROOT"
    try:
        return p.relative_to(root).as_posix(), "SRCROOT"
    except ValueError:
        return p.as_uri(), None


def _rule(check: Check) -> dict[str, Any]:
    return {
        "id": check.code,
        "name": check.name,
        "shortDescription": {"text": check.summary},
        "defaultConfiguration": {"level": check.level},
        "help": {"text": f"{check.summary} See {DOCS}, section {check.code} {check.name}."},
    }


def to_sarif(
    problems: Sequence[Problem], family: Family = "knowledge", root: Path | None = None
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: every check as a rule, every problem as a result."""
    root = (root or Path.cwd()).resolve()
    checks = [*CATALOG, UNCLASSIFIED]
    index = {c.code: i for i, c in enumerate(checks)}
    results = []
    for p in problems:
        record = problem_record(p, family)
        uri, base = _uri(p.path, root)
        artifact: dict[str, Any] = {"uri": uri}
        if base:
            artifact["uriBaseId"] = base
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if p.line >= 1:
            region: dict[str, Any] = {"startLine": p.line}
            if p.col >= 1:
                region["startColumn"] = p.col
            physical["region"] = region
        text = f"{p.key}: {p.message}" if p.key else p.message
        if p.allowed:
            text += "; allowed: " + ", ".join(p.allowed[:40])
        results.append(
            {
                "ruleId": record["id"],
                "ruleIndex": index[record["id"]],
                "level": record["level"],
                "message": {"text": text},
                "locations": [{"physicalLocation": physical}],
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "advisor",
                        "version": __version__,
                        "rules": [_rule(c) for c in checks],
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": root.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
