"""The analysis marts on a hand-built lake (tests/analysis_fixtures.py), against values
computed by hand: edits and duplicate files count once, a deleted post still counts, posts
without enrichment keep their row (lang from lang_hint, else 'unknown')."""

from __future__ import annotations

from datetime import date, timedelta
from math import sqrt
from statistics import mean, variance

import duckdb
import pytest

from pikir.config import DataHome
from tests.analysis_fixtures import DAY, HOUR, T0, write_scenario
from warehouse.build import build_warehouse
from warehouse.contracts import run_contracts

D = date(2021, 9, 15)
Z = 1.959964


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    home = DataHome(tmp_path_factory.mktemp("analysis") / "home").ensure()
    write_scenario(home)
    build_warehouse(home)
    connection = duckdb.connect(str(home.warehouse), read_only=True)
    yield connection
    connection.close()


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_daily_volume_by_language_with_rolling_mean(con):
    got = rows(con, "select * from daily_volume where platform = 'telegram' order by all")
    assert got == [
        (D - timedelta(3), "telegram", "kaz_news", "ru", 1, 10, pytest.approx(1 / 7)),
        (D - timedelta(2), "telegram", "other", "unknown", 1, 40, pytest.approx(1 / 7)),
        # detected 'kk' wins over the channel's lang_hint 'ru'; views from the newer sighting
        (D - timedelta(1), "telegram", "kaz_news", "kk", 1, 150, pytest.approx(1 / 7)),
        # the edit (version 2) counts once, with its own views
        (D, "telegram", "kaz_news", "ru", 1, 50, pytest.approx(2 / 7)),
        (D, "telegram", "other", "ru", 1, 20, pytest.approx(1 / 7)),
        (D, "telegram", "other", "unknown", 1, None, pytest.approx(2 / 7)),
        # the deleted post still counts: it was public when published
        (D + timedelta(1), "telegram", "kaz_news", "ru", 1, 30, pytest.approx(3 / 7)),
    ]


def test_daily_volume_keeps_its_foundation_columns(con):
    got = rows(con, "select day, platform, source, sum(posts), sum(views) from daily_volume "
                    "where day = '2021-09-15' group by all order by all")  # fmt: skip
    assert got == [(D, "telegram", "kaz_news", 1, 50), (D, "telegram", "other", 2, 20)]


def test_weekly_volume(con):
    got = rows(con, "select * from weekly_volume order by all")
    assert got == [
        (date(2021, 9, 6), "telegram", "kaz_news", "ru", 1, 10, 1, 0.25),
        (date(2021, 9, 13), "news", "vlast.kz", "ru", 1, None, 1, 0.25),
        (date(2021, 9, 13), "telegram", "kaz_news", "kk", 1, 150, 1, 0.25),
        (date(2021, 9, 13), "telegram", "kaz_news", "ru", 2, 80, 2, 0.75),
        (date(2021, 9, 13), "telegram", "other", "ru", 1, 20, 1, 0.25),
        (date(2021, 9, 13), "telegram", "other", "unknown", 2, 40, 2, 0.5),
    ]


def test_language_share(con):
    got = rows(con, "select * from language_share where day = '2021-09-15' order by all")
    assert got == [
        (D, "telegram", "ru", 2, 2, 3, pytest.approx(2 / 3)),
        (D, "telegram", "unknown", 1, 0, 3, pytest.approx(1 / 3)),
    ]


def test_term_trends_only_from_current_versions(con):
    got = rows(con, "select * from term_trends order by all")
    assert got == [
        (D - timedelta(1), "telegram", "закон", 1, 1, 150, 1, 1, 1.0),
        (D - timedelta(1), "telegram", "соцсети", 1, 1, 150, 1, 1, 1.0),
        # 'митинг' was matched in the outdated version of post 2 only
        (D, "telegram", "закон", 2, 2, 70, 3, 2, 1.0),
    ]


def test_top_sources_ranks_per_week(con):
    got = rows(con, "select * from top_sources where week = '2021-09-13' order by all")
    assert got == [
        (date(2021, 9, 13), "news", "vlast.kz", 1, 0, 0, 1, 1, 1),
        (date(2021, 9, 13), "telegram", "kaz_news", 3, 230, 8, 1, 1, 2),
        (date(2021, 9, 13), "telegram", "other", 3, 60, 10, 1, 2, 1),
    ]


def test_forward_edges(con):
    got = rows(con, "select * exclude (first_day, last_day) from forward_edges order by all")
    assert got == [
        ("telegram", "hid_abc123", "other", 1, 0, 40, T0 - 2 * DAY, T0 - 2 * DAY, False, False),
        ("telegram", "kaz_news", "other", 2, 2, 20, T0 + 2 * HOUR, T0 + 3 * HOUR, True, True),
        ("telegram", "other", "kaz_news", 1, 1, 30, T0 + DAY, T0 + DAY, True, True),
    ]


