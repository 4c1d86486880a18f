"""One exception root for the advisor; only the CLI turns these into exit codes.

``UserError`` and its subclasses mean *bad input* (exit status 2, a message and no traceback).
Anything else escaping to the CLI is a bug (exit status 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "AdvisorError",
    "AnswersError",
    "InputErrors",
    "KnowledgeError",
    "NodeNotFound",
    "Problem",
    "UserError",
]


class AdvisorError(Exception):
    """Root of every error the advisor raises on purpose."""


class UserError(AdvisorError):
    """Bad input from the user: a file, an option or an answer. Exit status 2."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    Renders as ``path:line:col: key: message; allowed: ...`` (parts that are unknown are left out).
    """

    path: str
    line: int = 0
    col: int = 0
    key: str = ""
    message: str = ""
    allowed: tuple[str, ...] = field(default=(), compare=False)
    severity: str = field(default="error", compare=False)

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: "
        if self.severity != "error":
            text += f"{self.severity}: "
        if self.key:
            text += f"{self.key}: "
        text += self.message
        if self.allowed:
            shown = ", ".join(self.allowed[:40])
            if len(self.allowed) > 40:
                shown += f", ... ({len(self.allowed) - 40} more)"
            text += f"; allowed: {shown}"
        return text


class InputErrors(UserError):
    """Every problem found in one load, reported together."""

    def __init__(self, problems: Iterable[Problem], what: str = "input") -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        self.what = what
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {self.what}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class KnowledgeError(InputErrors):
    """The knowledge base (built-in or a ``--kb`` folder) is invalid."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__(problems, what="the knowledge base")


class AnswersError(InputErrors):
    """An answers file, or an answer given at a prompt, is invalid."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems, what="the answers")


class NodeNotFound(UserError, KeyError):
    """An id names no node of the knowledge graph."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want the plain message
        return str(self.args[0]) if self.args else "node not found"
