"""Contracts of the enrichment marts (issue #5), merged into :mod:`warehouse.contracts`.

Plain data like :mod:`warehouse.contracts_analysis`: unique grains and row checks given as
``(name, column, condition, example)`` where ``condition`` is true for every offending row.
"""

from __future__ import annotations

LABELS = "('negative', 'neutral', 'positive')"
LANGS = "('kk', 'ru', 'en', 'other')"

UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "bill_posts": ("post_key",),
    "daily_sentiment": ("day", "platform", "source", "lang"),
}
"""Grain of every enrichment mart."""


def _between(view: str, column: str, low: float, high: float, example: str) -> tuple:
    return (
        f"{view}_{column}_between_{low:g}_and_{high:g}".replace("-", "minus_"),
        column,
        f"{column} is not null and ({column} < {low} or {column} > {high})",
        f"{example} || ' {column}=' || {column}",
    )


_POST = "coalesce(post_key, '?')"
_GROUP = "day || '/' || platform || '/' || source || '/' || lang"

ROW_CHECKS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "bill_posts": (
        (
            "accepted_values_bill_posts_sentiment_label",
            "sentiment_label",
            f"sentiment_label is not null and sentiment_label not in {LABELS}",
            f"{_POST} || ' label=' || sentiment_label",
        ),
        (
            "accepted_values_bill_posts_lang",
            "lang",
            f"lang is null or lang not in {LANGS}",
            f"{_POST} || ' lang=' || coalesce(lang, 'NULL')",
        ),
        (
            "bill_posts_relevance_above_threshold",
            "relevance",
            "relevance is null or relevance > 1 or relevance < (select threshold from seed_topics"
            " where topic = 'kz_social_media_bill')",
            f"{_POST} || ' relevance=' || coalesce(relevance::varchar, 'NULL')",
        ),
        _between("bill_posts", "sentiment_score", -1, 1, _POST),
        _between("bill_posts", "sentiment_confidence", 0, 1, _POST),
        _between("bill_posts", "lang_confidence", 0, 1, _POST),
    ),
    "daily_sentiment": (
        ("daily_sentiment_n_positive", "n", "n is null or n < 1", _GROUP),
        (
            "daily_sentiment_counts_add_up",
            "n",
            "n_negative + n_neutral + n_positive <> n",
            f"{_GROUP} || ' n=' || n",
        ),
        _between("daily_sentiment", "mean_score", -1, 1, _GROUP),
        _between("daily_sentiment", "share_negative", 0, 1, _GROUP),
        _between("daily_sentiment", "share_positive", 0, 1, _GROUP),
        (
            "daily_sentiment_intervals_contain_estimates",
            "share_negative",
            "share_negative_low > share_negative + 1e-9 or share_negative_high < share_negative"
            " - 1e-9 or share_positive_low > share_positive + 1e-9 or share_positive_high"
            " < share_positive - 1e-9 or mean_score_low > mean_score + 1e-9"
            " or mean_score_high < mean_score - 1e-9",
            _GROUP,
        ),
    ),
}
