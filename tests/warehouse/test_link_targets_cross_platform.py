"""link_targets joins the same link shared on several platforms (normalised URL)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.enrichment_fixtures import T0
from warehouse.build import build_warehouse

ARTICLE = "https://vlast.kz/novosti/47120-zakon.html"


@pytest.fixture
def built(lake):
    lake.write_posts(
        [
            lake.post(1, links=[ARTICLE + "?utm_source=tg", "https://example.com/a"]),
            lake.post(2, links=["http://www.vlast.kz/novosti/47120-zakon.html/#top"]),
            lake.post(3, platform="vk", source="club1", links=[ARTICLE]),
            lake.post(4, platform="reddit", source="r_kazakhstan", links=["https://vlast.kz/other"]),
            lake.post(
                5, platform="news", source="vlast.kz", url=ARTICLE, text="Статья.",
                published_at=T0 - timedelta(days=1),
            ),
        ]
    )  # fmt: skip
    build_warehouse(lake.home)
    return lake


def test_same_link_on_several_platforms(built):
    got = built.query(
        "select platform, source, domain, links, posts, cross_platform_links, url_platforms, "
        "domain_platforms, domain_posts_by_platform from link_targets order by 1, 2, 3"
    )
    by_platform = {"reddit": 1, "telegram": 2, "vk": 1}
    assert got == [
        ("reddit", "r_kazakhstan", "vlast.kz", 1, 1, 0, 1, 3, by_platform),
        ("telegram", "kaz_news", "example.com", 1, 1, 0, 1, 1, {"telegram": 1}),
        ("telegram", "kaz_news", "vlast.kz", 2, 2, 2, 2, 3, by_platform),
        ("vk", "club1", "vlast.kz", 1, 1, 1, 2, 3, by_platform),
    ]


def test_documented_columns_are_kept(built):
    ((article_links, outlet),) = built.query(
        "select article_links, outlet from link_targets where platform = 'vk'"
    )
    assert (article_links, outlet) == (1, "vlast.kz")
