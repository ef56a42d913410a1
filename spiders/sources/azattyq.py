"""Radio Azattyq (RFE/RL's Kazakh service): rus.azattyq.org, or azattyq.org with edition=kk.

Often blocked from Kazakh addresses: crawl from outside KZ; a blocked run lands as ``failed``
with the reason, which is itself a finding.

Discovery: the Pangea zone feeds ``/api/<zone>`` (sources.md Table 3, medium; Russian edition
only), the news zone listing ``/z/360?p=N`` (Kazakh ``/z/330``) whose items are
``#ordinaryItems li`` with ``.media-block__title``, ``a[href]`` and ``.date``, and the site search
``/s?k=<term>&p=N`` for backfills. Articles (Pangea CMS, as public scrapers read them):
``h1.title.pg-title``, ``time[pubdate][datetime]``, body ``div#article-content div.wsw``, authors
``.links__item-link``, intro ``.intro p``. Comments are not shown without an account.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Response

from spiders.news.article import Article
from spiders.news.article_page import page_fields, require, stamp_text
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import body_text, canonical, first_text, meta, text_of, texts
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider

_ID = re.compile(r"/(\d+)\.html$")
EDITIONS = {
    "ru": {
        "source": "rus.azattyq.org",
        "default_base_url": "https://rus.azattyq.org",
        "lang": "ru",
        "feeds": ("/api/zgroqe_uoq", "/api/zororegtor"),
        "listing": "/z/360?p={page}",
    },
    "kk": {
        "source": "azattyq.org",
        "default_base_url": "https://www.azattyq.org",
        "lang": "kk",
        "feeds": (),
        "listing": "/z/330?p={page}",
    },
}


class AzattyqSpider(NewsSpider):
    """Articles of Radio Azattyq, Russian (default) or Kazakh edition."""

    name = "azattyq"
    outlet = "Радио Азаттык"
    hosts = ("rus.azattyq.org", "azattyq.org")
    search = "/s?k={query}&p={page}"
    source = EDITIONS["ru"]["source"]

    def __init__(self, *args: Any, edition: str = "ru", **kwargs: Any) -> None:
        if edition not in EDITIONS:
            raise ValueError(f"azattyq: edition must be one of {sorted(EDITIONS)}, got {edition!r}")
        for key, value in EDITIONS[edition].items():
            setattr(self, key, value)
        self.edition = edition
        super().__init__(*args, **kwargs)

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Items of a zone listing or a search result page."""
        entries = []
        for item in response.css("#ordinaryItems li, .media-block-wrap .media-block"):
            href = item.css("a::attr(href)").get()
            if href and _ID.search(href):
                when = parse_date_or_none(text_of(item.css(".date")), now=self.collected_at)
                title = text_of(item.css(".media-block__title"))
                entries.append(Entry(self.absolute(response, href), when, title))
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page."""
        url = canonical(response, response.url)
        match = _ID.search(url)
        title = first_text(response, "h1.title.pg-title", "h1")
        stamp = response.css("time[pubdate]") or response.css(".published time")
        published = parse_date_or_none(stamp_text(stamp))
        body = response.css("div#article-content div.wsw")
        require(
            "no id, title, date or body (div#article-content div.wsw)",
            *(match, title, published, body),
        )
        authors = texts(response, ".links__item-link::text")
        return Article(
            **page_fields(self, response, url, body),
            post_id=match.group(1),
            title=title,
            lead=text_of(response.css(".intro p")) or meta(response, "description"),
            text=body_text(body, exclude=(".media-block-wrap", ".wsw__embed")),
            authors=authors,
            published_at=published,
            modified_at=parse_date_or_none(
                response.css("time[data-modified]::attr(datetime)").get()
            ),
            tags=texts(response, ".category a::text"),
        )
