"""The labelled corpora the sentiment model is trained on (``shared/data/sentiment``).

Licences are recorded per corpus (see shared/data/PROVENANCE.md) and copied into the model card.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from enrich import SENTIMENT_LABELS
from pikir.config import REPO_ROOT

SHARED_DATA = Path(os.environ.get("PIKIR_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data")
"""The team's labelled data and lexicons (``shared/data`` beside the checkout, or
``$PIKIR_SHARED_DATA``); only training and evaluation read it, never scoring."""
DEFAULT_DATA_DIR = SHARED_DATA / "sentiment"
DEFAULT_LEXICON_DIR = SHARED_DATA / "lexicons"


@dataclass(frozen=True)
class Corpus:
    """One source corpus: its files, language, domain and licence."""

    name: str
    files: tuple[str, ...]
    lang: str
    domain: str
    licence: str


CORPORA = (
    Corpus(
        "rusentiment", ("rusentiment_train_ru.csv",), "ru", "VK social posts", "CC BY-NC-SA 4.0"
    ),
    Corpus("rusentitweet", ("rusentitweet_full_ru.csv",), "ru", "tweets", "none stated"),
    Corpus(
        "sentirueval2015",
        ("sentirueval2015_train_ru.csv", "sentirueval2015_test_etalon_ru.csv"),
        "ru",
        "tweets about banks and telecoms",
        "none stated",
    ),
    Corpus("kazsandra", ("kazsandra_sc_train_kk.csv",), "kk", "product reviews", "none stated"),
    Corpus(
        "tweeteval",
        ("tweeteval_train_en.csv",),
        "en",
        "tweets (SemEval-2017 4A)",
        "none stated (README: released without restrictions; Twitter terms apply)",
    ),
)


@dataclass
class Rows:
    """Texts with labels and the corpus each came from."""

    texts: list[str]
    labels: list[str]
    corpora: list[str]

    def __len__(self) -> int:
        return len(self.texts)


def load_corpora(
    data_dir: Path = DEFAULT_DATA_DIR, lang: str | None = None, names: tuple[str, ...] = ()
) -> Rows:
    """Read the corpora of one language (or the ``names`` given), skipping unknown labels."""
    rows = Rows([], [], [])
    for corpus in CORPORA:
        if (lang and corpus.lang != lang) or (names and corpus.name not in names):
            continue
        for file in corpus.files:
            with (data_dir / file).open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    if row["label"] in SENTIMENT_LABELS and row["text"]:
                        rows.texts.append(row["text"])
                        rows.labels.append(row["label"])
                        rows.corpora.append(corpus.name)
    return rows
