"""youtube: search, videos and comment threads mapped to rows; crawls on a local Data API."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from api_helpers import ApiServer, Reply, context_fixture, env_fixture, load, runner

from pikir.lake.rows import check_post_row
from spiders.api.spider import ApiShapeError
from spiders.sources.youtube import (
    SEARCH,
    THREADS,
    VIDEOS,
    YoutubeSpider,
    items_of,
    thread_rows,
    video_ids,
    video_row,
)

SOURCE = "zakon_o_sotssetyah"
NEWS = "UCpikirnews00000000000001"
KEY = "test-key-not-a-secret"


ctx = context_fixture("youtube", SOURCE, public=(NEWS,))


@pytest.fixture(scope="module")
def videos(ctx):
    found = items_of(load("youtube/videos_page1.json"), "video")
    found += items_of(load("youtube/videos_page2.json"), "video")
    return [video_row(v, ctx) for v in found]


@pytest.fixture(scope="module")
def comments(ctx):
    return thread_rows(load("youtube/threads_pkVid00001a.json"), ctx)


def test_search_page_yields_only_video_ids():
    assert video_ids(load("youtube/search_page1.json")) == ["pkVid00001a", "pkVid00002b"]


def test_video_key_url_and_public_channel(videos):
    video = videos[0]
    assert video["post_key"] == f"youtube:{SOURCE}:pkVid00001a"
    assert video["url"] == "https://www.youtube.com/watch?v=pkVid00001a"
    assert (video["author_id"], video["author_name"]) == (NEWS, "Pikir News (synthetic)")


def test_title_description_tags_language(videos):
    video = videos[0]
    assert video["title"] == "Закон о соцсетях: что изменится"
    assert video["text"].startswith("Синтетическое описание видео")
    assert video["tags"] == ["закон", "соцсети"]
    assert video["lang_hint"] == "ru"
    assert video["published_at"] == datetime(2022, 5, 20, 9, 15, tzinfo=UTC)


def test_statistics_are_numbers(videos):
    video = videos[0]
    assert (video["views"], video["replies"], video["reaction_total"]) == (15230, 3, 412)
    assert videos[2]["reaction_total"] is None  # likes hidden: no likeCount


def test_private_channel_is_pseudonymised(videos):
    video = videos[1]
    assert video["author_id"].startswith("anon:")
    assert video["author_name"] is None
    for secret in ("UCprivate0000000000000002", "Асель"):
        assert secret not in video["_raw"]["payload"]


def test_comments_hang_under_the_video(comments):
    video = f"youtube:{SOURCE}:pkVid00001a"
    assert [c["post_id"] for c in comments] == [
        "UgxSynthThread0001",
        "UgxSynthThread0001.9bSynthReply01",
    ]
    assert {c["parent_key"] for c in comments} == {video}
    assert comments[1]["reply_to_key"] == f"youtube:{SOURCE}:UgxSynthThread0001"
    assert comments[0]["replies"] == 1


def test_comment_text_likes_edit_and_url(comments):
    top = comments[0]
    assert top["text"] == "Синтетический комментарий: закон нужен?"
    assert top["reaction_total"] == 6
    assert top["edited_at"] == datetime(2022, 5, 20, 10, 5, tzinfo=UTC)
    assert top["url"] == "https://www.youtube.com/watch?v=pkVid00001a&lc=UgxSynthThread0001"


def test_commenters_are_pseudonymised_unless_public(comments):
    assert comments[0]["author_id"].startswith("anon:")
    assert "erlan_synthetic" not in comments[0]["_raw"]["payload"]
    assert "UCprivate0000000000000004" not in comments[0]["_raw"]["payload"]
    assert comments[1]["author_id"] == NEWS


def test_quota_error_is_refused_with_its_reason():
    with pytest.raises(ApiShapeError, match="quotaExceeded"):
        items_of(load("youtube/quota_error.json"), "search")


@pytest.mark.parametrize("index", range(5))
def test_invariants(videos, comments, index):
    row = (videos + comments)[index]
    check_post_row(row)
    assert row["platform"] == "youtube"
    assert row["kind"] in {"post", "comment"}
    assert row["url"].startswith("https://www.youtube.com/watch?v=")
    assert row["author_id"] == NEWS or row["author_id"].startswith("anon:")
    assert json.loads(row["_raw"]["payload"])["id"] == row["post_id"]


# -- crawls -------------------------------------------------------------------------------------


def search(request):
    return Reply(
        body=load(
            "youtube/search_page2.json"
            if request.query.get("pageToken")
            else "youtube/search_page1.json"
        )
    )


def videos_of(request):
    first = request.query["id"] == ["pkVid00001a,pkVid00002b"]
    return Reply(body=load("youtube/videos_page1.json" if first else "youtube/videos_page2.json"))


run = runner(YoutubeSpider, source=SOURCE, q="закон о соцсетях", full="1")


key = env_fixture(PIKIR_YOUTUBE_API_KEY=KEY)


def test_crawl_alternates_search_and_videos_then_comments(tmp_path, key):
    with ApiServer() as server:
        server.route(SEARCH, search)
        server.route(VIDEOS, videos_of)
        server.route(THREADS, [Reply(body=load("youtube/threads_pkVid00001a.json"))])
        result = run(tmp_path, server)
    assert [r.query.get("pageToken") for r in server.requests_to(SEARCH)] == [None, ["CDIQAA"]]
    assert len(server.requests_to(VIDEOS)) == 2
    threads = server.requests_to(THREADS)
    assert [t.query["videoId"] for t in threads] == [["pkVid00001a"]]  # only videos with comments
    assert {r.headers.get("X-Goog-Api-Key") for r in server.seen} == {KEY}
    assert all("key=" not in json.dumps(r.query) for r in server.seen)
    assert sorted(r["post_id"] for r in result.items) == sorted(
        [
            "pkVid00001a",
            "pkVid00002b",
            "pkVid00003c",
            "UgxSynthThread0001",
            "UgxSynthThread0001.9bSynthReply01",
        ]
    )


def test_window_is_sent_as_published_after_and_before(tmp_path, key):
    with ApiServer() as server:
        server.route(SEARCH, search)
        server.route(VIDEOS, videos_of)
        server.route(THREADS, [Reply(body=load("youtube/threads_pkVid00001a.json"))])
        result = run(
            tmp_path, server, since="2022-05-01", until="2022-05-31", comments="0", full="0"
        )
    first = server.requests_to(SEARCH)[0].query
    assert (first["publishedAfter"], first["publishedBefore"]) == (
        ["2022-05-01T00:00:00Z"],
        ["2022-06-01T00:00:00Z"],
    )
    assert server.requests_to(THREADS) == []
    assert len(server.requests_to(SEARCH)) == 2
    assert {r["post_id"] for r in result.items} == {"pkVid00001a", "pkVid00002b"}


def test_quota_exceeded_fails_the_source_naming_the_reason(tmp_path, key):
    with ApiServer() as server:
        server.route(SEARCH, [Reply(403, load("youtube/quota_error.json"))])
        result = run(tmp_path, server)
    assert result.items == []
    error = result.stat(SOURCE, "error")
    assert "HTTP 403" in error
    assert "quotaExceeded" in error


def test_missing_key_skips(tmp_path, monkeypatch):
    monkeypatch.delenv("PIKIR_YOUTUBE_API_KEY", raising=False)
    with ApiServer() as server:
        result = run(tmp_path, server)
    assert server.seen == []
    assert result.stat(SOURCE, "skipped") == "PIKIR_YOUTUBE_API_KEY not set"
