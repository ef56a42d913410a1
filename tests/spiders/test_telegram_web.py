"""The telegram_web spider fed with saved t.me/s pages through its real callbacks."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC

import pyarrow as pa
import pytest
from helpers import file_response
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from pikir.config import DataHome
from pikir.schema import POSTS_SCHEMA, sha256_text
from pikir.state import Watermark, watermark_path, write_watermark
from spiders.sources.telegram_web import ChannelCrawl, TelegramWebSpider

CHANNEL = "kz_digital_law"
BASE = "https://t.me"
MAIN = "telegram_web/kz_digital_law.html"
OLDER = "telegram_web/kz_digital_law_before_1001.html"
LAST = "telegram_web/kz_digital_law_before_991.html"
LAYOUT = "telegram_web/kz_digital_law_layout_changed.html"
DISABLED = "telegram_web/kz_closed_preview_redirect.html"
MAIN_IDS = [*range(1001, 1015), 1017, *range(1019, 1024)]

PAGES = {
    MAIN: (f"{BASE}/s/{CHANNEL}", MAIN_IDS),
    OLDER: (f"{BASE}/s/{CHANNEL}?before=1001", list(range(991, 1001))),
    LAST: (f"{BASE}/s/{CHANNEL}?before=991", [2, 3, 4, 5, 6]),
}
"""Every saved page with items, its URL and the post ids it must yield (service ones excluded)."""


def make_spider(home, **kwargs) -> TelegramWebSpider:
    settings = {"PIKIR_HOME": str(home), "PIKIR_RUN_ID": "run-test"}
    crawler = get_crawler(TelegramWebSpider, settings)
    kwargs.setdefault("channels", CHANNEL)
    return crawler._create_spider(**kwargs)


def start_requests(spider) -> list[Request]:
    async def collect():
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def feed(request: Request, saved: str, url: str | None = None):
    """Run the request's callback on a saved page; return (items, requests)."""
    response = file_response(saved, url or request.url, request=request)
    results = list(request.callback(response, **request.cb_kwargs))
    items = [r for r in results if isinstance(r, dict)]
    return items, [r for r in results if isinstance(r, Request)]


def stat(spider, key: str, channel: str = CHANNEL):
    return spider.crawler.stats.get_value(f"pikir/channel/{channel}/{key}")


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def spider(home):
    return make_spider(home)


@pytest.fixture
def first(spider):
    return start_requests(spider)[0]


# --- arguments and start --------------------------------------------------------------------


def test_missing_channels_is_a_clear_error(home):
    with pytest.raises(ValueError, match="-a channels="):
        make_spider(home, channels=None)


def test_bad_since_is_a_clear_error(home):
    with pytest.raises(ValueError, match="since must be YYYY-MM-DD"):
        make_spider(home, since="15.09.2021")


def test_start_requests_one_page_per_channel_and_tolerates_trailing_slash(home):
    spider = make_spider(home, channels="kz_digital_law, @Other_Chan", base_url="http://x:81/")
    assert [r.url for r in start_requests(spider)] == [
        "http://x:81/s/kz_digital_law",
        "http://x:81/s/other_chan",
    ]


# --- paging ---------------------------------------------------------------------------------


def test_first_page_yields_items_and_the_older_page(spider, first):
    items, requests = feed(first, MAIN)
    assert [int(i["post_id"]) for i in items] == MAIN_IDS
    assert [r.url for r in requests] == [f"{BASE}/s/{CHANNEL}?before=1001"]
    assert requests[0].cb_kwargs["crawl"].prev_min == 1001
    assert (stat(spider, "pages"), stat(spider, "items"), stat(spider, "status")) == (1, 20, None)


def test_walks_to_the_last_page_and_reports_ok(spider, first):
    _, [older] = feed(first, MAIN)
    _, [last] = feed(older, OLDER)
    items, requests = feed(last, LAST)
    assert ([int(i["post_id"]) for i in items], requests) == ([2, 3, 4, 5, 6], [])
    assert stat(spider, "status") == "ok"
    assert stat(spider, "stop_reason") == "end"
    assert (stat(spider, "items"), stat(spider, "pages")) == (35, 3)
    assert (stat(spider, "max_id"), stat(spider, "min_id")) == (1023, 2)


