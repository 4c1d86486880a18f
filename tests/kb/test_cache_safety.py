"""The caches are tamper-evident: only files this user signed are loaded; the rest are rebuilt."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from advisor.files import cachedir
from advisor.files.resources import builtin_knowledge_dir
from advisor.kb import cache as kbcache
from advisor.kb.load import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


class _Payload:
    """Unpickling this creates ``marker``: what a planted cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    return folder


def entry(cache: Path) -> Path:
    key = kbcache.key_for([builtin_knowledge_dir()])
    assert key is not None
    return cache / f"kb-{key}.pickle"


def test_the_folder_is_0700_and_the_key_and_entries_0600(cache: Path) -> None:
    load_knowledge(cache=True)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "key").stat().st_mode) == 0o600
    assert stat.S_IMODE(entry(cache).stat().st_mode) == 0o600
    assert [p for p in cache.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("signed_header", [False, True])
def test_a_planted_pickle_never_runs(cache: Path, tmp_path: Path, signed_header: bool) -> None:
    load_knowledge(cache=True)  # makes the folder and the key
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Payload(marker))
    assert pickle.loads(planted) and marker.exists()  # the payload does work when unpickled
    marker.unlink()
    head = cachedir._MAGIC + b"\0" * 32 if signed_header else b""  # right header, wrong MAC
    entry(cache).write_bytes(head + planted)
    kb = load_knowledge(cache=True)
    assert not marker.exists()
    assert len(kb.rules) > 0
    assert cachedir.read_signed(entry(cache)) is not None  # rebuilt, signed again


def test_a_corrupt_frame_header_is_ignored_and_rebuilt(cache: Path) -> None:
    load_knowledge(cache=True)
    blob = bytearray(entry(cache).read_bytes())
    start = len(cachedir._MAGIC) + 32  # the pickle: PROTO, then FRAME and its 8-byte length
    blob[start + 3 : start + 11] = b"\xff" * 8
    entry(cache).write_bytes(bytes(blob))
    assert len(load_knowledge(cache=True).rules) > 0
    assert kbcache.read(entry(cache).name[3:-7]) is not None  # the next run reads it again


def test_a_truncated_cache_is_ignored_and_rebuilt(cache: Path) -> None:
    load_knowledge(cache=True)
    blob = entry(cache).read_bytes()
    entry(cache).write_bytes(blob[: len(blob) // 2])
    assert len(load_knowledge(cache=True).rules) > 0
    assert entry(cache).read_bytes() == blob or cachedir.read_signed(entry(cache)) is not None


def test_a_file_signed_with_another_key_is_ignored(cache: Path) -> None:
    load_knowledge(cache=True)
    good = entry(cache).read_bytes()
    (cache / "key").write_bytes(os.urandom(32))  # as if another user's file had been copied in
    assert cachedir.read_signed(entry(cache)) is None
    entry(cache).write_bytes(good)
    assert kbcache.read(entry(cache).name[3:-7]) is None


def test_a_folder_others_may_write_is_not_used(cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o777)
    assert cachedir.trusted_dir() is None
    assert len(load_knowledge(cache=True).rules) > 0
    assert list(cache.iterdir()) == []


def test_a_key_others_may_read_is_not_trusted(cache: Path) -> None:
    load_knowledge(cache=True)
    (cache / "key").chmod(0o644)
    assert cachedir.read_signed(entry(cache)) is None


def test_a_planted_template_bytecode_never_runs(cache: Path, tmp_path: Path) -> None:
    """Jinja's compiled templates are marshalled code: a planted file must not be executed."""
    marker = tmp_path / "pwned"
    examples = ROOT / "examples" / "retail_minimal.yaml"
    report = [sys.executable, "-m", "advisor", "report", "--answers", str(examples)]
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(cache)}
    first = subprocess.run([*report, "-o", str(tmp_path / "a.md")], env=env, cwd=ROOT)
    assert first.returncode == 0
    plant = textwrap.dedent(
        f"""
        from pathlib import Path
        from jinja2.bccache import Bucket
        from advisor.report.render import _environment
        env = _environment()
        for name in env.list_templates():
            source, filename, _ = env.loader.get_source(env, name)
            bucket = env.bytecode_cache.get_bucket(env, name, filename, source)
            bucket.code = compile("open({str(marker)!r}, 'w')", filename, "exec")
            target = Path({str(cache / "templates")!r}, bucket.key + ".jbc")
            if target.exists():  # plant over the entries the report really uses
                target.write_bytes(bucket.bytecode_to_string())
        """
    )
    compiled = sorted((cache / "templates").glob("*.jbc"))
    assert compiled and all(cachedir.read_signed(p) is not None for p in compiled)
    subprocess.run([sys.executable, "-c", plant], env=env, cwd=ROOT, check=True)
    assert sorted((cache / "templates").glob("*.jbc")) == compiled  # the same entries, planted
    assert all(cachedir.read_signed(p) is None for p in compiled)
    second = subprocess.run([*report, "-o", str(tmp_path / "b.md")], env=env, cwd=ROOT)
    assert second.returncode == 0
    assert not marker.exists()
    assert (tmp_path / "b.md").read_text().startswith((tmp_path / "a.md").read_text()[:40])
    assert all(cachedir.read_signed(p) is not None for p in compiled)  # recompiled, signed
