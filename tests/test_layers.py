"""The shape of advisor/: stages import down, never up, and no two modules import each other.

Every import counts, also one inside a function (it still makes the modules depend on each
other); only imports under ``if TYPE_CHECKING:`` are exempt, since they never run. The stages, from
the bottom (docs/architecture.md says what each owns):

    errors, words < files < kb < rules < answers < report < advice < authoring < cli

``report/`` sits below ``advice/`` because the report model is the contract that advice fills in;
the renderer takes a finished report and never calls back into advice.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "advisor"

STAGES = (
    ("errors", "words"),
    ("files",),
    ("kb",),
    ("rules",),
    ("answers",),
    ("report",),
    ("advice",),
    ("authoring",),
    ("cli", "cli_authoring", "cli_output", "__main__"),
)
RANK = {name: level for level, names in enumerate(STAGES) for name in names}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, here: str, modules: set[str]) -> set[str]:
    """The advisor modules a module's code imports (at any depth), TYPE_CHECKING blocks aside."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            base = node.module
            if node.level:  # relative: resolve against this module's package
                pkg = here.split(".")[: -node.level]
                base = ".".join([*pkg, node.module])
            for alias in node.names:  # ``from advisor.kb import cache`` imports a module
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in modules and m != here}


def import_graph() -> nx.DiGraph:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in files}
    g = nx.DiGraph()
    for path in files:
        here = _module_name(path)
        g.add_node(here)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target in _imports(tree, here, modules):
            g.add_edge(here, target)
    return g


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "advisor"


def test_the_graph_sees_imports_inside_functions_and_skips_type_checking() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from advisor.kb.base import KnowledgeBase\n"
        "def f():\n    from advisor.kb import cache\n    import advisor.rules.engine\n"
    )
    modules = {"advisor.kb.base", "advisor.kb.cache", "advisor.kb", "advisor.rules.engine"}
    found = _imports(ast.parse(source), "advisor.x", modules)
    assert found == {"advisor.kb.cache", "advisor.rules.engine"}


def test_no_module_of_advisor_is_on_an_import_circle() -> None:
    circles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert not circles, f"modules importing each other (directly or round about): {circles}"


def test_every_stage_imports_only_the_stages_below_it() -> None:
    wrong = []
    for a, b in import_graph().edges:
        sa, sb = _stage(a), _stage(b)
        if sa == sb or "advisor" in (sa, sb):
            continue
        if sa not in RANK or sb not in RANK:
            wrong.append(f"{a} -> {b}: stage not in STAGES")
        elif RANK[sb] > RANK[sa]:
            wrong.append(f"{a} ({sa}) imports {b} ({sb}), a later stage")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("stage", ["kb", "files", "words"])
def test_knowledge_loading_never_reaches_answers_or_advice(stage: str) -> None:
    g = import_graph()
    reached = {
        m for start in g if _stage(start) == stage for m in nx.descendants(g, start) | {start}
    }
    assert not {m for m in reached if _stage(m) in ("answers", "advice", "report")}


def test_package_inits_hold_no_code() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        if init.parent == PACKAGE:
            continue  # advisor/__init__.py holds __version__
        tree = ast.parse(init.read_text(encoding="utf-8"))
        body = [n for n in tree.body if not isinstance(n, ast.Expr)]  # a docstring is fine
        assert all(isinstance(n, ast.ImportFrom | ast.Assign) for n in body), init


def test_no_hand_written_module_is_past_600_lines() -> None:
    """A module past ~600 lines is a sign to split it (generated ones say so on line 1)."""
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.startswith('"""Generated by'):
            continue
        if (n := text.count("\n")) > 600:
            long.append(f"{path.relative_to(PACKAGE)}: {n} lines")
    assert not long, long
