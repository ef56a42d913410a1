"""A subreddit's posts (and optionally comments) through Reddit's public JSON listings.

Usage::

    scrapy crawl reddit -a source=kazakhstan -a subreddit=Kazakhstan
        [-a q="закон о соцсетях|social media law"] [-a comments=1]
        [-a base_url=https://www.reddit.com] [-a since=2021-09-01] [-a until=2022-05-31]

Chains: ``/r/<sub>/new.json`` and, per query (``|``-separated), ``/r/<sub>/search.json?q=…&
restrict_sr=1&sort=new``, both paged with ``after`` (``limit=100``, ``raw_json=1``). A listing is
``{"kind": "Listing", "data": {"after", "children": [{"kind": "t3", "data": {...}}]}}`` with
``id``, ``name`` (``t3_…``), ``title``, ``selftext``, ``author``, ``author_fullname``,
``created_utc``, ``permalink``, ``url``, ``is_self``, ``num_comments``, ``score``,
``crosspost_parent``. With ``comments=1`` each post with comments gets ``/comments/<id>.json``
(``[post listing, comment listing]``; ``t1`` comments with ``parent_id``, nested ``replies``;
``more`` stubs are not expanded). ``X-Ratelimit-Remaining`` / ``X-Ratelimit-Reset`` (seconds) are
honoured. Listings reach back about 1000 posts and take no date filter: ``since`` / ``until``
are applied to what they hold. ``post_id`` is the fullname (``t3_…``, ``t1_…``); permalinks
carry no user name; authors are pseudonymised unless listed in ``public``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.api.mapping import MapContext, count, parse_time
from spiders.api.ratelimit import RateLimitHeaders
from spiders.api.spider import ApiShapeError, ApiSpider, Page
from spiders.startup import query_terms, switched_on

SITE = "https://www.reddit.com"
GONE_AUTHORS = {"[deleted]", "[removed]", None, ""}


def _author(data: dict[str, Any], ctx: MapContext) -> tuple[str | None, str | None]:
    """(author_id, author_name) of a post or comment."""
    name = data.get("author")
    if name in GONE_AUTHORS:
        return None, None
    ident = data.get("author_fullname") or name
    public = ctx.is_public(ident, name)
    return ctx.author(ident, name), (name if public else None)


def _scrub(data: dict[str, Any], author: str | None) -> dict[str, Any]:
    copy = {k: v for k, v in data.items() if k != "replies" and not k.startswith("author_")}
    copy["author"] = author
    return copy


def post_row(data: dict[str, Any], ctx: MapContext) -> dict[str, Any]:
    """Map a ``t3`` listing child's ``data`` to a lake row."""
    author_id, author_name = _author(data, ctx)
    links = [] if data.get("is_self") else [data["url"]] if data.get("url") else []
    score = count(data.get("score"))
    parent = data.get("crosspost_parent")
    return ctx.row(
        _scrub(data, author_id),
        post_id=data["name"],
        kind="post",
        url=SITE + data["permalink"],
        author_id=author_id,
        author_name=author_name,
        published_at=parse_time(int(data["created_utc"])),
        edited_at=parse_time(int(data["edited"])) if data.get("edited") else None,
        is_edited=bool(data.get("edited")),
        title=data.get("title"),
        text=data.get("selftext") or "",
        replies=count(data.get("num_comments")),
        reactions=[{"emoji": "score", "count": score}] if score and score > 0 else [],
        forwarded_post_key=ctx.key(parent) if parent else None,
        links=links,
        tags=[data["link_flair_text"]] if data.get("link_flair_text") else [],
        media_kind=None if data.get("is_self") else ("video" if data.get("is_video") else "link"),
    )


