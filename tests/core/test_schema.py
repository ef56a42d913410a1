"""The Post model enforces the data contract at construction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pikir.schema import POSTS_SCHEMA, Post, make_post_key


def post(**changes):
    fields = {
        "platform": "telegram",
        "source": "chan",
        "post_id": "7",
        "run_id": "r",
        "collector": "c@1",
        "published_at": datetime(2021, 9, 15, 15, tzinfo=timezone(timedelta(hours=6))),
        "collected_at": datetime(2022, 1, 1, tzinfo=UTC),
    }
    return Post(**{**fields, **changes})


def test_key_is_platform_source_id():
    assert post().post_key == "telegram:chan:7"


def test_timestamps_are_converted_to_utc():
    assert post().published_at == datetime(2021, 9, 15, 9, tzinfo=UTC)


def test_naive_timestamp_is_refused():
    with pytest.raises(ValueError, match="no time zone"):
        post(published_at=datetime(2021, 9, 15))


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        post(kind="story")


@pytest.mark.parametrize(("platform", "source"), [("", "a"), ("tg", ""), ("tg", "a:b")])
def test_key_parts_must_be_clean(platform, source):
    with pytest.raises(ValueError):
        make_post_key(platform, source, "1")


def test_content_hash_ignores_views_but_not_text():
    assert post(views=1).content_sha256() == post(views=99).content_sha256()
    assert post(text="a").content_sha256() != post(text="b").content_sha256()


def test_row_has_every_schema_column():
    row = post(
        reactions=[{"emoji": "👍", "count": 2}, {"custom_emoji_id": "5", "count": 3}]
    ).to_row()
    assert set(POSTS_SCHEMA.names) <= set(row)
    assert row["reaction_total"] == 5
    assert row["version"] == 1
