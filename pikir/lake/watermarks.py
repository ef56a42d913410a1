"""Derive per-source watermarks from a batch of landed posts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pyarrow as pa

from pikir.state import Watermark


def _int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def watermarks_from(data: pa.Table) -> Iterator[Watermark]:
    """Yield one :class:`Watermark` per (platform, source) present in a posts batch."""
    if data.num_rows == 0:
        return
    grouped = data.group_by(["platform", "source"], use_threads=False).aggregate(
        [
            ("published_at", "max"),
            ("published_at", "min"),
            ("post_id", "distinct"),
            ("post_key", "count"),
        ]
    )
    now = datetime.now(UTC).isoformat()
    for row in grouped.to_pylist():
        ids = [i for i in map(_int_or_none, row["post_id_distinct"]) if i is not None]
        yield Watermark(
            platform=row["platform"],
            source=row["source"],
            max_post_id=max(ids) if ids else None,
            min_post_id=min(ids) if ids else None,
            max_published_at=row["published_at_max"].isoformat(),
            min_published_at=row["published_at_min"].isoformat(),
            rows=row["post_key_count"],
            updated_at=now,
        )
