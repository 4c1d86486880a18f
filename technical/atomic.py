"""Every file ``technical`` writes goes through here: JSON results, evidence, checkpoints,
saved models, PNG grids.

Both functions hand the finished content to the advisor's writer (:mod:`advisor.files.atomic`,
which imports no torch), so the two packages write files the same way: a temporary file beside
the target, fsync, then ``os.replace`` (a reader or a crash sees the old file or the new one,
never half of one); a symlink keeps pointing at the replaced file; a FIFO or a character device
(``/dev/null``, ``/dev/stdout``) is written straight through; a missing folder or a path that
cannot take output is a :class:`advisor.errors.UserError` (exit status 2 from the CLI); and the
temporary file is removed on error and on SIGTERM.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from advisor.files.atomic import write_bytes_atomic, write_text_atomic

__all__ = ["write_atomic", "write_text"]


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Create or replace ``path`` with ``text`` (UTF-8).

    Raises:
        advisor.errors.UserError: the folder does not exist or cannot be written, or the path
            cannot take output.

    Examples:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.json"
        >>> write_text(target, "{}")
        >>> target.read_text()
        '{}'
    """
    write_text_atomic(Path(path), text)


def write_atomic(path: str | os.PathLike[str], write: Callable[[IO[bytes]], object]) -> None:
    """Create or replace ``path`` with what ``write`` writes to a binary handle.

    ``write`` (e.g. ``torch.save``) runs against memory first, so a serializer that fails
    leaves nothing on disk; the bytes are then written like :func:`write_text`.

    Raises:
        advisor.errors.UserError: as :func:`write_text`.

    Examples:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.bin"
        >>> write_atomic(target, lambda fh: fh.write(b"hello"))
        >>> target.read_bytes()
        b'hello'
    """
    buffer = io.BytesIO()
    write(buffer)
    write_bytes_atomic(Path(path), buffer.getvalue())
