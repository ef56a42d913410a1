"""mastodon: statuses mapped to rows, Link-header paging and rate limits on a local instance."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from api_helpers import ApiServer, Reply, context_fixture, load, runner

from pikir.lake.rows import check_post_row
from spiders.api.spider import ApiShapeError
from spiders.sources.mastodon import (
    MastodonSpider,
    html_text,
    next_link,
    status_row,
    statuses_of,
)

SOURCE = "mastodon.example-zakon"
INSTANCE = "https://mastodon.example"
TAG = "/api/v1/timelines/tag/%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD"
PUBLIC_ID = "109000000000000001"


ctx = context_fixture("mastodon", SOURCE, public=("pikirnews",))


@pytest.fixture(scope="module")
def rows(ctx):
    found = [*load("mastodon/tag_page1.json"), *load("mastodon/tag_page2.json")]
    found += statuses_of(load("mastodon/search.json"))
    return [status_row(s, ctx, INSTANCE) for s in found]


def test_html_becomes_text_with_line_breaks():
    assert html_text("<p>a &amp; b</p><p>c<br />d</p>") == "a & b\nc\nd"


def test_next_link_of_a_link_header():
    header = (
        '<https://m.example/api/v1/timelines/tag/x?max_id=7>; rel="next", '
        '<https://m.example/api/v1/timelines/tag/x?min_id=9>; rel="prev"'
    )
    assert next_link(header) == "https://m.example/api/v1/timelines/tag/x?max_id=7"
    assert next_link('<https://m.example/x?min_id=9>; rel="prev"') is None


def test_key_url_and_public_author(rows):
    assert rows[0]["post_key"] == f"mastodon:{SOURCE}:108330000000000002"
    assert rows[0]["url"] == "https://mastodon.example/@pikirnews/108330000000000002"
    assert (rows[0]["author_id"], rows[0]["author_name"]) == (PUBLIC_ID, "Pikir News (synthetic)")


def test_text_hashtags_and_card_link(rows):
    assert rows[0]["text"] == (
        "Мажилис принял #законосоцсетях & поправки.\nСинтетический текст.\nВторая строка."
    )
    assert rows[0]["hashtags"] == ["законосоцсетях"]
    assert rows[0]["links"] == ["https://example.kz/zakon"]


def test_counts(rows):
    assert (rows[0]["replies"], rows[0]["forwards"], rows[0]["reaction_total"]) == (1, 3, 8)


def test_reply_edit_warning_and_media(rows):
    reply = rows[1]
    assert reply["kind"] == "reply"
    assert reply["reply_to_key"] == f"mastodon:{SOURCE}:108330000000000000"
    assert reply["edited_at"] == datetime(2022, 5, 20, 8, 45, tzinfo=UTC)
    assert reply["title"] == "саясат"
    assert reply["media_kind"] == "photo"
    assert reply["lang_hint"] == "kk"


def test_private_account_is_pseudonymised_with_a_handle_free_url(rows):
    reply = rows[1]
    assert reply["author_id"].startswith("anon:")
    assert reply["url"] == f"{INSTANCE}/web/statuses/108330000000000001"
    assert reply["mentions"] == ["pikirnews"]
    payload = reply["_raw"]["payload"]
    for secret in ("asel_synthetic", "Әсел", "109000000000000077"):
        assert secret not in payload


def test_reblog_shows_and_links_the_original(rows):
    boost = rows[3]
    assert boost["forwarded_post_key"] == f"mastodon:{SOURCE}:108300000000000004"
    assert boost["text"].startswith("Синтетический пост о законе")


def test_error_object_is_refused():
    with pytest.raises(ApiShapeError, match="This action is outside the authorized scopes"):
        statuses_of({"error": "This action is outside the authorized scopes"})


@pytest.mark.parametrize("index", range(4))
def test_invariants(rows, index):
    row = rows[index]
    check_post_row(row)
    assert row["platform"] == "mastodon"
    assert row["text"]
    assert row["url"].startswith(INSTANCE)
    assert row["author_id"] == PUBLIC_ID or row["author_id"].startswith("anon:")
    assert json.loads(row["_raw"]["payload"])["id"] == row["post_id"]


# -- crawls -------------------------------------------------------------------------------------


run = runner(MastodonSpider, source=SOURCE, tag="закон", full="1")


def tag_pages(request):
    if request.query.get("max_id"):
        return Reply(body=load("mastodon/tag_page2.json"))
    link = f'<{INSTANCE}{TAG}?max_id=108330000000000001>; rel="next"'
    return Reply(body=load("mastodon/tag_page1.json"), headers={"Link": link})


def test_crawl_follows_the_link_header_and_searches(tmp_path):
    with ApiServer() as server:
        server.route(TAG, tag_pages)
        server.route(
            "/api/v2/search",
            [Reply(body=load("mastodon/search.json")), Reply(body={"statuses": []})],
        )
        result = run(tmp_path, server, q="закон о соцсетях")
    assert [r.query.get("max_id") for r in server.requests_to(TAG)] == [
        None,
        ["108330000000000001"],
    ]
    search = server.requests_to("/api/v2/search")
    assert search[0].query["type"] == ["statuses"]
    assert search[1].query["max_id"] == ["108310000000000005"]
    assert len(result.items) == 4
    assert "Authorization" not in server.seen[0].headers  # no token: none sent, nothing skipped


def test_optional_token_is_sent_when_set(tmp_path, monkeypatch):
    monkeypatch.setenv("PIKIR_MASTODON_TOKEN", "test-token-not-a-secret")
    with ApiServer() as server:
        server.route(TAG, [Reply(body=[])])
        result = run(tmp_path, server)
    assert server.seen[0].headers["Authorization"] == "Bearer test-token-not-a-secret"
    assert result.stat(SOURCE, "status") == "empty"


def test_spent_budget_waits_for_the_iso_reset(tmp_path):
    reset = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
    link = f'<{INSTANCE}{TAG}?max_id=108330000000000001>; rel="next"'
    spent = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset, "Link": link}
    with ApiServer() as server:
        server.route(
            TAG,
            [
                Reply(body=load("mastodon/tag_page1.json"), headers=spent),
                Reply(body=load("mastodon/tag_page2.json")),
            ],
        )
        result = run(tmp_path, server)
    assert len(server.requests_to(TAG)) == 2
    assert result.stats["pikir/ratelimit_waits"] == 1, "page 2 was held until the reset"
    assert len(result.items) == 3


def test_server_error_after_retries_fails_and_lands_nothing(tmp_path):
    link = f'<{INSTANCE}{TAG}?max_id=108330000000000001>; rel="next"'
    with ApiServer() as server:
        server.route(
            TAG,
            [
                Reply(body=load("mastodon/tag_page1.json"), headers={"Link": link}),
                Reply(503, {"error": "unavailable"}),
            ],
        )
        result = run(tmp_path, server, full="1")
    assert result.items == []
    assert "HTTP 503" in result.stat(SOURCE, "error")
    assert result.stats["retry/max_reached"] == 1
