"""The knowledge graph: a networkx MultiDiGraph of typed nodes and typed relations.

Built once from a :class:`~advisor.kb.load.KnowledgeBase`; everything else asks it questions
through the free functions below (graph first, named after what they answer).

Node attributes: ``kind``, ``title_en``, ``title_zh``. Edge attributes: ``relation`` (also the
edge key). Rules are nodes too (kind ``rule``): ``rule -reads-> question/...`` and
``rule -<action>-> target``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from advisor.errors import NodeNotFound
from advisor.kb.checks import refs_of
from advisor.kb.records import Technique
from advisor.kb.walk import reads

if TYPE_CHECKING:
    from advisor.kb.base import KnowledgeBase

__all__ = [
    "build_graph",
    "cases_showing",
    "directions_in",
    "kernels_of",
    "mitigations_for",
    "needs_addressed_by",
    "obligations_of",
    "related",
    "roles_for",
    "rules_concluding",
    "stage_order",
    "success_factors_of",
    "techniques_for",
    "to_dot",
    "to_graphml",
    "to_mermaid",
]

_ACTION_RELATION = {
    "raise_risk": "raises",
    "recommend": "recommends",
    "advise_against": "advises_against",
    "apply_regulation": "applies",
    "require_obligation": "requires_obligation",
    "exempt_regulation": "exempts",
}


def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Every node, question and rule of ``kb`` with every typed relation between them."""
    g = nx.MultiDiGraph(version=kb.version)
    for node in kb.nodes.values():
        g.add_node(node.id, kind=node.KIND, title_en=node.title.en, title_zh=node.title.zh)
    for q in kb.questions.values():
        g.add_node(f"question/{q.id}", kind="question", title_en=q.prompt.en, title_zh=q.prompt.zh)
    for node in kb.nodes.values():
        for name, (relation, _kinds) in refs_of(type(node)).items():
            value = getattr(node, name)
            for target in value if isinstance(value, tuple) else [value] if value else []:
                g.add_edge(node.id, target, key=relation, relation=relation)
        if isinstance(node, Technique) and node.kernel:
            kid = "kernel/" + node.kernel.replace(":", ".").lower()
            g.add_edge(node.id, kid, key="implemented_by", relation="implemented_by")
    for rule in kb.rules.values():
        g.add_node(rule.id, kind="rule", title_en=rule.because.en, title_zh=rule.because.zh)
        for fact in sorted(reads(rule.when)):
            if fact in kb.questions:
                g.add_edge(rule.id, f"question/{fact}", key="reads", relation="reads")
        for action in rule.then:
            rel = _ACTION_RELATION.get(action.kind)
            if rel is not None and action.body.id in g:
                g.add_edge(rule.id, action.body.id, key=rel, relation=rel)
            elif action.kind == "adjust" and action.body.where.id:
                g.add_edge(rule.id, action.body.where.id, key="adjusts", relation="adjusts")
            elif action.kind == "check_answers":
                for fact in action.body.facts:
                    if fact in kb.questions:
                        g.add_edge(rule.id, f"question/{fact}", key="checks", relation="checks")
    return g


def _require(g: nx.MultiDiGraph, node: str) -> None:
    if node not in g:
        raise NodeNotFound(f"{node!r} is not in the knowledge graph")


def related(g: nx.MultiDiGraph, node: str, relation: str, *, incoming: bool = False) -> list[str]:
    """Nodes linked to ``node`` by ``relation`` (outgoing, or incoming), in insertion order.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("risk/a", "mitigation/b", key="mitigated_by", relation="mitigated_by")
        'mitigated_by'
        >>> related(g, "mitigation/b", "mitigated_by", incoming=True)
        ['risk/a']

    Raises:
        NodeNotFound: ``node`` is not in the graph.
    """
    _require(g, node)
    edges: Iterable[tuple[str, str, str]] = (
        g.in_edges(node, keys=True) if incoming else g.out_edges(node, keys=True)
    )
    out: list[str] = []
    for u, v, key in edges:
        other = u if incoming else v
        if key == relation and other not in out:
            out.append(other)
    return out


def mitigations_for(g: nx.MultiDiGraph, risk: str) -> list[str]:
    """The mitigations of a risk.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("risk/data", "mitigation/augment", key="mitigated_by")
        >>> mitigations_for(g, "risk/data")
        ['mitigation/augment']
    """
    return related(g, risk, "mitigated_by")


def obligations_of(g: nx.MultiDiGraph, regulation: str) -> list[str]:
    """The obligations a regulation imposes.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("regulation/gdpr", "obligation/dpia", key="imposes")
        >>> obligations_of(g, "regulation/gdpr")
        ['obligation/dpia']
    """
    return related(g, regulation, "imposes")


