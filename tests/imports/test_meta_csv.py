"""The CrowdTangle / Meta Content Library CSV importer on synthetic exports of each format."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from imports_helpers import FILES, by_post_id, engagement, keyed_home, posts, raw_payloads, runs

from collectors.imports.landing import ImportFileError
from collectors.imports.meta_csv import (
    CT_FACEBOOK,
    CT_INSTAGRAM,
    MCL,
    crowdtangle_time,
    detect_format,
    import_meta_csv,
    post_id_from_url,
)

CSV = FILES / "meta_csv"
GOOD = ["crowdtangle_facebook", "crowdtangle_instagram", "mcl_facebook", "mcl_instagram"]


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    with keyed_home(tmp_path_factory.mktemp("meta")) as home:
        report = import_meta_csv(home, [CSV / f"{name}.csv" for name in GOOD])
        yield home, report, posts(home)


def header(name):
    return (CSV / f"{name}.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("crowdtangle_facebook", CT_FACEBOOK),
        ("crowdtangle_instagram", CT_INSTAGRAM),
        ("mcl_facebook", MCL),
        ("mcl_instagram", MCL),
    ],
)
def test_format_is_told_by_the_header(name, kind):
    assert detect_format(header(name)) == kind


def test_an_unknown_header_is_refused_on_line_1(tmp_path):
    with (
        keyed_home(tmp_path) as home,
        pytest.raises(ImportFileError, match=r"unknown_header.csv, line 1: unknown CSV header"),
    ):
        import_meta_csv(home, [CSV / "unknown_header.csv"])


def test_every_row_lands(landed):
    _, report, rows = landed
    assert (report.items, report.new) == (6, 6)
    assert {r["platform"] for r in rows.values()} == {"facebook", "instagram"}


def test_crowdtangle_facebook_page_keeps_its_names(landed):
    row = landed[2]["facebook:kaznewsdemo:4100000000000001"]
    assert (row["author_id"], row["author_name"]) == (
        "100000000000001",
        "Kaz News Demo (synthetic)",
    )
    assert row["url"] == "https://www.facebook.com/KazNewsDemo/posts/4100000000000001"


def test_crowdtangle_time_zone_is_applied(landed):
    row = landed[2]["facebook:kaznewsdemo:4100000000000001"]
    assert row["published_at"] == datetime(2021, 12, 15, 12, tzinfo=UTC)  # 18:00 ALMT


def test_crowdtangle_reactions_by_kind(landed):
    row = landed[2]["facebook:kaznewsdemo:4100000000000001"]
    counts = {r["emoji"]: r["count"] for r in row["reactions"]}
    assert counts == {"like": 1000, "love": 10, "wow": 4, "sad": 3, "angry": 7}
    assert row["reaction_total"] == 1024


def test_crowdtangle_comments_shares_and_links(landed):
    row = landed[2]["facebook:kaznewsdemo:4100000000000001"]
    assert (row["replies"], row["forwards"]) == (150, 60)
    assert row["links"] == ["https://example.kz/news/law-senate?utm=fb"]
    assert row["hashtags"] == ["закон"]
    assert row["text"].count("\n") == 1


def test_crowdtangle_permalink_without_user_name(landed):
    row = by_post_id(landed[2], "4200000000000002")
    assert row["source"] == "100000000000002"
    assert (row["media_kind"], row["views"]) == ("video", 5400)


def test_crowdtangle_instagram(landed):
    row = landed[2]["instagram:kaznews_demo:CxDemo010"]
    assert row["published_at"] == datetime(2021, 12, 17, 17, tzinfo=UTC)  # 12:00 EST
    assert row["author_name"] == "Kaz News Demo (synthetic)"
    assert row["text"].startswith("New social media law")
    assert (row["media_kind"], row["reaction_total"], row["replies"]) == ("album", 800, 44)


def test_content_library_page(landed):
    row = by_post_id(landed[2], "4300000000000001")
    assert row["author_name"] == "Parlament Demo (synthetic)"
    assert row["published_at"] == datetime(2021, 12, 18, 6, 15, tzinfo=UTC)
    assert engagement(row) == (12000, 25, 41, 310)
    assert row["media_kind"] == "album"
    assert row["links"] == ["https://example.kz/parlament"]
    assert row["lang_hint"] == "ru"


def test_content_library_profile_is_pseudonymised_and_its_phone_masked(landed):
    home, _, rows = landed
    row = by_post_id(rows, "4300000000000002")
    assert row["source"].startswith("anon-")
    assert row["author_id"].startswith("anon:")
    assert row["author_name"] is None
    assert row["text"] == "Мой номер [phone], звоните насчёт закона"
    payload = json.loads(raw_payloads(home)[row["post_key"]])
    assert not any(k.startswith("post_owner.") for k in payload["row"])
    assert "Ерлан" not in json.dumps(payload, ensure_ascii=False)


def test_content_library_instagram_is_told_by_its_columns(landed):
    row = landed[2]["instagram:akorda_demo:3300000000000001"]
    assert row["published_at"] == datetime(2021, 12, 19, 8, tzinfo=UTC)
    assert row["reactions"] == [{"emoji": "like", "custom_emoji_id": None, "count": 2200}]
    assert row["media_kind"] == "video"


def test_platform_can_be_given(tmp_path):
    with keyed_home(tmp_path) as home:
        import_meta_csv(home, [CSV / "mcl_facebook.csv"], platform="instagram")
        assert {r["platform"] for r in posts(home).values()} == {"instagram"}


def test_runs_are_recorded(landed):
    home, report, _ = landed
    recorded = [r for r in runs(home) if r["run_id"] == report.run_id]
    assert sum(r["new_items"] for r in recorded) == 6
    assert all(r["collector"].startswith("meta_csv_import@") for r in recorded)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-12-15 18:00:00 ALMT", datetime(2021, 12, 15, 12, tzinfo=UTC)),
        ("2021-12-15 07:00:00 EST", datetime(2021, 12, 15, 12, tzinfo=UTC)),
        ("2021-12-15 12:00:00 UTC", datetime(2021, 12, 15, 12, tzinfo=UTC)),
        (
            "2021-12-15 18:00:00 +0600",
            datetime(2021, 12, 15, 18, tzinfo=timezone(timedelta(hours=6))),
        ),
        ("2021-12-15 12:00:00", datetime(2021, 12, 15, 12, tzinfo=UTC)),
    ],
)
def test_crowdtangle_times(value, expected):
    assert crowdtangle_time(value) == expected


@pytest.mark.parametrize(
    ("url", "post_id"),
    [
        ("https://www.facebook.com/KazNewsDemo/posts/41/", "41"),
        ("https://www.facebook.com/permalink.php?story_fbid=42&id=7", "42"),
        ("https://www.instagram.com/p/CxDemo010/", "CxDemo010"),
    ],
)
def test_post_ids_from_urls(url, post_id):
    assert post_id_from_url(url) == post_id


def test_an_unclosed_quote_is_refused(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(
        'id,creation_time,text\n1,2021-12-18T06:15:00,"не закрыто\n', encoding="utf-8"
    )
    with (
        keyed_home(tmp_path / "home") as home,
        pytest.raises(ImportFileError, match=r"broken\.csv"),
    ):
        import_meta_csv(home, [broken])
