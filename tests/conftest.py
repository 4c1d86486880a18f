"""Shared helpers for the advisor tests."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FileTree = Mapping[str, "str | bytes | FileTree"]


def write_tree(base: Path, tree: FileTree) -> Path:
    """Create files from a nested mapping: ``{"a.yaml": "text", "sub": {"b.yaml": b"..."}}``."""
    base.mkdir(parents=True, exist_ok=True)
    for name, content in tree.items():
        path = base / name
        if isinstance(content, Mapping):
            write_tree(path, content)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return base


@pytest.fixture
def build_file_tree(tmp_path: Path) -> Callable[[FileTree], Path]:
    def build(tree: FileTree) -> Path:
        return write_tree(tmp_path / "tree", tree)

    return build


@pytest.fixture(scope="session")
def session():  # type: ignore[no-untyped-def]
    """The built-in knowledge, loaded once for the whole test run."""
    from advisor.advice.session import open_session

    return open_session()


os.environ.setdefault("PYTHONHASHSEED", "0")
