"""A cache of validated knowledge, so that a report does not re-parse and re-validate YAML.

Key: SHA-256 over the advisor version, the Python version, pydantic's version file, the source of
every module that takes part in a load (:func:`code_files`: all of ``advisor/files/``,
``advisor/kb/``, ``advisor/words/`` and ``advisor/errors.py``), and the path and bytes of every
knowledge file. The cache holds records (:mod:`advisor.kb.records`), so reading it imports no
pydantic. Only a load that validated is stored; a cache file that is unreadable, stale, corrupt,
truncated or not signed with this user's key is ignored and rebuilt (signing and the folder's
0700/0600 permissions: :mod:`advisor.files.cachedir`), so a planted pickle never runs. Set
``ADVISOR_NO_CACHE=1`` to bypass it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from advisor.files.cachedir import read_signed, trusted_dir, write_signed
from advisor.files.yamlio import Marks
from advisor.kb.base import KnowledgeBase, Origin

__all__ = ["code_files", "key_for", "read", "write"]

_MAX_ENTRIES = 16


def code_files() -> list[Path]:
    """The source files whose code shapes a load: a change to any of them invalidates the cache."""
    package = Path(__file__).resolve().parent.parent  # advisor/
    files = [package / "errors.py", *(package / "files").rglob("*.py")]
    files += [*(package / "kb").rglob("*.py"), *(package / "words").rglob("*.py")]
    return sorted(files)


def key_for(layers: Sequence[Path]) -> str | None:
    """The cache key of these knowledge folders, or None if one cannot be read."""
    from importlib.util import find_spec

    from advisor import __version__

    h = hashlib.sha256()
    h.update(f"{__version__}\0{sys.version}\0".encode())
    code = code_files()
    spec = find_spec("pydantic")  # finds, does not import: validation may change with pydantic
    if spec is not None and spec.origin:
        code.append(Path(spec.origin).with_name("version.py"))
    for path in sorted(code):
        try:
            h.update(path.read_bytes())
        except OSError:
            return None
    try:
        for layer in layers:
            h.update(b"\1" + str(layer.resolve()).encode())
            if not layer.is_dir():
                return None
            for f in sorted(layer.rglob("*")):
                if f.suffix in (".yaml", ".yml") and f.is_file():
                    h.update(str(f.relative_to(layer)).encode() + b"\0" + f.read_bytes() + b"\0")
    except OSError:
        return None
    return h.hexdigest()[:32]


def _path(key: str) -> Path | None:
    folder = trusted_dir()
    return None if folder is None else folder / f"kb-{key}.pickle"


def read(key: str) -> KnowledgeBase | None:
    """The cached knowledge for ``key``, or ``None``: missing, unsigned, corrupt or stale.

    Only a file signed with this user's key (:func:`advisor.files.cachedir.read_signed`) is
    unpickled, so a file planted in the folder never runs code.
    """
    path = _path(key)
    payload = read_signed(path) if path is not None else None
    if payload is None:
        return None
    try:
        kb = pickle.loads(payload)
    except Exception:  # our own file, from another version of a class: rebuild it
        return None
    if not isinstance(kb, KnowledgeBase):
        return None
    return _wrap(kb, MappingProxyType)


def write(key: str, kb: KnowledgeBase) -> None:
    """Store ``kb`` (best effort: a read-only or full disk only costs speed next time)."""

    origins = {
        k: Origin(o.path, o.line, Marks({o.prefix: (o.line, 0)}), o.prefix, None)
        for k, o in kb.origins.items()
    }
    slim = dataclasses.replace(kb, origins=origins)
    path = _path(key)
    if path is None:
        return
    try:
        payload = pickle.dumps(_plain(slim), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, RecursionError):  # nothing is written then
        return
    if not write_signed(path, payload):
        return
    old = sorted(path.parent.glob("kb-*.pickle"), key=_mtime)
    for stale in old[:-_MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            stale.unlink()
    for tmp in path.parent.glob(".kb-*.tmp"):  # left by a run that was killed (SIGKILL)
        with contextlib.suppress(OSError):
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink()


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


def _plain(kb: KnowledgeBase) -> KnowledgeBase:
    """MappingProxyType does not pickle; store dicts and re-wrap on the way out."""

    return _wrap(kb, dict)


def _wrap(kb: KnowledgeBase, how: Any) -> KnowledgeBase:
    return dataclasses.replace(
        kb,
        nodes=how(kb.nodes),
        rules=how(kb.rules),
        questions=how(kb.questions),
        weights=how(kb.weights),
        origins=how(kb.origins),
    )
