"""Write the skeleton of a new news source: spider module, test and saved-page fixtures.

``pikir new-source NAME URL`` renders three templates. Every place that needs the author's
attention carries the marker :data:`MARKER`; ``tests/spiders/test_news_sources.py`` fails while
a marker is left in a spider or its test, so a half-written source cannot pass CI.

The spider template is written like the current outlets: its ``parse_article_page`` keeps only
the outlet's selectors and hands the shared steps to :mod:`spiders.news.article_page`
(``require``, ``page_fields``, ``stamp_text``, ``meta_byline``, ``meta_modified``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pikir.config import REPO_ROOT

MARKER = "TODO(new-source)"
_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")

SPIDER = '''"""{outlet}: {MARKER} one paragraph on the outlet and where its structure was learned.

Discovery: {MARKER} feeds, listings, search. Usage: ``scrapy crawl {name} [-a since=2021-09-01]``.
"""

from __future__ import annotations

import re

from scrapy.http import Response

from spiders.news.article import Article
from spiders.news.article_page import (
    meta_byline,
    meta_modified,
    page_fields,
    require,
    stamp_text,
)
from spiders.news.dates import parse_date_or_none
from spiders.news.extract import body_text, canonical, first_text, meta, texts
from spiders.news.feeds import Entry
from spiders.news.spider import NewsSpider

_ID = re.compile(r"(\\d+)")  # {MARKER} the article id in the canonical URL


class {cls}(NewsSpider):
    """Articles of {source}."""

    name = "{name}"
    source = "{source}"
    outlet = "{outlet}"
    lang = "ru"  # {MARKER}
    default_base_url = "{base}"
    hosts = ("{source}",)
    feeds = ("/feed/",)  # {MARKER} from shared/data/sources.md Table 3
    listing = "/news/?page={{page}}"  # {MARKER}

    def parse_listing_page(self, response: Response) -> list[Entry]:
        """Articles of a listing page."""
        entries = []
        for item in response.css(".item"):  # {MARKER}
            href = item.css("a::attr(href)").get()
            if href:
                when = parse_date_or_none(stamp_text(item.css("time")), now=self.collected_at)
                entries.append(Entry(self.absolute(response, href), when))
        return entries

    def parse_article_page(self, response: Response) -> Article:
        """Read one article page."""
        url = canonical(response, response.url)
        match = _ID.search(url)
        title = first_text(response, "h1")  # {MARKER}
        published = parse_date_or_none(stamp_text(response.css("time")[:1]))  # {MARKER}
        body = response.css("article")[:1]  # {MARKER}
        require("no id, title, date or body (article)", match, title, published, body)
        return Article(
            **page_fields(self, response, url, body),
            post_id=match.group(1),
            title=title,
            lead=meta(response, "description"),
            text=body_text(body),  # {MARKER} exclude=(share bars, "read also" boxes)
            authors=meta_byline(response),
            published_at=published,
            modified_at=meta_modified(response),
            tags=texts(response, ".tags a::text"),  # {MARKER}
        )
'''

TEST = '''"""{name}: saved pages in the site's structure (synthetic text)."""

from __future__ import annotations

import pytest
from news_helpers import check_invariants, make_news_spider, run_callback, saved

from spiders.sources.{name} import {cls}

URL = "{base}/news/1-synthetic"  # {MARKER} the canonical URL of files/{name}/article.html


@pytest.fixture(scope="module")
def row(tmp_path_factory):
    spider = make_news_spider({cls}, tmp_path_factory.mktemp("home"), full="1")
    return run_callback(spider.parse_article, saved("{name}/article.html", URL))[0][0]


def test_title(row):
    assert row["title"] == "{MARKER}"


def test_invariants(row):
    check_invariants(row)
'''

ARTICLE = """<!DOCTYPE html>
<!-- {MARKER}: replace with a page in {source}'s real structure and synthetic text -->
<html lang="ru"><head><meta charset="utf-8"><title>Synthetic</title>
<meta name="description" content="Synthetic lead.">
<meta name="author" content="Synthetic Author">
<meta property="article:modified_time" content="2021-09-15T15:00:00+06:00">
<link rel="canonical" href="{base}/news/1-synthetic"></head>
<body><h1>Synthetic</h1><time datetime="2021-09-15T14:05:00+06:00">15.09.2021</time>
<article><p>Synthetic text about the bill.</p></article>
<div class="tags"><a href="/tag/law">law</a></div></body></html>
"""


@dataclass(frozen=True)
class Scaffold:
    """The files a new source consists of (paths relative to the repository root)."""

    spider: Path
    test: Path
    fixture: Path


def new_source(name: str, url: str, root: Path = REPO_ROOT, outlet: str | None = None) -> Scaffold:
    """Write the spider, test and fixture skeleton of a new outlet; refuse to overwrite.

    Raises:
        ValueError: the name is not a lower-case identifier, the URL is not http(s), or one of
            the files exists.
    """
    if not _NAME.match(name):
        raise ValueError(
            f"NAME must be a lower-case identifier (file stem = spider name): {name!r}"
        )
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"URL must be http(s)://host, got {url!r}")
    source = parts.netloc.lower().removeprefix("www.")
    values = {
        "name": name,
        "cls": "".join(p.capitalize() for p in name.split("_")) + "Spider",
        "source": source,
        "outlet": outlet or source,
        "base": f"{parts.scheme}://{parts.netloc}",
        "MARKER": MARKER,
    }
    scaffold = Scaffold(
        spider=Path("spiders/sources") / f"{name}.py",
        test=Path("tests/spiders") / f"test_{name}.py",
        fixture=Path("tests/spiders/files") / name / "article.html",
    )
    targets = [(scaffold.spider, SPIDER), (scaffold.test, TEST), (scaffold.fixture, ARTICLE)]
    existing = [str(p) for p, _ in targets if (root / p).exists()]
    if existing:
        raise ValueError(f"refusing to overwrite {', '.join(existing)}")
    for path, template in targets:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(template.format(**values), encoding="utf-8")
    return scaffold


def unfinished(root: Path = REPO_ROOT) -> list[str]:
    """Spider modules and spider tests that still carry the scaffold marker."""
    files = [*root.glob("spiders/sources/*.py"), *root.glob("tests/spiders/test_*.py")]
    return sorted(str(f.relative_to(root)) for f in files if MARKER in f.read_text("utf-8"))
