from __future__ import annotations

import json
import subprocess
import sys
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


def test_the_key_covers_every_module_of_advisor_that_a_load_runs() -> None:
    """An edited loader, checker, record or YAML reader must never be served a stale cache."""
    script = (
        "import sys, json\n"
        "from advisor.kb.load import load_knowledge\n"
        "load_knowledge(cache=False)\n"
        "print(json.dumps([m.__file__ for n, m in sys.modules.items()\n"
        "    if n.startswith('advisor') and getattr(m, '__file__', None)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    ran = {Path(f).resolve() for f in json.loads(done.stdout)}
    package = Path(kbcache.__file__).resolve().parents[1]
    # advisor/__init__.py holds only __version__, which the key hashes itself; the other package
    # __init__ files are empty or re-export modules that are themselves in the list
    exempt = {p for p in ran if p.name == "__init__.py" and p != package / "kb/schema/__init__.py"}
    assert package / "kb" / "validate.py" in ran  # the load really ran
    missing = ran - exempt - set(kbcache.code_files())
    assert not missing, f"modules a load runs but the cache key ignores: {sorted(missing)}"
