"""TikTok videos and comments through the Research API (approved researchers only).

Usage::

    PIKIR_TIKTOK_CLIENT_KEY=… PIKIR_TIKTOK_CLIENT_SECRET=… scrapy crawl tiktok
        -a source=zakon_o_sotssetyah -a q="закон о соцсетях" [-a region=KZ] [-a comments=1]
        [-a since=2022-05-01] [-a until=2022-05-31] [-a public=newsroom_username]

First ``POST /v2/oauth/token/`` (form ``client_key``, ``client_secret``,
``grant_type=client_credentials``) gives a bearer ``access_token``. Then
``POST /v2/research/video/query/?fields=…`` with a JSON body ``{"query": {"and": [keyword IN …,
region_code IN …]}, "start_date": "YYYYMMDD", "end_date": "YYYYMMDD", "max_count": 100,
"cursor", "search_id"}``; the API allows at most 30 days per query, so the window is split into
30-day chains. Answers are ``{"data": {"videos", "cursor", "has_more", "search_id"}, "error":
{"code", "message", "log_id"}}``; a video has ``id``, ``create_time`` (Unix), ``username``,
``region_code``, ``video_description``, ``view_count`` / ``like_count`` / ``share_count`` /
``comment_count`` and ``hashtag_names``. With ``comments=1`` every video with comments gets
``POST /v2/research/video/comment/list/`` (``{"video_id", "max_count", "cursor"}``): comments
have ``id``, ``text``, ``like_count``, ``reply_count``, ``parent_comment_id`` and
``create_time``, and no author. Without either variable the source is skipped.
Videos are not returned newest first, so the window (not the watermark order) bounds a query;
the nightly window starts at the watermark. Usernames are pseudonymised unless listed in
``public``; only public accounts' videos keep their ``@username`` URL.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.api.mapping import MapContext, count, parse_time
from spiders.api.spider import ApiShapeError, ApiSpider, Page
from spiders.startup import query_terms, switched_on

OAUTH = "/v2/oauth/token/"
QUERY = "/v2/research/video/query/"
COMMENTS = "/v2/research/video/comment/list/"
VIDEO_FIELDS = (
    "id,create_time,username,region_code,video_description,view_count,like_count,"
    "share_count,comment_count,hashtag_names"
)
COMMENT_FIELDS = "id,video_id,text,like_count,reply_count,parent_comment_id,create_time"
KEY_ENV = "PIKIR_TIKTOK_CLIENT_KEY"
MAX_DAYS = 30
NIGHTLY_DAYS = 7


def data_of(answer: Any) -> dict[str, Any]:
    """The ``data`` object of an answer whose ``error.code`` is ``ok``.

    Raises:
        ApiShapeError: an error answer (its code and message) or another shape.
    """
    if not isinstance(answer, dict):
        raise ApiShapeError("answer is not a JSON object")
    error = answer.get("error") or {}
    if error.get("code") not in (None, "ok"):
        raise ApiShapeError(f"TikTok error {error.get('code')}: {error.get('message')}")
    if not isinstance(answer.get("data"), dict):
        raise ApiShapeError("answer without a 'data' object")
    return answer["data"]


def video_row(video: dict[str, Any], ctx: MapContext) -> dict[str, Any]:
    """Map one Research API video to a lake row."""
    username = video.get("username")
    public = ctx.is_public(username)
    likes = count(video.get("like_count"))
    stored = {**video, "username": ctx.author(username)}
    return ctx.row(
        stored,
        post_id=str(video["id"]),
        kind="post",
        url=f"https://www.tiktok.com/@{username}/video/{video['id']}" if public else None,
        author_id=ctx.author(username),
        author_name=username if public else None,
        published_at=parse_time(int(video["create_time"])),
        text=video.get("video_description") or "",
        views=count(video.get("view_count")),
        replies=count(video.get("comment_count")),
        forwards=count(video.get("share_count")),
        reactions=[{"emoji": "like", "count": likes}] if likes else [],
        hashtags=list(video.get("hashtag_names") or []),
        media_kind="video",
    )


def comment_row(comment: dict[str, Any], ctx: MapContext) -> dict[str, Any]:
    """Map one Research API comment (no author is returned) to a lake row."""
    video_key = ctx.key(str(comment["video_id"]))
    parent = comment.get("parent_comment_id")
    top = not parent or str(parent) == str(comment["video_id"])
    likes = count(comment.get("like_count"))
    return ctx.row(
        comment,
        post_id=f"c{comment['id']}",
        kind="comment",
        published_at=parse_time(int(comment["create_time"])),
        text=comment.get("text") or "",
        parent_key=video_key,
        thread_key=video_key,
        reply_to_key=None if top else ctx.key(f"c{parent}"),
        replies=count(comment.get("reply_count")),
        reactions=[{"emoji": "like", "count": likes}] if likes else [],
    )


def windows(start: datetime, end: datetime) -> list[tuple[str, str]]:
    """``(start_date, end_date)`` pairs (``YYYYMMDD``, inclusive) of at most 30 days each."""
    found, day = [], start.date()
    last = end.date()
    while day <= last:
        stop = min(day + timedelta(days=MAX_DAYS - 1), last)
        found.append((day.strftime("%Y%m%d"), stop.strftime("%Y%m%d")))
        day = stop + timedelta(days=1)
    return found


class TiktokSpider(ApiSpider):
    """Videos (and comments) of one keyword query in the TikTok Research API."""

    name = "tiktok"
    platform = "tiktok"
    default_base_url = "https://open.tiktokapis.com"
    token_env = "PIKIR_TIKTOK_CLIENT_SECRET"  # noqa: S105 - the variable's name, not a secret
    newest_first = False
    max_pages_incremental = 20

    def __init__(
        self,
        *args: Any,
        q: str | None = None,
        region: str | None = None,
        comments: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not q:
            raise ValueError("tiktok: -a q=<keyword> is required")
        self.keywords = query_terms(q)
        self.region = region
        self.with_comments = switched_on(comments)
        self.access_token: str | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Skip without both credentials; else the base start (watermark, then the token)."""
        if self.token and not (os.environ.get(KEY_ENV) or "").strip():
            self.skip(f"{KEY_ENV} not set")
            return
        async for request in super().start():
            yield request

    def auth_headers(self) -> dict[str, str]:
        """The access token once obtained (the token request itself sends none)."""
        return {"Authorization": f"Bearer {self.access_token}"} if self.access_token else {}

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The client-credentials token request; the queries follow its answer."""
        form = {
            "client_key": (os.environ.get(KEY_ENV) or "").strip(),
            "client_secret": self.token or "",
            "grant_type": "client_credentials",
        }
        request = self.api_request(
            OAUTH, chain="token", method="POST", formdata=form, callback=self.parse_token
        )
        request.headers["Cache-Control"] = "no-cache"
        yield request

    def parse_token(self, data: Any, response: Response, chain: str) -> Page:
        """Keep the access token and start one chain per 30-day window."""
        token = data.get("access_token") if isinstance(data, dict) else None
        if not token:
            raise ApiShapeError(f"no access_token ({data.get('error_description') or data})")
        self.access_token = str(token)
        end = self.until_end - timedelta(days=1) if self.until_end else self.collected_at
        start = self.stop_at or end - timedelta(days=NIGHTLY_DAYS)
        spans = windows(start, end)
        return Page(spawn=[self.query_request(s, e) for s, e in spans], seen=0)

    def query_request(
        self, start: str, end: str, cursor: int | None = None, search_id: str | None = None
    ) -> scrapy.Request:
        """One page of the video query for one window."""
        conditions = [{"operation": "IN", "field_name": "keyword", "field_values": self.keywords}]
        if self.region:
            conditions.append(
                {"operation": "IN", "field_name": "region_code", "field_values": [self.region]}
            )
        body: dict[str, Any] = {
            "query": {"and": conditions},
            "start_date": start,
            "end_date": end,
            "max_count": 100,
        }
        if cursor is not None:
            body.update(cursor=cursor, search_id=search_id)
        request = self.api_request(
            QUERY, chain=f"query:{start}", method="POST", json_body=body,
            params={"fields": VIDEO_FIELDS},
        )  # fmt: skip
        request.meta["window"] = (start, end)
        return request

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """Videos of one page, the next page of the window, and comment chains."""
        found = data_of(data)
        rows = [video_row(v, self.context) for v in found.get("videos") or []]
        following = None
        if found.get("has_more"):
            start, end = response.meta["window"]
            following = self.query_request(start, end, found.get("cursor"), found.get("search_id"))
        spawn = []
        if self.with_comments:
            spawn = [self.comments_request(r["post_id"]) for r in rows if r["replies"]]
        return Page(rows=rows, next=following, spawn=spawn)

    def comments_request(self, video_id: str, cursor: int | None = None) -> scrapy.Request:
        """One page of a video's comments."""
        body: dict[str, Any] = {"video_id": int(video_id), "max_count": 100}
        if cursor is not None:
            body["cursor"] = cursor
        request = self.api_request(
            COMMENTS, chain=f"comments:{video_id}", method="POST", json_body=body,
            params={"fields": COMMENT_FIELDS}, callback=self.parse_comments,
        )  # fmt: skip
        request.meta["video_id"] = video_id
        return request

    def parse_comments(self, data: Any, response: Response, chain: str) -> Page:
        """Comments of one page and the next page of the same video."""
        found = data_of(data)
        rows = [comment_row(c, self.context) for c in found.get("comments") or []]
        following = None
        if found.get("has_more"):
            following = self.comments_request(response.meta["video_id"], found.get("cursor"))
        return Page(rows=rows, next=following)
