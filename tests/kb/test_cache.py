from __future__ import annotations

from pathlib import Path

import pytest

from advisor.kb import cache as kbcache
from advisor.kb.load import load_knowledge


def test_a_cached_load_equals_a_fresh_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    fresh = load_knowledge(cache=False)
    first = load_knowledge(cache=True)  # writes
    assert list(tmp_path.glob("kb-*.pickle"))
    second = load_knowledge(cache=True)  # reads
    assert second.version == fresh.version
    assert list(second.nodes) == list(fresh.nodes) and list(second.rules) == list(fresh.rules)
    assert second.nodes == fresh.nodes and first.rules == second.rules
    assert second.where("risk/insufficient_training_data") == fresh.where(
        "risk/insufficient_training_data"
    )


def test_a_corrupt_cache_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    load_knowledge(cache=True)
    (entry,) = tmp_path.glob("kb-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert len(load_knowledge(cache=True).rules) > 0


def test_editing_a_knowledge_file_changes_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "a.yaml").write_text("nodes: []\n", encoding="utf-8")
    before = kbcache.key_for([folder])
    (folder / "a.yaml").write_text("nodes: []\nrules: []\n", encoding="utf-8")
    assert kbcache.key_for([folder]) != before
