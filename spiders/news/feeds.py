"""Discovery documents: RSS 2.0, Atom and XML sitemaps, read into :class:`Entry` lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from parsel import Selector

from spiders.news.dates import parse_date_or_none, parse_iso, parse_rfc822


@dataclass(frozen=True)
class Entry:
    """An article a discovery page points at.

    Attributes:
        url: absolute URL as found (live host; the spider rebases it).
        published_at: UTC time when the listing shows one, else None.
        title: the listing's title, if any.
        modified_at: a sitemap's ``lastmod`` (the page, or a nested sitemap, last changed then:
            never before publication, so an entry modified before a cut-off is older than it).
        from_sitemap: listed by a sitemap (which may list a whole site's history undated).
    """

    url: str
    published_at: datetime | None = None
    title: str | None = None
    modified_at: datetime | None = None
    from_sitemap: bool = False


class FeedError(ValueError):
    """The document is not RSS, Atom or a sitemap."""


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    return parse_rfc822(value) or parse_iso(value) or parse_date_or_none(value)


def parse_feed(xml: str | bytes) -> tuple[list[Entry], list[Entry]]:
    """Return the entries of an RSS/Atom feed or sitemap, and any nested sitemaps.

    Sitemap entries carry ``lastmod`` as ``modified_at``, and a Google News sitemap's
    ``news:publication_date`` as ``published_at``; nested sitemaps carry their ``lastmod``.

    Raises:
        FeedError: the document is none of those (e.g. an HTML error page).
    """
    text = xml.decode("utf-8", "replace") if isinstance(xml, bytes) else xml
    selector = Selector(text=text, type="xml")
    selector.remove_namespaces()
    root = selector.xpath("/*")
    name = root.xpath("name()").get() if root else None
    if name in {"rss", "RDF"}:
        entries = [
            Entry(
                url=(item.xpath("link/text()").get() or "").strip(),
                published_at=_when(item.xpath("pubDate/text() | date/text()").get()),
                title=(item.xpath("title/text()").get() or "").strip() or None,
            )
            for item in selector.xpath("//item")
        ]
        return [e for e in entries if e.url], []
    if name == "feed":
        entries = []
        for item in selector.xpath("//entry"):
            link = item.xpath("link[@rel='alternate']/@href | link[not(@rel)]/@href").get()
            when = item.xpath("published/text()").get() or item.xpath("updated/text()").get()
            title = (item.xpath("title/text()").get() or "").strip() or None
            if link:
                entries.append(Entry(link.strip(), _when(when), title))
        return entries, []
    if name == "urlset":
        entries = [
            Entry(
                url=u.xpath("loc/text()").get("").strip(),
                published_at=_when(u.xpath("news/publication_date/text()").get()),
                title=(u.xpath("news/title/text()").get() or "").strip() or None,
                modified_at=_when(u.xpath("lastmod/text()").get()),
                from_sitemap=True,
            )
            for u in selector.xpath("//url")
        ]
        return [e for e in entries if e.url], []
    if name == "sitemapindex":
        nested = [
            Entry(
                s.xpath("loc/text()").get("").strip(),
                modified_at=_when(s.xpath("lastmod/text()").get()),
            )
            for s in selector.xpath("//sitemap")
        ]
        return [], [n for n in nested if n.url]
    raise FeedError(f"not a feed or sitemap (root element {name!r})")
