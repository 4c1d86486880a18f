"""The catalog of words: one typed table per language (see :mod:`advisor.words.shape`).

Examples:
    >>> words_for("zh")["report"]["risks"]
    '风险登记册'
    >>> words_for("en")["summary"]["headline"].format(title="Contract review", score=88.4)
    'Pursue Contract review (score 88/100)'
"""

from __future__ import annotations

from collections.abc import Mapping

from advisor.words import en, zh
from advisor.words.shape import Lang, Words

__all__ = ["CATALOG", "LANGS", "words_for"]

#: Every language the advisor speaks, English first.
LANGS: tuple[Lang, ...] = ("en", "zh")

CATALOG: Mapping[Lang, Words] = {"en": en.WORDS, "zh": zh.WORDS}


def words_for(lang: str) -> Words:
    """The catalog of one language (English for a language the advisor does not speak)."""
    return CATALOG["zh"] if lang == "zh" else CATALOG["en"]
