"""vk: newsfeed.search and wall.get answers mapped to rows; crawls with VK error objects."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest
from api_helpers import ApiServer, Reply, context_fixture, crawl, env_fixture, load, runner

from pikir.lake.rows import check_post_row
from spiders.sources.vk import VkError, VkSpider, page_rows

SOURCE = "zakon_o_sotssetyah"
GROUP = "-190000001"
SEARCH = "/method/newsfeed.search"
WALL = "/method/wall.get"
TOKEN = "test-vk-token-not-a-secret"


ctx = context_fixture("vk", SOURCE)


@pytest.fixture(scope="module")
def rows(ctx):
    first, _, answer = page_rows(load("vk/search_page1.json"), ctx)
    assert answer["next_from"] == "2/-190000001_5400"
    return first + page_rows(load("vk/search_page2.json"), ctx)[0]


def test_community_post_key_url_and_name(rows):
    post = rows[0]
    assert post["post_key"] == f"vk:{SOURCE}:-190000001_5501"
    assert post["url"] == "https://vk.com/wall-190000001_5501"
    assert (post["author_id"], post["author_name"]) == (GROUP, "Pikir Новости (синтетический)")


def test_text_dates_and_edit(rows):
    post = rows[0]
    assert post["text"].startswith("Мажилис принял закон о соцсетях")
    assert post["published_at"] == datetime(2022, 5, 20, 9, 15, tzinfo=UTC)
    assert post["edited_at"] == datetime(2022, 5, 20, 9, 20, tzinfo=UTC)


def test_counters(rows):
    post = rows[0]
    assert (post["views"], post["replies"], post["forwards"], post["reaction_total"]) == (
        2300,
        4,
        6,
        58,
    )


def test_link_attachment(rows):
    assert rows[0]["links"] == ["https://example.kz/zakon"]
    assert rows[0]["media_kind"] == "link"
    assert rows[2]["media_kind"] == "photo"


def test_person_is_pseudonymised_in_key_url_and_raw(rows):
    post = rows[1]
    assert post["author_id"].startswith("anon:")
    assert post["post_id"] == post["author_id"].removeprefix("anon:") + "_77"
    assert post["url"] is None
    assert post["author_name"] is None
    assert "500000002" not in json.dumps(post, default=str, ensure_ascii=False)


def test_repost_points_at_the_original(rows):
    assert rows[1]["forwarded_post_key"] == f"vk:{SOURCE}:-190000001_5400"
    assert rows[1]["forwarded_from"] == GROUP


def test_pinned_posts_are_reported(ctx):
    _, pinned, _ = page_rows(load("vk/wall_page1.json"), ctx)
    assert pinned == {"-190000001_100"}


def test_error_object_raises_with_its_code(ctx):
    with pytest.raises(VkError, match="Rate limit reached") as caught:
        page_rows(load("vk/error29.json"), ctx)
    assert caught.value.code == 29


@pytest.mark.parametrize("index", range(3))
def test_invariants(rows, index):
    row = rows[index]
    check_post_row(row)
    assert row["platform"] == "vk"
    assert row["text"]
    assert row["author_id"] == GROUP or row["author_id"].startswith("anon:")
    assert "_" in row["post_id"]
    assert "access_token" not in row["_raw"]["payload"]
    for person in ("500000002", "500000003"):
        assert person not in json.dumps(row, default=str, ensure_ascii=False)


# -- crawls -------------------------------------------------------------------------------------


def form(request):
    return {k: v[0] for k, v in parse_qs(request.body.decode("utf-8")).items()}


def search(request):
    page = "vk/search_page2.json" if form(request).get("start_from") else "vk/search_page1.json"
    return Reply(body=load(page))


run = runner(VkSpider, source=SOURCE, q="закон о соцсетях", full="1")


token = env_fixture(PIKIR_VK_TOKEN=TOKEN)


def test_search_pages_with_next_from_and_token_in_the_body(tmp_path, token):
    with ApiServer() as server:
        server.route(SEARCH, search)
        result = run(tmp_path, server)
    calls = server.requests_to(SEARCH)
    assert [form(c).get("start_from") for c in calls] == [None, "2/-190000001_5400"]
    assert {form(c)["v"] for c in calls} == {"5.199"}
    assert {form(c)["access_token"] for c in calls} == {TOKEN}
    assert all(c.query == {} for c in calls), "nothing in the URL"
    assert len(result.items) == 3


def test_wall_pages_by_offset_and_an_old_pinned_post_does_not_stop(tmp_path, token):
    with ApiServer() as server:
        server.route(
            WALL, [Reply(body=load("vk/wall_page1.json")), Reply(body=load("vk/wall_page2.json"))]
        )
        result = crawl(
            VkSpider,
            tmp_path / "home",
            source="pikir_news",
            domain="pikir_news",
            base_url=server.base_url,
            since="2022-01-01",
        )
    assert [form(c).get("offset") for c in server.requests_to(WALL)] == [None, "2"]
    assert [r["post_id"] for r in result.items] == ["-190000001_5501", "-190000001_5400"]


def test_too_many_requests_waits_a_second_and_retries(tmp_path, token):
    with ApiServer() as server:
        server.route(
            SEARCH,
            [
                Reply(body=load("vk/error6.json")),
                Reply(body=load("vk/search_page2.json")),
            ],
        )
        result = run(tmp_path, server)
    _first, retry = server.requests_to(SEARCH)
    assert result.stats["pikir/ratelimit_waits"] == 1, "the retry waited first"
    assert form(retry)["q"] == "закон о соцсетях"
    assert result.stats["pikir/vk_retries"] == 1
    assert len(result.items) == 1


def test_rate_limit_reached_fails_with_the_code(tmp_path, token):
    with ApiServer() as server:
        server.route(
            SEARCH, [Reply(body=load("vk/search_page1.json")), Reply(body=load("vk/error29.json"))]
        )
        result = run(tmp_path, server)
    assert result.items == []
    assert "VK error 29: Rate limit reached" in result.stat(SOURCE, "error")


def test_missing_token_skips(tmp_path, monkeypatch):
    monkeypatch.delenv("PIKIR_VK_TOKEN", raising=False)
    with ApiServer() as server:
        result = run(tmp_path, server)
    assert server.seen == []
    assert result.stat(SOURCE, "skipped") == "PIKIR_VK_TOKEN not set"
