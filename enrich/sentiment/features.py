"""Features of the linear sentiment model: hashed TF-IDF n-grams plus lexicon and VADER scores.

Character n-grams are hashed by :mod:`.ngrams` (vectorised); word n-grams by scikit-learn.

Hashing (no vocabulary) keeps the artifact small and free of training text; the IDF weights
are learnt at training time and stored with the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from enrich.sentiment.lexicon import N_FEATURES, WordStrengths, lexicon_matrix
from enrich.sentiment.ngrams import char_ngram_counts
from enrich.sentiment.text import fold_kazakh, normalise

VADER_FEATURES = 4
CHAR_HASHER = "numpy-rolling@1"
"""The character n-gram hash function; an artifact made with another cannot be loaded."""
WORD_PATTERN = r"(?u)[^\W\d_]+|[!?]+|[()]{2,}|[\U0001F300-\U0001FAFF\u2600-\u27BF]"


@dataclass(frozen=True)
class FeatureSpec:
    """How texts become features (stored in the artifact so prediction matches training)."""

    char_bits: int = 19
    word_bits: int = 18
    char_min: int = 2
    char_max: int = 5
    word_max: int = 2
    max_chars: int = 400
    lexicon: bool = True
    vader: bool = False
    dense_scale: float = 1.0
    fold_kazakh: bool = False
    lexicon_negation: bool = False
    char_hasher: str = CHAR_HASHER

    def to_dict(self) -> dict:
        """Plain dict for JSON."""
        return asdict(self)

    @property
    def n_dense(self) -> int:
        """Number of dense (lexicon + VADER) columns."""
        return (N_FEATURES if self.lexicon else 0) + (VADER_FEATURES if self.vader else 0)

    @property
    def n_features(self) -> int:
        """Total number of columns."""
        return 2**self.char_bits + 2**self.word_bits + self.n_dense


class Featurizer:
    """Turns raw texts into the sparse matrix the linear model reads."""

    def __init__(
        self,
        spec: FeatureSpec,
        lang: str,
        lexicon: dict[str, float] | None = None,
        idf: np.ndarray | None = None,
    ) -> None:
        if spec.char_hasher != CHAR_HASHER:
            raise ValueError(f"model uses char hasher {spec.char_hasher}, this is {CHAR_HASHER}")
        self.spec = spec
        self.lang = lang
        self.lexicon = lexicon or {}
        self._strengths = WordStrengths(self.lexicon, lang, negation=spec.lexicon_negation)
        self.idf = idf
        self._words = HashingVectorizer(
            analyzer="word",
            ngram_range=(1, spec.word_max),
            n_features=2**spec.word_bits,
            alternate_sign=False,
            norm=None,
            lowercase=False,
            token_pattern=WORD_PATTERN,
        )

    @cached_property
    def _vader(self) -> SentimentIntensityAnalyzer:
        return SentimentIntensityAnalyzer()

    def counts(self, texts: list[str]) -> sparse.csr_matrix:
        """Hashed character and word n-gram counts of normalised texts."""
        clean = [normalise(t[: self.spec.max_chars]) for t in texts]
        if self.spec.fold_kazakh:
            clean = [fold_kazakh(t) for t in clean]
        chars = char_ngram_counts(
            clean, self.spec.char_min, self.spec.char_max, self.spec.char_bits
        )
        return sparse.hstack([chars, self._words.transform(clean)], format="csr")

    def dense(self, texts: list[str]) -> np.ndarray:
        """Lexicon (and, for English, VADER) scores, one row per text."""
        parts = []
        if self.spec.lexicon:
            clean = [normalise(t[: self.spec.max_chars]) for t in texts]
            parts.append(lexicon_matrix(clean, self._strengths))
        if self.spec.vader:
            rows = []
            for text in texts:
                s = self._vader.polarity_scores(text[: self.spec.max_chars])
                rows.append([s["compound"], s["pos"], s["neg"], s["neu"]])
            parts.append(np.array(rows, dtype=np.float64).reshape(len(texts), VADER_FEATURES))
        if not parts:
            return np.zeros((len(texts), 0))
        return np.hstack(parts) * self.spec.dense_scale

    def fit_idf(self, counts: sparse.csr_matrix) -> np.ndarray:
        """Learn smoothed IDF weights of the hashed columns from training counts."""
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        n = counts.shape[0]
        self.idf = (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)
        return self.idf

    def weigh(self, counts: sparse.csr_matrix, dense: np.ndarray) -> sparse.csr_matrix:
        """Sublinear TF-IDF of ``counts`` (L2-normalised per block) plus the dense columns."""
        if self.idf is None:
            raise RuntimeError("fit_idf first (or load a trained model)")
        counts = counts.copy()
        counts.data = np.log1p(counts.data)
        counts = counts.multiply(self.idf).tocsr()
        split = 2**self.spec.char_bits
        blocks = [_l2(counts[:, :split]), _l2(counts[:, split:])]
        if dense.shape[1]:
            blocks.append(sparse.csr_matrix(dense))
        return sparse.hstack(blocks, format="csr")

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """Features of raw texts (counts, IDF weighting, dense columns)."""
        return self.weigh(self.counts(texts), self.dense(texts))


def _l2(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix
