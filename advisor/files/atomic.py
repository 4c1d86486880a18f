"""Write files atomically: a temporary file in the same folder, fsync, then ``os.replace``.

A reader (or a crash, or Ctrl-C, or SIGTERM) sees the old file or the new one, never half of one,
and no temporary file is left behind. What sits at the path decides how it is written:

* nothing, or a regular file: replaced atomically (its permission bits are kept);
* a symbolic link: the file it points to is replaced atomically, and the link stays;
* a FIFO, a character device (``/dev/null``, a terminal) or an open descriptor (``/dev/stdout``,
  ``/dev/fd/N``): written straight through, never replaced;
* anything else (a folder, a block device, a kernel file under ``/proc`` or ``/sys``) and a folder
  that cannot be written: a :class:`~advisor.errors.UserError` naming the path and why.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from advisor.errors import UserError

__all__ = ["write_bytes_atomic", "write_text_atomic"]

#: Paths that name an already open descriptor: writing there must not replace anything.
_DESCRIPTOR = re.compile(r"^/(?:dev/std(?:in|out|err)|dev/fd/\d+|proc/[^/]+/fd/\d+)$")
#: Kernel file systems: their "regular files" are interfaces, not places for output.
_KERNEL = ("/proc/", "/sys/")
_MAX_LINKS = 40
_NAME_TRIES = 100


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Terminated(BaseException):
    """SIGTERM arrived during a write (raised by the handler, so ``finally`` blocks run)."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_cleans_up() -> Iterator[None]:
    """Turn SIGTERM into an exception while the body runs; deliver it again afterwards.

    The signal goes back to the handler that was there before (by default: the process ends
    with the SIGTERM status), once the body's own clean-up has run.
    """
    previous = (
        signal.getsignal(signal.SIGTERM)
        if threading.current_thread() is threading.main_thread()
        else None
    )
    if previous is None or previous == signal.SIG_IGN:
        yield  # not ours to change (another thread, an ignored or a foreign handler)
        return
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signal.SIGTERM)
        raise SystemExit(128 + signal.SIGTERM) from None  # a Python handler chose to go on
    finally:
        signal.signal(signal.SIGTERM, previous)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _where(path: Path) -> tuple[str, Path]:
    """How to write ``path``: ``("replace", file)`` or ``("through", file)``.

    Raises:
        UserError: the path names something that can be neither replaced nor written through.
    """
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        if _DESCRIPTOR.match(current):
            return "through", Path(current)
        try:
            st = os.lstat(current)
        except OSError:  # nothing there yet (or a folder we cannot see into: mkstemp will say)
            if current.startswith(_KERNEL):
                raise UserError(
                    f"{path}: cannot write: {os.path.dirname(current)} is a kernel file system "
                    "(read-only interfaces); choose a path in a normal folder"
                ) from None
            return "replace", Path(current)
        if stat.S_ISLNK(st.st_mode):
            target = os.readlink(current)
            current = os.path.normpath(os.path.join(os.path.dirname(current), target))
            continue
        if stat.S_ISREG(st.st_mode):
            if current.startswith(_KERNEL):
                raise UserError(
                    f"{path}: cannot write: {current} is a kernel interface file, not a place "
                    "for output; choose a path in a normal folder"
                )
            return "replace", Path(current)
        if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
            return "through", Path(current)
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"{path}: cannot write: it is a folder; give a file name")
        raise UserError(
            f"{path}: cannot write: it is neither a regular file, a FIFO nor a character device"
        )
    raise UserError(f"{path}: cannot write: more than {_MAX_LINKS} symbolic links to follow")


def _write_through(path: Path, shown: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_CLOEXEC)
    except OSError as exc:
        raise UserError(f"{shown}: cannot write: {_why(exc)}") from None
    try:
        view = memoryview(data)
        while view:
            done = os.write(fd, view)
            view = view[done:]
    except OSError as exc:
        raise UserError(f"{shown}: cannot write: {_why(exc)}") from None
    finally:
        os.close(fd)


def write_bytes_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Put ``data`` at ``path``: atomically for a file, straight through for a stream.

    Args:
        path: where to write (see the module docstring for what each kind of path gets).
        data: the whole content.
        mode: permission bits of a new file (default: 0666 less the umask, or the bits of the
            file being replaced).

    Raises:
        UserError: the folder does not exist or cannot be written, the disk is full, or the
            path cannot take output.
    """
    how, target = _where(Path(path))
    if how == "through":
        _write_through(target, Path(path), data)
        return
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"{path}: cannot write: folder {folder} does not exist")
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()  # a report is an ordinary file, not a private temp file
    with _sigterm_cleans_up():
        # One ``finally`` covers the whole life of the temporary file, and its name is bound
        # before the file exists: a SIGTERM between any two steps finds it in ``tmp``.
        tmp: str | None = None
        try:
            fd = -1
            for _ in range(_NAME_TRIES):
                tmp = str(folder / f".{target.name}.{secrets.token_hex(4)}.tmp")
                try:
                    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
                    break
                except FileExistsError:
                    tmp = None
                except OSError as exc:
                    tmp = None
                    raise UserError(
                        f"{path}: cannot write: cannot create a file in folder {folder}: "
                        f"{_why(exc)}"
                    ) from None
            if tmp is None:
                raise UserError(f"{path}: cannot write: no free temporary name in {folder}")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, mode)
                os.replace(tmp, target)
                tmp = None
            except OSError as exc:
                raise UserError(f"{path}: cannot write: {_why(exc)}") from None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; see :func:`write_bytes_atomic`.

    Raises:
        UserError: the folder does not exist or cannot be written.
    """
    write_bytes_atomic(path, text.encode("utf-8"))
