"""Lint what readers see: questions without a short label, and Chinese typed with ASCII spacing.

* ``ADV320 question-no-label``: a question with no ``label``; the report's profile table and the
  authoring tools fall back to its whole prompt.
* ``ADV321 zh-ascii-space``: a Chinese text with an ASCII space next to full-width punctuation
  (a comma followed by a space); Chinese punctuation carries its own spacing. :func:`fix_zh_spacing`
  removes such spaces, and ``python -m advisor.authoring.lint_text FILE...`` rewrites YAML files
  in place (only those spaces: nothing else in a line changes).

Examples:
    >>> fix_zh_spacing("零成本， 就能上线 ；再看 （效果）") == "零成本，就能上线；再看（效果）"
    True
    >>> fix_zh_spacing("使用 GPU 训练") == "使用 GPU 训练"  # Chinese next to Latin keeps its space
    True
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advisor.errors import Problem
from advisor.kb.base import KnowledgeBase
from advisor.kb.recordbase import Record
from advisor.kb.records import Bilingual

__all__ = ["fix_yaml_text", "fix_zh_spacing", "question_labels", "zh_spacing"]

#: Full-width punctuation that never takes an ASCII space after it (closing marks and stops) or
#: before it (every one of them).
_AFTER = "，。；：！？、）」』》】”"
_BEFORE = "，。；：！？、）」』》】”（「『《【“"
_CJK = "\u3000-\u9fff\uff00-\uffef"
#: a space after closing punctuation, after an opening bracket, or between Chinese and a mark
#: (never after ASCII: ``zh: （...`` in a YAML line keeps its space)
_HAN = "\u4e00-\u9fff"
_SPACED = re.compile(
    rf"(?<=[{_AFTER}（「『《【“]) +|(?<=[{_CJK}]) +(?=[{_BEFORE}])|(?<=[{_HAN}]) +(?=[{_HAN}])"
)


def fix_zh_spacing(text: str) -> str:
    """``text`` without ASCII spaces next to full-width punctuation."""
    return _SPACED.sub("", text)


def _texts(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every Chinese text inside a record, with the key path to it."""
    if isinstance(value, Bilingual):
        yield (*path, "zh"), value.zh
    elif isinstance(value, Record):
        for name in value.FIELDS:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))


def zh_spacing(kb: KnowledgeBase) -> list[Problem]:
    """``ADV321``: Chinese texts with ASCII spaces next to full-width punctuation."""
    out: list[Problem] = []
    for item_id, item in (*kb.nodes.items(), *kb.rules.items(), *kb.questions.items()):
        origin = kb.origins.get(item_id)
        if origin is None:
            continue
        for path, text in _texts(item, ()):
            fixed = fix_zh_spacing(text)
            if fixed != text:
                where = _SPACED.search(text)
                assert where is not None
                around = text[max(0, where.start() - 6) : where.end() + 6]
                out.append(
                    origin.locate(
                        path,
                        ".".join(map(str, (item_id, *path))),
                        f"Chinese text has an ASCII space next to full-width punctuation "
                        f"({around!r}); write it without the space (`python -m "
                        f"advisor.authoring.lint_text FILE` fixes a file)",
                        severity="warning",
                    )
                )
    return out


def question_labels(kb: KnowledgeBase) -> list[Problem]:
    """``ADV320``: questions without a short ``label`` for tables and tools."""
    return [
        kb.origins[q.id].locate(
            (),
            q.id,
            "question has no label: give a short `label: {en: ..., zh: ...}` for the report's "
            "profile table (the whole prompt is shown meanwhile)",
            severity="warning",
        )
        for q in kb.questions.values()
        if q.label is None and q.id in kb.origins
    ]


#: a one-line Chinese text (``zh: ...``, also inside ``{en: ..., zh: ...}``)
_ZH_LINE = re.compile(r"^\s*(?:- )?(?:zh: |.*[{,] *zh: )")
_FOLDED = re.compile(r"^(?P<lead>\s*(?:- )?zh: *>-?) *$")


def _join(a: str, b: str) -> str:
    """Two lines of a folded Chinese text, joined as folding should join Chinese."""
    if not a or not b:
        return a + b
    tight = (
        a[-1] in _BEFORE
        or b[0] in _BEFORE
        or ("\u4e00" <= a[-1] <= "\u9fff" and "\u4e00" <= b[0] <= "\u9fff")
    )
    return a + ("" if tight else " ") + b


def fix_yaml_text(text: str) -> str:
    r"""A YAML file with its folded ``zh: >-`` blocks on one line each and stray spaces gone.

    YAML folds a line break into a space, which is right for English and wrong next to Chinese
    punctuation; a block's lines are joined here the way Chinese joins them (a space is kept
    between Chinese and Latin text). One-line ``zh:`` texts get :func:`fix_zh_spacing`; other
    keys (a law's official title, say) are left as written.

    Examples:
        >>> text = "  zh: >-\n    几乎零成本，\n    就能用\n    GPU\nnext: 1\n"
        >>> fix_yaml_text(text) == "  zh: >-\n    几乎零成本，就能用 GPU\nnext: 1\n"
        True
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = _FOLDED.match(lines[i].rstrip("\n"))
        if head is None:
            plain = _ZH_LINE.match(lines[i])
            out.append(fix_zh_spacing(lines[i]) if plain else lines[i])
            i += 1
            continue
        lead = len(lines[i]) - len(lines[i].lstrip())
        body: list[str] = []
        j = i + 1
        while (
            j < len(lines) and lines[j].strip() and (len(lines[j]) - len(lines[j].lstrip()) > lead)
        ):
            body.append(lines[j])
            j += 1
        if not body:
            out.append(lines[i])
            i += 1
            continue
        indent = body[0][: len(body[0]) - len(body[0].lstrip())]
        joined = ""
        for line in body:
            joined = _join(joined, line.strip())
        out.append(lines[i])
        out.append(f"{indent}{fix_zh_spacing(joined)}\n")
        i = j
    return "".join(out)


def _fix_files(paths: list[str]) -> int:
    """Rewrite YAML files in place with :func:`fix_yaml_text`."""
    changed = 0
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        fixed = fix_yaml_text(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed += 1
            print(f"fixed {path}")
    return changed


if __name__ == "__main__":
    _fix_files(sys.argv[1:])
