"""What a news spider extracts from an article page, and how it becomes lake rows."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pikir.schema import Post, make_post_key, sha256_text

PLATFORM = "news"


class ArticleParseError(ValueError):
    """An article page lacks what every article has (title, date, body): a layout change."""


@dataclass
class Comment:
    """A public comment under an article.

    Attributes:
        comment_id: the site's id of the comment (unique within the article).
        author: display name as shown (pseudonymised before it is stored).
        published_at: UTC time.
        text: the comment's text.
        reply_to: the id of the comment this one answers, if shown.
        html: the comment's markup (stored as raw with the author replaced).
        likes: the like count, when shown.
    """

    comment_id: str
    author: str | None
    published_at: datetime
    text: str
    reply_to: str | None = None
    html: str = ""
    likes: int | None = None


@dataclass
class Article:
    """One article as read from its page (all times UTC)."""

    post_id: str
    url: str
    title: str
    published_at: datetime
    text: str
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    modified_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    lang: str | None = None
    views: int | None = None
    comment_count: int | None = None
    links: list[str] = field(default_factory=list)
    html: str = ""
    comments: list[Comment] = field(default_factory=list)


def article_rows(
    article: Article,
    *,
    source: str,
    outlet: str,
    collected_at: datetime,
    run_id: str,
    collector: str,
    pseudonymize: Callable[[str, str], str],
) -> list[dict[str, Any]]:
    """Return the lake rows of an article and its comments (article first).

    The outlet is the author (``author_name``); the byline goes to ``signature``. Commenters are
    private people: their names become ``author_id`` pseudonyms (keyed per outlet) in the row and
    in the stored markup alike, and ``author_name`` stays empty.
    """
    common = {"collected_at": collected_at, "run_id": run_id, "collector": collector}
    post = Post(
        platform=PLATFORM,
        source=source,
        post_id=article.post_id,
        kind="article",
        url=article.url,
        published_at=article.published_at,
        edited_at=article.modified_at,
        is_edited=bool(article.modified_at and article.modified_at > article.published_at),
        title=article.title,
        lead=article.lead,
        text=article.text,
        author_name=outlet,
        signature=", ".join(article.authors) or None,
        tags=article.tags,
        lang_hint=article.lang,
        views=article.views,
        replies=article.comment_count,
        links=article.links,
        raw_sha256=sha256_text(article.html) if article.html else None,
        **common,
    )
    rows = [_row(post, article.html)]
    parent = post.post_key
    for comment in article.comments:
        author_id = pseudonymize(PLATFORM, f"{source}/{comment.author}") if comment.author else None
        payload = comment.html
        if comment.author and author_id:
            payload = payload.replace(html.escape(comment.author), author_id)
            payload = payload.replace(comment.author, author_id)
        reply = None
        if comment.reply_to:
            reply = make_post_key(PLATFORM, source, f"{article.post_id}-c{comment.reply_to}")
        child = Post(
            platform=PLATFORM,
            source=source,
            post_id=f"{article.post_id}-c{comment.comment_id}",
            kind="comment",
            url=f"{article.url}#comment-{comment.comment_id}",
            parent_key=parent,
            thread_key=parent,
            reply_to_key=reply,
            author_id=author_id,
            published_at=comment.published_at,
            text=comment.text,
            lang_hint=article.lang,
            reactions=[{"emoji": "like", "count": comment.likes}] if comment.likes else [],
            raw_sha256=sha256_text(payload) if payload else None,
            **common,
        )
        rows.append(_row(child, payload))
    return rows


def _row(post: Post, payload: str) -> dict[str, Any]:
    row = post.to_row()
    if payload:
        row["_raw"] = {"payload": payload, "content_type": "text/html"}
    return row
