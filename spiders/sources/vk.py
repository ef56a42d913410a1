"""VK posts: a ``newsfeed.search`` query or a community's wall (``wall.get``), API v5.199.

Usage::

    PIKIR_VK_TOKEN=… scrapy crawl vk -a source=zakon_o_sotssetyah -a q="закон о соцсетях"
    PIKIR_VK_TOKEN=… scrapy crawl vk -a source=tengrinews -a domain=tengrinews
        [-a base_url=https://api.vk.com] [-a since=2021-09-01] [-a until=2022-05-31]

Calls are ``POST /method/<name>`` with form fields (the service token goes in the body as
``access_token``, never in the URL) and ``v=5.199``. ``newsfeed.search`` (``q``, ``count=200``,
``extended=1``, ``start_time`` / ``end_time`` Unix seconds) pages with ``start_from`` = the
previous ``next_from``; ``wall.get`` (``domain`` or ``owner_id``, ``count=100``, ``extended=1``)
pages with ``offset``. Answers are ``{"response": {"items", "profiles", "groups", "next_from",
"count"}}``; a post has ``id``, ``owner_id``, ``from_id``, ``date``, ``edited``, ``text``,
``comments`` / ``likes`` / ``reposts`` / ``views`` ``{"count"}``, ``attachments`` (``link``,
``photo``, ``video``…), ``copy_history`` (the reposted post) and ``is_pinned``. Errors come as
HTTP 200 ``{"error": {"error_code", "error_msg"}}``: code 6 (too many requests per second) and 9
(flood control) wait a second and retry (3 times); code 29 (rate limit reached) and others fail
the source with the code and message.

Communities (negative ids) are public actors and keep their ids and names; people (positive ids)
are pseudonymised unless listed in ``public``; their walls' post ids and URLs would name them, so
those posts get ``<pseudonym>_<id>`` ids and no URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.api.mapping import MapContext, count, key_part, parse_time
from spiders.api.spider import ApiShapeError, ApiSpider, Page

VERSION = "5.199"
RETRY_CODES = {6: "too many requests per second", 9: "flood control"}
MAX_RETRIES = 3
_MEDIA = {"photo": "photo", "video": "video", "audio": "audio", "doc": "document", "link": "link"}


class VkError(ApiShapeError):
    """An ``{"error": …}`` answer of the VK API."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"VK error {code}: {message}")
        self.code = code


def answer_of(data: Any) -> dict[str, Any]:
    """The ``response`` object of an answer.

    Raises:
        VkError: an error object; ApiShapeError: another shape.
    """
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        error = data["error"]
        raise VkError(int(error.get("error_code") or 0), str(error.get("error_msg") or ""))
    if not isinstance(data, dict) or not isinstance(data.get("response"), dict):
        raise ApiShapeError("answer without a 'response' object")
    return data["response"]


def _owner_ref(owner_id: int, ctx: MapContext) -> tuple[str, bool]:
    """How an owner or author appears in rows: communities as ids, people as pseudonyms."""
    ident = str(owner_id)
    if owner_id < 0 or ctx.is_public(ident):
        return ident, True
    author = ctx.author(ident)
    assert author is not None
    return author, False


def post_key_id(owner_id: int, post_id: int, ctx: MapContext) -> str:
    """The ``post_id`` of a wall post: ``<owner>_<id>`` (a person's owner id pseudonymised)."""
    owner, _ = _owner_ref(owner_id, ctx)
    return f"{key_part(owner)}_{post_id}"


_ID_KEYS = {"owner_id", "from_id", "signer_id", "user_id", "reply_owner_id", "created_by"}


def scrub(value: Any, ctx: MapContext) -> Any:
    """A copy of a post's JSON whose people ids (``owner_id``, ``from_id``…) are pseudonyms."""
    if isinstance(value, list):
        return [scrub(v, ctx) for v in value]
    if not isinstance(value, dict):
        return value
    return {
        k: _owner_ref(int(v), ctx)[0] if k in _ID_KEYS and isinstance(v, int) else scrub(v, ctx)
        for k, v in value.items()
    }


def _names(answer: dict[str, Any]) -> dict[int, str]:
    names = {-g["id"]: g.get("name") for g in answer.get("groups") or []}
    for p in answer.get("profiles") or []:
        names[p["id"]] = f"{p.get('first_name', '')} {p.get('last_name', '')}".strip()
    return names


