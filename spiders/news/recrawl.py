"""Articles landed in the last days, fetched again so late comments and new counts are seen.

Comments keep arriving for a few days after publication, and view and comment counters keep
moving. Each nightly (incremental) run therefore re-requests the outlet's articles published
within ``recrawl_days`` even though they are at or below the watermark; the lake's merge turns
an unchanged article into a metrics observation, an edited one into a new version, and new
comments into new rows.
"""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake import layout, storage
from spiders.news.article import PLATFORM


def recent_article_urls(home: DataHome, source: str, published_since: datetime) -> list[str]:
    """URLs of the outlet's landed articles published at or after ``published_since``, newest first.

    Reads only the ``date=`` partitions from that day on; deleted articles are left out.
    """
    root = home.lake / layout.POSTS.name / f"platform={PLATFORM}"
    if not root.exists():
        return []
    first_day = published_since.date().isoformat()
    found: list[pa.Table] = []
    for directory in sorted(root.glob("date=*")):
        if directory.name.removeprefix("date=") < first_day:
            continue
        for path in layout.data_files(directory):
            table = storage.read_table(
                path,
                columns=["url", "published_at", "deleted_at"],
                filters=[("source", "=", source), ("kind", "=", "article")],
            )
            if table.num_rows:
                found.append(table)
    if not found:
        return []
    data = pa.concat_tables(found)
    keep = pc.and_(
        pc.is_null(data["deleted_at"]), pc.greater_equal(data["published_at"], published_since)
    )
    recent = data.filter(keep).sort_by([("published_at", "descending")])
    return list(dict.fromkeys(url for url in recent["url"].to_pylist() if url))
