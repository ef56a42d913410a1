"""Derive per-source watermarks from a batch of landed posts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from pikir.state import Watermark


def watermarks_from(data: pa.Table) -> Iterator[Watermark]:
    """Yield one :class:`Watermark` per (platform, source) present in a posts batch."""
    if data.num_rows == 0:
        return
    numeric = pc.utf8_is_digit(data["post_id"])
    ids = pc.if_else(numeric, data["post_id"], None).cast(pa.int64())
    grouped = (
        pa.table(
            {
                "platform": data["platform"],
                "source": data["source"],
                "published_at": data["published_at"],
                "id": ids,
            }
        )
        .group_by(["platform", "source"], use_threads=False)
        .aggregate(
            [
                ("published_at", "max"),
                ("published_at", "min"),
                ("id", "max"),
                ("id", "min"),
                ("published_at", "count"),
            ]
        )
    )
    now = datetime.now(UTC).isoformat()
    for row in grouped.to_pylist():
        yield Watermark(
            platform=row["platform"],
            source=row["source"],
            max_post_id=row["id_max"],
            min_post_id=row["id_min"],
            max_published_at=row["published_at_max"].isoformat(),
            min_published_at=row["published_at_min"].isoformat(),
            rows=row["published_at_count"],
            updated_at=now,
        )
