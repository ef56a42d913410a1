"""Completeness audit: what the API and the web preview hold for one channel and window.

Telegram message ids are sequential per channel, so missing ones can be seen (4CAT #278). The
audit walks both sides over the same window and lands one ``completeness`` row: the id range of
each side, the ids only one side holds, and the gaps (ids neither side shows: deleted messages,
or messages hidden from both). An album is one post on the preview but one message per item
in the API; its items count as present on the web when any of them is. Service messages
("channel created") are ids on both sides but not posts, so they are neither compared nor gaps.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
import urllib.robotparser
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from parsel import Selector
from telethon.tl import functions, types

from collectors.telegram import PLATFORM
from collectors.telegram.floods import Gate
from pikir.config import DataHome
from pikir.lake import layout
from pikir.lake.append import append_rows
from spiders.parsing.telegram_preview import parse_channel_page
from spiders.settings import USER_AGENT

log = logging.getLogger(__name__)

MAX_LISTED_IDS = 10_000
Fetch = Callable[[str], str | None]


@dataclass
class Side:
    """The ids one side holds in the window."""

    posts: dict[int, datetime] = field(default_factory=dict)
    service: set[int] = field(default_factory=set)
    groups: dict[int, int] = field(default_factory=dict)  # message id -> grouped_id


class PoliteFetcher:
    """GET preview pages with pikir's User-Agent, robots.txt obeyed (fail-closed), paced.

    Returns None for a disabled preview (Telegram redirects ``/s/<name>`` to ``/<name>``).

    Raises:
        PermissionError: robots.txt disallows the page or cannot be read.
    """

    def __init__(self, base_url: str, delay: float = 1.0) -> None:
        self.base_url, self.delay, self._last = base_url.rstrip("/"), delay, 0.0
        self.robots = urllib.robotparser.RobotFileParser(f"{self.base_url}/robots.txt")
        try:
            self.robots.read()
        except (urllib.error.URLError, OSError) as exc:
            raise PermissionError(f"robots.txt of {self.base_url} unreadable: {exc}") from exc
        if self.robots.disallow_all:
            raise PermissionError(f"robots.txt of {self.base_url} disallows crawling")

    def __call__(self, url: str) -> str | None:
        """Return the page at ``url``, or None when Telegram redirected away from ``/s/``."""
        if not self.robots.can_fetch(USER_AGENT, url):
            raise PermissionError(f"robots.txt disallows {url}")
        time.sleep(max(0.0, self._last + self.delay - time.monotonic()))
        self._last = time.monotonic()
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            if "/s/" not in response.geturl():
                return None
            return response.read().decode("utf-8", "replace")


def web_side(
    fetch: Fetch, base_url: str, channel: str, since: datetime, until: datetime
) -> Side | None:
    """Page the preview back from the newest post to ``since``; None when it is disabled."""
    side, before = Side(), None
    while True:
        url = f"{base_url.rstrip('/')}/s/{channel}" + (f"?before={before}" if before else "")
        html = fetch(url)
        if html is None:
            return None
        page = parse_channel_page(Selector(text=html), base_url)
        dated = {m.post_id for m in page.messages}
        side.service.update(i for i in page.post_ids if i not in dated)
        for item in page.messages:
            if since <= item.published_at <= until:
                side.posts[item.post_id] = item.published_at
        oldest = min((m.published_at for m in page.messages), default=None)
        if page.older_before is None or (oldest is not None and oldest < since):
            return side
        if before is not None and page.older_before >= before:
            return side  # loop guard: the cursor stopped moving back
        before = page.older_before


async def api_side(gate: Gate, peer: Any, since: datetime, until: datetime) -> Side:
    """Walk GetHistory from ``until`` back to ``since``, collecting ids (nothing is landed)."""
    side, offset_id = Side(), 0
    while True:
        result = await gate(
            functions.messages.GetHistoryRequest(
                peer=peer,
                offset_id=offset_id,
                offset_date=until,
                add_offset=0,
                limit=100,
                max_id=0,
                min_id=0,
                hash=0,
            )
        )
        messages = result.messages
        for message in messages:
            if isinstance(message, types.MessageService):
                side.service.add(message.id)
            elif isinstance(message, types.Message) and since <= message.date <= until:
                side.posts[message.id] = message.date
                if message.grouped_id:
                    side.groups[message.id] = message.grouped_id
        if not messages or messages[0].id <= 100 or messages[-1].date < since:
            return side
        offset_id = min(m.id for m in messages)


def compare(api: Side, web: Side) -> dict[str, Any]:
    """The id-level comparison of two sides (the counts and lists of a completeness row)."""
    on_web = set(web.posts)
    members: dict[int, set[int]] = {}
    for message_id, group in api.groups.items():
        members.setdefault(group, set()).add(message_id)
    for ids in members.values():
        if ids & on_web:
            on_web |= ids
    api_ids = set(api.posts)
    every = api_ids | set(web.posts) | api.service | web.service
    window = api_ids | set(web.posts)
    gaps = [] if not window else [i for i in range(min(window), max(window) + 1) if i not in every]
    return {
        "api_count": len(api_ids),
        "web_count": len(web.posts),
        "both_count": len(api_ids & on_web),
        "api_min_id": min(api_ids, default=None),
        "api_max_id": max(api_ids, default=None),
        "web_min_id": min(web.posts, default=None),
        "web_max_id": max(web.posts, default=None),
        "only_api_ids": sorted(api_ids - on_web)[:MAX_LISTED_IDS],
        "only_web_ids": sorted(set(web.posts) - api_ids)[:MAX_LISTED_IDS],
        "gap_count": len(gaps),
        "gap_ids": gaps[:MAX_LISTED_IDS],
    }


async def audit_channel(
    home: DataHome,
    gate: Gate,
    channel: str,
    peer: Any,
    fetch: Fetch,
    *,
    base_url: str,
    since: datetime,
    until: datetime | None = None,
    run_id: str,
) -> dict[str, Any]:
    """Compare both sides of one channel over ``[since, until]`` and land the result.

    Returns:
        The ``completeness`` row (also landed), with ``web_unavailable`` when the preview is
        disabled (then every API id counts as API-only).
    """
    audited_at = datetime.now(UTC)
    until = until or audited_at
    api = await api_side(gate, peer, since, until)
    web = web_side(fetch, base_url, channel, since, until)
    row = compare(api, web or Side())
    row.update(
        audit_id=f"audit-{audited_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}",
        platform=PLATFORM,
        source=channel.lower(),
        window_start=since,
        window_end=until,
        audited_at=audited_at,
        run_id=run_id,
    )
    append_rows(home, layout.COMPLETENESS, [row], run_id=run_id)
    row["web_unavailable"] = web is None
    return row
