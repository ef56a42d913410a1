"""Language of a post: kk, ru, en or other, Kazakh in Cyrillic or Latin script included.

Script and word evidence decide the clear cases in microseconds: Kazakh-only Cyrillic letters
(ә ғ қ ұ һ і; ң ө ү only alongside them, since Kyrgyz and Mongolian share them), the 2021
and 2018 Kazakh Latin letters (ä ñ ū, á ǵ ń ú ý) and short lists of function words. Mixed
kk–ru posts go to the language most of their marked words belong to (ties go to Kazakh).
Only texts without enough evidence reach lingua, restricted to a few candidates per script
and built once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from enrich import PACKAGE_DIR

_WORDS = {
    key: frozenset(value.split())
    for key, value in tomllib.loads(
        (PACKAGE_DIR / "lang_words.toml").read_text(encoding="utf-8")
    ).items()
}

KK_STRONG = frozenset("әғқұһ")
KY_MN_SHARED = frozenset("ңөү")
KK_LATIN = frozenset("äñūáǵńúý")
TURKIC_LATIN = frozenset("ğöşüıç")
UK_BE = frozenset("їєґў")
_WORD = re.compile(r"[^\W\d_]+")

KK_WORDS = _WORDS["kk"]
KK_LATIN_WORDS = _WORDS["kk_latin"]
RU_WORDS = _WORDS["ru"]
EN_WORDS = _WORDS["en"]

_LATIN_CANDIDATES = (
    Language.ENGLISH,
    Language.TURKISH,
    Language.AZERBAIJANI,
    Language.GERMAN,
    Language.FRENCH,
    Language.SPANISH,
)
_CYRILLIC_CANDIDATES = (
    Language.RUSSIAN,
    Language.KAZAKH,
    Language.UKRAINIAN,
    Language.BELARUSIAN,
    Language.MONGOLIAN,
)
_CODES = {Language.ENGLISH: "en", Language.RUSSIAN: "ru", Language.KAZAKH: "kk"}


@dataclass(frozen=True)
class Guess:
    """A language decision.

    Attributes:
        lang: ``kk``, ``ru``, ``en`` or ``other``.
        confidence: 0..1 (0 for texts without letters).
        method: ``script`` (letters and words decided) or ``lingua``.
    """

    lang: str
    confidence: float
    method: str


def _share(winner: float, loser: float) -> float:
    """Laplace-smoothed share of the evidence behind the winner, capped below 1."""
    return round(min(0.99, (winner + 1.0) / (winner + loser + 2.0)), 4)


@dataclass
class _Evidence:
    cyrillic: int = 0
    latin: int = 0
    other: int = 0
    kk: float = 0.0
    kk_i: float = 0.0
    shared: float = 0.0
    ru: float = 0.0
    en: float = 0.0
    kk_latin: float = 0.0
    uk_be: bool = False
    turkic: bool = False


def _evidence(text: str) -> _Evidence:
    ev = _Evidence()
    for original in _WORD.findall(text):
        word = original.lower()
        first = word[0]
        if "а" <= first <= "я" or first in "ёәғқңөұүһіїєґў":
            ev.cyrillic += len(word)
            chars = set(word)
            if chars & UK_BE:
                ev.uk_be = True
            # A capitalised word is often a name (Тоқаев in a Russian post): half a vote.
            vote = 0.5 if original[0].isupper() else 1.0
            if chars & KK_STRONG or word in KK_WORDS:
                ev.kk += vote
            elif "і" in chars:
                ev.kk_i += vote
            elif chars & KY_MN_SHARED:
                ev.shared += vote
            elif word in RU_WORDS or "ё" in chars or "щ" in chars or "ъ" in chars:
                ev.ru += 1
        elif first.isascii() or first in KK_LATIN or first in TURKIC_LATIN:
            ev.latin += len(word)
            chars = set(word)
            # Kazakh keyboards put a Cyrillic і into Latin-script words ("kunі").
            if chars & KK_LATIN or "і" in chars or word in KK_LATIN_WORDS:
                ev.kk_latin += 1
            elif word in EN_WORDS:
                ev.en += 1
            if chars & TURKIC_LATIN:
                ev.turkic = True
        else:
            ev.other += len(word)
    return ev


class LanguageIdentifier:
    """Decide kk/ru/en/other per text; build one and reuse it (lingua loads lazily, once)."""

    @cached_property
    def _cyrillic(self) -> LanguageDetector:
        return LanguageDetectorBuilder.from_languages(*_CYRILLIC_CANDIDATES).build()

    @cached_property
    def _latin(self) -> LanguageDetector:
        return LanguageDetectorBuilder.from_languages(*_LATIN_CANDIDATES).build()

    def _lingua(self, detector: LanguageDetector, text: str) -> Guess:
        values = detector.compute_language_confidence_values(text)
        if not values:
            return Guess("other", 0.0, "lingua")
        best = values[0]
        return Guess(_CODES.get(best.language, "other"), round(best.value, 4), "lingua")

    def guess(self, text: str | None) -> Guess:
        """Return the language of ``text`` with a confidence and how it was decided."""
        ev = _evidence(text or "")
        letters = ev.cyrillic + ev.latin + ev.other
        if not letters:
            return Guess("other", 0.0, "script")
        if ev.other > max(ev.cyrillic, ev.latin):
            return Guess("other", _share(ev.other, ev.cyrillic + ev.latin), "script")
        # Latin brand names inside a Cyrillic post ("Instagram мен Facebook") do not make it Latin.
        if ev.cyrillic >= ev.latin or (ev.kk + ev.ru >= 1 and not ev.en and not ev.kk_latin):
            return self._cyrillic_guess(text or "", ev)
        return self._latin_guess(text or "", ev)

    def _cyrillic_guess(self, text: str, ev: _Evidence) -> Guess:
        if ev.uk_be:
            return self._lingua(self._cyrillic, text)
        kk = ev.kk + ev.kk_i + ev.shared
        if ev.kk and kk >= ev.ru:
            return Guess("kk", _share(kk, ev.ru), "script")
        if ev.shared >= 1 and not ev.kk and not ev.kk_i and ev.shared >= ev.ru:
            # ң ө ү without any Kazakh-only letter: Kyrgyz or Mongolian.
            return Guess("other", _share(ev.shared, ev.ru), "script")
        if ev.ru >= 2 and ev.ru > 2 * kk:
            return Guess("ru", _share(ev.ru, kk), "script")
        guess = self._lingua(self._cyrillic, text)
        if guess.lang == "other" and ev.ru > ev.kk_i and not ev.uk_be:
            # No Ukrainian or Belarusian letter and Russian words: lingua was misled by names.
            return Guess("ru", _share(ev.ru, kk), "script")
        return guess

    def _latin_guess(self, text: str, ev: _Evidence) -> Guess:
        if ev.kk_latin >= 2 and ev.kk_latin >= ev.en:
            return Guess("kk", _share(ev.kk_latin, ev.en), "script")
        if ev.en >= 2 and ev.en > ev.kk_latin:
            return Guess("en", _share(ev.en, ev.kk_latin), "script")
        guess = self._lingua(self._latin, text)
        if ev.kk_latin and guess.lang != "en":
            return Guess("kk", 0.6, "script")
        if ev.en and guess.lang == "other" and guess.confidence < 0.7:
            return Guess("en", 0.6, "script")
        return guess

    def detect(self, texts: list[str | None]) -> tuple[list[str], list[float]]:
        """Return the languages and confidences of many texts."""
        langs, confidences = [], []
        for text in texts:
            guess = self.guess(text)
            langs.append(guess.lang)
            confidences.append(guess.confidence)
        return langs, confidences
