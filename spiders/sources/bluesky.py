"""Bluesky posts matching a search, through the public AppView's ``app.bsky.feed.searchPosts``.

Usage::

    scrapy crawl bluesky -a source=zakon_o_sotssetyah -a q="закон о соцсетях"
        [-a base_url=https://public.api.bsky.app] [-a since=2021-09-01] [-a until=2022-05-31]
        [-a lang=ru] [-a public=did:plc:…,newsroom.bsky.social]

Request: ``GET /xrpc/app.bsky.feed.searchPosts?q=…&sort=latest&limit=100&since=…&until=…&cursor=…``
(lexicon ``app.bsky.feed.searchPosts``); the answer is
``{"cursor", "hitsTotal", "posts": [postView]}`` where a postView holds ``uri``
(``at://<did>/app.bsky.feed.post/<rkey>``), ``cid``, ``author``
(``did``, ``handle``, ``displayName``), ``record`` (``text``, ``createdAt``, ``langs``, ``reply``
``{root, parent}``, ``facets`` with link/tag/mention features), ``embed`` views
(``app.bsky.embed.external#view``, ``…record#view``, ``…recordWithMedia#view``, ``…images#view``)
and ``replyCount`` / ``repostCount`` / ``likeCount`` / ``quoteCount``. No token is needed.

``post_id`` is ``<author>/<rkey>``: the author's DID for accounts listed in ``public``, else the
DID's keyed pseudonym, so a private person's DID or handle is never stored (nor the profile URL,
nor the author block of the raw JSON).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.api.mapping import MapContext, count, key_part, parse_time
from spiders.api.spider import ApiShapeError, ApiSpider, Page

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
PAGE_SIZE = 100
_EXTERNAL = "app.bsky.embed.external#view"
_RECORD = "app.bsky.embed.record#view"
_RECORD_MEDIA = "app.bsky.embed.recordWithMedia#view"
_IMAGES = "app.bsky.embed.images#view"
_VIDEO = "app.bsky.embed.video#view"


def split_uri(uri: str) -> tuple[str, str]:
    """The (did, rkey) of a post's ``at://`` URI.

    Raises:
        ApiShapeError: the URI is not a post's.
    """
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3 or parts[1] != "app.bsky.feed.post" or not parts[2]:
        raise ApiShapeError(f"not a post URI: {uri!r}")
    return parts[0], parts[2]


def post_id_of(uri: str, ctx: MapContext, handle: str | None = None) -> str:
    """The post id of a post URI: ``<did or its pseudonym>/<rkey>``."""
    did, rkey = split_uri(uri)
    author = ctx.author(did, handle)
    assert author is not None
    return f"{key_part(author)}/{rkey}"


def _facets(record: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    links, tags, mentions = [], [], []
    for facet in record.get("facets") or []:
        for feature in facet.get("features") or []:
            kind = feature.get("$type", "")
            if kind.endswith("#link") and feature.get("uri"):
                links.append(feature["uri"])
            elif kind.endswith("#tag") and feature.get("tag"):
                tags.append(feature["tag"])
            elif kind.endswith("#mention") and feature.get("did"):
                mentions.append(feature["did"])
    return links, tags, mentions


def _embed(embed: dict[str, Any] | None) -> tuple[list[str], str | None, str | None]:
    """Links, the quoted post's URI and the media kind of an embed view."""
    if not embed:
        return [], None, None
    kind = embed.get("$type")
    if kind == _EXTERNAL:
        return [embed["external"]["uri"]], None, "link"
    if kind == _RECORD:
        return [], embed.get("record", {}).get("uri"), None
    if kind == _RECORD_MEDIA:
        links, _, media = _embed(embed.get("media"))
        return links, embed.get("record", {}).get("record", {}).get("uri"), media
    if kind == _IMAGES:
        return [], None, "photo"
    if kind == _VIDEO:
        return [], None, "video"
    return [], None, None


_DID = re.compile(r"did:(?:plc|web):[A-Za-z0-9._%:-]+")
_PROFILE_KEYS = ("handle", "displayName", "avatar", "description", "banner")