def kernels_of(g: nx.MultiDiGraph, technique: str) -> list[str]:
    """The ``kernel/...`` nodes that implement a technique.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("technique/pruning", "kernel/technical.p.prune", key="implemented_by")
        >>> kernels_of(g, "technique/pruning")
        ['kernel/technical.p.prune']
    """
    return related(g, technique, "implemented_by")


def roles_for(g: nx.MultiDiGraph, direction: str) -> list[str]:
    """The roles a direction requires.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("direction/x", "role/cto", key="requires")
        >>> _ = g.add_edge("direction/x", "technique/t", key="requires")
        >>> roles_for(g, "direction/x")
        ['role/cto']
    """
    return [n for n in related(g, direction, "requires") if n.startswith("role/")]


def techniques_for(g: nx.MultiDiGraph, direction: str) -> list[str]:
    """The techniques a direction requires.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("direction/x", "technique/t", key="requires")
        >>> techniques_for(g, "direction/x")
        ['technique/t']
    """
    return [n for n in related(g, direction, "requires") if n.startswith("technique/")]


def needs_addressed_by(g: nx.MultiDiGraph, direction: str) -> list[str]:
    """The market needs a direction addresses.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("direction/x", "need/n", key="addresses")
        >>> needs_addressed_by(g, "direction/x")
        ['need/n']
    """
    return related(g, direction, "addresses")


def directions_in(g: nx.MultiDiGraph, industry: str) -> list[str]:
    """The directions of an industry.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("direction/x", "industry/legal", key="in_industry")
        >>> _ = g.add_edge("case/c", "industry/legal", key="in_industry")
        >>> directions_in(g, "industry/legal")
        ['direction/x']
    """
    return [
        n for n in related(g, industry, "in_industry", incoming=True) if n.startswith("direction/")
    ]


def success_factors_of(g: nx.MultiDiGraph, case: str) -> list[str]:
    """The success factors a case shows.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("case/openai", "success_factor/talent", key="shows")
        >>> success_factors_of(g, "case/openai")
        ['success_factor/talent']
    """
    return related(g, case, "shows")


def cases_showing(g: nx.MultiDiGraph, factor: str) -> list[str]:
    """The cases that show a success factor.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("case/openai", "success_factor/talent", key="shows")
        >>> cases_showing(g, "success_factor/talent")
        ['case/openai']
    """
    return related(g, factor, "shows", incoming=True)


def rules_concluding(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The rules whose actions name ``node`` (raise, recommend, advise against, apply, adjust).

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("rule/r", "risk/a", key="raises")
        >>> rules_concluding(g, "risk/a")
        ['rule/r']
    """
    _require(g, node)
    out: list[str] = []
    for u, _v, key in g.in_edges(node, keys=True):
        if key in (*_ACTION_RELATION.values(), "adjusts") and u not in out:
            out.append(u)
    return out


def stage_order(g: nx.MultiDiGraph) -> list[str]:
    """Stages in an order that respects ``precedes`` (ties broken by id).

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("stage/b", kind="stage"); g.add_node("stage/a", kind="stage")
        >>> _ = g.add_edge("stage/b", "stage/a", key="precedes")
        >>> stage_order(g)
        ['stage/b', 'stage/a']
    """
    stages = [n for n, k in g.nodes(data="kind") if k == "stage"]
    sub = nx.DiGraph()
    sub.add_nodes_from(stages)
    sub.add_edges_from(
        (u, v) for u, v, k in g.edges(stages, keys=True) if k == "precedes" and v in sub
    )
    return list(nx.lexicographical_topological_sort(sub))


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def to_dot(g: nx.MultiDiGraph, lang: str = "en") -> str:
    """The graph in Graphviz DOT."""
    lines = ["digraph knowledge {", "  rankdir=LR;", "  node [shape=box, fontsize=10];"]
    for n, data in g.nodes(data=True):
        label = f"{n}\\n{_dot_escape(str(data.get('title_' + lang, '')))[:60]}"
        lines.append(f'  "{_dot_escape(n)}" [label="{label}", group="{data.get("kind", "")}"];')
    for u, v, key in g.edges(keys=True):
        lines.append(f'  "{_dot_escape(u)}" -> "{_dot_escape(v)}" [label="{_dot_escape(key)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(g: nx.MultiDiGraph, lang: str = "en") -> str:
    """The graph as a Mermaid flowchart."""
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    lines = ["flowchart LR"]
    for n, data in g.nodes(data=True):
        title = str(data.get("title_" + lang, "")).replace('"', "'")[:50]
        lines.append(f'  {ids[n]}["{n}<br/>{title}"]')
    for u, v, key in g.edges(keys=True):
        lines.append(f"  {ids[u]} -->|{key}| {ids[v]}")
    return "\n".join(lines) + "\n"


def to_graphml(g: nx.MultiDiGraph, lang: str = "en") -> str:
    """The graph as GraphML (node kind and title, edge relation)."""
    del lang  # GraphML keeps both titles
    return "\n".join(nx.generate_graphml(g)) + "\n"
