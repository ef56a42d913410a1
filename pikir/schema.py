"""The data contract: one typed model for a post and explicit Arrow schemas for every lake table.

Every collector (Scrapy spiders, the Telegram API collector, importers) builds :class:`Post`
objects and hands their rows to the lake writer. Columns are only ever added, never renamed
(DESIGN.md §3). Partition columns (``platform``, ``date``) live in the directory names, not in
the files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

KINDS = ("post", "comment", "article", "reply")
UTC_TS = pa.timestamp("us", tz="UTC")

REACTION_TYPE = pa.struct(
    [
        pa.field("emoji", pa.string()),
        pa.field("custom_emoji_id", pa.string()),
        pa.field("count", pa.int64()),
    ]
)

POSTS_SCHEMA = pa.schema(
    [
        pa.field("post_key", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("post_id", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("parent_key", pa.string()),
        pa.field("thread_key", pa.string()),
        pa.field("reply_to_key", pa.string()),
        pa.field("author_id", pa.string()),
        pa.field("author_name", pa.string()),
        pa.field("signature", pa.string()),
        pa.field("published_at", UTC_TS, nullable=False),
        pa.field("edited_at", UTC_TS),
        pa.field("is_edited", pa.bool_()),
        pa.field("title", pa.string()),
        pa.field("text", pa.string()),
        pa.field("lang_hint", pa.string()),
        pa.field("views", pa.int64()),
        pa.field("forwards", pa.int64()),
        pa.field("replies", pa.int64()),
        pa.field("reactions", pa.list_(REACTION_TYPE)),
        pa.field("reaction_total", pa.int64()),
        pa.field("forwarded_from", pa.string()),
        pa.field("forwarded_post_key", pa.string()),
        pa.field("mentions", pa.list_(pa.string())),
        pa.field("hashtags", pa.list_(pa.string())),
        pa.field("links", pa.list_(pa.string())),
        pa.field("media_kind", pa.string()),
        pa.field("collected_at", UTC_TS, nullable=False),
        pa.field("updated_at", UTC_TS, nullable=False),
        pa.field("version", pa.int32(), nullable=False),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("collector", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string()),
        pa.field("deleted_at", UTC_TS),
        pa.field("grouped_id", pa.int64()),
        pa.field("forwarded_at", UTC_TS),
        pa.field("lead", pa.string()),
        pa.field("tags", pa.list_(pa.string())),
    ]
)
"""Columns of ``lake/posts/platform=<p>/date=<YYYY-MM-DD>/``.

``collected_at`` is when pikir first saw the post (kept across edits); ``updated_at`` is when
this version was collected; ``version`` counts content changes (1 = as first seen).
"""

METRICS_SCHEMA = pa.schema(
    [
        pa.field("post_key", pa.string(), nullable=False),
        pa.field("observed_at", UTC_TS, nullable=False),
        pa.field("views", pa.int64()),
        pa.field("forwards", pa.int64()),
        pa.field("replies", pa.int64()),
        pa.field("reaction_total", pa.int64()),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("signatures", pa.int64()),
    ]
)
"""Columns of ``lake/metrics/platform=<p>/date=<observed date>/``: one row per sighting.

