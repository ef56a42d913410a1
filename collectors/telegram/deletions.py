"""Deleted messages: landed posts that a re-poll of their id range no longer returns.

A re-poll walks a channel from its newest message down past the re-poll cutoff, so it covers the
contiguous id range ``[lowest id walked, ∞)``. A post landed earlier in that range, published
after the cutoff, and not returned now, was deleted (or hidden from the account: the completeness
audit tells the two apart against the web preview). It gets a new version with ``deleted_at``;
its text, links, mentions and hashtags are kept only when configuration allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from collectors.telegram import COLLECTOR, PLATFORM
from pikir.config import DataHome
from pikir.lake.landed import landed_since
from pikir.schema import content_sha256_of

WITHDRAWN_FIELDS = ("text", "links", "mentions", "hashtags")
"""Content removed from the deleted version unless ``keep_text`` (the author withdrew it)."""


def landed_posts(home: DataHome, source: str, published_since: datetime) -> list[dict[str, Any]]:
    """The landed, not yet deleted posts of a channel published at or after a moment.

    Reads only the ``date=`` partitions from ``published_since``'s day on.
    """
    landed = landed_since(
        home, platform=PLATFORM, source=source, kind="post", published_since=published_since
    )
    return landed.to_pylist()


def deletion_rows(
    landed: Iterable[dict[str, Any]],
    *,
    lowest_walked: int,
    seen_ids: set[int],
    deleted_at: datetime,
    run_id: str,
    keep_text: bool,
) -> list[dict[str, Any]]:
    """New versions, marked deleted, of the landed posts the walk covered but did not see.

    Args:
        landed: rows from :func:`landed_posts`.
        lowest_walked: lowest message id the walk from the top reached.
        seen_ids: every id the walk returned (service messages included).
        deleted_at: when the deletion was noticed.
        run_id: provenance of the new versions.
        keep_text: keep the withdrawn content in the deleted version.
    """
    rows = []
    for old in landed:
        post_id = old["post_id"]
        if not post_id.isdigit() or int(post_id) < lowest_walked or int(post_id) in seen_ids:
            continue
        row = dict(old, platform=PLATFORM, deleted_at=deleted_at, updated_at=deleted_at)
        row.update(collected_at=deleted_at, run_id=run_id, collector=COLLECTOR, raw_sha256=None)
        if not keep_text:
            row.update(text=None, links=[], mentions=[], hashtags=[])
        row["content_sha256"] = content_sha256_of(row)
        rows.append(row)
    return rows
