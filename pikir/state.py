"""Per-source watermarks kept in ``state/watermarks/``: what has durably landed.

The lake writer advances a watermark only after the rows behind it are in the lake, so a crash
before a flush makes the next run collect the same posts again (and the writer deduplicates).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pikir.config import DataHome
from pikir.fsutil import atomic_write_text


@dataclass(frozen=True)
class Watermark:
    """The newest and oldest posts of one source that have landed.

    Attributes:
        platform: e.g. ``telegram``.
        source: e.g. a channel username.
        max_post_id: highest numeric post id landed (None when ids are not numeric).
        min_post_id: lowest numeric post id landed.
        max_published_at: ISO-8601 UTC timestamp of the newest post landed.
        min_published_at: ISO-8601 UTC timestamp of the oldest post landed.
        rows: posts landed from this source so far.
        updated_at: when the watermark last moved.
    """

    platform: str
    source: str
    max_post_id: int | None = None
    min_post_id: int | None = None
    max_published_at: str | None = None
    min_published_at: str | None = None
    rows: int = 0
    updated_at: str | None = None

    def merged(self, other: Watermark) -> Watermark:
        """Return the union of two watermarks of the same source."""

        def pick(fn, a, b):
            values = [v for v in (a, b) if v is not None]
            return fn(values) if values else None

        return Watermark(
            platform=self.platform,
            source=self.source,
            max_post_id=pick(max, self.max_post_id, other.max_post_id),
            min_post_id=pick(min, self.min_post_id, other.min_post_id),
            max_published_at=pick(max, self.max_published_at, other.max_published_at),
            min_published_at=pick(min, self.min_published_at, other.min_published_at),
            rows=self.rows + other.rows,
            updated_at=pick(max, self.updated_at, other.updated_at),
        )


def _safe(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    if not cleaned or cleaned.startswith("."):
        raise ValueError(f"unusable name for a state file: {name!r}")
    return cleaned


def watermark_path(home: DataHome, platform: str, source: str) -> Path:
    """Return where the watermark of one source is stored."""
    return home.state / "watermarks" / _safe(platform) / f"{_safe(source.lower())}.json"


def read_watermark(home: DataHome, platform: str, source: str) -> Watermark | None:
    """Return the stored watermark of a source, or None when nothing has landed yet.

    Raises:
        ValueError: the watermark file exists but is not a valid watermark.
    """
    path = watermark_path(home, platform, source)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as exc:
        raise ValueError(f"corrupt watermark file {path}: {exc}") from exc
    return Watermark(**data)


def write_watermark(home: DataHome, mark: Watermark) -> None:
    """Merge ``mark`` into the stored watermark of its source (atomic replace)."""
    current = read_watermark(home, mark.platform, mark.source)
    merged = current.merged(mark) if current else mark
    path = watermark_path(home, mark.platform, mark.source)
    atomic_write_text(path, json.dumps(asdict(merged), ensure_ascii=False, indent=2))


def reset_watermark(home: DataHome, platform: str, source: str) -> bool:
    """Forget a source's watermark (the next run backfills). Return whether one existed."""
    try:
        os.remove(watermark_path(home, platform, source))
    except FileNotFoundError:
        return False
    return True


def now_iso() -> str:
    """Return the current UTC time as ISO-8601."""
    return datetime.now(UTC).isoformat()