``signatures`` (added for petitions, null elsewhere) is a petition page's signature count;
files written before it existed read it as null."""

RAW_SCHEMA = pa.schema(
    [
        pa.field("post_key", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string(), nullable=False),
        pa.field("collected_at", UTC_TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("content_type", pa.string()),
        pa.field("payload", pa.string(), nullable=False),
    ]
)
"""Columns of ``lake/raw/platform=<p>/date=<published date>/``: the payload each row came from."""

RUNS_SCHEMA = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("flow", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        pa.field("platform", pa.string()),
        pa.field("collector", pa.string()),
        pa.field("started_at", UTC_TS, nullable=False),
        pa.field("finished_at", UTC_TS),
        pa.field("status", pa.string(), nullable=False),
        pa.field("items", pa.int64()),
        pa.field("new_items", pa.int64()),
        pa.field("updated_items", pa.int64()),
        pa.field("pages", pa.int64()),
        pa.field("http_errors", pa.int64()),
        pa.field("retries", pa.int64()),
        pa.field("timeouts", pa.int64()),
        pa.field("flood_wait_s", pa.float64()),
        pa.field("bytes", pa.int64()),
        pa.field("status_counts", pa.string()),
        pa.field("watermark_before", pa.string()),
        pa.field("watermark_after", pa.string()),
        pa.field("error", pa.string()),
    ]
)
"""Columns of ``lake/runs/date=<started date>/``: one row per collection run and source."""

SCORE_FIELDS = (
    pa.field("lang", pa.string()),
    pa.field("lang_confidence", pa.float64()),
    pa.field("relevance", pa.float64()),
    pa.field("matched_terms", pa.list_(pa.string())),
    pa.field("sentiment_label", pa.string()),
    pa.field("sentiment_score", pa.float64()),
    pa.field("sentiment_confidence", pa.float64()),
)
"""The scores of one text (what ``enrich.scorer`` computes), stored in ``ENRICHMENT_SCHEMA``."""

ENRICHMENT_SCHEMA = pa.schema(
    [
        pa.field("post_key", pa.string(), nullable=False),
        pa.field("model", pa.string(), nullable=False),
        pa.field("topic", pa.string()),
        *SCORE_FIELDS,
        pa.field("content_sha256", pa.string()),
        pa.field("published_at", UTC_TS, nullable=False),
        pa.field("scored_at", UTC_TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("minhash", pa.list_(pa.uint32())),
    ]
)
"""Columns of ``lake/enrichment/platform=<p>/date=<published date>/``: one row per post version
(``content_sha256``) and model (``name@version`` of the language, topic, sentiment and
near-duplicate models).

``minhash`` (added for ``repost_clusters``) is the post text's MinHash signature
(:mod:`enrich.near_duplicates`), null for texts too short to compare; files written before it
existed read it as null, and the warehouse build signs those posts itself."""

COMPLETENESS_SCHEMA = pa.schema(
    [
        pa.field("audit_id", pa.string(), nullable=False),
        pa.field("platform", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        pa.field("window_start", UTC_TS),
        pa.field("window_end", UTC_TS),
        pa.field("audited_at", UTC_TS, nullable=False),
        pa.field("api_count", pa.int64()),
        pa.field("web_count", pa.int64()),
        pa.field("both_count", pa.int64()),
        pa.field("api_min_id", pa.int64()),
        pa.field("api_max_id", pa.int64()),
        pa.field("web_min_id", pa.int64()),
        pa.field("web_max_id", pa.int64()),
        pa.field("only_api_ids", pa.list_(pa.int64())),
        pa.field("only_web_ids", pa.list_(pa.int64())),
        pa.field("gap_count", pa.int64()),
        pa.field("gap_ids", pa.list_(pa.int64())),
        pa.field("run_id", pa.string()),
    ]
)
"""Columns of ``lake/completeness/date=<audit date>/``: one row per audit of one source, comparing
what the Telegram API and the web preview hold for the same window."""

RUN_STATUSES = ("ok", "empty", "unavailable", "partial", "failed")
"""``empty`` = reachable, nothing new; ``unavailable`` = source answered but shows nothing
(e.g. a disabled Telegram preview); ``failed`` = errors or a layout change."""


def make_post_key(platform: str, source: str, post_id: str) -> str:
    """Return the stable key ``platform:source:post_id`` that identifies a post everywhere."""
    for name, value in (("platform", platform), ("source", source)):
        if not value or ":" in value:
            raise ValueError(f"{name} must be non-empty and free of ':' (got {value!r})")
    if not post_id:
        raise ValueError("post_id must be non-empty")
    return f"{platform}:{source}:{post_id}"


def sha256_text(value: str | bytes) -> str:
    """Return the hex SHA-256 of a string (UTF-8) or bytes."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()