def test_mention_edges_normalise_names(con):
    got = rows(con, "select * from mention_edges order by all")
    assert got == [
        ("telegram", "kaz_news", "other", 1, T0 - DAY, T0 - DAY, True),
        ("telegram", "other", "kaz_news", 1, T0 + 2 * HOUR, T0 + 2 * HOUR, True),
    ]


CROSS_PLATFORM = "cross_platform_links, url_platforms, domain_platforms, domain_posts_by_platform"


def test_link_targets_join_articles_by_normalised_url(con):
    got = rows(con, f"select * exclude ({CROSS_PLATFORM}) from link_targets order by all")
    day1, day2 = T0 - DAY, T0 + 2 * HOUR
    assert got == [
        ("telegram", "kaz_news", "t.me", 1, 1, 0, 0, 150, day1, day1, None),
        ("telegram", "kaz_news", "vlast.kz", 1, 1, 1, 1, 150, day1, day1, "vlast.kz"),
        ("telegram", "other", "example.com", 1, 1, 0, 0, 20, day2, day2, None),
        ("telegram", "other", "vlast.kz", 1, 1, 1, 1, 20, day2, day2, "vlast.kz"),
    ]


def test_engagement_curves(con):
    got = rows(
        con,
        "select post_key, hours_since_published, age_bucket_h, observation, views, forwards, "
        "reaction_total, views_share_of_max from engagement_curves order by all",
    )
    # the sighting before publication and the one of an unknown post are left out
    assert got == [
        ("telegram:kaz_news:1", 2.0, 2, 1, 60, 3, 2, 0.4),
        ("telegram:kaz_news:1", 26.0, 16, 2, 150, 6, 4, 1.0),
    ]


def test_source_health_daily(con):
    got = rows(con, "select * from source_health_daily order by day")
    ok_end = T0 + timedelta(seconds=90)
    assert got == [
        ("telegram", "kaz_news", D, 2, 1, 1, 0, 0, True, 19, 4, 3, 2, 1, 1,
         pytest.approx(11 / 19), ok_end, ok_end, ok_end),
        ("telegram", "kaz_news", D + timedelta(1), 1, 0, 0, 1, 0, False, 0, 0, 0, 0, 0, 0, None,
         None, None, ok_end),
    ]  # fmt: skip


def test_event_windows_first_reading(con):
    got = rows(
        con,
        "select * exclude (event_date, title_en, confidence, platform, window_days) "
        "from event_windows where event_date = '2021-09-15' and platform = 'telegram' "
        "and window_days = 7",
    )
    before, after = [0, 0, 0, 0, 1, 1, 1], [3, 1, 0, 0, 0, 0, 0]
    diff = mean(after) - mean(before)
    se = sqrt(variance(before) / 7 + variance(after) / 7)
    s_before, s_after = [-0.1, -0.5], [0.1, 0.3]
    s_diff = mean(s_after) - mean(s_before)
    s_se = sqrt(variance(s_before) / 2 + variance(s_after) / 2)
    expected = (3, 4, 3 / 7, 4 / 7, diff, diff - Z * se, diff + Z * se,
                2, 2, -0.3, 0.2, s_diff, s_diff - Z * s_se, s_diff + Z * s_se)  # fmt: skip
    assert got == [pytest.approx(expected)]


def test_event_windows_without_scores_has_no_interval(con):
    got = rows(
        con,
        "select posts_before, posts_after, sentiment_n_before, sentiment_before, "
        "sentiment_diff_low from event_windows where event_date = '2021-09-15' "
        "and platform = 'news' and window_days = 30",
    )
    assert got == [(1, 0, 0, None, None)]


def test_event_windows_cover_day_precise_events_and_both_windows(con):
    (count,) = rows(con, "select count(*) from events where date_precision = 'day'")[0]
    got = rows(con, "select window_days, count(*) from event_windows group by 1 order by 1")
    assert got == [(7, 2 * count), (30, 2 * count)]  # two platforms


def test_analysis_contracts_pass_and_can_fail(con, tmp_path):
    assert all(r.passed for r in run_contracts(con))
    scratch = duckdb.connect(str(tmp_path / "scratch.duckdb"))
    scratch.execute(
        "create view weekly_volume as select date '2021-09-14' as week, 'x' as platform, "
        "'y' as source, 'ru' as lang, 1 as posts, 9 as active_days"
    )
    failed = {r.name for r in run_contracts(scratch) if not r.passed}
    assert {"weekly_volume_week_is_monday", "weekly_volume_active_days_1_to_7"} <= failed