def post_row(post: dict[str, Any], names: dict[int, str], ctx: MapContext) -> dict[str, Any]:
    """Map one wall post to a lake row."""
    owner_id, from_id = int(post["owner_id"]), int(post.get("from_id") or post["owner_id"])
    author, public = _owner_ref(from_id, ctx)
    _, owner_public = _owner_ref(owner_id, ctx)
    attachments = post.get("attachments") or []
    links = [a["link"]["url"] for a in attachments if a.get("type") == "link" and a.get("link")]
    media = [_MEDIA.get(a.get("type"), "document") for a in attachments if a.get("type") != "link"]
    shared = (post.get("copy_history") or [None])[0]
    likes = count((post.get("likes") or {}).get("count"))
    stored = scrub({k: v for k, v in post.items() if k != "copy_history"}, ctx)
    edited = parse_time(post.get("edited"))
    return ctx.row(
        stored,
        post_id=post_key_id(owner_id, int(post["id"]), ctx),
        kind="post",
        url=f"https://vk.com/wall{owner_id}_{post['id']}" if owner_public else None,
        author_id=author,
        author_name=names.get(from_id) if public else None,
        published_at=parse_time(int(post["date"])),
        edited_at=edited,
        is_edited=edited is not None,
        text=post.get("text") or "",
        views=count((post.get("views") or {}).get("count")),
        replies=count((post.get("comments") or {}).get("count")),
        forwards=count((post.get("reposts") or {}).get("count")),
        reactions=[{"emoji": "like", "count": likes}] if likes else [],
        forwarded_post_key=ctx.key(post_key_id(int(shared["owner_id"]), int(shared["id"]), ctx))
        if shared
        else None,
        forwarded_from=_owner_ref(int(shared["owner_id"]), ctx)[0] if shared else None,
        links=links,
        media_kind=media[0] if media else ("link" if links else None),
    )


def page_rows(data: Any, ctx: MapContext) -> tuple[list[dict[str, Any]], set[str], dict]:
    """Rows of one ``newsfeed.search`` or ``wall.get`` answer, the pinned ids, and the answer."""
    answer = answer_of(data)
    names = _names(answer)
    items = [i for i in answer.get("items") or [] if i.get("post_type", "post") == "post"]
    rows = [post_row(item, names, ctx) for item in items]
    pinned = {
        row["post_id"] for row, item in zip(rows, items, strict=True) if item.get("is_pinned")
    }
    return rows, pinned, answer


class VkSpider(ApiSpider):
    """Posts of one VK search query or community wall, newest first."""

    name = "vk"
    platform = "vk"
    default_base_url = "https://api.vk.com"
    token_env = "PIKIR_VK_TOKEN"  # noqa: S105 - the variable's name, not a secret

    def __init__(
        self,
        *args: Any,
        q: str | None = None,
        domain: str | None = None,
        owner_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not (q or domain or owner_id):
            raise ValueError("vk: -a q=<query>, -a domain=<community> or -a owner_id= is required")
        self.query, self.domain, self.owner_id = q, domain, owner_id

    def auth_headers(self) -> dict[str, str]:
        """None: the token travels in the form body."""
        return {}

    def call(
        self, method: str, chain: str, fields: dict[str, Any], retries: int = 0
    ) -> scrapy.Request:
        """``POST /method/<method>`` with the token and version in the body."""
        form = {k: str(v) for k, v in fields.items() if v not in (None, "")}
        form.update(access_token=self.token or "", v=VERSION)
        request = self.api_request(f"/method/{method}", chain=chain, method="POST", formdata=form)
        request.meta.update(vk_fields=fields, vk_method=method, vk_retries=retries)
        return request

    def search_fields(self, start_from: str | None = None) -> dict[str, Any]:
        """Fields of a ``newsfeed.search`` page."""
        since = self.stop_at
        return {
            "q": self.query,
            "count": 200,
            "extended": 1,
            "start_time": int(since.timestamp()) if since else None,
            "end_time": int(self.until_end.timestamp()) if self.until_end else None,
            "start_from": start_from,
        }

    def wall_fields(self, offset: int = 0) -> dict[str, Any]:
        """Fields of a ``wall.get`` page."""
        return {
            "domain": self.domain,
            "owner_id": self.owner_id,
            "count": 100,
            "extended": 1,
            "offset": offset or None,
        }

    def first_requests(self) -> Iterable[scrapy.Request]:
        """The search or the wall."""
        if self.query:
            yield self.call("newsfeed.search", "search", self.search_fields())
        if self.domain or self.owner_id:
            yield self.call("wall.get", "wall", self.wall_fields())

    def parse_page(self, data: Any, response: Response, chain: str) -> Page:
        """Rows of one page and the next (a retry after a second on codes 6 and 9)."""
        meta = response.meta
        try:
            rows, pinned, answer = page_rows(data, self.context)
        except VkError as exc:
            if exc.code in RETRY_CODES and meta["vk_retries"] < MAX_RETRIES:
                retry = self.call(
                    meta["vk_method"], chain, meta["vk_fields"], meta["vk_retries"] + 1
                )
                retry.meta["pikir_wait_s"] = 1.0
                self.crawler.stats.inc_value("pikir/vk_retries")
                return Page(next=retry, seen=0)
            raise
        stop = self.stop_at  # an old pinned post on top of a wall must not end the walk
        rows = [
            r for r in rows if not (r["post_id"] in pinned and stop and r["published_at"] <= stop)
        ]
        following = None
        if chain == "search" and answer.get("next_from"):
            following = self.call("newsfeed.search", chain, self.search_fields(answer["next_from"]))
        elif chain == "wall" and answer.get("items"):
            offset = int(meta["vk_fields"].get("offset") or 0) + len(answer["items"])
            if offset < int(answer.get("count") or 0):
                following = self.call("wall.get", chain, self.wall_fields(offset))
        return Page(rows=rows, next=following)