def test_stops_at_the_watermark(home):
    write_watermark(DataHome(home), Watermark("telegram", CHANNEL, max_post_id=1010))
    spider = make_spider(home)
    items, requests = feed(start_requests(spider)[0], MAIN)
    new = [i for i in MAIN_IDS if i > 1010]
    assert [int(i["post_id"]) for i in items][: len(new)] == new
    assert sorted(int(i["post_id"]) for i in items) == sorted(MAIN_IDS)
    assert stat(spider, "items") == len(new)
    assert stat(spider, "resighted") == len(MAIN_IDS) - len(new)
    assert requests == []
    assert (stat(spider, "status"), stat(spider, "stop_reason")) == ("ok", "watermark")


def test_nothing_new_above_the_watermark_is_empty(home):
    write_watermark(DataHome(home), Watermark("telegram", CHANNEL, max_post_id=1023))
    spider = make_spider(home)
    items, requests = feed(start_requests(spider)[0], MAIN)
    assert requests == []
    assert sorted(int(i["post_id"]) for i in items) == sorted(MAIN_IDS)  # re-sightings only
    assert (stat(spider, "status"), stat(spider, "stop_reason")) == ("empty", "watermark")


def test_full_ignores_the_watermark(home):
    write_watermark(DataHome(home), Watermark("telegram", CHANNEL, max_post_id=1023))
    spider = make_spider(home, full="1")
    items, requests = feed(start_requests(spider)[0], MAIN)
    assert len(items) == 20
    assert len(requests) == 1


def test_corrupt_watermark_fails_the_channel(home):
    path = watermark_path(DataHome(home), "telegram")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    spider = make_spider(home)
    assert start_requests(spider) == []
    assert stat(spider, "status") == "failed"
    assert "corrupt watermark" in stat(spider, "error")


def test_stops_at_since(home):
    spider = make_spider(home, since="2021-10-01")
    items, requests = feed(start_requests(spider)[0], MAIN)
    assert min(int(i["post_id"]) for i in items) == 1007
    assert requests == []
    assert stat(spider, "stop_reason") == "since"


def test_skips_posts_after_until_but_keeps_paging(home):
    spider = make_spider(home, until="2021-11-30")
    items, requests = feed(start_requests(spider)[0], MAIN)
    assert max(int(i["post_id"]) for i in items) == 1017
    assert len(requests) == 1


def test_loop_guard_stops_on_a_repeated_page(spider, first):
    _, [older] = feed(first, MAIN)
    _, [again] = feed(older, OLDER)
    items, requests = feed(again, OLDER)  # asked for ?before=991, t.me answers the same page
    assert (items, requests) == ([], [])
    assert (stat(spider, "status"), stat(spider, "stop_reason")) == ("ok", "loop")


def test_loop_guard_stops_when_the_cursor_does_not_move_back(spider):
    request = spider.page_request(ChannelCrawl(CHANNEL, before=990))
    _, requests = feed(request, OLDER)
    assert requests == []
    assert stat(spider, "stop_reason") == "loop"


# --- failures -------------------------------------------------------------------------------


def test_disabled_preview_is_unavailable(home):
    spider = make_spider(home, channels="kz_closed_preview")
    request = start_requests(spider)[0]
    items, requests = feed(request, DISABLED, url=f"{BASE}/kz_closed_preview")
    assert (items, requests) == ([], [])
    assert stat(spider, "status", "kz_closed_preview") == "unavailable"
    assert stat(spider, "stop_reason", "kz_closed_preview") == "unavailable"


def test_layout_change_fails_and_names_channel_and_url(spider, first):
    items, requests = feed(first, LAYOUT)
    assert (items, requests) == ([], [])
    assert (stat(spider, "status"), stat(spider, "stop_reason")) == ("failed", "layout")
    assert CHANNEL in stat(spider, "error")
    assert f"{BASE}/s/{CHANNEL}" in stat(spider, "error")


