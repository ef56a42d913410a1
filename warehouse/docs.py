"""Documentation of every view and every mart column, applied as ``COMMENT ON`` at build time.

Analysts see it with ``SELECT table_name, column_name, comment FROM duckdb_columns()`` (or
``duckdb_views()`` for the views). The ``docs_complete`` contract fails the build when a mart
column is undocumented or a documented column no longer exists.
"""

from __future__ import annotations

import duckdb

from warehouse.sources import LAKE_TABLES, quote_ident, quote_literal

_LINEAGE = "Lake file the row was read from (lineage)."

VIEW_DOCS: dict[str, str] = {
    "posts": "One row per public post, comment, reply or article (post_key): the newest landed "
    "version, with the latest observed engagement.",
    "daily_volume": "Posts and their latest views per UTC publication day, platform and source.",
    "source_summary": "One row per platform and source: volume, timing, engagement and style.",
    "collection_health": "One row per collection run and source, with problem sources flagged.",
    "events": "The bill's timeline (high and medium confidence rows of sources.md Table 2).",
    "stg_lake__posts": "Every landed post version (lake/posts), cast and renamed.",
    "stg_lake__metrics": "Every engagement sighting (lake/metrics), cast and renamed.",
    "stg_lake__raw": "Archived raw payloads (lake/raw), cast and renamed.",
    "stg_lake__runs": "Every collection run and source (lake/runs), cast and renamed.",
    "int_posts_deduplicated": "Newest version per post_key; collected_at = first seen.",
    "int_metrics_latest": "Latest engagement sighting per post_key, with the sighting count.",
    "int_posts_with_engagement": "Newest version per post with the latest engagement counts.",
    **{
        table.view: f"Generated: typed read of lake/{table.name} (see warehouse/sources.py)."
        for table in LAKE_TABLES
    },
}

