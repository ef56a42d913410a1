"""The platform objects inside a Zeeschuimer capture (the envelope's ``data``), one reader each.

Shapes follow what Zeeschuimer's modules capture and 4CAT's ``map_item`` reads:
Instagram "item list" media (``code``, ``taken_at``, ``media_type``) and the older GraphQL
nodes (``shortcode``, ``taken_at_timestamp``, ``__typename``); TikTok items (``id``, ``desc``,
``createTime``, ``author``, ``stats``); X tweets from the GraphQL timeline (``rest_id``,
``legacy``, ``core.user_results``); Threads posts (``code``, ``taken_at``, ``user``,
``text_post_app_info``). A reader raises KeyError/TypeError/ValueError on a shape it does not
know; the loader turns that into an error naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

from collectors.imports.accounts import Account, as_int, hashtags, links, mentions

IG_PHOTO, IG_VIDEO, IG_CAROUSEL = 1, 2, 8
IG_GRAPH_KINDS = {"GraphImage": "photo", "GraphVideo": "video", "GraphSidecar": "album"}


class NotAPost(ValueError):
    """The captured object is not a post we land (an ad, an unknown object)."""


@dataclass
class Item:
    """A platform post read from a capture, before its author is named or pseudonymised."""

    post_id: str
    published_at: datetime
    account: Account
    public_url: str
    private_url: str
    text: str | None = None
    kind: str = "post"
    views: int | None = None
    replies: int | None = None
    forwards: int | None = None
    likes: int | None = None
    media_kind: str | None = None
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    lang_hint: str | None = None
    forwarded_from: Account | None = None


def _unix(value: Any) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)


def _text_entities(item: Item) -> Item:
    item.hashtags = item.hashtags or hashtags(item.text)
    item.mentions = item.mentions or mentions(item.text)
    item.links = item.links or links(item.text)
    return item


def _user_id(user: dict[str, Any]) -> str:
    return str(user.get("pk") or user.get("id") or "")


def _meta_account(platform: str, user: dict[str, Any]) -> Account:
    """An Instagram or Threads user; verified or business accounts are public."""
    public = user.get("is_verified") or user.get("is_business") or user.get("is_business_account")
    return Account(platform, user["username"], _user_id(user), user.get("full_name"), bool(public))


def _media_item(
    data: dict[str, Any], account: Account, *, public_url: str, private_url: str, **fields: Any
) -> Item:
    """An Item from Meta's media model (Instagram item-list media and Threads posts).

    Both carry ``code``, ``taken_at`` (Unix seconds), ``caption.text`` and ``like_count``;
    ``fields`` are the platform's other :class:`Item` fields.
    """
    item = Item(
        post_id=data["code"],
        published_at=_unix(data["taken_at"]),
        account=account,
        public_url=public_url,
        private_url=private_url,
        text=(data.get("caption") or {}).get("text"),
        likes=as_int(data.get("like_count")),
        **fields,
    )
    return _text_entities(item)


def instagram(data: dict[str, Any]) -> Item:
    """An Instagram post (item-list media or a GraphQL node)."""
    if data.get("product_type") == "ad" or str(data.get("link") or "").startswith(
        "https://www.facebook.com/ads/"
    ):
        raise NotAPost("an Instagram ad")
    user = data.get("user") or data.get("owner") or {}
    account = _meta_account("instagram", user)
    if "__typename" in data and data["__typename"] in IG_GRAPH_KINDS:
        code = data["shortcode"]
        edges = data.get("edge_media_to_caption", {}).get("edges") or []
        comments = data.get("edge_media_to_comment") or data.get("edge_media_preview_comment") or {}
        item = Item(
            post_id=code,
            published_at=_unix(data["taken_at_timestamp"]),
            account=account,
            public_url=f"https://www.instagram.com/p/{code}/",
            private_url=f"https://www.instagram.com/p/{code}/",
            text=edges[0]["node"]["text"] if edges else None,
            likes=as_int((data.get("edge_media_preview_like") or {}).get("count")),
            replies=as_int(comments.get("count")),
            views=as_int(data.get("video_view_count")),
            media_kind=IG_GRAPH_KINDS[data["__typename"]],
        )
        return _text_entities(item)
    code = data["code"]
    kinds = {IG_PHOTO: "photo", IG_VIDEO: "video", IG_CAROUSEL: "album"}
    return _media_item(
        data,
        account,
        public_url=f"https://www.instagram.com/p/{code}/",
        private_url=f"https://www.instagram.com/p/{code}/",
        replies=as_int(data.get("comment_count")),
        views=as_int(data.get("play_count") or data.get("view_count")),
        media_kind=kinds.get(data.get("media_type")),
    )


def tiktok(data: dict[str, Any]) -> Item:
    """A TikTok video (intercepted API item, or the page's embedded JSON with a string author)."""
    author = data["author"]
    if isinstance(author, dict):
        public = bool(author.get("verified"))
        account = Account(
            "tiktok", author["uniqueId"], _user_id(author), author.get("nickname"), public
        )
    else:
        account = Account("tiktok", str(author), None, data.get("nickname"), False)
    stats = data.get("stats") or data.get("statsV2") or {}
    extras = data.get("textExtra") or []
    vid = str(data["id"])
    item = Item(
        post_id=vid,
        published_at=_unix(data["createTime"]),
        account=account,
        public_url=f"https://www.tiktok.com/@{account.handle}/video/{vid}",
        private_url=f"https://m.tiktok.com/v/{vid}.html",
        text=data.get("desc") or None,
        likes=as_int(stats.get("diggCount")),
        replies=as_int(stats.get("commentCount")),
        forwards=as_int(stats.get("shareCount")),
        views=as_int(stats.get("playCount")),
        media_kind="album" if data.get("imagePost") else "video",
        hashtags=[e["hashtagName"].lower() for e in extras if e.get("hashtagName")],
        mentions=[e["userUniqueId"].lower() for e in extras if e.get("userUniqueId")],
    )
    return _text_entities(item)


def _x_user(result: dict[str, Any]) -> Account:
    legacy = result.get("legacy") or {}
    core = result.get("core") or {}
    handle = legacy.get("screen_name") or core["screen_name"]
    public = legacy.get("verified") or result.get("verified_type") or legacy.get("verified_type")
    name = legacy.get("name") or core.get("name")
    return Account("x", handle, str(result.get("rest_id") or ""), name, bool(public))


def _tweet(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("__typename") == "TweetWithVisibilityResults" or "tweet" in data:
        return data["tweet"]
    return data


def x(data: dict[str, Any]) -> Item:
    """A tweet from X's GraphQL timeline (``rest_id`` + ``legacy`` + ``core``)."""
    tweet = _tweet(data)
    if "rest_id" not in tweet:
        raise NotAPost(f"an X object of type {tweet.get('__typename') or data.get('type')!r}")
    legacy = tweet["legacy"]
    account = _x_user(tweet["core"]["user_results"]["result"])
    tid = str(tweet["rest_id"])
    note = ((tweet.get("note_tweet") or {}).get("note_tweet_results") or {}).get("result") or {}
    entities = legacy.get("entities") or {}
    media = (legacy.get("extended_entities") or entities).get("media") or []
    media_kinds = {"photo": "photo", "video": "video", "animated_gif": "video"}
    retweet = (legacy.get("retweeted_status_result") or {}).get("result")
    forwarded = _x_user(_tweet(retweet)["core"]["user_results"]["result"]) if retweet else None
    text = note.get("text") or legacy.get("full_text")
    if retweet:
        text = _tweet(retweet)["legacy"].get("full_text", text)
    replied = legacy.get("in_reply_to_status_id_str")
    item = Item(
        post_id=tid,
        published_at=datetime.strptime(legacy["created_at"], "%a %b %d %H:%M:%S %z %Y"),
        account=account,
        public_url=f"https://x.com/{account.handle}/status/{tid}",
        private_url=f"https://x.com/i/status/{tid}",
        text=text or None,
        kind="reply" if replied and not retweet else "post",
        likes=as_int(legacy.get("favorite_count")),
        replies=as_int(legacy.get("reply_count")),
        forwards=as_int(legacy.get("retweet_count")),
        views=as_int((tweet.get("views") or {}).get("count")),
        media_kind=media_kinds.get(media[0].get("type"), "document") if media else None,
        hashtags=[h["text"].lower() for h in entities.get("hashtags") or ()],
        mentions=[m["screen_name"].lower() for m in entities.get("user_mentions") or ()],
        links=[u.get("expanded_url") or u["url"] for u in entities.get("urls") or ()],
        lang_hint=legacy.get("lang") if legacy.get("lang") not in (None, "und", "zxx") else None,
        forwarded_from=forwarded,
    )
    return _text_entities(item)


def threads(data: dict[str, Any]) -> Item:
    """A Threads post (``code``, ``taken_at``, ``user``, ``text_post_app_info``)."""
    account = _meta_account("threads", data["user"])
    info = data.get("text_post_app_info") or {}
    if data.get("carousel_media"):
        kind = "album"
    elif data.get("video_versions"):
        kind = "video"
    elif (data.get("image_versions2") or {}).get("candidates"):
        kind = "photo"
    else:
        kind = None
    preview = (info.get("link_preview_attachment") or {}).get("url")
    if preview:  # Threads wraps outbound links in l.threads.com/?u=<target>
        preview = parse_qs(urlparse(preview).query).get("u", [preview])[0]
    code = data["code"]
    return _media_item(
        data,
        account,
        public_url=f"https://www.threads.net/@{account.handle}/post/{code}",
        private_url=f"https://www.threads.net/t/{code}",
        kind="reply" if info.get("reply_to_author") else "post",
        replies=as_int(info.get("direct_reply_count")),
        forwards=as_int(info.get("repost_count")),
        media_kind=kind,
        links=[preview] if preview else [],
    )


READERS = {"instagram": instagram, "tiktok": tiktok, "x": x, "threads": threads}
PLATFORMS = {
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "twitter.com": "x",
    "x.com": "x",
    "threads.net": "threads",
    "threads.com": "threads",
}
