"""Contracts of the analysis marts (issue #6), merged into :mod:`warehouse.contracts`.

Kept as plain data so the analysis marts can add checks without touching the shared module:
unique grains, volumes adding up to ``posts``, and row checks given as
``(name, column, condition, example)`` where ``condition`` is true for every offending row.
"""

from __future__ import annotations

UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "daily_volume": ("day", "platform", "source", "lang"),
    "weekly_volume": ("week", "platform", "source", "lang"),
    "language_share": ("day", "platform", "lang"),
    "term_trends": ("day", "platform", "term"),
    "top_sources": ("week", "platform", "source"),
    "forward_edges": ("platform", "from_source", "to_source"),
    "mention_edges": ("platform", "source", "mentioned"),
    "link_targets": ("platform", "source", "domain"),
    "event_windows": ("event_date", "title_en", "platform", "window_days"),
    "source_health_daily": ("platform", "source", "day"),
    "petition_signatures": ("post_key", "day"),
    "repost_clusters": ("post_key",),
}
"""Grain of every analysis mart with a key."""

SUMS_TO_POSTS: tuple[str, ...] = ("weekly_volume", "language_share")
"""Analysis marts whose ``posts`` must add up to the rows of ``posts``."""


def _share(view: str, column: str, example: str) -> tuple[str, str, str, str]:
    condition = f"{column} is not null and ({column} < 0 or {column} > 1)"
    return (
        f"{view}_{column}_between_0_and_1",
        column,
        condition,
        f"{example} || ' {column}=' || {column}",
    )


ROW_CHECKS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "daily_volume": (
        ("not_null_daily_volume_lang", "lang", "lang is null", "day || '/' || source"),
        (
            "daily_volume_rolling_mean_covers_the_day",
            "posts_7d_mean",
            "posts_7d_mean is null or posts_7d_mean * 7 < posts - 1e-9",
            "day || '/' || source || ' posts_7d_mean=' || coalesce(posts_7d_mean::varchar, 'NULL')",
        ),
    ),
    "weekly_volume": (
        ("weekly_volume_week_is_monday", "week", "isodow(week) <> 1", "week::varchar"),
        (
            "weekly_volume_active_days_1_to_7",
            "active_days",
            "active_days not between 1 and 7",
            "week || '/' || source || ' active_days=' || active_days",
        ),
    ),
    "language_share": (_share("language_share", "share", "day || '/' || platform || '/' || lang"),),
    "repost_clusters": (_share("repost_clusters", "similarity", "post_key"),),
    "term_trends": (_share("term_trends", "share_of_scored", "day || '/' || term"),),
    "top_sources": (
        (
            "top_sources_in_a_top_10",
            "posts_rank",
            "least(posts_rank, views_rank, forwards_rank) > 10",
            "week || '/' || source",
        ),
    ),
    "event_windows": (
        (
            "accepted_values_event_windows_window_days",
            "window_days",
            "window_days not in (7, 30)",
            "event_date || ' window_days=' || window_days",
        ),
        (
            "event_windows_interval_ordered",
            "volume_diff_low",
            "volume_diff_low > volume_diff_high or sentiment_diff_low > sentiment_diff_high",
            "event_date || '/' || platform || '/' || window_days",
        ),
    ),
    "engagement_curves": (
        (
            "engagement_curves_age_not_negative",
            "hours_since_published",
            "hours_since_published is null or hours_since_published < 0",
            "post_key || ' at ' || observed_at",
        ),
    ),
    "source_health_daily": (
        _share("source_health_daily", "failed_request_share", "day || '/' || source"),
    ),
}
"""Row-level checks of the analysis marts."""