def utc(value: datetime) -> datetime:
    """Return ``value`` converted to UTC; naive datetimes are rejected, never guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"timestamp {value!r} has no time zone")
    return value.astimezone(UTC)


# Fields whose change means the post was edited (engagement counts are not content).
CONTENT_FIELDS = (
    "title",
    "text",
    "edited_at",
    "is_edited",
    "links",
    "media_kind",
    "forwarded_from",
    "reply_to_key",
    "signature",
    "deleted_at",
    "lead",
    "tags",
)


def content_sha256_of(values: dict[str, Any]) -> str:
    """Hash of the :data:`CONTENT_FIELDS` of a row (what :meth:`Post.content_sha256` returns).

    For collectors that build rows without a :class:`Post` on their hot path.
    """
    get = values.get
    content = {name: get(name) for name in _SORTED_CONTENT_FIELDS}  # sorted: as sort_keys=True
    return sha256_text(_CONTENT_JSON(content))


_SORTED_CONTENT_FIELDS = tuple(sorted(CONTENT_FIELDS))
_CONTENT_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode
"""One encoder for every hash (``json.dumps`` would build one per call; same output)."""


@dataclass(slots=True)
class Post:
    """One public post, comment, reply or article as a collector sees it.

    Attributes mirror :data:`POSTS_SCHEMA`; ``post_key``, ``content_sha256``, ``version`` and
    ``updated_at`` are derived. Timestamps must be time-zone aware and are stored in UTC.
    """

    platform: str
    source: str
    post_id: str
    published_at: datetime
    collected_at: datetime
    run_id: str
    collector: str
    kind: str = "post"
    url: str | None = None
    parent_key: str | None = None
    thread_key: str | None = None
    reply_to_key: str | None = None
    author_id: str | None = None
    author_name: str | None = None
    signature: str | None = None
    edited_at: datetime | None = None
    is_edited: bool | None = None
    title: str | None = None
    text: str | None = None
    lang_hint: str | None = None
    views: int | None = None
    forwards: int | None = None
    replies: int | None = None
    reactions: list[dict[str, Any]] = field(default_factory=list)
    forwarded_from: str | None = None
    forwarded_post_key: str | None = None
    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    media_kind: str | None = None
    raw_sha256: str | None = None
    deleted_at: datetime | None = None
    grouped_id: int | None = None
    forwarded_at: datetime | None = None
    lead: str | None = None
    tags: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        self.post_id = str(self.post_id)
        self.published_at = utc(self.published_at)
        self.collected_at = utc(self.collected_at)
        for name in ("edited_at", "deleted_at", "forwarded_at"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, utc(value))
        if not self.run_id or not self.collector:
            raise ValueError("run_id and collector are required provenance")

    @property
    def post_key(self) -> str:
        """The post's key, ``platform:source:post_id``."""
        return make_post_key(self.platform, self.source, self.post_id)

    @property
    def reaction_total(self) -> int | None:
        """Sum of all reaction counts, or None when the source shows no reactions."""
        if not self.reactions:
            return None
        return sum(int(r.get("count") or 0) for r in self.reactions)

    def content_sha256(self) -> str:
        """Hash of the editable content: changes when the post is edited, not when views grow."""
        return content_sha256_of({name: getattr(self, name) for name in CONTENT_FIELDS})

    def to_row(self) -> dict[str, Any]:
        """Return the post as a lake row: a dict with ``platform`` plus every posts column."""
        row = asdict(self)
        row["post_key"] = self.post_key
        row["reaction_total"] = self.reaction_total
        row["content_sha256"] = self.content_sha256()
        row["updated_at"] = self.collected_at
        row["version"] = 1
        row["reactions"] = [
            {
                "emoji": r.get("emoji"),
                "custom_emoji_id": r.get("custom_emoji_id"),
                "count": int(r.get("count") or 0),
            }
            for r in self.reactions
        ]
        return row
