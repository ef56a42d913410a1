"""The Zeeschuimer importer on a synthetic capture: Instagram, TikTok, X and Threads items."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from imports_helpers import FILES, by_post_id, engagement, keyed_home, posts, raw_payloads, runs

from collectors.imports.landing import ImportFileError
from collectors.imports.zeeschuimer import import_zeeschuimer
from pikir.schema import sha256_text

CAPTURE = FILES / "zeeschuimer" / "capture.ndjson"


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    with keyed_home(tmp_path_factory.mktemp("zs")) as home:
        report = import_zeeschuimer(home, [CAPTURE])
        yield home, report, posts(home)


def test_items_of_other_platforms_and_ads_are_skipped(landed):
    _, report, rows = landed
    assert (report.items, report.skipped, report.new) == (7, 2, 7)
    assert {r["platform"] for r in rows.values()} == {"instagram", "tiktok", "x", "threads"}


def test_instagram_item_list_of_a_verified_account_keeps_its_names(landed):
    row = landed[2]["instagram:kaznews_demo:CxDemo001"]
    assert (row["author_id"], row["author_name"]) == ("5000001", "Kaz News Demo (synthetic)")
    assert row["url"] == "https://www.instagram.com/p/CxDemo001/"
    assert row["published_at"] == datetime(2021, 12, 14, 10, tzinfo=UTC)


def test_instagram_caption_entities(landed):
    row = landed[2]["instagram:kaznews_demo:CxDemo001"]
    assert row["text"].startswith("Мажилис принял закон")
    assert row["hashtags"] == ["законосоцсетях"]
    assert row["mentions"] == ["senat_kz"]
    assert row["links"] == ["https://example.kz/law"]


def test_instagram_counts_and_carousel(landed):
    row = landed[2]["instagram:kaznews_demo:CxDemo001"]
    assert row["reactions"] == [{"emoji": "like", "custom_emoji_id": None, "count": 1520}]
    assert row["replies"] == 87
    assert row["media_kind"] == "album"


def test_instagram_graph_node_of_a_private_person_is_pseudonymised(landed):
    row = by_post_id(landed[2], "CyDemo002")
    assert row["source"].startswith("anon-")
    assert row["author_id"].startswith("anon:")
    assert row["author_name"] is None
    assert (row["media_kind"], row["reaction_total"], row["replies"]) == ("photo", 12, 3)


def test_tiktok_api_item_counts(landed):
    row = by_post_id(landed[2], "7040000000000000003")
    assert engagement(row) == (9100, 12, 40, 250)
    assert row["media_kind"] == "video"


def test_tiktok_text_extra_gives_hashtags_and_mentions(landed):
    row = by_post_id(landed[2], "7040000000000000003")
    assert row["hashtags"] == ["закон", "казахстан"]
    assert row["mentions"] == ["erlan.demo"]


def test_tiktok_url_of_a_private_author_names_no_handle(landed):
    row = by_post_id(landed[2], "7040000000000000003")
    assert row["url"] == "https://m.tiktok.com/v/7040000000000000003.html"


def test_tiktok_embedded_item_with_a_string_author(landed):
    row = by_post_id(landed[2], "7040000000000000004")
    assert row["published_at"] == datetime(2021, 12, 16, 10, tzinfo=UTC)
    assert row["hashtags"] == ["law"]
    assert row["author_id"].startswith("anon:")


def test_x_tweet_of_a_government_account(landed):
    row = landed[2]["x:mininfo_demo:1471000000000000005"]
    assert row["author_name"] == "Ministry Demo (synthetic)"
    assert row["url"] == "https://x.com/MinInfo_Demo/status/1471000000000000005"
    assert row["published_at"] == datetime(2021, 12, 15, 9, 30, tzinfo=UTC)


def test_x_counts_views_and_language(landed):
    row = landed[2]["x:mininfo_demo:1471000000000000005"]
    assert engagement(row) == (48210, 77, 19, 301)
    assert row["lang_hint"] == "ru"
    assert row["media_kind"] == "photo"


def test_x_links_are_expanded(landed):
    row = landed[2]["x:mininfo_demo:1471000000000000005"]
    assert row["links"] == ["https://gov.example.kz/law"]
    assert row["hashtags"] == ["закон"]


def test_x_retweet_by_a_private_person(landed):
    row = by_post_id(landed[2], "1471000000000000006")
    assert row["forwarded_from"] == "mininfo_demo"
    assert row["text"].startswith("Закон о соцсетях")
    assert row["url"] == "https://x.com/i/status/1471000000000000006"
    assert row["author_name"] is None


def test_threads_reply_with_a_wrapped_link(landed):
    row = by_post_id(landed[2], "DaDemo007")
    assert row["kind"] == "reply"
    assert row["links"] == ["https://example.kz/opinion"]
    assert (row["replies"], row["forwards"], row["reaction_total"]) == (2, 1, 5)
    assert row["url"] == "https://www.threads.net/t/DaDemo007"


def test_raw_payload_keeps_the_envelope_ids_but_no_people_or_browser(landed):
    home, _, rows = landed
    payloads = raw_payloads(home)
    assert set(payloads) == set(rows)
    for key, payload in payloads.items():
        assert rows[key]["raw_sha256"] == sha256_text(payload)
        envelope = json.loads(payload)
        assert set(envelope) == {
            "item_id",
            "nav_index",
            "timestamp_collected",
            "source_platform",
            "data",
        }
        assert "Mozilla" not in payload
        assert "Айгерим" not in payload
        assert "marat.demo" not in payload


def test_runs_are_recorded_per_source(landed):
    home, report, _ = landed
    recorded = [r for r in runs(home) if r["run_id"] == report.run_id]
    assert len(recorded) == 7
    assert {r["flow"] for r in recorded} == {"import"}
    assert all(r["collector"].startswith("zeeschuimer_import@") for r in recorded)


def test_the_same_item_in_two_files_lands_once(tmp_path):
    with keyed_home(tmp_path) as home:
        report = import_zeeschuimer(home, [CAPTURE, CAPTURE])
        assert (report.items, report.new) == (7, 7)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("\n\n", "no captured items"),
        ('{"id": 1}\n', "line 1: not a Zeeschuimer item"),
    ],
    ids=["without-items", "not-an-envelope"],
)
def test_a_file_that_is_not_a_capture_is_refused(tmp_path, content, problem):
    bad = tmp_path / "bad.ndjson"
    bad.write_text(content, encoding="utf-8")
    with (
        keyed_home(tmp_path / "home") as home,
        pytest.raises(ImportFileError, match=problem),
    ):
        import_zeeschuimer(home, [bad])