def comment_rows(thing: dict[str, Any], post_key: str, ctx: MapContext) -> Iterator[dict]:
    """Rows of a ``t1`` comment and its nested replies (``more`` stubs are skipped)."""
    if thing.get("kind") != "t1":
        return
    data = thing["data"]
    author_id, author_name = _author(data, ctx)
    parent = data.get("parent_id") or ""
    score = count(data.get("score"))
    yield ctx.row(
        _scrub(data, author_id),
        post_id=data["name"],
        kind="comment",
        url=SITE + data["permalink"] if data.get("permalink") else None,
        author_id=author_id,
        author_name=author_name,
        published_at=parse_time(int(data["created_utc"])),
        text=data.get("body") or "",
        parent_key=post_key,
        thread_key=post_key,
        reply_to_key=ctx.key(parent) if parent.startswith("t1_") else None,
        reactions=[{"emoji": "score", "count": score}] if score and score > 0 else [],
    )
    replies = data.get("replies")
    if isinstance(replies, dict):
        for child in replies["data"]["children"]:
            yield from comment_rows(child, post_key, ctx)


def listing(data: Any) -> tuple[list[dict[str, Any]], str | None]:
    """The children and the ``after`` cursor of a Listing.

    Raises:
        ApiShapeError: the JSON is not a Listing (an error object, a login page…).
    """
    if not isinstance(data, dict) or data.get("kind") != "Listing":
        reason = data.get("message") if isinstance(data, dict) else None
        raise ApiShapeError(f"not a Listing ({reason or 'unexpected shape'})")
    return data["data"]["children"], data["data"].get("after")


def listing_page(data: Any, ctx: MapContext) -> tuple[list[dict[str, Any]], str | None]:
    """Post rows of one listing page and its ``after`` cursor."""
    children, after = listing(data)
    rows = [post_row(c["data"], ctx) for c in children if c.get("kind") == "t3"]
    return rows, after if children else None


def comments_page(data: Any, ctx: MapContext) -> list[dict[str, Any]]:
    """Comment rows of a ``/comments/<id>.json`` answer (``[post listing, comment listing]``)."""
    if not isinstance(data, list) or len(data) != 2:
        raise ApiShapeError("comments answer is not [post listing, comment listing]")
    (post,), _ = listing(data[0])
    post_key = ctx.key(post["data"]["name"])
    comments, _ = listing(data[1])
    return [row for child in comments for row in comment_rows(child, post_key, ctx)]


class RedditSpider(ApiSpider):
    """Posts of one subreddit (new and searched), optionally with their comments."""

    name = "reddit"
    platform = "reddit"
    default_base_url = SITE
    rate_limit = RateLimitHeaders("X-Ratelimit-Remaining", "X-Ratelimit-Reset", "seconds")

    def __init__(
        self,
        *args: Any,
        subreddit: str | None = None,
        q: str | None = None,
        comments: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.subreddit = (subreddit or self.source).removeprefix("r/")
        self.queries = query_terms(q)
        self.with_comments = switched_on(comments)

    def listing_request(self, chain: str, after: str | None = None) -> scrapy.Request:
        """One page of the ``new`` listing or of a search (chain ``search:<query>``)."""
        params: dict[str, Any] = {"limit": 100, "raw_json": 1, "after": after}
        if chain == "new":
            return self.api_request(f"/r/{self.subreddit}/new.json", chain=chain, params=params)
        query = chain.removeprefix("search:")
        params.update(q=query, restrict_sr=1, sort="new", t="all")
        return self.api_request(f"/r/{self.subreddit}/search.json", chain=chain, params=params)

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The new listing and every search."""
        yield self.listing_request("new")
        for query in self.queries:
            yield self.listing_request(f"search:{query}")

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """Posts of a listing page, its next page and (optionally) their comment threads."""
        rows, after = listing_page(data, self.context)
        spawn = []
        if self.with_comments:
            spawn = [
                self.api_request(
                    f"/comments/{row['post_id'].removeprefix('t3_')}.json",
                    chain=f"comments:{row['post_id']}",
                    params={"limit": 500, "sort": "new", "raw_json": 1},
                    callback=self.parse_comments,
                )
                for row in rows
                if row["replies"] and self.in_window(row)
            ]
        return Page(
            rows=rows, next=self.listing_request(chain, after) if after else None, spawn=spawn
        )

    def parse_comments(self, data: Any, response: Response, chain: str) -> Page:
        """The comments of one post (a chain of one page)."""
        return Page(rows=comments_page(data, self.context))
