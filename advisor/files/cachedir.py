"""The user's cache folder, shared by the knowledge cache and the compiled templates.

``$ADVISOR_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/advisor`` (``~/.cache/advisor``);
``ADVISOR_NO_CACHE=1`` turns every cache off.

Cache files are **signed**: each holds an HMAC-SHA256 of its content under a per-user key kept in
the folder (``key``, mode 0600; the folder is created 0700). A file that is truncated, corrupt,
written by someone else or signed with another key is ignored (the caller rebuilds it), so a
planted file is never unpickled. The folder and the key are trusted only when they belong to this
user and no one else may write the folder or read the key; otherwise no cache is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

__all__ = ["cache_dir", "enabled", "read_signed", "trusted_dir", "write_signed"]

_MAGIC = b"advisor-cache-v1\n"
_KEY_NAME = "key"
_KEY_BYTES = 32
_DIGEST = hashlib.sha256().digest_size
#: The largest cache file read back (far above the knowledge cache's few megabytes).
MAX_CACHE_BYTES = 256 * 2**20


def enabled() -> bool:
    """Whether caches may be used (``ADVISOR_NO_CACHE`` is not set)."""
    return not os.environ.get("ADVISOR_NO_CACHE")


def cache_dir() -> Path:
    """The folder caches live in (it may not exist yet)."""
    explicit = os.environ.get("ADVISOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "advisor"


def _private(st: os.stat_result, others: int) -> bool:
    return st.st_uid == os.geteuid() and not st.st_mode & others


def trusted_dir(sub: str = "", *, create: bool = True) -> Path | None:
    """The cache folder (or ``sub`` inside it), made 0700 if new; ``None`` where unsafe or unusable.

    Unsafe: not a folder, owned by another user, or writable by group or others.
    """
    folder = cache_dir()
    target = folder / sub if sub else folder
    try:
        if create:
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
        for f in {folder, target}:
            st = os.lstat(f)
            if not stat.S_ISDIR(st.st_mode) or not _private(st, 0o022):
                return None
    except OSError:
        return None
    return target


def _key(create: bool) -> bytes | None:
    """This user's signing key, made on first use; ``None`` if it is missing or not private."""
    folder = trusted_dir(create=create)
    if folder is None:
        return None
    path = folder / _KEY_NAME
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        if not create:
            return None
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:  # another run made it just now
            return _key(create=False)
        except OSError:
            return None
        key = secrets.token_bytes(_KEY_BYTES)
        try:
            os.write(fd, key)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(path)
            return None
        finally:
            os.close(fd)
        return key
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st, 0o077):
            return None
        key = os.read(fd, _KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == _KEY_BYTES else None


def _sign(key: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(key, name.encode() + b"\0" + payload, hashlib.sha256).digest()


def read_signed(path: Path) -> bytes | None:
    """The payload of a cache file this user wrote, or ``None`` (missing, foreign, corrupt)."""
    key = _key(create=False)
    if key is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            blob = fh.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    head = len(_MAGIC) + _DIGEST
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    mac, payload = blob[len(_MAGIC) : head], blob[head:]
    if not hmac.compare_digest(mac, _sign(key, path.name, payload)):
        return None
    return payload


def write_signed(path: Path, payload: bytes) -> bool:
    """Store ``payload`` signed, atomically, mode 0600; ``False`` when it could not be stored."""
    from advisor.errors import UserError
    from advisor.files.atomic import write_bytes_atomic

    key = _key(create=True)
    if key is None:
        return False
    try:
        write_bytes_atomic(path, _MAGIC + _sign(key, path.name, payload) + payload, mode=0o600)
    except UserError:
        return False
    return True
