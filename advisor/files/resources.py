"""Where the built-in knowledge and templates live: the source tree, or inside the wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_knowledge_dir", "templates_dir"]

_PKG = Path(__file__).resolve().parent.parent  # the advisor package


def _find(name: str) -> Path:
    installed = _PKG / f"_{name}"  # a wheel ships knowledge/ as advisor/_knowledge
    if installed.is_dir():
        return installed
    source = _PKG.parent / name  # a source checkout or an editable install
    if source.is_dir():
        return source
    try:  # an editable install may map the folder elsewhere
        import importlib.resources as ir

        found = ir.files(f"advisor._{name}")
        return Path(str(found))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - broken install
        raise FileNotFoundError(
            f"the built-in {name}/ folder is missing from this install"
        ) from None


def builtin_knowledge_dir() -> Path:
    return _find("knowledge")


def templates_dir() -> Path:
    return _find("templates")
