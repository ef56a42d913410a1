"""The API base layer, tested once: rate-limit headers, outcome, time parsing, the middleware."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from api_helpers import context

from spiders.api.mapping import parse_time
from spiders.api.outcome import ApiOutcome
from spiders.api.ratelimit import RateLimitHeaders, rate_limit_wait

NOW = 1_653_000_000.0
X = RateLimitHeaders("x-rate-limit-remaining", "x-rate-limit-reset", "epoch")
REDDIT = RateLimitHeaders("X-Ratelimit-Remaining", "X-Ratelimit-Reset", "seconds")
MASTODON = RateLimitHeaders("X-RateLimit-Remaining", "X-RateLimit-Reset", "iso")


@pytest.mark.parametrize(
    ("headers", "spec", "wait"),
    [
        ({"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(NOW) + 30)}, X, 30.0),
        ({"x-rate-limit-remaining": "12", "x-rate-limit-reset": str(int(NOW) + 30)}, X, None),
        ({"X-Ratelimit-Remaining": "0.0", "X-Ratelimit-Reset": "42"}, REDDIT, 42.0),
        ({"X-Ratelimit-Remaining": "599.0", "X-Ratelimit-Reset": "42"}, REDDIT, None),
        (
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2022-05-19T22:45:00.000Z"},
            MASTODON,
            300.0,
        ),
        ({"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(NOW) - 5)}, X, 0.0),
        ({"x-rate-limit-remaining": "0"}, X, None),
        ({"x-rate-limit-remaining": "0", "x-rate-limit-reset": "soon"}, X, None),
    ],
)
def test_rate_limit_wait(headers, spec, wait):
    assert rate_limit_wait(headers, spec, now=NOW) == wait


def test_a_429_is_spent_even_without_a_remaining_count():
    assert rate_limit_wait({"x-rate-limit-reset": str(int(NOW) + 9)}, X, status=429, now=NOW) == 9


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (ApiOutcome("q", pages=2, items=5), "ok"),
        (ApiOutcome("q", pages=1, old=3), "empty"),
        (ApiOutcome("q", pages=1, failures=["p2: malformed JSON"], dropped=4), "failed"),
        (ApiOutcome("q", pages=3, items=2, failures=["comments: HTTP 500"]), "partial"),
    ],
)
def test_outcome_status(outcome, status):
    assert outcome.status() == status


def test_outcome_error_names_source_and_held_rows():
    error = ApiOutcome("zakon", failures=["p2: malformed JSON"], dropped=4).error()
    assert error == (
        "API source zakon: 1 request(s) failed: p2: malformed JSON; "
        "4 post(s) of the broken chain not landed"
    )


@pytest.mark.parametrize(
    "value",
    ["2022-05-20T09:15:00.000Z", "2022-05-20T15:15:00+06:00", 1653038100, "1653038100"],
)
def test_times_are_utc(value):
    assert parse_time(value) == datetime(2022, 5, 20, 9, 15, tzinfo=UTC)


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="no time zone"):
        parse_time("2022-05-20T09:15:00")


def test_pseudonyms_are_stable_and_public_accounts_keep_ids():
    ctx = context("x", "q", public=("Newsroom",))
    assert ctx.author("123", "newsroom") == "123"
    assert ctx.author("456", "someone") == ctx.author("456") != ctx.author("789")
    assert ctx.author("456").startswith("anon:")
    assert ctx.author(None) is None
