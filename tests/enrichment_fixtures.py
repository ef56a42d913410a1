"""Helpers for the enrichment tests: a deterministic plug-in sentiment backend and lake writers.

The backend is also the proof of the plug-in path: ``load_backend("tests.enrichment_fixtures:
keyword_backend")`` imports it like any third-party backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pikir.schema import ENRICHMENT_SCHEMA, POSTS_SCHEMA, Post

T0 = datetime(2021, 9, 15, 9, 0, tzinfo=UTC)
POSITIVE = ("good", "хорошо", "жақсы")
NEGATIVE = ("bad", "плохо", "жаман")


class KeywordBackend:
    """Positive if a text holds a positive word, negative for a negative one, else neutral."""

    def __init__(self, version: str = "1") -> None:
        self.model_id = f"keyword-test@{version}"
        self.calls = 0

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.tile([0.1, 0.8, 0.1], (len(texts), 1))
        for i, text in enumerate(texts):
            low = text.lower()
            if any(w in low for w in POSITIVE):
                out[i] = [0.05, 0.15, 0.8]
            elif any(w in low for w in NEGATIVE):
                out[i] = [0.7, 0.2, 0.1]
        return out


def keyword_backend() -> KeywordBackend:
    """Factory named by the spec ``tests.enrichment_fixtures:keyword_backend``."""
    return KeywordBackend()


def not_a_backend() -> object:
    """A factory returning something that is not a backend."""
    return object()


def post_row(post_id: str | int, text: str, **overrides: Any) -> dict[str, Any]:
    """A posts row built by the real Post model."""
    fields = set(Post.__dataclass_fields__)
    kwargs = {
        "platform": "telegram",
        "source": "kaz_news",
        "post_id": str(post_id),
        "published_at": T0,
        "collected_at": T0 + timedelta(hours=1),
        "run_id": "run-1",
        "collector": "test@1",
        "text": text,
    }
    kwargs.update({k: v for k, v in overrides.items() if k in fields})
    row = Post(**kwargs).to_row()
    row.update({k: v for k, v in overrides.items() if k not in fields})
    return row


def _write(lake: Path, table: str, schema: pa.Schema, rows: list[dict], date_col: str, name: str):
    groups: dict[str, list[dict]] = {}
    for row in rows:
        day = row[date_col].astimezone(UTC).date().isoformat()
        groups.setdefault(f"platform={row['platform']}/date={day}", []).append(row)
    for part, members in groups.items():
        directory = lake / table / part
        directory.mkdir(parents=True, exist_ok=True)
        data = [{f.name: r.get(f.name) for f in schema} for r in members]
        pq.write_table(pa.Table.from_pylist(data, schema=schema), directory / name)


def write_posts(lake: Path, rows: list[dict], name: str = "part-0.parquet") -> None:
    """Write posts into ``lake/posts/platform=/date=/<name>``."""
    _write(lake, "posts", POSTS_SCHEMA, rows, "published_at", name)


def enrichment_row(post: dict, **overrides: Any) -> dict[str, Any]:
    """An enrichment row for a posts row (defaults: ru, relevant, neutral)."""
    row = {
        "platform": post["platform"],
        "post_key": post["post_key"],
        "model": "m@1",
        "topic": "kz_social_media_bill",
        "lang": "ru",
        "lang_confidence": 0.9,
        "relevance": 0.8,
        "matched_terms": ["bill"],
        "sentiment_label": "neutral",
        "sentiment_score": 0.0,
        "sentiment_confidence": 0.6,
        "content_sha256": post["content_sha256"],
        "published_at": post["published_at"],
        "scored_at": T0 + timedelta(days=1),
        "run_id": "enrich-1",
    }
    row.update(overrides)
    return row


def write_enrichment(lake: Path, rows: list[dict], name: str = "part-0.parquet") -> None:
    """Write enrichment rows into ``lake/enrichment/platform=/date=/<name>``."""
    _write(lake, "enrichment", ENRICHMENT_SCHEMA, rows, "published_at", name)
