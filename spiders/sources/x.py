"""Posts on X matching a search, through API v2 ``/2/tweets/search/recent`` or ``/search/all``.

Usage::

    PIKIR_X_BEARER_TOKEN=… scrapy crawl x -a source=zakon_o_sotssetyah
        -a q='"закон о соцсетях" OR "әлеуметтік желілер туралы заң"' [-a archive=1]
        [-a since=2021-09-01] [-a until=2022-05-31] [-a public=12345,news_account]

``archive=1`` uses the full-archive search (``/2/tweets/search/all``, needs that access level);
by default the recent search (last 7 days). Request parameters: ``query``, ``max_results``,
``start_time`` / ``end_time`` (RFC 3339), ``next_token``, ``expansions=author_id,
referenced_tweets.id``, ``tweet.fields=created_at,public_metrics,lang,entities,conversation_id,
referenced_tweets`` and ``user.fields=username,name``. The answer is ``{"data": [tweet],
"includes": {"users", "tweets"}, "meta": {"result_count", "newest_id", "oldest_id",
"next_token"}}``. The bearer token comes from ``PIKIR_X_BEARER_TOKEN`` (or the Prefect Secret
block ``pikir-x-bearer-token`` through the flow); ``x-rate-limit-remaining`` /
``x-rate-limit-reset`` (Unix seconds) are honoured, and a 429 waits for the reset.

Tweet ids are global, so ``post_id`` is the id and the URL is ``https://x.com/i/web/status/<id>``
(no handle). Authors are pseudonymised unless listed in ``public`` (id or username).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.api.mapping import MapContext, count, parse_time
from spiders.api.ratelimit import RateLimitHeaders
from spiders.api.spider import ApiShapeError, ApiSpider, Page
from spiders.startup import switched_on

RECENT = "/2/tweets/search/recent"
ARCHIVE = "/2/tweets/search/all"
TWEET_FIELDS = "created_at,public_metrics,lang,entities,conversation_id,referenced_tweets,author_id"
EXPANSIONS = "author_id,referenced_tweets.id"
USER_FIELDS = "username,name"


def _users(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["id"]: u for u in (data.get("includes") or {}).get("users") or []}


def scrub(tweet: dict[str, Any], users: dict[str, dict[str, Any]], ctx: MapContext) -> dict:
    """The tweet's JSON as stored raw: private authors and mentions become pseudonyms."""
    author_id = tweet.get("author_id")
    user = users.get(author_id or "", {})
    copy = dict(tweet)
    copy["author"] = (
        user if ctx.is_public(author_id, user.get("username")) else {"id": ctx.author(author_id)}
    )
    copy["author_id"] = copy["author"].get("id")
    entities = dict(tweet.get("entities") or {})
    if entities.get("mentions"):
        entities["mentions"] = [
            {**m, "id": _mention(m, ctx), "username": _mention(m, ctx)}
            for m in entities["mentions"]
        ]
        copy["entities"] = entities
    return copy


def _mention(mention: dict[str, Any], ctx: MapContext) -> str:
    ident, name = mention.get("id"), mention.get("username")
    if ctx.is_public(ident, name):
        return name or ident
    return ctx.author(ident or name) or ""


def tweet_row(tweet: dict[str, Any], users: dict[str, dict[str, Any]], ctx: MapContext) -> dict:
    """Map one tweet (with the page's expanded users) to a lake row.

    Raises:
        KeyError: the tweet lacks ``id`` or ``created_at``.
    """
    author_id = tweet.get("author_id")
    user = users.get(author_id or "", {})
    public = ctx.is_public(author_id, user.get("username"))
    refs = {r["type"]: r["id"] for r in tweet.get("referenced_tweets") or []}
    metrics = tweet.get("public_metrics") or {}
    entities = tweet.get("entities") or {}
    likes = count(metrics.get("like_count"))
    forwards = [metrics.get("retweet_count"), metrics.get("quote_count")]
    shared = refs.get("retweeted") or refs.get("quoted")
    conversation = tweet.get("conversation_id")
    return ctx.row(
        scrub(tweet, users, ctx),
        post_id=tweet["id"],
        kind="reply" if "replied_to" in refs else "post",
        url=f"https://x.com/i/web/status/{tweet['id']}",
        author_id=ctx.author(author_id, user.get("username")),
        author_name=(user.get("name") or user.get("username")) if public else None,
        published_at=parse_time(tweet["created_at"]),
        text=tweet.get("text") or "",
        lang_hint=tweet.get("lang") if tweet.get("lang") not in (None, "und", "zxx") else None,
        views=count(metrics.get("impression_count")),
        replies=count(metrics.get("reply_count")),
        forwards=sum(int(v) for v in forwards if v is not None) if metrics else None,
        reactions=[{"emoji": "like", "count": likes}] if likes else [],
        reply_to_key=ctx.key(refs["replied_to"]) if "replied_to" in refs else None,
        thread_key=ctx.key(conversation) if conversation and conversation != tweet["id"] else None,
        forwarded_post_key=ctx.key(shared) if shared else None,
        links=[u.get("expanded_url") or u["url"] for u in entities.get("urls") or []],
        hashtags=[h["tag"] for h in entities.get("hashtags") or []],
        mentions=[_mention(m, ctx) for m in entities.get("mentions") or []],
    )


def search_page(data: dict[str, Any], ctx: MapContext) -> tuple[list[dict], str | None]:
    """The rows of one search answer and its ``next_token`` (None on the last page).

    Raises:
        ApiShapeError: an error object, or an answer without ``meta``.
    """
    if not isinstance(data, dict) or "meta" not in data:
        detail = data.get("detail") or data.get("title") if isinstance(data, dict) else None
        raise ApiShapeError(f"search answer without 'meta' ({detail or 'unexpected shape'})")
    users = _users(data)
    rows = [tweet_row(t, users, ctx) for t in data.get("data") or []]
    return rows, data["meta"].get("next_token")


class XSpider(ApiSpider):
    """Posts of one X search query, newest first."""

    name = "x"
    platform = "x"
    default_base_url = "https://api.x.com"
    token_env = "PIKIR_X_BEARER_TOKEN"  # noqa: S105 - the variable's name, not a secret
    rate_limit = RateLimitHeaders("x-rate-limit-remaining", "x-rate-limit-reset", "epoch")

    def __init__(
        self, *args: Any, q: str | None = None, archive: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not q:
            raise ValueError("x: -a q=<search query> is required")
        self.query = q
        self.endpoint = ARCHIVE if switched_on(archive) else RECENT

    def search_request(self, next_token: str | None = None) -> scrapy.Request:
        """The request for one page of the search."""
        since = self.stop_at
        if self.endpoint == RECENT:  # the recent search refuses a start older than 7 days
            floor = self.collected_at - timedelta(days=7) + timedelta(minutes=1)
            since = max(since, floor) if since else None
        params = {
            "query": self.query,
            "max_results": 100,
            "start_time": since.strftime("%Y-%m-%dT%H:%M:%SZ") if since else None,
            "end_time": self.until_end.strftime("%Y-%m-%dT%H:%M:%SZ") if self.until_end else None,
            "next_token": next_token,
            "expansions": EXPANSIONS,
            "tweet.fields": TWEET_FIELDS,
            "user.fields": USER_FIELDS,
        }
        return self.api_request(self.endpoint, chain="search", params=params)

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The search's first page."""
        yield self.search_request()

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """Rows of one page and the request for the next."""
        rows, token = search_page(data, self.context)
        return Page(rows=rows, next=self.search_request(token) if token else None)
