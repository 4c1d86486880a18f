"""The user's cache folder, shared by the knowledge cache and the compiled templates.

``$ADVISOR_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/advisor`` (``~/.cache/advisor``);
``ADVISOR_NO_CACHE=1`` turns every cache off.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "enabled"]


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
