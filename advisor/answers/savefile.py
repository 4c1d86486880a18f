"""What ``advisor ask`` does with a save file left by an earlier run: saved answers are never lost.

* ``--resume``: continue from it;
* ``--restart``: move it aside to ``<name>.bak`` and start afresh;
* neither, on a terminal: ask whether to continue, start over (keeping the ``.bak``) or stop;
* neither, off a terminal: refuse, naming the two commands to choose from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from advisor.errors import UserError
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["Start", "backup_path", "choose_start", "keep_backup"]


class Start(Enum):
    """How a questionnaire run begins."""

    FRESH = "fresh"  #: no answers from an earlier run (none there, or moved to the .bak)
    RESUME = "resume"  #: from the answers in the save file


class Stopped(UserError):
    """The person chose to stop rather than touch the saved answers."""


def _t(key: str, lang: Lang, **fields: Any) -> str:
    words: Mapping[str, object] = words_for(lang)["ask"]
    text = str(words[key])
    return text.format(**fields) if fields else text


def backup_path(save_path: Path) -> Path:
    """Where the answers of an earlier run go when the person starts over: ``NAME.bak``."""
    return save_path.with_name(save_path.name + ".bak")


def keep_backup(save_path: Path) -> Path:
    """Move the save file to :func:`backup_path` (replacing an older backup); return that path.

    Raises:
        UserError: the file cannot be moved.
    """
    bak = backup_path(save_path)
    try:
        os.replace(save_path, bak)
    except OSError as exc:
        raise UserError(f"{save_path}: cannot move it to {bak}: {exc.strerror or exc}") from None
    return bak


def _count(save_path: Path) -> int:
    """About how many answers the file holds (lines of ``key: value``; for the prompt only)."""
    try:
        with save_path.open(encoding="utf-8", errors="replace") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return 0
    if save_path.suffix.lower() == ".json":
        return head.count('":')
    return sum(1 for line in head.splitlines() if line[:1].isalpha() and ":" in line)


def choose_start(
    save_path: Path,
    *,
    resume: bool,
    restart: bool,
    terminal: bool,
    lang: Lang = "en",
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> Start:
    """Decide how to begin, given what sits at ``save_path`` (see the module docstring).

    Args:
        save_path: the questionnaire's save file.
        resume, restart: the ``--resume`` and ``--restart`` flags (not both).
        terminal: whether a person can be asked (stdin and stdout are terminals).
        lang: the language of the prompt and messages.
        stdin, stdout: where the prompt is read and written.

    Raises:
        UserError: both flags; off a terminal with a save file and neither flag (the message
            names ``--resume`` and ``--restart``); the person chose to stop; input ended.
    """
    if resume and restart:
        raise UserError("--resume and --restart exclude each other; give one of them")
    if resume:
        return Start.RESUME
    if not os.path.lexists(save_path):
        return Start.FRESH
    bak = backup_path(save_path)
    if restart:
        keep_backup(save_path)
        return Start.FRESH
    if not terminal or stdin is None or stdout is None:
        raise UserError(_t("saved_refuse", lang, path=save_path, bak=bak))
    stdout.write(_t("saved_found", lang, path=save_path, n=_count(save_path)) + "\n")
    stdout.write(_t("saved_choices", lang, bak=bak) + "\n")
    while True:
        stdout.write(_t("saved_prompt", lang))
        stdout.flush()
        line = stdin.readline()
        if not line:
            raise Stopped(_t("saved_kept", lang, bak=save_path))
        pick = line.strip().lower()[:1]
        if pick in ("c", "y"):
            return Start.RESUME
        if pick == "s":
            keep_backup(save_path)
            stdout.write(_t("saved_kept", lang, bak=bak) + "\n")
            return Start.FRESH
        if pick in ("q", "n"):
            raise Stopped(_t("saved_kept", lang, bak=save_path))
        stdout.write(f"  ! {_t('saved_bad', lang, raw=line.strip())}\n")
