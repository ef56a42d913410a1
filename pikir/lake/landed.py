"""Posts already landed for one source: what a re-poll or a re-crawl compares against.

Reads through :mod:`pikir.lake.storage`, so the same call works on local disk and on an
S3-compatible lake.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake import layout, storage


def landed_since(
    home: DataHome,
    *,
    platform: str,
    source: str,
    kind: str,
    published_since: datetime,
    columns: Sequence[str] | None = None,
) -> pa.Table:
    """The landed, not deleted rows of one source and kind published at or after a moment.

    Reads only the ``date=`` partitions from ``published_since``'s day on.

    Args:
        home: the data home whose lake is read.
        platform: the ``platform=`` partition.
        source: value of the ``source`` column.
        kind: value of the ``kind`` column (``post``, ``article``…).
        published_since: earliest ``published_at`` kept.
        columns: columns to read (must include ``published_at`` and ``deleted_at``);
            every file column when None.

    Returns:
        The matching rows (an empty table with the requested columns when none are landed).
    """
    found: list[pa.Table] = []
    root = home.lake / layout.POSTS.name / f"platform={platform}"
    if root.exists():
        first_day = published_since.date().isoformat()
        for directory in sorted(root.glob("date=*")):
            if directory.name.removeprefix("date=") < first_day:
                continue
            for path in layout.data_files(directory):
                table = storage.read_table(
                    path,
                    columns=None if columns is None else list(columns),
                    filters=[("source", "=", source), ("kind", "=", kind)],
                )
                if table.num_rows:
                    found.append(table)
    if not found:
        empty = layout.POSTS.schema.empty_table()
        return empty if columns is None else empty.select(list(columns))
    data = pa.concat_tables(found)
    keep = pc.and_(
        pc.is_null(data["deleted_at"]), pc.greater_equal(data["published_at"], published_since)
    )
    return data.filter(keep)
