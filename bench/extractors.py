"""Body text: the spiders' selectors vs trafilatura on the saved article pages.

For every saved article the spider's own paragraphs are the reference (each one is asserted by a
field test); the script reports, for trafilatura, the share of those paragraphs it recovers
(recall), the share of its output that is not article text (boilerplate: share bars, "read also"
boxes, comments), and the time per page of both extractors.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "spiders"))

from news_helpers import make_news_spider, saved

from spiders.news.extract import trafilatura_text
from spiders.sources.azattyq import AzattyqSpider
from spiders.sources.orda import OrdaSpider
from spiders.sources.tengrinews import TengrinewsSpider
from spiders.sources.vlast import VlastSpider

SAMPLE = Path(__file__).resolve().parent.parent / "sample" / "news"
"""The sample pages `make demo` serves (the spider tests read the same files)."""

PAGES = [
    (
        VlastSpider,
        "vlast.kz/novosti/47120-mazhilis-odobril-popravki-o-socsetyah.html",
        "https://vlast.kz/novosti/47120-a.html",
    ),
    (
        TengrinewsSpider,
        "tengrinews.kz/kazakhstan_news/senat-vernul-zakon-o-sotssetyah-468120/index.html",
        "https://tengrinews.kz/k/a-468120/",
    ),
    (
        TengrinewsSpider,
        "tengrinews.kz/kazakhstan_news/majilis-prinyal-zakon-o-sotssetyah-449871/index.html",
        "https://tengrinews.kz/k/a-449871/",
    ),
    (
        AzattyqSpider,
        "rus.azattyq.org/a/zakon-o-sotssetyah-senat/31813377.html",
        "https://rus.azattyq.org/a/31813377.html",
    ),
    (
        OrdaSpider,
        "orda.kz/zakon-o-sotssetyah-chto-izmenili-senatory-312345/index.html",
        "https://orda.kz/a-312345/",
    ),
]


def words(text: str) -> set[str]:
    return {w.strip(".,:;«»—!?()").lower() for w in text.split() if len(w) > 3}


def main() -> None:
    print(f"{'sample page':82} {'recall':>6} {'noise':>6} {'sel ms':>7} {'traf ms':>7}")
    for cls, path, url in PAGES:
        spider = make_news_spider(cls, tempfile.mkdtemp(), full="1")
        response = saved(SAMPLE / path, url)
        start = time.perf_counter()
        for _ in range(20):
            mine = spider.parse_article_page(response).text
        sel_ms = (time.perf_counter() - start) / 20 * 1000
        html = (SAMPLE / path).read_text(encoding="utf-8")
        start = time.perf_counter()
        for _ in range(20):
            theirs = trafilatura_text(html)
        traf_ms = (time.perf_counter() - start) / 20 * 1000
        ref, got = words(mine), words(theirs)
        recall = len(ref & got) / len(ref) if ref else 0.0
        noise = len(got - ref) / len(got) if got else 0.0
        print(f"{path:82} {recall:6.0%} {noise:6.0%} {sel_ms:7.2f} {traf_ms:7.2f}")


if __name__ == "__main__":
    main()