MART_COLUMNS: dict[str, dict[str, str]] = {
    "posts": {
        "post_key": "Stable key platform:source:post_id; unique in this view.",
        "platform": "Platform the post came from (telegram, news, ...); hive partition.",
        "source": "Channel username, outlet domain or community the post belongs to.",
        "post_id": "The post's id within its source.",
        "parent_key": "post_key of the post a comment belongs to.",
        "thread_key": "post_key of the thread's first post.",
        "reply_to_key": "post_key of the message this one replies to.",
        "forwarded_post_key": "post_key of the forwarded original, when known.",
        "kind": "post, comment, article or reply (pikir.schema.KINDS).",
        "url": "Public URL of the post.",
        "author_id": "Pseudonymised author id (clear only for public channels and outlets).",
        "author_name": "Author name, kept for channels and outlets only.",
        "signature": "Author signature shown on a channel post.",
        "title": "Headline (articles) or null.",
        "text": "Text of the newest version.",
        "lang_hint": "Language declared by the source, not detected.",
        "forwarded_from": "Source a forward came from.",
        "media_kind": "Kind of attached media (photo, video, ...) or null.",
        "reactions": "Reactions of the newest version: list of {emoji, custom_emoji_id, count}.",
        "mentions": "@mentions in the text.",
        "hashtags": "Hashtags in the text.",
        "links": "Outbound links in the text.",
        "views": "Views at engagement_observed_at: the latest metrics sighting if it is newer "
        "than the version, else the version's own count.",
        "forwards": "Forwards at engagement_observed_at (same rule as views).",
        "replies": "Replies at engagement_observed_at (same rule as views).",
        "reaction_total": "Sum of reaction counts at engagement_observed_at (same rule as views).",
        "engagement_observed_at": "When views/forwards/replies/reaction_total were observed (UTC).",
        "observations": "Number of metrics sightings of the post (0 when none).",
        "version": "Content version of this row (1 = as first seen; grows on edits).",
        "is_edited": "Whether the source marks the post as edited.",
        "content_sha256": "Hash of the editable content of this version.",
        "date": "UTC date of published_at (hive partition).",
        "published_at": "Publication time (UTC).",
        "edited_at": "Last edit time shown by the source (UTC).",
        "collected_at": "First time pikir saw the post, over all versions (UTC).",
        "updated_at": "When this version was collected (UTC).",
        "last_seen_at": "Latest of updated_at and the latest metrics sighting (UTC).",
        "run_id": "Collection run that landed this version.",
        "collector": "Collector name@version that landed this version.",
        "raw_sha256": "Hash of the raw payload this version was parsed from.",
        "source_file": _LINEAGE,
    },
    "daily_volume": {
        "day": "UTC publication day (posts.date).",
        "platform": "Platform.",
        "source": "Source within the platform.",
        "posts": "Number of posts published that day (one per post_key).",
        "views": "Sum of the posts' latest views; null when no post has a view count.",
    },
    "source_summary": {
        "platform": "Platform.",
        "source": "Source within the platform.",
        "posts": "Number of posts (one per post_key).",
        "first_post_at": "Earliest publication time (UTC).",
        "last_post_at": "Latest publication time (UTC).",
        "total_views": "Sum of the posts' latest views; null when none is known.",
        "median_views": "Median of the posts' latest views.",
        "share_edited": "Share (0..1) of posts edited: is_edited, an edited_at or version > 1.",
        "share_forwarded": "Share (0..1) of posts that are forwards.",
        "share_media": "Share (0..1) of posts with attached media.",
        "last_collected_at": "Latest time any of the source's posts was seen (UTC).",
    },
    "collection_health": {
        "run_id": "Collection run.",
        "flow": "Flow that ran the collection.",
        "platform": "Platform of the source.",
        "source": "Source collected in this run.",
        "collector": "Collector name@version.",
        "status": "ok, empty, unavailable, partial or failed (pikir.schema.RUN_STATUSES).",
        "is_unavailable": "The source answered but showed nothing (e.g. preview disabled).",
        "is_failed": "The run failed (errors or a layout change).",
        "needs_attention": "status is unavailable or failed.",
        "source_problem_runs": "Runs of this platform and source that were unavailable or failed.",
        "started_at": "Run start (UTC).",
        "finished_at": "Run end (UTC); null if it never finished.",
        "duration_s": "finished_at - started_at in seconds.",
        "items": "Items seen.",
        "new_items": "Items not seen before.",
        "updated_items": "Items landed as a new version (edits).",
        "pages": "Pages or API calls made.",
        "errors": "http_errors + timeouts (null when both are unknown).",
        "http_errors": "HTTP responses with an error status.",
        "timeouts": "Requests that timed out.",
        "retries": "Requests retried.",
        "flood_wait_s": "Seconds spent in Telegram flood waits.",
        "bytes": "Bytes downloaded.",
        "error": "Error text of the run, if any.",
        "status_counts": "HTTP status counts as recorded by the collector.",
        "source_file": _LINEAGE,
    },
    "events": {
        "event_date": "Date of the event; the first of the month or year when date_precision "
        "is month or year.",
        "date_precision": "day, month or year: how much of event_date is known.",
        "title_en": "Short English title.",
        "description": "What happened, in pikir's own words.",
        "confidence": "Evidence confidence: high, medium-high or medium.",
        "source_url": "First evidence URL in sources.md.",
    },
}


def apply_docs(con: duckdb.DuckDBPyConnection) -> int:
    """Comment every documented mart and column; return the number of comments applied."""
    applied = 0
    for view, text in VIEW_DOCS.items():
        con.execute(f"comment on view {quote_ident(view)} is {quote_literal(text)}")
        applied += 1
    for view, columns in MART_COLUMNS.items():
        existing = {
            row[0]
            for row in con.execute(
                "select column_name from duckdb_columns() where table_name = ?", [view]
            ).fetchall()
        }
        for column, text in columns.items():
            if column in existing:
                target = f"{quote_ident(view)}.{quote_ident(column)}"
                con.execute(f"comment on column {target} is {quote_literal(text)}")
                applied += 1
    return applied
