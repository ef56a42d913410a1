"""The parts of an article page that outlets mark up alike, read the same way for every outlet.

An outlet's ``parse_article_page`` picks its own selectors and hands the shared steps here: the
check that the page has what every article has (:func:`require`), the byline and modification
time from ``<meta>`` (:func:`meta_byline`, :func:`meta_modified`), a ``<time>`` stamp
(:func:`stamp_text`) and the fields every article fills from its page (:func:`page_fields`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from parsel import SelectorList
from scrapy.http import Response

from spiders.news.article import ArticleParseError
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import links_out, meta, page_lang, text_of


class Outlet(Protocol):
    """What :func:`page_fields` needs of a news spider."""

    lang: str | None
    hosts: tuple[str, ...]

    def rebase(self, url: str) -> str:
        """Map a link of the outlet onto the spider's ``base_url``."""
        ...


def require(what: str, *found: object) -> None:
    """Raise :class:`ArticleParseError` (``what``: the parts looked for) unless all were found."""
    if not all(found):
        raise ArticleParseError(what)


def meta_byline(response: Response) -> list[str]:
    """The byline of ``<meta name="author">`` as a list (empty when absent)."""
    author = meta(response, "author")
    return [author] if author else []


def meta_modified(response: Response) -> datetime | None:
    """The time of ``<meta property="article:modified_time">`` (None when absent)."""
    return parse_date_or_none(meta(response, "article:modified_time"))


def stamp_text(stamp: SelectorList) -> str | None:
    """What a ``<time>`` node says: its ``datetime`` attribute, else its text."""
    return stamp.attrib.get("datetime") or text_of(stamp)


def page_fields(
    spider: Outlet, response: Response, url: str, body: SelectorList, lang: str | None = None
) -> dict[str, Any]:
    """The :class:`Article` fields every outlet takes alike from its page and the body node.

    ``url`` rebased onto ``base_url``, the page's language (else ``lang``, else the outlet's),
    the body's outbound links and its stored markup: an outlet's parser builds its article as
    ``Article(**page_fields(self, response, url, body), post_id=…, title=…, …)``.

    Args:
        spider: the outlet's spider (its ``rebase``, ``hosts`` and default ``lang``).
        response: the article page.
        url: the article's URL as the page gives it.
        body: the article's body node.
        lang: the language to assume when the page declares none (default: the outlet's).
    """
    return {
        "url": spider.rebase(url),
        "lang": page_lang(response, spider.lang if lang is None else lang),
        "links": links_out(body, response.url, spider.hosts),
        "html": body.get() or "",
    }
