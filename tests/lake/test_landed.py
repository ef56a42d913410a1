"""Reading back the posts already landed for one source, kind and window."""

from __future__ import annotations

from datetime import UTC, datetime

from pikir.lake.landed import landed_since
from pikir.lake.writer import LakeWriter
from pikir.schema import Post


def post(post_id: str, day: int, *, source: str = "chan", kind: str = "post", **extra) -> dict:
    """A synthetic Telegram row published on 2021-09-<day>."""
    return Post(
        platform="telegram",
        source=source,
        post_id=post_id,
        kind=kind,
        published_at=datetime(2021, 9, day, 9, tzinfo=UTC),
        collected_at=datetime(2022, 1, 1, tzinfo=UTC),
        run_id="r1",
        collector="test@1",
        text=f"Заметка {post_id} о законе про соцсети",
        **extra,
    ).to_row()


def telegram_posts_since(home, day: int = 1, **options):
    """``landed_since`` for channel ``chan``'s posts from 2021-09-<day> 09:00 UTC on."""
    since = datetime(2021, 9, day, 9, tzinfo=UTC)
    return landed_since(
        home, platform="telegram", source="chan", kind="post", published_since=since, **options
    )


def land(home, rows: list[dict]) -> None:
    with LakeWriter(home, run_id="r1") as writer:
        for row in rows:
            writer.add(row)


def test_keeps_only_the_window_source_and_kind(home):
    land(
        home,
        [
            post("1", 3),
            post("2", 10),
            post("3", 12),
            post("4", 12, source="other"),
            post("5", 12, kind="comment", parent_key="telegram:chan:3"),
        ],
    )
    found = telegram_posts_since(home, day=10)
    assert sorted(found["post_id"].to_pylist()) == ["2", "3"]


def test_deleted_posts_are_left_out(home):
    gone = datetime(2021, 9, 20, tzinfo=UTC)
    land(home, [post("1", 12), post("2", 12, deleted_at=gone)])
    found = telegram_posts_since(home)
    assert found["post_id"].to_pylist() == ["1"]


def test_reads_only_the_requested_columns(home):
    land(home, [post("1", 12)])
    found = telegram_posts_since(home, columns=["url", "published_at", "deleted_at"])
    assert found.column_names == ["url", "published_at", "deleted_at"]
    assert found.num_rows == 1


def test_nothing_landed_gives_an_empty_table_with_the_columns(home):
    found = landed_since(
        home,
        platform="web",
        source="outlet.kz",
        kind="article",
        published_since=datetime(2021, 9, 1, tzinfo=UTC),
        columns=["url", "published_at", "deleted_at"],
    )
    assert found.num_rows == 0
    assert found.column_names == ["url", "published_at", "deleted_at"]
