"""Language, relevance and sentiment of many texts at once, with every model built once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from enrich.lang import LanguageIdentifier
from enrich.near_duplicates import DEFAULT_PARAMS, MinHashParams, signature_model
from enrich.sentiment.backend import SentimentBackend, load_backend, summarise
from enrich.topic import DEFAULT_TOPIC, Topic
from pikir.schema import SCORE_FIELDS

LANGID_MODEL = "langid-script-lingua@1"
OUTPUT_SCHEMA = pa.schema(SCORE_FIELDS)
"""The columns :meth:`Enricher.score` adds (also the columns ``pikir score`` appends)."""


@dataclass
class Enricher:
    """Scores texts; ``model_id`` names every model version and changes when any of them does."""

    topic: Topic
    sentiment: SentimentBackend
    langid: LanguageIdentifier
    near_duplicates: MinHashParams = DEFAULT_PARAMS
    """Parameters of the ``minhash`` signatures landed with every score (enrich/lake.py)."""

    @classmethod
    def load(cls, topic_path: str | None = None, backend: str | None = None) -> Enricher:
        """Build the language identifier, compile the topic and load the sentiment backend."""
        return cls(
            Topic.load(topic_path or DEFAULT_TOPIC), load_backend(backend), LanguageIdentifier()
        )

    @property
    def model_id(self) -> str:
        """``langid@v+topic@v+sentiment@v+near_duplicates@v``: the enrichment ``model`` column."""
        models = (LANGID_MODEL, self.topic.model, self.sentiment.model_id)
        return "+".join((*models, signature_model(self.near_duplicates)))

    def score(self, texts: Sequence[str | None]) -> pa.Table:
        """Return :data:`OUTPUT_SCHEMA` columns for ``texts``; empty texts get no sentiment."""
        texts = list(texts)
        langs, confidences = self.langid.detect(texts)
        relevance, matched = self.topic.score(pa.array(texts, pa.string()))
        labels: list[str | None] = [None] * len(texts)
        scores = np.full(len(texts), np.nan)
        sure = np.full(len(texts), np.nan)
        present = [i for i, t in enumerate(texts) if t and t.strip()]
        if present:
            proba = self.sentiment.predict_proba(
                [texts[i] for i in present], [langs[i] for i in present]
            )
            found, values, conf = summarise(proba)
            for j, i in enumerate(present):
                labels[i] = found[j]
            scores[present] = values
            sure[present] = conf
        return pa.table(
            [
                pa.array(langs, pa.string()),
                pa.array(confidences, pa.float64()),
                pa.array(relevance, pa.float64()),
                pa.array(matched, pa.list_(pa.string())),
                pa.array(labels, pa.string()),
                pa.array(scores, pa.float64(), from_pandas=True),
                pa.array(sure, pa.float64(), from_pandas=True),
            ],
            schema=OUTPUT_SCHEMA,
        )
