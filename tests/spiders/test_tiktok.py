"""tiktok: Research API videos and comments mapped to rows; token, windows and paging crawls."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from api_helpers import ApiServer, Reply, context_fixture, env_fixture, load, runner

from pikir.lake.rows import check_post_row
from spiders.api.spider import ApiShapeError
from spiders.sources.tiktok import (
    COMMENTS,
    OAUTH,
    QUERY,
    TiktokSpider,
    comment_row,
    data_of,
    video_row,
    windows,
)

SOURCE = "zakon_o_sotssetyah"
ACCESS = "clt.synthetic-access-token-not-a-secret"


ctx = context_fixture("tiktok", SOURCE, public=("pikir_news_kz",))


@pytest.fixture(scope="module")
def videos(ctx):
    found = data_of(load("tiktok/query_page1.json"))["videos"]
    found += data_of(load("tiktok/query_page2.json"))["videos"]
    return [video_row(v, ctx) for v in found]


@pytest.fixture(scope="module")
def comments(ctx):
    return [comment_row(c, ctx) for c in data_of(load("tiktok/comments.json"))["comments"]]


def test_windows_are_at_most_30_days():
    spans = windows(datetime(2022, 1, 1, tzinfo=UTC), datetime(2022, 3, 5, tzinfo=UTC))
    assert spans == [("20220101", "20220130"), ("20220131", "20220301"), ("20220302", "20220305")]


def test_video_key_and_public_url(videos):
    assert videos[0]["post_key"] == f"tiktok:{SOURCE}:7100000000000000001"
    assert videos[0]["url"] == "https://www.tiktok.com/@pikir_news_kz/video/7100000000000000001"
    assert (videos[0]["author_id"], videos[0]["author_name"]) == ("pikir_news_kz",) * 2


def test_description_time_hashtags(videos):
    assert videos[0]["text"].startswith("Закон о соцсетях принят")
    assert videos[0]["published_at"] == datetime(2022, 5, 20, 9, 15, tzinfo=UTC)
    assert videos[0]["hashtags"] == ["закон", "соцсети"]


def test_counts(videos):
    video = videos[0]
    assert (video["views"], video["replies"], video["forwards"], video["reaction_total"]) == (
        48210,
        2,
        88,
        3120,
    )


def test_private_username_is_pseudonymised_without_url(videos):
    video = videos[1]
    assert video["author_id"].startswith("anon:")
    assert video["url"] is None
    assert "asel_synthetic" not in video["_raw"]["payload"]


def test_comments_under_the_video_with_replies(comments):
    video = f"tiktok:{SOURCE}:7100000000000000001"
    assert [c["post_id"] for c in comments] == ["c7100000000000100001", "c7100000000000100002"]
    assert {c["parent_key"] for c in comments} == {video}
    assert comments[0]["reply_to_key"] is None
    assert comments[1]["reply_to_key"] == f"tiktok:{SOURCE}:c7100000000000100001"
    assert (comments[0]["reaction_total"], comments[0]["replies"]) == (14, 1)


def test_error_answer_is_refused_with_its_code():
    with pytest.raises(ApiShapeError, match="daily_quota_limit_exceeded"):
        data_of(load("tiktok/quota_error.json"))


@pytest.mark.parametrize("index", range(5))
def test_invariants(videos, comments, index):
    row = (videos + comments)[index]
    check_post_row(row)
    assert row["platform"] == "tiktok"
    assert row["text"]
    assert row["author_id"] in (None, "pikir_news_kz") or row["author_id"].startswith("anon:")
    assert "marat_synthetic" not in row["_raw"]["payload"]


# -- crawls -------------------------------------------------------------------------------------


credentials = env_fixture(
    PIKIR_TIKTOK_CLIENT_KEY="test-client-key",
    PIKIR_TIKTOK_CLIENT_SECRET="test-client-secret-not-a-secret",
)


def query(request):
    body = json.loads(request.body)
    page = "tiktok/query_page2.json" if body.get("cursor") else "tiktok/query_page1.json"
    return Reply(body=load(page))


run = runner(
    TiktokSpider, source=SOURCE, q="закон о соцсетях", since="2022-05-01", until="2022-05-30"
)


def test_token_then_query_pages_then_comments(tmp_path, credentials):
    with ApiServer() as server:
        server.route(OAUTH, [Reply(body=load("tiktok/token.json"))])
        server.route(QUERY, query)
        server.route(COMMENTS, [Reply(body=load("tiktok/comments.json"))])
        result = run(tmp_path, server, region="KZ", comments="1")
    (token,) = server.requests_to(OAUTH)
    assert b"grant_type=client_credentials" in token.body
    assert b"client_key=test-client-key" in token.body
    pages = server.requests_to(QUERY)
    first, second = (json.loads(p.body) for p in pages)
    assert (first["start_date"], first["end_date"]) == ("20220501", "20220530")
    assert first["query"]["and"][1]["field_values"] == ["KZ"]
    assert (second["cursor"], second["search_id"]) == (100, "7201388232445555555")
    assert {p.headers["Authorization"] for p in pages} == {f"Bearer {ACCESS}"}
    assert "view_count" in pages[0].query["fields"][0]
    assert [json.loads(c.body)["video_id"] for c in server.requests_to(COMMENTS)] == [
        7100000000000000001
    ]
    assert len(result.items) == 5
    assert result.stat(SOURCE, "status") == "ok"


def test_a_long_backfill_is_split_into_30_day_queries(tmp_path, credentials):
    with ApiServer() as server:
        server.route(OAUTH, [Reply(body=load("tiktok/token.json"))])
        server.route(QUERY, [Reply(body={"data": {"videos": [], "has_more": False}})])
        run(tmp_path, server, since="2022-01-01", until="2022-03-05")
    spans = sorted(
        (b["start_date"], b["end_date"])
        for b in map(json.loads, (r.body for r in server.requests_to(QUERY)))
    )
    assert spans == [("20220101", "20220130"), ("20220131", "20220301"), ("20220302", "20220305")]


def test_refused_credentials_fail_clearly(tmp_path, credentials):
    with ApiServer() as server:
        refusal = {
            "error": "invalid_client",
            "error_description": "Client key or secret is incorrect.",
        }
        server.route(OAUTH, [Reply(401, refusal)])
        result = run(tmp_path, server)
    assert server.requests_to(QUERY) == []
    assert "HTTP 401" in result.stat(SOURCE, "error")
    assert result.stat(SOURCE, "status") == "failed"


def test_quota_error_on_a_later_page_lands_nothing_of_that_window(tmp_path, credentials):
    with ApiServer() as server:
        server.route(OAUTH, [Reply(body=load("tiktok/token.json"))])
        server.route(
            QUERY,
            [
                Reply(body=load("tiktok/query_page1.json")),
                Reply(429, load("tiktok/quota_error.json"), {"Retry-After": "0"}),
            ],
        )
        result = run(tmp_path, server)
    assert result.items == []
    assert result.stat(SOURCE, "dropped") == 2
    assert "HTTP 429" in result.stat(SOURCE, "error")


@pytest.mark.parametrize("missing", ["PIKIR_TIKTOK_CLIENT_KEY", "PIKIR_TIKTOK_CLIENT_SECRET"])
def test_missing_credentials_skip(tmp_path, credentials, monkeypatch, missing):
    monkeypatch.delenv(missing)
    with ApiServer() as server:
        result = run(tmp_path, server)
    assert server.seen == []
    assert result.stat(SOURCE, "skipped") == f"{missing} not set"
