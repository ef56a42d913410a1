"""The marts' numbers, checked against hand-computed values on a tiny lake."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import duckdb

from warehouse.build import build_warehouse
from warehouse.docs import MART_COLUMNS

T0 = datetime(2021, 9, 15, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_posts_keeps_newest_version_and_first_collected_at(home, lake):
    v1 = lake.post(7, text="first", collected_at=T0 + HOUR)
    v2 = lake.post(7, text="edited", collected_at=T0 + HOUR, updated_at=T0 + 5 * HOUR, version=2)
    v2["collected_at"] = T0 + 5 * HOUR  # the writer would keep the first; the view must too
    lake.write_posts([v2], name="part-new.parquet")
    lake.write_posts([v1], name="part-old.parquet")
    build_warehouse(home)
    rows = lake.query("select post_key, text, version, collected_at, updated_at from posts")
    assert rows == [("telegram:kaz_news:7", "edited", 2, T0 + HOUR, T0 + 5 * HOUR)]


def test_posts_same_version_latest_updated_at_wins(home, lake):
    older = lake.post(8, text="a", updated_at=T0 + HOUR)
    newer = lake.post(8, text="b", updated_at=T0 + 3 * HOUR)
    lake.write_posts([newer], name="a.parquet")
    lake.write_posts([older], name="b.parquet")
    build_warehouse(home)
    assert lake.query("select text from posts") == [("b",)]


def test_posts_engagement_from_newer_metrics_only(home, lake):
    lake.write_posts([lake.post(1, views=10), lake.post(2, views=20)])
    key1, key2 = "telegram:kaz_news:1", "telegram:kaz_news:2"
    base = {"platform": "telegram", "run_id": "run-2", "forwards": 1, "replies": None}
    lake.write_metrics(
        [
            {**base, "post_key": key1, "observed_at": T0 + 2 * HOUR, "views": 50},
            {**base, "post_key": key1, "observed_at": T0 + 30 * HOUR, "views": 90},
            # older than the post's own collection: must not override it
            {**base, "post_key": key2, "observed_at": T0 + HOUR / 2, "views": 5},
        ]
    )
    build_warehouse(home)
    rows = lake.query(
        "select post_id, views, observations, engagement_observed_at from posts order by post_id"
    )
    assert rows == [("1", 90, 2, T0 + 30 * HOUR), ("2", 20, 1, T0 + HOUR)]


def test_posts_date_is_utc_day_whatever_the_session_time_zone(home, lake):
    late = T0.replace(hour=22, minute=30)  # 16 Sep in Almaty (UTC+6)
    lake.write_posts([lake.post(1, published_at=late)])
    build_warehouse(home)
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        con.execute("set TimeZone = 'Asia/Almaty'")
        assert con.execute("select date, day from posts, daily_volume").fetchall() == [
            (date(2021, 9, 15), date(2021, 9, 15))
        ]
    finally:
        con.close()


def test_daily_volume_equals_hand_computed_values(home, lake):
    day2 = T0 + timedelta(days=1)
    lake.write_posts(
        [
            lake.post(1, views=10),
            lake.post(2, views=5),
            lake.post(3, views=None),
            lake.post(4, published_at=day2, views=7),
            lake.post(5, source="other", views=1),
            lake.post(6, platform="news", source="vlast.kz", kind="article", views=None),
        ]
    )
    lake.write_posts(
        [lake.post(2, views=8, version=2, updated_at=T0 + 9 * HOUR)], name="v2.parquet"
    )
    build_warehouse(home)
    rows = lake.query("select day, platform, source, posts, views from daily_volume order by all")
    assert rows == [
        (date(2021, 9, 15), "news", "vlast.kz", 1, None),
        (date(2021, 9, 15), "telegram", "kaz_news", 3, 18),
        (date(2021, 9, 15), "telegram", "other", 1, 1),
        (date(2021, 9, 16), "telegram", "kaz_news", 1, 7),
    ]


def test_source_summary_shares_and_views(home, lake):
    lake.write_posts(
        [
            lake.post(1, views=10, media_kind="photo"),
            lake.post(2, views=20, forwarded_from="other"),
            lake.post(3, views=40, is_edited=True, published_at=T0 + HOUR),
            lake.post(4, views=None, media_kind="video", published_at=T0 + 2 * HOUR),
        ]
    )
    build_warehouse(home)
    (row,) = lake.query(
        "select posts, first_post_at, last_post_at, total_views, median_views, share_edited, "
        "share_forwarded, share_media, last_collected_at from source_summary"
    )
    assert row == (4, T0, T0 + 2 * HOUR, 70, 20.0, 0.25, 0.25, 0.5, T0 + HOUR)


def test_collection_health_flags_an_unavailable_source(home, lake):
    lake.write_runs(
        [
            lake.run("kaz_news"),
            lake.run("hidden_channel", "unavailable", items=0, new_items=0, http_errors=None),
            lake.run("broken", "failed", http_errors=3, timeouts=2, error="layout changed"),
        ]
    )
    build_warehouse(home)
    rows = lake.query(
        "select source, status, needs_attention, is_unavailable, errors, duration_s, "
        "source_problem_runs from collection_health order by source"
    )
    assert rows == [
        ("broken", "failed", True, False, 5, 90.0, 1),
        ("hidden_channel", "unavailable", True, True, 0, 90.0, 1),
        ("kaz_news", "ok", False, False, 0, 90.0, 0),
    ]


def test_events_seed_has_the_key_dates(home, lake):
    build_warehouse(home)
    rows = dict(lake.query("select event_date, title_en from events where date_precision = 'day'"))
    for day in ("2021-09-15", "2021-11-01", "2022-03-09", "2022-04-20", "2022-05-03"):
        assert date.fromisoformat(day) in rows, day
    confidences = {r[0] for r in lake.query("select distinct confidence from events")}
    assert confidences <= {"high", "medium-high", "medium"}


def test_every_mart_column_is_documented(home, lake):
    build_warehouse(home)
    rows = lake.query(
        "select table_name, column_name, comment from duckdb_columns() "
        f"where table_name in {tuple(MART_COLUMNS)}"
    )
    assert {(t, c) for t, c, _ in rows} == {
        (t, c) for t, cols in MART_COLUMNS.items() for c in cols
    }
    assert all(comment for _, _, comment in rows)
