"""What a platform's mapper needs to turn API JSON into lake rows, kept free of Scrapy.

Every API spider maps JSON with plain functions ``f(item, ctx) -> row``; :class:`MapContext`
carries the provenance and the privacy rule, so the mappers are tested without a crawl.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pikir.privacy import PREFIX
from pikir.schema import Post, make_post_key, sha256_text


@dataclass(frozen=True)
class MapContext:
    """Provenance of the rows and who counts as a public account.

    Attributes:
        platform: e.g. ``bluesky``.
        source: the configured source (query, subreddit, tag…).
        pseudonymize: :class:`pikir.privacy.Pseudonymizer` (or any ``(platform, id) -> str``).
        public: lower-cased ids/handles of accounts configured as public sources.
        collected_at, run_id, collector: provenance.
    """

    platform: str
    source: str
    pseudonymize: Callable[[str, str], str]
    collected_at: datetime
    run_id: str
    collector: str
    public: frozenset[str] = field(default_factory=frozenset)

    def is_public(self, *identifiers: str | None) -> bool:
        """Whether an account (by any of its ids or handles) is configured as public."""
        return any(i and str(i).lower().lstrip("@") in self.public for i in identifiers)

    def author(self, *identifiers: str | None) -> str | None:
        """The stored author: its first identifier when public, else a keyed pseudonym."""
        present = [str(i) for i in identifiers if i]
        if not present:
            return None
        return (
            present[0] if self.is_public(*present) else self.pseudonymize(self.platform, present[0])
        )

    def key(self, post_id: str) -> str:
        """The post key of a post of this source."""
        return make_post_key(self.platform, self.source, post_id)

    def row(self, payload: Any = None, **fields: Any) -> dict[str, Any]:
        """A lake row (validated through :class:`~pikir.schema.Post`) with its raw JSON."""
        post = Post(
            platform=self.platform,
            source=self.source,
            collected_at=self.collected_at,
            run_id=self.run_id,
            collector=self.collector,
            **fields,
        )
        row = post.to_row()
        if payload is not None:
            text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
            row["_raw"] = {"payload": text, "content_type": "application/json"}
            row["raw_sha256"] = sha256_text(text)
        return row


def key_part(author: str) -> str:
    """An author reference usable inside a post id (a pseudonym loses its ``anon:`` prefix)."""
    return author.removeprefix(PREFIX)


def parse_time(value: str | int | float | None) -> datetime | None:
    """An API timestamp (ISO-8601 with ``Z`` or an offset, or Unix seconds) in UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return datetime.fromtimestamp(int(value), tz=UTC)
    when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError(f"timestamp {value!r} has no time zone")
    return when.astimezone(UTC)


def count(value: Any) -> int | None:
    """A count field (None when absent)."""
    return None if value is None else int(value)
