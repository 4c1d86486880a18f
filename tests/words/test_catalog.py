"""The catalog of words: the same keys, the same fields, at every level, in every language."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, get_type_hints

import pytest

from advisor.words import shape
from advisor.words.catalog import CATALOG, LANGS, words_for

PACKAGE = Path(__file__).resolve().parents[2] / "advisor"


def _leaves(table: Mapping[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for key, value in table.items():
        if isinstance(value, Mapping):
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key)


def _at(table: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        table = table[key]
    return table


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _shape_keys(cls: type, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for key, hint in get_type_hints(cls).items():
        if isinstance(hint, type) and issubclass(hint, dict):  # a nested TypedDict
            yield from _shape_keys(hint, (*path, key))
        else:
            yield (*path, key)


def test_every_language_has_every_key_of_the_shape_and_no_other() -> None:
    expected = set(_shape_keys(shape.Words))
    for lang in LANGS:
        assert set(_leaves(CATALOG[lang])) == expected, lang


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_template_takes_the_same_fields_in_every_language(lang: str) -> None:
    for path in _leaves(CATALOG["en"]):
        en, other = _at(CATALOG["en"], path), _at(CATALOG[lang], path)
        # a separator that is only whitespace in English (between sentences) may be empty in a
        # language that does not space them, as Chinese does not; any other text must be there
        blank_sep = not en.strip() and isinstance(other, str) and not other.strip()
        assert (isinstance(other, str) and other.strip()) or blank_sep, path
        assert _fields(en) == _fields(other), (path, en, other)


def test_every_leaf_is_text() -> None:
    for lang in LANGS:
        for path in _leaves(CATALOG[lang]):
            assert isinstance(_at(CATALOG[lang], path), str), (lang, path)


def test_an_unknown_language_falls_back_to_english() -> None:
    assert words_for("fr") is CATALOG["en"]
    assert words_for("zh")["report"]["risks"] == "风险登记册"


def test_every_key_the_questionnaire_looks_up_exists() -> None:
    """The questionnaire looks words up by name (``_t("bad_pick", lang)``): each name must exist."""
    tree = ast.parse((PACKAGE / "answers" / "questionnaire.py").read_text(encoding="utf-8"))
    used = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_t"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert used and used <= set(CATALOG["en"]["ask"]), used - set(CATALOG["en"]["ask"])


def test_no_chinese_text_is_written_inline_in_the_code() -> None:
    """Prose belongs in the catalog or the knowledge; code outside advisor/words holds none."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "words":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if any("\u4e00" <= ch <= "\u9fff" for ch in code) and not line.lstrip().startswith(
                (">>>", "...")
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