def test_http_error_fails_the_channel(spider, first):
    response = HtmlResponse(first.url, status=503, body=b"busy", request=first)
    failure = Failure(HttpError(response, "Ignoring non-200 response"))
    failure.request = first
    spider.on_error(failure)
    assert stat(spider, "status") == "failed"
    assert "HTTP 503" in stat(spider, "error")


def test_connection_error_names_the_exception(spider, first):
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = first
    spider.on_error(failure)
    assert "ConnectionRefusedError" in stat(spider, "error")


# --- item format ----------------------------------------------------------------------------


@pytest.fixture
def items(first):
    return {int(i["post_id"]): i for i in feed(first, MAIN)[0]}


def test_item_provenance(items):
    row = items[1001]
    assert (row["platform"], row["kind"], row["run_id"]) == ("telegram", "post", "run-test")
    assert re.fullmatch(r"telegram_web@\d+\.\d+\.\d+.*", row["collector"])
    assert row["author_name"] == "Цифровой закон KZ | Цифрлық заң"
    assert row["url"] == f"https://t.me/{CHANNEL}/1001"


def test_one_collected_at_per_crawl(items):
    assert len({row["collected_at"] for row in items.values()}) == 1


def test_item_raw_payload(items):
    raw = items[1001]["_raw"]
    assert raw["content_type"] == "text/html"
    assert items[1001]["raw_sha256"] == sha256_text(raw["payload"])


def test_item_forward_keys(items):
    assert items[1004]["forwarded_from"] == "src_news"
    assert items[1004]["forwarded_post_key"] == "telegram:src_news:45"
    assert items[1005]["forwarded_post_key"] is None


def test_hidden_forward_author_is_pseudonymised_in_row_and_raw(items):
    pseudonym = items[1005]["forwarded_from"]
    assert pseudonym.startswith("anon:")
    assert "Айдана" not in items[1005]["_raw"]["payload"]
    assert pseudonym in items[1005]["_raw"]["payload"]


def test_item_reply_key(items):
    assert items[1006]["reply_to_key"] == f"telegram:{CHANNEL}:1001"


def test_item_edit_and_signature(items):
    assert (items[1008]["is_edited"], items[1008]["signature"]) == (True, "Айгерим Б.")


def test_items_fit_the_posts_schema(items):
    rows = [{k: v for k, v in r.items() if k not in {"platform", "_raw"}} for r in items.values()]
    assert pa.Table.from_pylist(rows, schema=POSTS_SCHEMA).num_rows == 20


# --- invariants over every item of every saved page -----------------------------------------


@pytest.fixture(scope="module")
def items_by_page(tmp_path_factory):
    pages = {}
    for saved, (url, _) in PAGES.items():
        spider = make_spider(tmp_path_factory.mktemp("home"), full="1")
        request = spider.page_request(ChannelCrawl(CHANNEL))
        items, _ = feed(request, saved, url=url)
        pages[saved] = {int(i["post_id"]): i for i in items}
    return pages


CASES = [(saved, post_id) for saved, (_, ids) in PAGES.items() for post_id in ids]


@pytest.fixture(params=CASES, ids=[f"{s.split('/')[-1]}:{i}" for s, i in CASES])
def row(request, items_by_page):
    saved, post_id = request.param
    return items_by_page[saved][post_id]


@pytest.mark.parametrize("saved", list(PAGES))
def test_each_page_yields_exactly_its_posts(items_by_page, saved):
    assert sorted(items_by_page[saved]) == PAGES[saved][1]


def test_post_id_is_not_empty(row):
    assert row["post_id"]


def test_published_at_is_aware_utc(row):
    assert row["published_at"].tzinfo is UTC


def test_source_is_the_channel(row):
    assert row["source"] == CHANNEL


def test_post_key(row):
    assert row["post_key"] == f"telegram:{CHANNEL}:{row['post_id']}"


def test_views_are_counts(row):
    assert row["views"] is None or row["views"] >= 0


def test_reaction_total_is_the_sum(row):
    total = sum(r["count"] for r in row["reactions"]) if row["reactions"] else None
    assert row["reaction_total"] == total


def test_no_markup_left_in_text(row):
    assert not re.search(r"<[a-zA-Z/!]", row["text"] or "")
