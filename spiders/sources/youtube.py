"""YouTube videos matching a search, with their statistics and comments (Data API v3).

Usage::

    PIKIR_YOUTUBE_API_KEY=… scrapy crawl youtube -a source=zakon_o_sotssetyah
        -a q="закон о соцсетях" [-a lang=ru] [-a comments=0] [-a since=2021-09-01]
        [-a until=2022-05-31] [-a public=UCxxxx]

One chain walks ``search.list`` (``part=snippet&type=video&order=date&maxResults=50&q=…
&publishedAfter=…&publishedBefore=…&pageToken=…``) and, after each page, ``videos.list``
(``part=snippet,statistics&id=…``) for the page's videos: the rows come from ``videos.list``
(``snippet`` with ``title``, ``description``, ``tags``, ``channelId``, ``channelTitle``,
``defaultAudioLanguage``; ``statistics`` with string counts ``viewCount``, ``likeCount``,
``commentCount``). Each new video with comments starts a chain over ``commentThreads.list``
(``part=snippet,replies&videoId=…&order=time&textFormat=plainText&pageToken=…``): top-level
comments and the replies shown with them become ``kind = 'comment'`` rows under the video.
The key goes in the ``X-Goog-Api-Key`` header (never the URL), from ``PIKIR_YOUTUBE_API_KEY``.
A quota error (``{"error": {"errors": [{"reason": "quotaExceeded"}]}}``, HTTP 403) fails the
source with that reason. Channels are pseudonymised unless listed in ``public``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.api.mapping import MapContext, count, parse_time
from spiders.api.spider import ApiShapeError, ApiSpider, Page
from spiders.startup import switched_off

SEARCH = "/youtube/v3/search"
VIDEOS = "/youtube/v3/videos"
THREADS = "/youtube/v3/commentThreads"
WATCH = "https://www.youtube.com/watch?v="


def api_error(data: Any) -> str | None:
    """The reason of a Google API error object (``quotaExceeded``…), or None."""
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        error = data["error"]
        reasons = [e.get("reason") for e in error.get("errors") or [] if e.get("reason")]
        return f"{error.get('code')} {', '.join(reasons) or error.get('message')}"
    return None


def items_of(data: Any, kind: str) -> list[dict[str, Any]]:
    """The ``items`` of a ``youtube#<kind>ListResponse``.

    Raises:
        ApiShapeError: an error object or another kind of answer.
    """
    error = api_error(data)
    if error:
        raise ApiShapeError(f"YouTube API error {error}")
    if not isinstance(data, dict) or data.get("kind") != f"youtube#{kind}ListResponse":
        raise ApiShapeError(f"not a youtube#{kind}ListResponse")
    return data.get("items") or []


def video_ids(data: Any) -> list[str]:
    """Video ids of a search page."""
    return [
        i["id"]["videoId"]
        for i in items_of(data, "search")
        if i["id"].get("kind") == "youtube#video"
    ]


def video_row(video: dict[str, Any], ctx: MapContext) -> dict[str, Any]:
    """Map a ``videos.list`` item to a lake row."""
    snippet, stats = video["snippet"], video.get("statistics") or {}
    channel = snippet.get("channelId")
    public = ctx.is_public(channel)
    likes = count(stats.get("likeCount"))
    stored = dict(video)
    if not public:
        stored["snippet"] = {
            k: v for k, v in snippet.items() if k not in ("channelId", "channelTitle")
        }
    return ctx.row(
        stored,
        post_id=video["id"],
        kind="post",
        url=WATCH + video["id"],
        author_id=ctx.author(channel),
        author_name=snippet.get("channelTitle") if public else None,
        published_at=parse_time(snippet["publishedAt"]),
        title=snippet.get("title"),
        text=snippet.get("description") or "",
        lang_hint=snippet.get("defaultAudioLanguage") or snippet.get("defaultLanguage"),
        views=count(stats.get("viewCount")),
        replies=count(stats.get("commentCount")),
        reactions=[{"emoji": "like", "count": likes}] if likes else [],
        tags=list(snippet.get("tags") or []),
        media_kind="video",
    )


def _comment(comment: dict[str, Any], video_key: str, ctx: MapContext) -> dict[str, Any]:
    snippet = comment["snippet"]
    channel = (snippet.get("authorChannelId") or {}).get("value")
    public = ctx.is_public(channel)
    parent = snippet.get("parentId")
    likes = count(snippet.get("likeCount"))
    stored = dict(comment)
    if not public:
        hidden = ("authorDisplayName", "authorProfileImageUrl", "authorChannelUrl")
        stored["snippet"] = {k: v for k, v in snippet.items() if k not in hidden}
        stored["snippet"]["authorChannelId"] = {"value": ctx.author(channel)}
    published = parse_time(snippet["publishedAt"])
    updated = parse_time(snippet.get("updatedAt"))
    return ctx.row(
        stored,
        post_id=comment["id"],
        kind="comment",
        url=f"{WATCH}{snippet['videoId']}&lc={comment['id']}",
        author_id=ctx.author(channel),
        author_name=snippet.get("authorDisplayName") if public else None,
        published_at=published,
        edited_at=updated if updated and updated > published else None,
        is_edited=bool(updated and updated > published),
        text=snippet.get("textOriginal") or snippet.get("textDisplay") or "",
        parent_key=video_key,
        thread_key=video_key,
        reply_to_key=ctx.key(parent) if parent else None,
        reactions=[{"emoji": "like", "count": likes}] if likes else [],
    )


def thread_rows(data: Any, ctx: MapContext) -> list[dict[str, Any]]:
    """Rows of a ``commentThreads.list`` page: each top-level comment, then its replies."""
    rows = []
    for thread in items_of(data, "commentThread"):
        top = thread["snippet"]["topLevelComment"]
        video_key = ctx.key(thread["snippet"]["videoId"])
        row = _comment(top, video_key, ctx)
        row["replies"] = count(thread["snippet"].get("totalReplyCount"))
        rows.append(row)
        rows += [
            _comment(r, video_key, ctx) for r in (thread.get("replies") or {}).get("comments", [])
        ]
    return rows


class YoutubeSpider(ApiSpider):
    """Videos of one YouTube search, newest first, with statistics and comments."""

    name = "youtube"
    platform = "youtube"
    default_base_url = "https://www.googleapis.com"
    token_env = "PIKIR_YOUTUBE_API_KEY"  # noqa: S105 - the variable's name, not a secret
    max_pages_incremental = 6  # search and videos pages alternate: 3 search pages
    max_pages_backfill = 400

    def __init__(
        self,
        *args: Any,
        q: str | None = None,
        lang: str | None = None,
        comments: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not q:
            raise ValueError("youtube: -a q=<search query> is required")
        self.query, self.lang = q, lang
        self.with_comments = not switched_off(comments)

    def error_reason(self, response: Response) -> str | None:
        """``quotaExceeded`` and the like, from a Google API error body."""
        try:
            return api_error(json.loads(response.text))
        except (ValueError, AttributeError):
            return None

    def auth_headers(self) -> dict[str, str]:
        """The API key header."""
        return {"X-Goog-Api-Key": self.token} if self.token else {}

    def search_request(self, page_token: str | None = None) -> scrapy.Request:
        """One page of the video search."""
        since = self.stop_at
        params = {
            "part": "snippet",
            "type": "video",
            "order": "date",
            "maxResults": 50,
            "q": self.query,
            "relevanceLanguage": self.lang,
            "publishedAfter": since.strftime("%Y-%m-%dT%H:%M:%SZ") if since else None,
            "publishedBefore": self.until_end.strftime("%Y-%m-%dT%H:%M:%SZ")
            if self.until_end
            else None,
            "pageToken": page_token,
        }
        return self.api_request(SEARCH, chain="search", params=params)

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The search's first page."""
        yield self.search_request()

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """A search page: next comes ``videos.list`` for its videos (or the end)."""
        ids = video_ids(data)
        token = data.get("nextPageToken")
        if not ids:
            return Page()
        request = self.api_request(
            VIDEOS,
            chain=chain,
            params={"part": "snippet,statistics", "id": ",".join(ids), "maxResults": 50},
            callback=self.parse_videos,
        )
        request.meta["search_token"] = token
        return Page(next=request)

    def parse_videos(self, data: Any, response: Response, chain: str) -> Page:
        """Rows of the videos, the comment chains of new ones, and the next search page."""
        rows = [video_row(v, self.context) for v in items_of(data, "video")]
        token = response.meta.get("search_token")
        spawn = []
        if self.with_comments:
            spawn = [
                self.threads_request(r["post_id"])
                for r in rows
                if r["replies"] and self.in_window(r)
            ]
        return Page(rows=rows, next=self.search_request(token) if token else None, spawn=spawn)

    def threads_request(self, video_id: str, page_token: str | None = None) -> scrapy.Request:
        """One page of a video's comment threads."""
        params = {
            "part": "snippet,replies",
            "videoId": video_id,
            "order": "time",
            "textFormat": "plainText",
            "maxResults": 100,
            "pageToken": page_token,
        }
        request = self.api_request(
            THREADS, chain=f"comments:{video_id}", params=params, callback=self.parse_threads
        )
        request.meta["video_id"] = video_id
        return request

    def parse_threads(self, data: Any, response: Response, chain: str) -> Page:
        """Comment rows of one page and the next page of the same video."""
        rows = thread_rows(data, self.context)
        token = data.get("nextPageToken")
        video = response.meta["video_id"]
        return Page(rows=rows, next=self.threads_request(video, token) if token else None)
