"""Helpers for outlets built on WordPress themes (pure functions over a response).

WordPress prints public comments as ``li.comment#comment-<id>``; each holds its own
``article.comment-body`` (or ``div.comment-body``) with ``.comment-author .fn``,
``time[datetime]`` and ``.comment-content``, and replies sit in a nested ``ul.children``.
"""

from __future__ import annotations

import re
from datetime import datetime

from parsel import SelectorList
from scrapy.http import Response

from spiders.news.article import Comment
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import first_text, meta, text_of

_COMMENT_ID = re.compile(r"(\d+)$")

SITEMAPS = ("/wp-sitemap.xml",)
"""WordPress core's sitemap index (WordPress 5.5+), on by default; not confirmed per outlet."""
SITEMAP_FOLLOW = (r"wp-sitemap-posts-post-\d+\.xml",)
"""Of the nested sitemaps, only the posts' (not pages, categories or users)."""


def wordpress_comments(response: Response) -> list[Comment]:
    """The public comments of a WordPress article page, replies linked to their parent."""
    found = []
    for node in response.css("li.comment"):
        own = node.xpath("./article | ./div[contains(@class, 'comment-body')]")[:1]
        ident = _COMMENT_ID.search(node.attrib.get("id", ""))
        when = parse_date_or_none(own.css("time::attr(datetime)").get())
        text = text_of(own.css(".comment-content"))
        if not (ident and when and text):
            continue
        parent = node.xpath("ancestor::li[contains(@class, 'comment')][1]/@id").get()
        parent_id = _COMMENT_ID.search(parent or "")
        found.append(
            Comment(
                comment_id=ident.group(1),
                author=text_of(own.css(".comment-author .fn")),
                published_at=when,
                text=text,
                reply_to=parent_id.group(1) if parent_id else None,
                html=own.get() or "",
            )
        )
    return found


def wordpress_basics(
    response: Response, date_css: str = "time.entry-date::attr(datetime)"
) -> tuple[str | None, datetime | None, SelectorList]:
    """Title, publication time and body node of a standard WordPress article page.

    The title is ``h1.entry-title`` (else the first ``h1``), the time ``article:published_time``
    (else ``date_css``), the body the first ``div.entry-content``. Any may be missing; the
    caller decides what is fatal.
    """
    title = first_text(response, "h1.entry-title", "h1")
    published = parse_date_or_none(
        meta(response, "article:published_time") or response.css(date_css).get()
    )
    return title, published, response.css("div.entry-content")[:1]
