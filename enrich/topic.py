"""Relevance of posts to a topic described by a TOML file (one file per topic).

A topic file holds weighted terms, each with phrases in several languages, and exclusions for
hard negatives. Every word of a phrase is stemmed for its language (:mod:`enrich.stemming`)
and matched as a word prefix; a word written ``=word`` is matched exactly. Words of a phrase may
be separated by up to ``gap`` other words. Matching is vectorised with pyarrow's RE2 kernels:
one alternation of every pattern selects the candidate posts, then each term is tested on the
candidates only.

Score (0..1): the noisy-OR ``1 - Π(1 - weight)`` of the matched terms; capped at
``[requires].cap`` when no term of a required group matched; each matched exclusion multiplies
it by ``1 - penalty``. ``matched_terms`` lists the ids of the matched terms (and ``-exclusion``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from enrich import TOPICS_DIR
from enrich.fingerprint import digest, stemmer_id, with_fingerprint
from enrich.stemming import MIN_STEM, stem

WORD_CHARS = "0-9a-zа-яёәғқңөұүһіїєґўäñūáǵńúýğöşüıçé"
"""Letters of the languages we match (the text is lowercased first); a small class keeps RE2
programs small where ``\\p{L}`` would blow them up."""
SEPARATORS = r"\s.,;:!?\"'«»“”„()\[\]{}/\\#@*&%+=<>|~`^$—–\-…"
"""Characters a word may follow or be followed by. A small positive class: RE2 matches it ~40x
faster than a negated Unicode letter class (measured: 43k vs 1.1k posts/s for the bill's terms)."""
_START = f"(?:^|[{SEPARATORS}])"
DEFAULT_TOPIC = TOPICS_DIR / "kz_social_media_bill.toml"


class TopicError(ValueError):
    """A topic file is malformed."""


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def word_pattern(word: str, lang: str, *, last: bool = True) -> str:
    """Return the RE2 pattern of one word: its stem as a prefix, or the word exactly.

    Words written ``=word`` and words whose stem would be shorter than three letters match
    exactly (so "=Meta" never finds "metaverse").
    """
    exact = word.startswith("=")
    word = word.lstrip("=").lower()
    # Snowball may rewrite the stem's end (English "bullying" -> "bulli"): keep the shared prefix.
    stemmed = word if exact else _common_prefix(word, stem(word, lang))
    if exact or len(stemmed) < MIN_STEM:
        # Inside a phrase the separator that must follow is matched by the gap pattern.
        return re.escape(word) + (f"(?:[{SEPARATORS}]|$)" if last else "")
    # A stem matches as a prefix: the rest of its word is skipped unless it ends the phrase.
    return re.escape(stemmed) + ("" if last else f"[^{SEPARATORS}]*")


def phrase_pattern(phrase: str, lang: str, gap: int) -> str:
    """Return the RE2 pattern of a phrase: its words in order, up to ``gap`` words between."""
    words = phrase.split()
    if not words:
        raise TopicError("empty phrase")
    between = f"[{SEPARATORS}]+(?:[^{SEPARATORS}]+[{SEPARATORS}]+){{0,{gap}}}"
    last = len(words) - 1
    return _START + between.join(word_pattern(w, lang, last=i == last) for i, w in enumerate(words))


@dataclass(frozen=True)
class Term:
    """One weighted concept with its compiled pattern (an alternation of its phrases)."""

    id: str
    weight: float
    group: str
    pattern: str
    first_words: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """A compiled topic: terms, exclusions, the requirement and the relevance threshold."""

    name: str
    version: str
    threshold: float
    terms: tuple[Term, ...]
    exclusions: tuple[Term, ...]
    required_groups: tuple[str, ...]
    cap: float
    fingerprint: str = ""

    @property
    def model(self) -> str:
        """``name@version~fingerprint``, recorded with every score.

        The fingerprint digests the topic file and the stemmers, so an edited file re-scores
        every post even when its ``version`` was not bumped (:mod:`enrich.fingerprint`).
        """
        return with_fingerprint(f"{self.name}@{self.version}", self.fingerprint)

    @classmethod
    def load(cls, path: Path | str = DEFAULT_TOPIC) -> Topic:
        """Read and compile a topic file.

        Raises:
            TopicError: the file is not valid TOML or lacks required fields.
        """
        path = Path(path)
        try:
            source = path.read_text(encoding="utf-8")
            doc = tomllib.loads(source)
            meta = doc["topic"]
            gap = int(meta.get("gap", 2))
            terms = tuple(_term(t, gap) for t in doc["term"])
            exclusions = tuple(_term(t, gap, penalty=True) for t in doc.get("exclude", []))
            requires = doc.get("requires", {})
            return cls(
                name=str(meta["name"]),
                version=str(meta["version"]),
                threshold=float(meta.get("threshold", 0.5)),
                terms=terms,
                exclusions=exclusions,
                required_groups=tuple(requires.get("any_of", ())),
                cap=float(requires.get("cap", 1.0)),
                fingerprint=digest(source, stemmer_id()),
            )
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
            raise TopicError(f"{path}: {exc}") from exc

    def score(
        self, texts: pa.Array | pa.ChunkedArray | list[str | None]
    ) -> tuple[np.ndarray, list[list[str]]]:
        """Return the relevance (0..1) and the matched term ids of every text."""
        array = pa.array(texts, pa.string()) if isinstance(texts, list) else texts
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        lowered = pc.utf8_lower(pc.fill_null(array, ""))
        n = len(lowered)
        scores = np.zeros(n)
        matched: list[list[str]] = [[] for _ in range(n)]
        firsts = sorted({w for t in self.terms for w in t.first_words})
        everything = _START + "(?:" + "|".join(firsts) + ")"
        candidates = np.flatnonzero(
            pc.match_substring_regex(lowered, everything).to_numpy(zero_copy_only=False)
        )
        if not len(candidates):
            return scores, matched
        subset = lowered.take(pa.array(candidates))
        miss = np.ones(len(candidates))
        required = np.zeros(len(candidates), dtype=bool) if self.required_groups else None
        for term in self.terms:
            hit = pc.match_substring_regex(subset, term.pattern).to_numpy(zero_copy_only=False)
            miss[hit] *= 1.0 - term.weight
            if required is not None and term.group in self.required_groups:
                required |= hit
            for i in np.flatnonzero(hit):
                matched[candidates[i]].append(term.id)
        values = 1.0 - miss
        if required is not None:
            values = np.where(required, values, np.minimum(values, self.cap))
        for term in self.exclusions:
            hit = pc.match_substring_regex(subset, term.pattern).to_numpy(zero_copy_only=False)
            values[hit] *= 1.0 - term.weight
            for i in np.flatnonzero(hit):
                matched[candidates[i]].append(f"-{term.id}")
        scores[candidates] = np.round(values, 4)
        return scores, matched


def _term(entry: dict, gap: int, *, penalty: bool = False) -> Term:
    weight = float(entry["penalty" if penalty else "weight"])
    if not 0.0 <= weight <= 1.0:
        raise TopicError(f"term {entry.get('id')}: weight must be in 0..1")
    phrases = [(lang, p) for lang in ("ru", "kk", "en", "any") for p in entry.get(lang, ())]
    if not phrases:
        raise TopicError(f"term {entry.get('id')}: no phrases")
    patterns = [phrase_pattern(p, lang, int(entry.get("gap", gap))) for lang, p in phrases]
    firsts = tuple({word_pattern(p.split()[0], lang) for lang, p in phrases if p.split()})
    group = str(entry.get("group", ""))
    return Term(str(entry["id"]), weight, group, "|".join(patterns), firsts)
