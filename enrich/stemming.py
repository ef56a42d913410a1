"""Stems of topic terms: Snowball for Russian and English, a small suffix stripper for Kazakh.

Topic terms are stemmed once when a topic file is loaded and then matched as word prefixes
(:mod:`enrich.topic`), so "законопроект" finds "законопроекта" and "әлеуметтік желілер" finds
"әлеуметтік желілерде" without stemming each post.
"""

from __future__ import annotations

from functools import cache, lru_cache

import snowballstemmer

MIN_STEM = 3

KK_SUFFIXES = tuple(
    sorted(
        {
            # plural
            *["лар", "лер", "дар", "дер", "тар", "тер"],
            # genitive, dative, accusative, locative, ablative, instrumental
            *["ның", "нің", "дың", "дің", "тың", "тің"],
            *["ға", "ге", "қа", "ке", "на", "не"],
            *["ды", "ді", "ты", "ті", "ны", "ні"],
            *["да", "де", "та", "те", "нда", "нде"],
            *["дан", "ден", "тан", "тен", "нан", "нен"],
            *["мен", "бен", "пен"],
            # adjectival locative
            *["дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"],
            # possessive
            *[
                "сы",
                "сі",
                "ы",
                "і",
                "ым",
                "ім",
                "ың",
                "ің",
                "ымыз",
                "іміз",
                "мыз",
                "міз",
                "сын",
                "сін",
                "ын",
                "ін",
            ],
        },
        key=len,
        reverse=True,
    )
)
"""Kazakh inflectional suffixes, longest first. Derivational suffixes are left alone."""


def kazakh_stem(word: str) -> str:
    """Strip Kazakh inflectional suffixes while the stem keeps at least ``MIN_STEM`` letters.

    Examples:
        >>> kazakh_stem("желілерде")
        'желі'
        >>> kazakh_stem("балаларды")
        'бала'
    """
    word = word.lower()
    changed = True
    while changed:
        changed = False
        for suffix in KK_SUFFIXES:
            rest = len(word) - len(suffix)
            if word.endswith(suffix) and rest >= (MIN_STEM if len(suffix) > 1 else MIN_STEM + 1):
                word = word[: -len(suffix)]
                changed = True
                break
    return word


@cache
def _snowball(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=262_144)
def stem(word: str, lang: str) -> str:
    """Return the stem of one word in ``lang`` (``ru``, ``en``, ``kk``; others unchanged)."""
    word = word.lower()
    if lang == "kk":
        return kazakh_stem(word)
    if lang == "ru":
        return _snowball("russian").stemWord(word)
    if lang == "en":
        return _snowball("english").stemWord(word)
    return word
