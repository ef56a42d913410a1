"""bluesky: searchPosts pages mapped to rows, and crawls against a local AppView."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from api_helpers import ApiServer, Reply, context_fixture, crawl, load, runner

from pikir.lake.rows import check_post_row
from pikir.state import Watermark, write_watermark
from spiders.api.spider import ApiShapeError
from spiders.sources.bluesky import SEARCH, BlueskySpider, search_page

NEWSROOM = "did:plc:pikirnewsroom01"
SOURCE = "zakon_o_sotssetyah"


ctx = context_fixture("bluesky", SOURCE, public=(NEWSROOM,))


@pytest.fixture(scope="module")
def page1(ctx):
    return search_page(load("bluesky/search_page1.json"), ctx)


@pytest.fixture(scope="module")
def rows(page1, ctx):
    return page1[0] + search_page(load("bluesky/search_page2.json"), ctx)[0]


@pytest.fixture(scope="module")
def public_post(rows):
    return rows[0]


@pytest.fixture(scope="module")
def reply(rows):
    return rows[1]


@pytest.fixture(scope="module")
def quote(rows):
    return rows[2]


def test_cursor_of_a_page_and_none_on_the_last(page1, ctx):
    assert page1[1] == "25"
    assert search_page(load("bluesky/search_page2.json"), ctx)[1] is None


def test_public_account_keeps_its_did_in_the_key(public_post):
    assert public_post["post_key"] == f"bluesky:{SOURCE}:{NEWSROOM}/3kpikir0000a1"


def test_public_account_name_and_url(public_post):
    assert public_post["author_name"] == "Pikir Newsroom (synthetic)"
    assert public_post["author_id"] == NEWSROOM
    assert (
        public_post["url"]
        == "https://bsky.app/profile/pikir-newsroom.bsky.social/post/3kpikir0000a1"
    )


def test_text_time_and_language(public_post):
    assert public_post["text"].startswith("Мажилис одобрил закон о соцсетях")
    assert public_post["published_at"] == datetime(2022, 5, 20, 9, 15, tzinfo=UTC)
    assert public_post["lang_hint"] == "ru"


def test_counts(public_post):
    assert (public_post["replies"], public_post["forwards"], public_post["reaction_total"]) == (
        1,
        5,
        12,
    )


def test_links_from_facets_and_external_embed(public_post):
    assert public_post["links"] == ["https://example.kz/zakon"]
    assert public_post["media_kind"] == "link"


def test_hashtags(public_post):
    assert public_post["hashtags"] == ["законосоцсетях"]


def test_private_author_is_pseudonymised_everywhere(reply):
    assert reply["author_id"].startswith("anon:")
    assert reply["author_name"] is None
    assert reply["url"] is None
    assert reply["post_id"] == reply["author_id"].removeprefix("anon:") + "/3kpikir0000b2"
    payload = reply["_raw"]["payload"]
    for secret in ("privateperson01", "aigerim-synthetic", "Айгерим"):
        assert secret not in payload
    assert NEWSROOM in payload  # the public account stays named


def test_reply_parent_and_thread(reply):
    parent = f"bluesky:{SOURCE}:{NEWSROOM}/3kpikir0000a0"
    assert reply["kind"] == "reply"
    assert (reply["reply_to_key"], reply["thread_key"], reply["parent_key"]) == (parent,) * 3


def test_mention_of_a_public_account(reply):
    assert reply["mentions"] == [NEWSROOM]


def test_quote_links_to_the_quoted_post_under_its_pseudonym(quote, reply):
    quoted_author = reply["author_id"].removeprefix("anon:")
    assert quote["forwarded_post_key"] == f"bluesky:{SOURCE}:{quoted_author}/3kpikir0000b1"
    assert "privateperson01" not in quote["_raw"]["payload"]
    assert "aigerim-synthetic" not in quote["_raw"]["payload"]


def test_images_are_photos(rows):
    assert rows[3]["media_kind"] == "photo"


def test_a_page_without_posts_is_refused(ctx):
    with pytest.raises(ApiShapeError):
        search_page({"error": "InvalidRequest"}, ctx)


@pytest.mark.parametrize("index", range(5))
def test_invariants(rows, index):
    row = rows[index]
    check_post_row(row)
    assert row["platform"] == "bluesky"
    assert row["source"] == SOURCE
    assert row["text"]
    assert row["published_at"].utcoffset().total_seconds() == 0
    assert row["kind"] in {"post", "reply"}
    assert row["author_id"] == NEWSROOM or row["author_id"].startswith("anon:")
    assert json.loads(row["_raw"]["payload"])["cid"]
    assert "did:plc:private" not in json.dumps(row, default=str, ensure_ascii=False)


# -- crawls against a local AppView -------------------------------------------------------------


def pages(request):
    cursor = request.query.get("cursor", [None])[0]
    return Reply(body=load("bluesky/search_page2.json" if cursor else "bluesky/search_page1.json"))


run = runner(BlueskySpider, source=SOURCE, q="закон о соцсетях")


def test_crawl_follows_the_cursor_and_lands_every_post(tmp_path):
    with ApiServer() as server:
        server.route(SEARCH, pages)
        result = run(tmp_path, server, full="1")
    assert len(result.items) == 5
    calls = server.requests_to(SEARCH)
    assert [c.query.get("cursor") for c in calls] == [None, ["25"]]
    assert calls[0].query["q"] == ["закон о соцсетях"]
    assert calls[0].query["sort"] == ["latest"]
    assert result.stat(SOURCE, "status") == "ok"
    assert result.stats["pikir/landing/new"] == 5


def test_backfill_window_is_sent_and_applied(tmp_path):
    with ApiServer() as server:
        server.route(SEARCH, pages)
        result = run(tmp_path, server, since="2022-05-01", until="2022-05-19")
    first = server.requests_to(SEARCH)[0].query
    assert (first["since"], first["until"]) == (["2022-05-01T00:00:00Z"], ["2022-05-20T00:00:00Z"])
    assert [r["post_id"][-2:] for r in result.items] == ["c3", "d4"]


def test_nightly_increment_stops_at_the_watermark(tmp_path):
    home = tmp_path / "home"
    from pikir.config import DataHome

    mark = Watermark("bluesky", SOURCE, max_published_at="2022-05-20T00:00:00+00:00")
    write_watermark(DataHome.from_env(str(home)), mark)
    with ApiServer() as server:
        server.route(SEARCH, pages)
        result = crawl(
            BlueskySpider, home, source=SOURCE, q="закон о соцсетях", base_url=server.base_url
        )
    assert len(server.requests_to(SEARCH)) == 1, "a post at the watermark ends the chain"
    assert server.requests_to(SEARCH)[0].query["since"] == ["2022-05-20T00:00:00Z"]
    assert {r["post_id"][-2:] for r in result.items} == {"a1", "b2"}


def test_429_waits_for_retry_after_then_continues(tmp_path):
    with ApiServer() as server:
        server.route(
            SEARCH,
            [
                Reply(429, {"error": "RateLimitExceeded"}, {"Retry-After": "1"}),
                Reply(body=load("bluesky/search_page1.json")),
                Reply(body=load("bluesky/search_page2.json")),
            ],
        )
        result = run(tmp_path, server, full="1")
    assert len(server.requests_to(SEARCH)) == 3, "the 429 was retried after its wait"
    assert len(result.items) == 5
    assert result.stats["pikir/retry_after_wait_s"] == 1


def test_truncated_page_lands_nothing_and_names_the_problem(tmp_path):
    body = json.dumps(load("bluesky/search_page2.json"))[:200]
    with ApiServer() as server:
        server.route(SEARCH, [Reply(body=load("bluesky/search_page1.json")), Reply(body=body)])
        result = run(tmp_path, server, full="1")
    assert result.items == []
    assert result.stat(SOURCE, "status") == "failed"
    error = result.stat(SOURCE, "error")
    assert "malformed JSON" in error
    assert SOURCE in error
    assert "3 post(s)" in error
    assert not list((tmp_path / "home" / "lake").glob("posts/**/*.parquet"))
