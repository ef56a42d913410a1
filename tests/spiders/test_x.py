"""x: API v2 search pages mapped to rows, and crawls against a local API with rate limits."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from api_helpers import ApiServer, Reply, context_fixture, env_fixture, load, runner

from pikir.lake.rows import check_post_row
from spiders.api.spider import ApiShapeError
from spiders.sources.x import ARCHIVE, RECENT, XSpider, search_page

NEWS_ID = "900000000000000001"
SOURCE = "zakon_o_sotssetyah"
TOKEN = "test-bearer-not-a-secret"


ctx = context_fixture("x", SOURCE, public=("pikir_news",))


@pytest.fixture(scope="module")
def rows(ctx):
    first, token = search_page(load("x/search_page1.json"), ctx)
    assert token == "b26v89c19zqg8o3fpzbkk"
    return first + search_page(load("x/search_page2.json"), ctx)[0]


def test_post_key_and_url(rows):
    assert rows[0]["post_key"] == f"x:{SOURCE}:1527600000000000001"
    assert rows[0]["url"] == "https://x.com/i/web/status/1527600000000000001"


def test_public_account_keeps_id_and_name(rows):
    assert (rows[0]["author_id"], rows[0]["author_name"]) == (NEWS_ID, "Pikir News (synthetic)")


def test_text_time_language(rows):
    assert rows[0]["text"].startswith("Мажилис принял закон о соцсетях")
    assert rows[0]["published_at"] == datetime(2022, 5, 20, 9, 15, tzinfo=UTC)
    assert rows[1]["lang_hint"] == "kk"


def test_public_metrics(rows):
    row = rows[0]
    assert (row["views"], row["replies"], row["forwards"], row["reaction_total"]) == (
        1540,
        2,
        8,
        31,
    )


def test_expanded_links_and_hashtags(rows):
    assert rows[0]["links"] == ["https://example.kz/zakon-o-sotssetyah"]
    assert rows[0]["hashtags"] == ["закон"]


def test_reply_links_to_parent_and_conversation(rows):
    parent = f"x:{SOURCE}:1527600000000000001"
    assert rows[1]["kind"] == "reply"
    assert (rows[1]["reply_to_key"], rows[1]["thread_key"]) == (parent, parent)


def test_quote_and_retweet_link_the_shared_post(rows):
    assert rows[2]["forwarded_post_key"] == f"x:{SOURCE}:1527500000000000009"
    assert rows[3]["forwarded_post_key"] == f"x:{SOURCE}:1527300000000000005"


def test_private_authors_and_mentions_are_pseudonymised(rows):
    reply, quote = rows[1], rows[2]
    assert reply["author_id"].startswith("anon:")
    assert reply["author_name"] is None
    assert reply["mentions"] == ["pikir_news"]  # a public account stays named
    assert quote["mentions"] == [reply["author_id"]]  # the same person, the same pseudonym
    payload = json.loads(quote["_raw"]["payload"])
    stored = json.dumps([payload["author"], payload["author_id"], payload["entities"]])
    for secret in ("900000000000000002", "900000000000000003", "erlan_synthetic", "Dana"):
        assert secret not in stored
    assert payload["text"] == quote["text"], "text keeps @handles as written (as Telegram)"


def test_error_object_is_refused(ctx):
    with pytest.raises(ApiShapeError, match="Unauthorized"):
        search_page({"title": "Unauthorized", "type": "about:blank", "status": 401}, ctx)


@pytest.mark.parametrize("index", range(4))
def test_invariants(rows, index):
    row = rows[index]
    check_post_row(row)
    assert row["platform"] == "x"
    assert row["post_id"].isdigit()
    assert row["text"]
    assert row["author_id"] == NEWS_ID or row["author_id"].startswith("anon:")
    assert json.loads(row["_raw"]["payload"])["id"] == row["post_id"]


# -- crawls -------------------------------------------------------------------------------------


def pages(request):
    token = request.query.get("next_token")
    return Reply(body=load("x/search_page2.json" if token else "x/search_page1.json"))


run = runner(XSpider, source=SOURCE, q="закон о соцсетях", full="1")


token = env_fixture(PIKIR_X_BEARER_TOKEN=TOKEN)


def test_crawl_pages_with_next_token_and_bearer(tmp_path, token):
    with ApiServer() as server:
        server.route(RECENT, pages)
        result = run(tmp_path, server)
    calls = server.requests_to(RECENT)
    assert [c.query.get("next_token") for c in calls] == [None, ["b26v89c19zqg8o3fpzbkk"]]
    assert {c.headers["Authorization"] for c in calls} == {f"Bearer {TOKEN}"}
    assert calls[0].query["expansions"] == ["author_id,referenced_tweets.id"]
    assert "public_metrics" in calls[0].query["tweet.fields"][0]
    assert TOKEN not in calls[0].path + json.dumps(calls[0].query)
    assert len(result.items) == 4
    assert result.stat(SOURCE, "status") == "ok"


def test_archive_search_with_window(tmp_path, token):
    with ApiServer() as server:
        server.route(ARCHIVE, pages)
        run(tmp_path, server, archive="1", since="2022-05-01", until="2022-05-31", full="0")
    first = server.requests_to(ARCHIVE)[0].query
    assert (first["start_time"], first["end_time"]) == (
        ["2022-05-01T00:00:00Z"],
        ["2022-06-01T00:00:00Z"],
    )


def budget_spent_after_page1(reset_in_s: int) -> list[Reply]:
    """Page 1 spending the rate-limit budget until ``reset_in_s`` from now, then page 2."""
    reset = str(int(time.time()) + reset_in_s)
    spent = {"x-rate-limit-remaining": "0", "x-rate-limit-reset": reset}
    return [
        Reply(body=load("x/search_page1.json"), headers=spent),
        Reply(body=load("x/search_page2.json")),
    ]


def test_spent_budget_waits_for_the_reset(tmp_path, token):
    with ApiServer() as server:
        server.route(RECENT, budget_spent_after_page1(3))
        result = run(tmp_path, server)
    assert len(server.requests_to(RECENT)) == 2
    assert result.stats["pikir/ratelimit_waits"] == 1, "page 2 was held until the reset"
    assert len(result.items) == 4


def test_429_without_retry_after_waits_for_the_reset(tmp_path, token):
    reset = str(int(time.time()) + 3)
    too_many = Reply(
        429,
        {"title": "Too Many Requests", "status": 429},
        {"x-rate-limit-remaining": "0", "x-rate-limit-reset": reset},
    )
    with ApiServer() as server:
        server.route(RECENT, [too_many, Reply(body=load("x/search_page2.json"))])
        result = run(tmp_path, server)
    assert len(server.requests_to(RECENT)) == 2
    assert result.stats["pikir/ratelimit_waits"] == 1, "the retry was held until the reset"
    assert [r["post_id"] for r in result.items] == ["1527400000000000004"]


def test_reset_beyond_the_allowed_wait_fails_clearly(tmp_path, token):
    with ApiServer() as server:
        server.route(RECENT, budget_spent_after_page1(3600))
        result = run(tmp_path, server, full="1")
    assert len(server.requests_to(RECENT)) == 1
    assert result.items == []
    assert "RATE_LIMIT_MAX_WAIT_S" in result.stat(SOURCE, "error")


def test_truncated_body_breaks_the_chain(tmp_path, token):
    with ApiServer() as server:
        server.route(RECENT, [Reply(body=load("x/search_page1.json"), truncate=True)])
        result = run(tmp_path, server)
    assert result.items == []
    assert result.stat(SOURCE, "status") == "failed"


def test_missing_token_skips_with_a_clear_reason(tmp_path, monkeypatch):
    monkeypatch.delenv("PIKIR_X_BEARER_TOKEN", raising=False)
    with ApiServer() as server:
        server.route(RECENT, pages)
        result = run(tmp_path, server)
    assert server.seen == []
    assert result.stat(SOURCE, "skipped") == "PIKIR_X_BEARER_TOKEN not set"
    assert "PIKIR_X_BEARER_TOKEN not set" in result.stat(SOURCE, "error")
