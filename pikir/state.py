"""Per-source watermarks kept in ``state/watermarks/``: what has durably landed.

The lake writer advances a watermark only after the rows behind it are in the lake, so a crash
before a flush makes the next run collect the same posts again (and the writer deduplicates).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
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
        rows: post rows handed to the lake for this source (re-sightings included).
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


def watermark_path(home: DataHome, platform: str) -> Path:
    """Return the file holding the watermarks of every source of one platform."""
    return home.state / "watermarks" / f"{_safe(platform)}.json"


def _read_all(home: DataHome, platform: str) -> dict[str, dict]:
    path = watermark_path(home, platform)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"corrupt watermark file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"corrupt watermark file {path}: not a JSON object")  # noqa: TRY004
    return data


def read_watermark(home: DataHome, platform: str, source: str) -> Watermark | None:
    """Return the stored watermark of a source, or None when nothing has landed yet.

    Raises:
        ValueError: the watermark file exists but is not valid.
    """
    entry = _read_all(home, platform).get(source.lower())
    return Watermark(**entry) if entry else None


def write_watermarks(home: DataHome, marks: list[Watermark]) -> None:
    """Merge watermarks into the stored ones (one atomic file replace per platform)."""
    by_platform: dict[str, list[Watermark]] = {}
    for mark in marks:
        by_platform.setdefault(mark.platform, []).append(mark)
    for platform, group in by_platform.items():
        stored = _read_all(home, platform)
        for mark in group:
            key = mark.source.lower()
            current = Watermark(**stored[key]) if key in stored else None
            stored[key] = asdict(current.merged(mark) if current else mark)
        text = json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write_text(watermark_path(home, platform), text)


def write_watermark(home: DataHome, mark: Watermark) -> None:
    """Merge one source's watermark into the stored one."""
    write_watermarks(home, [mark])


def reset_watermark(home: DataHome, platform: str, source: str) -> bool:
    """Forget a source's watermark (the next run backfills). Return whether one existed."""
    stored = _read_all(home, platform)
    if stored.pop(source.lower(), None) is None:
        return False
    atomic_write_text(watermark_path(home, platform), json.dumps(stored, ensure_ascii=False))
    return True


def _gaps_path(home: DataHome, platform: str) -> Path:
    return home.state / "watermarks" / f"{_safe(platform)}.gaps.json"


def _read_gaps(home: DataHome, platform: str) -> dict[str, dict]:
    try:
        data = json.loads(_gaps_path(home, platform).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"corrupt gap file {_gaps_path(home, platform)}: {exc}") from exc
    return data if isinstance(data, dict) else {}


def open_gap(home: DataHome, platform: str, source: str, floor: int | str | None) -> None:
    """Remember that a walk from the newest post down to ``floor`` stopped short.

    The watermark moves up as soon as the newest posts land, so without this record the next
    incremental run would stop at the new watermark and never fetch the posts between ``floor``
    and the oldest post landed. An older open gap is kept (its floor is lower or None).

    Args:
        home: the data home.
        platform: e.g. ``telegram``.
        source: e.g. a channel username.
        floor: the highest post id (or ISO timestamp) known landed before the walk (None:
            nothing was).
    """
    gaps = _read_gaps(home, platform)
    gaps.setdefault(source.lower(), {"floor": floor})
    atomic_write_text(_gaps_path(home, platform), json.dumps(gaps, sort_keys=True))


def read_gap(home: DataHome, platform: str, source: str) -> dict | None:
    """Return ``{"floor": id | None}`` when a source's last walk stopped short, else None."""
    return _read_gaps(home, platform).get(source.lower())


def close_gap(home: DataHome, platform: str, source: str) -> None:
    """Forget an open gap once a walk has reached its floor."""
    gaps = _read_gaps(home, platform)
    if gaps.pop(source.lower(), None) is not None:
        atomic_write_text(_gaps_path(home, platform), json.dumps(gaps, sort_keys=True))
