"""Polarity lexicons as stem -> strength (-1..1) tables, and their features for a text.

Russian: KartaSlovSent, LINIS Crowd 2015/2016 and RuSentiLex 2017 (CC BY-NC-SA 4.0); Kazakh:
SezimEmoLex (CC BY 4.0). Terms are stemmed like the words of a text (:mod:`enrich.stemming`),
so inflected forms find their entry. The tables are built by :func:`build_lexicons` at training
time and stored inside the model artifact.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import numpy as np

from enrich.sentiment.text import tokens
from enrich.stemming import kazakh_analyse, stem

LEXICON_FILES = {
    "ru": (
        ("ru_kartaslovsent.csv", "strength", 1.0),
        ("ru_linis_crowd_2015.csv", "strength", 0.5),
        ("ru_linis_crowd_2016.csv", "strength", 0.5),
        ("ru_rusentilex_2017.csv", "polarity", 1.0),
    ),
    "kk": (("kk_sezim_emolex.csv", "strength", 1.0),),
}
POLARITY = {"positive": 1.0, "negative": -1.0, "neutral": 0.0, "mixed": 0.0}
N_FEATURES = 4
MIN_STRENGTH = 0.2
NEGATORS_AFTER = {"kk": frozenset({"емес", "жоқ"})}
"""Words that negate the word before them ("жақсы емес": not good)."""
NEGATORS_BEFORE = {"ru": frozenset({"не", "нет", "ни"})}
"""Words that negate the word after them ("не нравится")."""


def stem_polarity(word: str, lang: str) -> tuple[str, float]:
    """The lexicon key of ``word`` and the sign its inflection gives it.

    A Kazakh negated verb form shares the stem of the positive one but flips its polarity.

    Examples:
        >>> stem_polarity("ұнамады", "kk")
        ('ұна', -1.0)
        >>> stem_polarity("ұнады", "kk")
        ('ұна', 1.0)
    """
    if lang == "kk":
        key, negated = kazakh_analyse(word)
        return key, -1.0 if negated else 1.0
    return stem(word, lang), 1.0


def build_lexicons(directory: Path) -> dict[str, dict[str, float]]:
    """Read the lexicon CSVs of ``directory`` into per-language ``stem -> mean strength``."""
    tables: dict[str, dict[str, float]] = {}
    for lang, files in LEXICON_FILES.items():
        sums: dict[str, list[float]] = defaultdict(list)
        for name, column, scale in files:
            path = directory / name
            if not path.exists():
                continue
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    term = row["term"].strip().lower()
                    if " " in term or not term:
                        continue
                    raw = row[column]
                    value = POLARITY.get(raw) if column == "polarity" else float(raw)
                    if value is not None:
                        key, sign = stem_polarity(term, lang)
                        sums[key].append(max(-1.0, min(1.0, sign * value * scale)))
        table = {k: round(sum(v) / len(v), 3) for k, v in sums.items()}
        tables[lang] = {k: v for k, v in table.items() if abs(v) >= MIN_STRENGTH}
    return tables


_MISSING = object()
_CACHE_LIMIT = 500_000


class WordStrengths:
    """A lexicon table with a cache of word -> strength (stemming is the slow part).

    With ``negation`` (feature spec ``lexicon_negation``, models from 1.2.0), negated Kazakh
    verb forms and words next to a negator (:data:`NEGATORS_AFTER`, :data:`NEGATORS_BEFORE`)
    count with the opposite sign.
    """

    def __init__(self, table: dict[str, float], lang: str, *, negation: bool = False) -> None:
        self.table = table
        self.lang = lang
        self.negation = negation
        self.before = NEGATORS_BEFORE.get(lang, frozenset()) if negation else frozenset()
        self.after = NEGATORS_AFTER.get(lang, frozenset()) if negation else frozenset()
        self._cache: dict[str, float | None] = {}

    def get(self, word: str) -> float | None:
        """The strength of the word's stem, or None."""
        value = self._cache.get(word, _MISSING)
        if value is _MISSING:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            if self.negation:
                key, sign = stem_polarity(word, self.lang)
                found = self.table.get(key)
                value = None if found is None else sign * found
            else:
                value = self.table.get(stem(word, self.lang))
            self._cache[word] = value
        return value  # type: ignore[return-value]


def lexicon_features(text: str, table: WordStrengths) -> list[float]:
    """Return positive mass, negative mass, their difference and the share of polar words."""
    words = [t for t in tokens(text) if t[0].isalpha()]
    if not words or not table.table:
        return [0.0] * N_FEATURES
    pos = neg = 0.0
    hits = 0
    for i, word in enumerate(words):
        value = table.get(word)
        if value is None:
            continue
        if (i and words[i - 1] in table.before) or (
            i + 1 < len(words) and words[i + 1] in table.after
        ):
            value = -value
        hits += 1
        if value > 0:
            pos += value
        else:
            neg -= value
    scale = 1.0 / math.sqrt(len(words))
    return [pos * scale, neg * scale, (pos - neg) * scale, hits / len(words)]


def lexicon_matrix(texts: list[str], table: WordStrengths) -> np.ndarray:
    """Stack :func:`lexicon_features` of many texts."""
    rows = [lexicon_features(t, table) for t in texts]
    return np.array(rows, dtype=np.float64).reshape(len(texts), N_FEATURES)
