"""Tengrinews.kz, national news site (Russian), with its public comments.

Discovery: ``/news.rss`` (sources.md Table 3, medium–high) and ``/news/page/N/``, whose items are
``div.content_main_item`` with ``.content_main_item_title a``, ``.content_main_item_announce`` and
the date in ``.content_main_item_meta > span:first-child`` (public scrapers of the site).
Articles: the current layout (``h1.head-single``, ``div.date-time``, ``.content_main_text``,
``.content_main_text_tags a``) and the 2021–22 layout (``h1.tn-content-title``,
``ul.tn-data-list time``, ``.tn-news-text``). Dates are printed as ``15 сентября 2021 14:05`` or
``Вчера, 14:05``. Comments are shown without login as ``div.tn-comment-item`` with
``.tn-user-name``, ``time``, ``.tn-comment-item-content-text`` and a rating in
``.tn-comment-rating-button span``; the ``data-id`` / ``data-parent`` attributes are assumed.
"""

from __future__ import annotations

import re

from scrapy.http import Response

from spiders.news.article import Article, Comment
from spiders.news.article_page import page_fields, require
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import body_text, canonical, clean, count, first_text, meta, text_of
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider

_ID = re.compile(r"-(\d+)/?$")
_TITLE = ("h1.head-single", "h1.tn-content-title")
_DATE = ("div.date-time", "ol.date-time li:last-child", "ul.tn-data-list li:first-child time")
_BODY = ".content_main_text, .tn-news-text"


class TengrinewsSpider(NewsSpider):
    """Articles and comments of tengrinews.kz."""

    name = "tengrinews"
    source = "tengrinews.kz"
    outlet = "Tengrinews.kz"
    lang = "ru"
    default_base_url = "https://tengrinews.kz"
    hosts = ("tengrinews.kz",)
    feeds = ("/news.rss",)
    listing = "/news/page/{page}/"

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Items of a ``/news/page/N/`` page."""
        now = self.collected_at
        entries = []
        for item in response.css("div.content_main_item"):
            href = item.css(".content_main_item_title a::attr(href)").get()
            if href:
                when = text_of(item.css(".content_main_item_meta > span:first-child"))
                entries.append(
                    Entry(self.absolute(response, href), parse_date_or_none(when, now=now))
                )
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page and its comments."""
        url = canonical(response, response.url)
        match = _ID.search(url)
        heading = response.css(", ".join(_TITLE))
        title = clean(" ".join(heading[:1].xpath("./text()").getall()))
        published = parse_date_or_none(first_text(response, *_DATE), now=self.collected_at)
        body = response.css(_BODY)[:1]
        require("no id, title, date or body (.content_main_text)", match, title, published, body)
        return Article(
            **page_fields(self, response, url, body),
            post_id=match.group(1),
            title=title,
            lead=clean(text_of(response.css(".content_main_desc, .tn-announce")))
            or meta(response, "description"),
            text=body_text(body, exclude=(".content_main_text_tags", ".read-also", ".tn-ad")),
            published_at=published,
            tags=[
                t for t in map(clean, response.css(".content_main_text_tags a::text").getall()) if t
            ],
            views=count(text_of(response.css(".content_main_meta .views, .tn-data-list .views"))),
            comment_count=count(text_of(response.css(".comments-count"))),
            comments=self.comments(response),
        )

    def comments(self, response: Response) -> list[Comment]:
        """The comments shown under the article."""
        found = []
        for position, node in enumerate(response.css("div.tn-comment-item"), start=1):
            text = text_of(node.css(".tn-comment-item-content-text"))
            when = parse_date_or_none(text_of(node.css("time")), now=self.collected_at)
            if not text or when is None:
                continue
            found.append(
                Comment(
                    comment_id=node.attrib.get("data-id") or str(position),
                    author=text_of(node.css(".tn-user-name")),
                    published_at=when,
                    text=text,
                    reply_to=node.attrib.get("data-parent") or None,
                    html=node.get(),
                    likes=count(text_of(node.css(".tn-comment-rating-button span"))),
                )
            )
        return found
