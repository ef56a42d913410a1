"""Decode news pages honestly: fix lying charset headers, refuse mojibake.

Kazakh sites still serve some pages in windows-1251, and some servers announce one charset while
sending another. Scrapy trusts the ``Content-Type`` header first, so a cp1251 page announced as
UTF-8 decodes to replacement characters, and a UTF-8 page announced as cp1251 decodes to
"РЎРµРЅР°С‚" soup. :func:`check_text` finds both; :func:`repair` tries the other plausible
decodings of the raw bytes and keeps one only if it is clean. What cannot be repaired is
mojibake and must be quarantined, never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# UTF-8 Cyrillic read as cp1251: "Р" or "С" followed by a cp1251 upper-half symbol.
_UTF8_AS_CP1251 = re.compile(
    "[РС][\u0402-\u040f\u0452-\u045f\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2116\u2122\u00a0-\u00bf\u0490\u0491\u0401\u0451\u0404\u0454"
    "\u0406\u0456\u0407\u0457]"
)
# UTF-8 Cyrillic read as latin-1 / cp1252: "Ð" or "Ñ" followed by a C1/upper-half byte.
_UTF8_AS_LATIN = re.compile(
    "[ÐÑ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a]"
)
# KOI8-R or cp866 read wrongly: box-drawing characters, which articles never use in bulk.
_BOX = re.compile("[\u2500-\u25ff]")
_REPLACEMENT = "\ufffd"
_CYRILLIC = re.compile("[\u0400-\u04ff]")
CANDIDATES = ("utf-8", "cp1251", "koi8-r")


@dataclass(frozen=True)
class TextCheck:
    """The verdict on a decoded page: ``problem`` is None when the text looks clean."""

    problem: str | None
    bad: int
    letters: int


def check_text(text: str) -> TextCheck:
    """Look for replacement characters and UTF-8-read-as-cp1251/latin-1 sequences.

    A handful of hits in a long page can be genuine (a quoted symbol), so the verdict uses the
    share of hits among Cyrillic letters (and any replacement character at all is suspicious
    beyond three, as real pages almost never contain U+FFFD).
    """
    letters = len(_CYRILLIC.findall(text)) + 1
    replacement = text.count(_REPLACEMENT)
    mojibake = sum(len(p.findall(text)) for p in (_UTF8_AS_CP1251, _UTF8_AS_LATIN, _BOX))
    if replacement > 3:
        return TextCheck(f"{replacement} undecodable bytes (wrong charset)", replacement, letters)
    if mojibake > 5 and mojibake / letters > 0.02:
        return TextCheck(f"mojibake: {mojibake} UTF-8-as-8-bit sequences", mojibake, letters)
    return TextCheck(None, replacement + mojibake, letters)


def repair(body: bytes, declared: str | None) -> tuple[str, str] | None:
    """Decode ``body`` with the first candidate charset that gives clean text.

    The declared charset is tried first, then UTF-8, cp1251, KOI8-R, then charset-normalizer's
    best guess. Returns ``(text, encoding)`` or None when every decoding is still mojibake.
    """
    tried: list[str] = []
    for encoding in (declared, *CANDIDATES):
        if not encoding or encoding.lower() in tried:
            continue
        tried.append(encoding.lower())
        try:
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        if check_text(text).problem is None:
            return text, encoding.lower()
    guess = from_bytes(body).best()
    if guess is not None and guess.encoding not in tried:
        text = str(guess)
        if check_text(text).problem is None:
            return text, guess.encoding
    return None
