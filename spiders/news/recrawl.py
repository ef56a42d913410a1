"""Articles landed in the last days, fetched again so late comments and new counts are seen.

Comments keep arriving for a few days after publication, and view and comment counters keep
moving. Each nightly (incremental) run therefore re-requests the outlet's articles published
within ``recrawl_days`` even though they are at or below the watermark; the lake's merge turns
an unchanged article into a metrics observation, an edited one into a new version, and new
comments into new rows.
"""

from __future__ import annotations

from datetime import datetime

from pikir.config import DataHome
from pikir.lake.landed import landed_since
from spiders.news.article import PLATFORM


def recent_article_urls(home: DataHome, source: str, published_since: datetime) -> list[str]:
    """URLs of the outlet's landed articles published at or after ``published_since``, newest first.

    Reads only the ``date=`` partitions from that day on; deleted articles are left out.
    """
    data = landed_since(
        home,
        platform=PLATFORM,
        source=source,
        kind="article",
        published_since=published_since,
        columns=["url", "published_at", "deleted_at"],
    )
    recent = data.sort_by([("published_at", "descending")])
    return list(dict.fromkeys(url for url in recent["url"].to_pylist() if url))