def scrub(value: Any, ctx: MapContext) -> Any:
    """A copy of JSON with private accounts' DIDs pseudonymised and their profile fields removed."""
    if isinstance(value, str):
        return _DID.sub(lambda m: ctx.author(m.group(0)) or m.group(0), value)
    if isinstance(value, list):
        return [scrub(v, ctx) for v in value]
    if not isinstance(value, dict):
        return value
    private = "did" in value and not ctx.is_public(value.get("did"), value.get("handle"))
    return {
        k: scrub(v, ctx)
        for k, v in value.items()
        if not (private and k in _PROFILE_KEYS) and k != "viewer"
    }


def post_row(post: dict[str, Any], ctx: MapContext) -> dict[str, Any]:
    """Map one postView to a lake row.

    Raises:
        KeyError, ApiShapeError: the post lacks ``uri``, ``author.did`` or ``record.createdAt``.
    """
    did, rkey = split_uri(post["uri"])
    handle = post["author"].get("handle")
    public = ctx.is_public(did, handle)
    author = ctx.author(did, handle)
    assert author is not None
    record = post["record"]
    links, tags, mentions = _facets(record)
    embed_links, quoted, media = _embed(post.get("embed"))
    reply = record.get("reply") or {}
    parent = reply.get("parent", {}).get("uri")
    root = reply.get("root", {}).get("uri")
    likes = count(post.get("likeCount"))
    return ctx.row(
        scrub(post, ctx),
        post_id=f"{key_part(author)}/{rkey}",
        kind="reply" if parent else "post",
        url=f"https://bsky.app/profile/{handle or did}/post/{rkey}" if public else None,
        author_id=author,
        author_name=(post["author"].get("displayName") or handle) if public else None,
        published_at=parse_time(record["createdAt"]),
        text=record.get("text") or "",
        lang_hint=(record.get("langs") or [None])[0],
        replies=count(post.get("replyCount")),
        forwards=_sum(post.get("repostCount"), post.get("quoteCount")),
        reactions=[{"emoji": "like", "count": likes}] if likes else [],
        reply_to_key=ctx.key(post_id_of(parent, ctx)) if parent else None,
        thread_key=ctx.key(post_id_of(root, ctx)) if root else None,
        parent_key=ctx.key(post_id_of(root, ctx)) if root else None,
        forwarded_post_key=ctx.key(post_id_of(quoted, ctx)) if quoted else None,
        links=list(dict.fromkeys(links + embed_links)),
        hashtags=tags,
        mentions=[ctx.author(m) or m for m in mentions],
        media_kind=media,
    )


def _sum(*values: Any) -> int | None:
    present = [int(v) for v in values if v is not None]
    return sum(present) if present else None


def search_page(data: dict[str, Any], ctx: MapContext) -> tuple[list[dict[str, Any]], str | None]:
    """The rows of one searchPosts answer and its cursor (None on the last page).

    Raises:
        ApiShapeError: the answer has no ``posts`` list.
    """
    posts = data.get("posts") if isinstance(data, dict) else None
    if not isinstance(posts, list):
        raise ApiShapeError("searchPosts answer without a 'posts' list")
    rows = [post_row(post, ctx) for post in posts]
    cursor = data.get("cursor") if posts else None
    return rows, cursor or None


class BlueskySpider(ApiSpider):
    """Posts of one Bluesky search query, newest first."""

    name = "bluesky"
    platform = "bluesky"
    default_base_url = "https://public.api.bsky.app"

    def __init__(self, *args: Any, q: str | None = None, lang: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not q:
            raise ValueError("bluesky: -a q=<search query> is required")
        self.query, self.lang = q, lang

    def search_request(self, cursor: str | None = None) -> scrapy.Request:
        """The request for one page of the search (the first when ``cursor`` is None)."""
        since = self.stop_at
        params = {
            "q": self.query,
            "sort": "latest",
            "limit": PAGE_SIZE,
            "lang": self.lang,
            "since": since.strftime("%Y-%m-%dT%H:%M:%SZ") if since else None,
            "until": self.until_end.strftime("%Y-%m-%dT%H:%M:%SZ") if self.until_end else None,
            "cursor": cursor,
        }
        return self.api_request(SEARCH, chain="search", params=params)

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The search's first page."""
        yield self.search_request()

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """Rows of one page and the request for the next."""
        rows, cursor = search_page(data, self.context)
        return Page(rows=rows, next=self.search_request(cursor) if cursor else None)
