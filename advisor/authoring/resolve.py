"""Find a knowledge item by what a person types: its id, the id without its kind, or its title.

``advisor explain "Hallucinated outputs"`` and ``advisor whatif --flip model_hallucination``
reach the same risk as ``risk/model_hallucination``. Titles match in either language, ignoring
case and spacing; when nothing matches, the error names the closest ids and titles.

Examples:
    >>> from advisor.kb.load import load_knowledge
    >>> kb = load_knowledge()
    >>> resolve_item(kb, "risk/model_hallucination"), resolve_item(kb, "model_hallucination")
    ('risk/model_hallucination', 'risk/model_hallucination')
    >>> resolve_item(kb, "hallucinated OUTPUTS")
    'risk/model_hallucination'
"""

from __future__ import annotations

import difflib

from advisor.errors import NodeNotFound
from advisor.kb.base import KnowledgeBase

__all__ = ["resolve_item"]

_SUGGESTIONS = 5


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def resolve_item(kb: KnowledgeBase, text: str) -> str:
    """The id of the node or rule ``text`` names.

    Raises:
        NodeNotFound: nothing matches, or a title is shared by several items (the message lists
            the candidates, or the closest ids and titles).
    """
    wanted = text.strip()
    if wanted in kb.nodes or wanted in kb.rules:
        return wanted
    short = [i for i in (*kb.nodes, *kb.rules) if i.partition("/")[2] == wanted]
    if len(short) == 1:
        return short[0]
    titles: dict[str, set[str]] = {}
    for node in kb.nodes.values():
        for title in (node.title.en, node.title.zh):
            titles.setdefault(_key(title), set()).add(node.id)
    hit = sorted(titles.get(_key(wanted), set()) | set(short))
    if len(hit) == 1:
        return hit[0]
    if hit:
        raise NodeNotFound(f"{wanted!r} names several items: {', '.join(hit)}; give one id")
    by_title = {k: sorted(v)[0] for k, v in titles.items()}
    close = difflib.get_close_matches(
        _key(wanted), [*by_title, *kb.nodes, *kb.rules], n=_SUGGESTIONS, cutoff=0.6
    )
    shown = []
    for c in close:
        item = by_title.get(c, c)
        found = kb.nodes.get(item)
        label = f"{found.title.en} ({item})" if found is not None else item
        if label not in shown:
            shown.append(label)
    hint = f"; did you mean: {'; '.join(shown)}?" if shown else ""
    raise NodeNotFound(f"{wanted!r} names no node, rule or title{hint}")
