"""Load every knowledge file, validate it all, and raise once with every problem found.

Layers: the built-in ``knowledge/`` folder, then each ``--kb DIR`` in order. A later layer's id
replaces an earlier layer's node (or rule, or question) of the same id; within one layer an id may
be defined once. The merged whole is then checked: references, facts read by rules and their
values, action targets (see :mod:`advisor.kb.checks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from advisor.files import cachedir
from advisor.files.resources import builtin_knowledge_dir
from advisor.kb import cache as kbcache
from advisor.kb.base import KnowledgeBase

__all__ = ["load_knowledge"]


def load_knowledge(
    extra: Sequence[Path] = (),
    *,
    builtin: bool = True,
    cache: bool | None = None,
) -> KnowledgeBase:
    """Load the built-in knowledge plus ``extra`` folders; raise :class:`KnowledgeError` once.

    Parsing and validation live in :mod:`advisor.kb.validate`. A knowledge base that validated is
    cached (see :mod:`advisor.kb.cache`), keyed by the bytes of every file and the schema's code,
    so the next run skips parsing and validation (and never imports pydantic). ``cache=None``
    uses the cache unless ``ADVISOR_NO_CACHE`` is set.

    Raises:
        KnowledgeError: with every problem of every file (syntax, schema, references, facts).
    """
    layers = ([builtin_knowledge_dir()] if builtin else []) + [Path(p) for p in extra]
    use_cache = cachedir.enabled() if cache is None else cache
    key = kbcache.key_for(layers) if use_cache else None
    if key is not None:
        cached = kbcache.read(key)
        if cached is not None:
            return cached
    from advisor.kb.validate import load_layers  # pydantic and the YAML parser: only on a miss

    kb = load_layers(layers)
    if key is not None:
        kbcache.write(key, kb)
    return kb
