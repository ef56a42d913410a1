"""petition: a saved Avaaz community petition page and counter (synthetic text, real structure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow.compute as pc
import pytest
from news_helpers import make_news_spider, run_callback, saved, start_requests

from pikir.lake import layout
from pikir.lake.append import read_table
from pikir.lake.rows import check_post_row
from spiders.parsing.petition_page import PetitionParseError, parse_signatures, stats_url
from spiders.sources.petition import PetitionSpider, default_source

SLUG = "pikir_test_sokhranim_otkrytye_sotsseti"
URL = f"https://secure.avaaz.org/community_petitions/ru/{SLUG}/"
PAGE = "petition/avaaz_community_petition.html"


def make(tmp_path, **kwargs):
    return make_news_spider(PetitionSpider, tmp_path / "home", base_url=URL, **kwargs)


def stat(spider, name):
    return spider.crawler.stats.get_value(f"pikir/channel/avaaz.org/{name}")


@pytest.fixture
def spider(tmp_path):
    return make(tmp_path)


@pytest.fixture
def parsed(spider):
    return run_callback(spider.parse, saved(PAGE, URL))


@pytest.fixture
def row(parsed):
    (items, _requests) = parsed
    return items[0]


def test_start_requests_the_configured_page(spider):
    assert [r.url for r in start_requests(spider)] == [URL]


def test_source_defaults_to_the_site_without_secure():
    assert default_source(URL) == "avaaz.org"
    assert default_source("https://www.change.org/p/x") == "change.org"


def test_petition_is_one_valid_post(parsed, row):
    items, _ = parsed
    assert len(items) == 1
    check_post_row(row)
    assert row["post_key"] == f"petition:avaaz.org:{SLUG}"
    assert row["kind"] == "post"
    assert row["url"] == URL


def test_title_and_text(row):
    assert row["title"] == "Пикир тест: сохраним открытые соцсети"
    assert row["text"].startswith("Это синтетический текст петиции")
    assert "Біз ашық әлеуметтік желілерді қолдаймыз" in row["text"]
    assert "Не блокировать мессенджеры." in row["text"]
    assert row["text"].endswith("→ Сенату Парламента (синтетический адресат)")
    assert "Подписать" not in row["text"]


def test_dates_from_the_inline_timestamps(row):
    assert row["published_at"] == datetime(2022, 3, 24, 10, 0, tzinfo=UTC)
    assert row["edited_at"] == datetime(2022, 3, 25, 10, 0, tzinfo=UTC)


def test_language_from_the_page(row):
    assert row["lang_hint"] == "ru"


def test_private_starter_is_pseudonymised(row):
    assert row["author_id"].startswith("anon:")
    assert row["author_name"] is None
    assert "Тестовый" not in str(row)


def test_organisation_starter_is_named(tmp_path):
    spider = make(tmp_path, organisation="1")
    (row,), _ = run_callback(spider.parse, saved(PAGE, URL))
    assert row["author_name"] == row["author_id"] == "Тестовый Автор"


def test_page_asks_for_the_live_counter_not_the_placeholder(parsed):
    _, (request,) = parsed
    assert request.url == "https://secure.avaaz.org/stats/petition/4242_stats.json"
    assert request.cb_kwargs == {"post_key": f"petition:avaaz.org:{SLUG}"}


def test_stats_url_keeps_a_mirror_prefix():
    page = f"http://127.0.0.1:9/news/secure.avaaz.org/community_petitions/ru/{SLUG}/"
    assert (
        stats_url(page, "7")
        == "http://127.0.0.1:9/news/secure.avaaz.org/stats/petition/7_stats.json"
    )


def test_counter_lands_as_a_signatures_observation(spider, parsed):
    _, (request,) = parsed
    answer = saved("petition/stats.json", request.url)
    assert run_callback(spider.parse_stats, answer, **request.cb_kwargs) == ([], [])
    spider.closed("finished")
    metrics = read_table(spider.home, layout.METRICS).to_pylist()
    assert [(m["post_key"], m["signatures"], m["views"]) for m in metrics] == [
        (f"petition:avaaz.org:{SLUG}", 12345, None)
    ]
    assert metrics[0]["observed_at"] == spider.collected_at
    assert (stat(spider, "status"), stat(spider, "signatures"), stat(spider, "items")) == (
        "ok",
        12345,
        1,
    )


def test_closing_twice_lands_the_observation_once(spider, parsed):
    _, (request,) = parsed
    run_callback(spider.parse_stats, saved("petition/stats.json", request.url), **request.cb_kwargs)
    spider.closed("finished")
    spider.closed("finished")
    metrics = read_table(spider.home, layout.METRICS)
    assert pc.sum(metrics["signatures"]).as_py() == 12345


@pytest.mark.parametrize(
    ("body", "expected"),
    [('{"signatures": 7}', 7), ('{"count": "1,204"}', 1204), ('{"signatures": 0}', 0)],
)
def test_parse_signatures(body, expected):
    assert parse_signatures(body) == expected


@pytest.mark.parametrize(
    "body", ["<html>blocked</html>", '{"goal": 100}', '{"signatures": -3}', "[]"]
)
def test_parse_signatures_refuses_what_is_not_a_count(body):
    with pytest.raises(PetitionParseError):
        parse_signatures(body)


def test_broken_counter_is_partial_and_lands_nothing(spider, parsed):
    _, (request,) = parsed
    answer = saved("petition/stats.json", request.url, body=b"<html>captcha</html>")
    run_callback(spider.parse_stats, answer, **request.cb_kwargs)
    spider.closed("finished")
    assert stat(spider, "status") == "partial"
    assert "not JSON" in stat(spider, "error")
    assert read_table(spider.home, layout.METRICS).num_rows == 0


def test_removed_petition_shell_is_unavailable(spider):
    assert run_callback(spider.parse, saved("petition/invalid.html", URL)) == ([], [])
    assert stat(spider, "status") == "unavailable"


def test_changed_layout_fails_without_items(spider):
    body = b"<html><body><h2>Sign up</h2><p>nothing here</p></body></html>"
    assert run_callback(spider.parse, saved(PAGE, URL, body=body)) == ([], [])
    assert stat(spider, "status") == "failed"
    assert "petition-page-description" in stat(spider, "error")


def test_page_without_a_date_fails_rather_than_guessing(spider):
    body = (
        (saved(PAGE, URL).text)
        .replace("createdAtTimestamp", "x")
        .replace("updatedAtTimestamp", "y")
        .encode("utf-8")
    )
    assert run_callback(spider.parse, saved(PAGE, URL, body=body)) == ([], [])
    assert "createdAtTimestamp" in stat(spider, "error")


def test_base_url_is_required(tmp_path):
    with pytest.raises(ValueError, match="base_url"):
        make_news_spider(PetitionSpider, tmp_path / "home")
