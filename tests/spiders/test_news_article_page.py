"""spiders.news.article_page: the article parts every outlet's parser reads the same way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from news_helpers import make_news_spider
from scrapy.http import HtmlResponse

from spiders.news.article import Article, ArticleParseError
from spiders.news.article_page import (
    meta_byline,
    meta_modified,
    page_fields,
    require,
    stamp_text,
)
from spiders.sources.zakon import ZakonSpider

PAGE_URL = "https://www.zakon.kz/politika/6000001-zakon-o-sotssetyakh.html"
PUBLISHED = datetime(2021, 9, 15, 9, 5, tzinfo=UTC)


def page(head: str = "", body: str = "", lang: str = "") -> HtmlResponse:
    """An article page composed for the test (synthetic text)."""
    html_lang = f' lang="{lang}"' if lang else ""
    markup = f"<html{html_lang}><head>{head}</head><body>{body}</body></html>"
    return HtmlResponse(PAGE_URL, body=markup.encode("utf-8"), encoding="utf-8")


@pytest.fixture
def spider(tmp_path):
    return make_news_spider(ZakonSpider, tmp_path / "home", base_url="http://127.0.0.1:8999")


def test_require_passes_when_every_part_is_found():
    require("no id, title, date or body", "6000001", "Закон", PUBLISHED, ["<div/>"])


@pytest.mark.parametrize("missing", [None, "", []])
def test_require_names_the_parts_when_one_is_missing(missing):
    with pytest.raises(ArticleParseError, match=r"^no id, title, date or body \(div\.content\)$"):
        require("no id, title, date or body (div.content)", "6000001", missing, PUBLISHED)


def test_byline_from_meta_author():
    assert meta_byline(page('<meta name="author" content="Айгерим Сапарова">')) == [
        "Айгерим Сапарова"
    ]
    assert meta_byline(page()) == []


def test_modified_time_from_meta():
    head = '<meta property="article:modified_time" content="2021-09-16T10:00:00+06:00">'
    assert meta_modified(page(head)) == datetime(2021, 9, 16, 4, 0, tzinfo=UTC)
    assert meta_modified(page()) is None


def test_stamp_prefers_the_datetime_attribute_then_the_text():
    with_attribute = page(body='<time datetime="2021-09-15T15:05:00+06:00">15 сентября</time>')
    assert stamp_text(with_attribute.css("time")) == "2021-09-15T15:05:00+06:00"
    text_only = page(body="<time>15 сентября 2021, 15:05</time>")
    assert stamp_text(text_only.css("time")) == "15 сентября 2021, 15:05"
    assert stamp_text(page().css("time")) is None


def test_page_fields_take_url_links_markup_and_language_from_the_page(spider):
    body_html = (
        '<div class="content"><p>Сенат вернул закон.</p>'
        '<a href="https://adilet.zan.kz/rus/docs/Z2200000001">текст закона</a>'
        '<a href="/news/6000002-drugaya.html">ещё</a></div>'
    )
    response = page(body=body_html, lang="ru-RU")
    body = response.css("div.content")
    assert page_fields(spider, response, PAGE_URL, body) == {
        "url": "http://127.0.0.1:8999/politika/6000001-zakon-o-sotssetyakh.html",
        "lang": "ru",
        "links": ["https://adilet.zan.kz/rus/docs/Z2200000001"],
        "html": body.get(),
    }


def test_page_fields_complete_an_article(spider):
    response = page(body='<div class="content"><p>Сенат вернул закон.</p></div>')
    body = response.css("div.content")
    article = Article(
        **page_fields(spider, response, PAGE_URL, body),
        post_id="6000001",
        title="Закон о соцсетях",
        text="Сенат вернул закон.",
        published_at=PUBLISHED,
    )
    assert article.url.startswith("http://127.0.0.1:8999/")
    assert (article.post_id, article.lang, article.html) == ("6000001", "ru", body.get())


def test_language_falls_back_to_the_given_then_the_outlet_default(spider):
    response = page(body='<div class="content"><p>Text.</p></div>')
    body = response.css("div.content")
    assert page_fields(spider, response, PAGE_URL, body)["lang"] == "ru"
    assert page_fields(spider, response, PAGE_URL, body, "en")["lang"] == "en"
    declared = page(body='<div class="content"><p>Мәтін.</p></div>', lang="kk")
    assert page_fields(spider, declared, PAGE_URL, body, "en")["lang"] == "kk", "page wins"


def test_missing_body_markup_is_stored_empty(spider):
    response = page()
    fields = page_fields(spider, response, PAGE_URL, response.css("div.content"))
    assert (fields["html"], fields["links"]) == ("", [])
