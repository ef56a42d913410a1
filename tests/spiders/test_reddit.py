"""reddit: listings and comment threads mapped to rows, and crawls against a local site."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from api_helpers import ApiServer, Reply, context_fixture, load, runner

from pikir.lake.rows import check_post_row
from spiders.api.spider import ApiShapeError
from spiders.sources.reddit import RedditSpider, comments_page, listing_page

SOURCE = "kazakhstan"
NEW = "/r/Kazakhstan/new.json"
SEARCH = "/r/Kazakhstan/search.json"
COMMENTS = "/comments/uq0001.json"


ctx = context_fixture("reddit", SOURCE, public=("pikir_news_kz",))


@pytest.fixture(scope="module")
def posts(ctx):
    first, after = listing_page(load("reddit/new_page1.json"), ctx)
    assert after == "t3_uq0002"
    return first + listing_page(load("reddit/new_page2.json"), ctx)[0]


@pytest.fixture(scope="module")
def comments(ctx):
    return comments_page(load("reddit/comments_uq0001.json"), ctx)


def test_post_key_and_permalink(posts):
    assert posts[0]["post_key"] == "reddit:kazakhstan:t3_uq0001"
    assert posts[0]["url"] == (
        "https://www.reddit.com/r/Kazakhstan/comments/uq0001/zakon_o_sotssetyah_obsuzhdenie/"
    )


def test_title_selftext_and_flair(posts):
    assert posts[0]["title"] == "Закон о соцсетях принят — обсуждение"
    assert posts[0]["text"].startswith("Синтетический пост")
    assert posts[0]["tags"] == ["Politics"]


def test_created_and_edited_times(posts):
    assert posts[0]["published_at"] == datetime(2022, 5, 20, 9, 5, tzinfo=UTC)
    assert posts[0]["is_edited"] is True
    assert posts[0]["edited_at"] == datetime(2022, 5, 20, 9, 46, 40, tzinfo=UTC)


def test_score_and_comment_count(posts):
    assert (posts[0]["reaction_total"], posts[0]["replies"]) == (57, 3)
    assert posts[2]["reaction_total"] is None  # a score of 0 is no reaction


def test_link_post_keeps_its_link_and_public_author(posts):
    assert posts[1]["links"] == ["https://example.kz/en/senate-social-media-bill"]
    assert posts[1]["media_kind"] == "link"
    assert (posts[1]["author_id"], posts[1]["author_name"]) == ("t2_pikirnews", "pikir_news_kz")


def test_crosspost_points_at_its_parent(posts):
    assert posts[2]["forwarded_post_key"] == "reddit:kazakhstan:t3_up9999"


def test_private_author_pseudonymised_in_row_and_raw(posts):
    assert posts[0]["author_id"].startswith("anon:")
    assert posts[0]["author_name"] is None
    assert "synthetic_aigerim" not in posts[0]["_raw"]["payload"]
    assert "t2_synth001" not in posts[0]["_raw"]["payload"]


def test_comments_are_children_with_replies(comments):
    post = "reddit:kazakhstan:t3_uq0001"
    assert [c["post_id"] for c in comments] == ["t1_ic0001", "t1_ic0002", "t1_ic0003"]
    assert {c["parent_key"] for c in comments} == {post}
    assert comments[1]["reply_to_key"] == "reddit:kazakhstan:t1_ic0001"
    assert comments[0]["reply_to_key"] is None


def test_same_person_same_pseudonym_across_posts_and_comments(posts, comments):
    assert comments[1]["author_id"] == posts[0]["author_id"] != comments[0]["author_id"]


def test_deleted_author_has_no_id(comments):
    assert comments[2]["author_id"] is None


def test_an_error_object_is_not_a_listing(ctx):
    with pytest.raises(ApiShapeError, match="Too Many Requests"):
        listing_page({"message": "Too Many Requests", "error": 429}, ctx)


@pytest.mark.parametrize("index", range(6))
def test_invariants(posts, comments, index):
    row = (posts + comments)[index]
    check_post_row(row)
    assert row["platform"] == "reddit"
    assert row["post_id"].startswith(("t3_", "t1_"))
    assert row["url"].startswith("https://www.reddit.com/r/Kazakhstan/comments/")
    assert row["author_id"] in (None, "t2_pikirnews") or row["author_id"].startswith("anon:")
    assert "synthetic_" not in row["_raw"]["payload"]
    assert json.loads(row["_raw"]["payload"])["name"] == row["post_id"]


# -- crawls -------------------------------------------------------------------------------------


def new_pages(request):
    after = request.query.get("after")
    return Reply(body=load("reddit/new_page2.json" if after else "reddit/new_page1.json"))


run = runner(RedditSpider, source=SOURCE, subreddit="Kazakhstan", full="1")


def test_crawl_pages_searches_and_fetches_comments(tmp_path):
    with ApiServer() as server:
        server.route(NEW, new_pages)
        server.route(SEARCH, [Reply(body=load("reddit/search_page1.json"))])
        server.route(COMMENTS, [Reply(body=load("reddit/comments_uq0001.json"))])
        result = run(tmp_path, server, q="закон о соцсетях", comments="1")
    assert [r.query.get("after") for r in server.requests_to(NEW)] == [None, ["t3_uq0002"]]
    search = server.requests_to(SEARCH)[0].query
    assert (search["q"], search["restrict_sr"], search["sort"]) == (
        ["закон о соцсетях"],
        ["1"],
        ["new"],
    )
    keys = sorted(r["post_id"] for r in result.items)
    assert keys == [
        "t1_ic0001",
        "t1_ic0002",
        "t1_ic0003",
        "t3_uq0001",
        "t3_uq0002",
        "t3_uq0003",
        "t3_uq0004",
    ]
    assert result.stat(SOURCE, "status") == "ok"


def test_spent_budget_waits_for_the_reset_seconds(tmp_path):
    spent = {"X-Ratelimit-Remaining": "0.0", "X-Ratelimit-Used": "100", "X-Ratelimit-Reset": "2"}
    with ApiServer() as server:
        server.route(
            NEW,
            [
                Reply(body=load("reddit/new_page1.json"), headers=spent),
                Reply(body=load("reddit/new_page2.json")),
            ],
        )
        result = run(tmp_path, server)
    assert len(server.requests_to(NEW)) == 2
    assert result.stats["pikir/ratelimit_waits"] == 1
    assert len(result.items) == 3


def test_window_applies_to_listings(tmp_path):
    with ApiServer() as server:
        server.route(NEW, new_pages)
        result = run(tmp_path, server, since="2022-05-01", full="0")
    assert [r["post_id"] for r in result.items] == ["t3_uq0001", "t3_uq0002"]
    assert len(server.requests_to(NEW)) == 2
    assert result.stat(SOURCE, "old") == 1


def test_html_instead_of_json_fails_and_lands_nothing(tmp_path):
    with ApiServer() as server:
        server.route(
            NEW,
            [
                Reply(body=load("reddit/new_page1.json")),
                Reply(body="<html>blocked</html>", headers={"Content-Type": "text/html"}),
            ],
        )
        result = run(tmp_path, server)
    assert result.items == []
    assert "malformed JSON" in result.stat(SOURCE, "error")
    assert result.stat(SOURCE, "dropped") == 2
