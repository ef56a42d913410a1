"""Import Zeeschuimer captures (NDJSON, as uploaded to 4CAT) into the lake.

Each line is one captured item in Zeeschuimer's envelope: ``nav_index``, ``item_id``,
``timestamp_collected`` (ms), ``source_platform`` (the module's domain: ``instagram.com``,
``tiktok.com``, ``twitter.com``/``x.com``, ``threads.net``), ``source_platform_url``,
``source_url``, ``user_agent`` and ``data``, the platform's own object. Instagram, TikTok, X and
Threads items are landed (platform ``instagram|tiktok|x|threads``); items of other platforms
and ads are counted as skipped. The raw payload keeps the envelope's ids and the ``data``
with every user object scrubbed (no names of private people, no browser fingerprint).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from collectors.imports import zeeschuimer_items
from collectors.imports.accounts import Pseudonymize, identify, scrub_identities
from collectors.imports.landing import (
    ImportFileError,
    ImportReport,
    ImportRun,
    attach_raw,
    import_files,
    mask_phones,
    read_text,
)
from collectors.imports.zeeschuimer_items import NotAPost
from pikir import __version__
from pikir.config import DataHome
from pikir.schema import Post, make_post_key

COLLECTOR = f"zeeschuimer_import@{__version__}"
ENVELOPE_KEPT = ("item_id", "nav_index", "timestamp_collected", "source_platform")


def platform_of(envelope: dict[str, Any]) -> str | None:
    """``instagram|tiktok|x|threads`` from the envelope's ``source_platform``, else None."""
    domain = str(envelope.get("source_platform") or "").lower().removeprefix("www.")
    return zeeschuimer_items.PLATFORMS.get(domain)


def map_item(
    envelope: dict[str, Any], pseudonymize: Pseudonymize, run: ImportRun
) -> dict[str, Any] | None:
    """The posts row of one captured item, or None for an item we do not land.

    Raises:
        KeyError, TypeError, ValueError: ``data`` lacks what its platform always has.
    """
    platform = platform_of(envelope)
    if platform is None:
        return None
    data = envelope["data"]
    if not isinstance(data, dict):
        raise TypeError("'data' is not an object")
    try:
        item = zeeschuimer_items.READERS[platform](data)
    except NotAPost:
        return None
    who = identify(item.account, pseudonymize)
    forwarded = item.forwarded_from
    forwarded_from = identify(forwarded, pseudonymize).source if forwarded else None
    post = Post(
        platform=platform,
        source=who.source,
        post_id=item.post_id,
        kind=item.kind,
        url=item.public_url if who.public else item.private_url,
        published_at=item.published_at,
        collected_at=run.now,
        run_id=run.run_id,
        collector=COLLECTOR,
        author_id=who.author_id,
        author_name=who.author_name,
        text=item.text if who.public else mask_phones(item.text),
        lang_hint=item.lang_hint,
        views=item.views,
        forwards=item.forwards,
        replies=item.replies,
        reactions=[{"emoji": "like", "count": item.likes}] if item.likes is not None else [],
        forwarded_from=forwarded_from,
        forwarded_post_key=None,
        mentions=item.mentions,
        hashtags=item.hashtags,
        links=item.links,
        media_kind=item.media_kind,
    )
    raw = {k: envelope.get(k) for k in ENVELOPE_KEPT} | {"data": scrub_identities(data)}
    return attach_raw(post.to_row(), raw)


def read_capture(
    path: str | Path, pseudonymize: Pseudonymize, run: ImportRun
) -> tuple[list[dict[str, Any]], int]:
    """Every row of one NDJSON capture and the number of items skipped.

    Raises:
        ImportFileError: a line is not JSON, not an envelope, or an item of a known
            platform lacks what that platform always has.
    """
    rows, skipped = [], 0
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            envelope = json.loads(line.replace("\0", ""))
        except json.JSONDecodeError as exc:
            problem = f"not JSON (truncated capture?): {exc.msg}"
            raise ImportFileError(path, problem, number) from exc
        if not isinstance(envelope, dict) or "data" not in envelope:
            raise ImportFileError(path, "not a Zeeschuimer item (no 'data' envelope)", number)
        try:
            row = map_item(envelope, pseudonymize, run)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            platform = envelope.get("source_platform")
            problem = f"{platform} item has an unknown shape: {exc!r}"
            raise ImportFileError(path, problem, number) from exc
        if row is None:
            skipped += 1
        else:
            rows.append(row)
    if not rows and not skipped:
        raise ImportFileError(path, "no captured items: not a Zeeschuimer NDJSON export")
    return rows, skipped


def unique_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Rows with a post key seen before dropped (a capture repeats items across navigations)."""
    seen: set[str] = set()
    for row in rows:
        key = make_post_key(row["platform"], row["source"], row["post_id"])
        if key not in seen:
            seen.add(key)
            yield row


def import_zeeschuimer(
    home: DataHome, paths: Iterable[str | Path], *, run_id: str | None = None
) -> ImportReport:
    """Validate every capture file, then land all their posts at once (``run_id``: a flow's).

    Raises:
        ImportFileError: a file is malformed (nothing is landed then).
    """
    return import_files(
        home, paths, read_capture, collector=COLLECTOR, run_id=run_id, unique=unique_rows
    )
