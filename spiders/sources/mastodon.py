"""Statuses of a Mastodon instance: a hashtag timeline and (optionally) a search.

Usage::

    scrapy crawl mastodon -a source=mastodon.social-zakon -a base_url=https://mastodon.social
        -a tag=казахстан [-a q="закон о соцсетях"] [-a since=2021-09-01] [-a until=2022-05-31]

Chains: ``GET /api/v1/timelines/tag/<tag>?limit=40`` paged by the ``Link`` header's
``rel="next"`` URL (``max_id``), and ``GET /api/v2/search?q=…&type=statuses&limit=40`` paged by
``max_id`` (the last status's id; many instances answer search only with a token). Both answer
``Status`` objects: ``id``, ``created_at``, ``edited_at``, ``in_reply_to_id``, ``language``,
``url``, ``content`` (HTML), ``spoiler_text``, ``replies_count`` / ``reblogs_count`` /
``favourites_count``, ``account`` (``id``, ``acct``, ``display_name``), ``mentions``, ``tags``,
``card``, ``media_attachments`` and ``reblog``. ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset``
(ISO time) are honoured. An optional token (``PIKIR_MASTODON_TOKEN``) is sent when set.
Status ids are per instance, so one source = one instance. Accounts not listed in ``public``
(``id`` or ``acct``) are pseudonymised, and their statuses get the handle-free URL
``<instance>/web/statuses/<id>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

import scrapy
from scrapy.http import Response

from spiders.api.mapping import MapContext, count, parse_time
from spiders.api.ratelimit import RateLimitHeaders
from spiders.api.spider import ApiShapeError, ApiSpider, Page

_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_MEDIA = {"image": "photo", "gifv": "video", "video": "video", "audio": "audio"}


def html_text(content: str) -> str:
    """Plain text of a status's HTML: paragraphs and line breaks become newlines."""
    text = _BREAK.sub("\n", content or "")
    return html.unescape(_TAG.sub("", text)).strip()


def next_link(header: str | bytes | None) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (None when absent)."""
    if not header:
        return None
    text = header.decode("latin-1") if isinstance(header, bytes) else header
    match = _NEXT.search(text)
    return match.group(1) if match else None


def _account(status: dict[str, Any], ctx: MapContext) -> tuple[str | None, bool]:
    account = status.get("account") or {}
    ident, acct = account.get("id"), account.get("acct")
    return ctx.author(ident, acct), ctx.is_public(ident, acct)


def _scrub(status: dict[str, Any], author: str | None, public: bool, ctx: MapContext) -> dict:
    copy = dict(status)
    if not public:
        copy["account"] = {"id": author}
        copy["url"] = copy["uri"] = None
    copy["mentions"] = [_mention(m, ctx) for m in status.get("mentions") or []]
    copy.pop("reblog", None)
    return copy


def _mention(mention: dict[str, Any], ctx: MapContext) -> str:
    ident, acct = mention.get("id"), mention.get("acct")
    return (acct or ident) if ctx.is_public(ident, acct) else (ctx.author(ident, acct) or "")


def status_row(status: dict[str, Any], ctx: MapContext, instance: str) -> dict[str, Any]:
    """Map one Status to a lake row (a reblog points at the reblogged status)."""
    shown = status.get("reblog") or status
    author, public = _account(status, ctx)
    card = status.get("card") or {}
    media = [_MEDIA.get(m.get("type"), "document") for m in shown.get("media_attachments") or []]
    likes = count(status.get("favourites_count"))
    reply_to = status.get("in_reply_to_id")
    text = html_text(shown.get("content") or "")
    warning = shown.get("spoiler_text")
    return ctx.row(
        _scrub(status, author, public, ctx),
        post_id=str(status["id"]),
        kind="reply" if reply_to else "post",
        url=status.get("url") if public else f"{instance}/web/statuses/{status['id']}",
        author_id=author,
        author_name=(status["account"].get("display_name") or status["account"]["acct"])
        if public
        else None,
        published_at=parse_time(status["created_at"]),
        edited_at=parse_time(status.get("edited_at")),
        is_edited=bool(status.get("edited_at")),
        title=warning or None,
        text=text,
        lang_hint=shown.get("language"),
        replies=count(status.get("replies_count")),
        forwards=count(status.get("reblogs_count")),
        reactions=[{"emoji": "favourite", "count": likes}] if likes else [],
        reply_to_key=ctx.key(str(reply_to)) if reply_to else None,
        forwarded_post_key=ctx.key(str(shown["id"])) if shown is not status else None,
        links=[card["url"]] if card.get("url") else [],
        hashtags=[t["name"] for t in shown.get("tags") or []],
        mentions=[_mention(m, ctx) for m in shown.get("mentions") or []],
        media_kind=media[0] if media else None,
    )


def statuses_of(data: Any) -> list[dict[str, Any]]:
    """The statuses of a timeline (a list) or a v2 search answer (``{"statuses": [...]}``).

    Raises:
        ApiShapeError: an error object (``{"error": …}``) or another shape.
    """
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("statuses"), list):
        return data["statuses"]
    reason = data.get("error") if isinstance(data, dict) else None
    raise ApiShapeError(f"no statuses in the answer ({reason or 'unexpected shape'})")


class MastodonSpider(ApiSpider):
    """Statuses of one instance's hashtag timeline and search, newest first."""

    name = "mastodon"
    platform = "mastodon"
    default_base_url = "https://mastodon.social"
    token_env = "PIKIR_MASTODON_TOKEN"  # noqa: S105 - the variable's name, not a secret
    token_required = False
    rate_limit = RateLimitHeaders("X-RateLimit-Remaining", "X-RateLimit-Reset", "iso")

    def __init__(
        self, *args: Any, tag: str | None = None, q: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not (tag or q):
            raise ValueError("mastodon: -a tag=<hashtag> and/or -a q=<query> is required")
        self.tag, self.query = (tag or "").lstrip("#"), q

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The tag timeline and the search."""
        if self.tag:
            path = f"/api/v1/timelines/tag/{quote(self.tag)}"
            yield self.api_request(path, chain="tag", params={"limit": 40})
        if self.query:
            yield self.search_request()

    def search_request(self, max_id: str | None = None) -> scrapy.Request:
        """One page of the status search."""
        params = {"q": self.query, "type": "statuses", "limit": 40, "max_id": max_id}
        return self.api_request("/api/v2/search", chain="search", params=params)

    def rebase(self, url: str) -> str:
        """A ``Link`` URL of the instance, on ``base_url`` (the sample or a test server)."""
        parts = urlsplit(url)
        return self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """Rows of one page and the next page (``Link`` for timelines, ``max_id`` for search)."""
        statuses = statuses_of(data)
        rows = [status_row(s, self.context, self.base_url) for s in statuses]
        following = None
        if chain == "tag":
            link = next_link(response.headers.get("Link"))
            following = (
                self.api_request(self.rebase(link), chain=chain) if link and statuses else None
            )
        elif statuses:
            following = self.search_request(str(statuses[-1]["id"]))
        return Page(rows=rows, next=following)
