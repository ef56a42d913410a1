"""Build post rows for lake tests (importable by the crash-writer subprocess too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb

from pikir.lake import storage
from pikir.schema import Post

BASE_COLLECTED = datetime(2022, 6, 1, 12, 0, tzinfo=UTC)


def post_row(
    i: int,
    *,
    source: str = "chan",
    text: str | None = None,
    views: int | None = 100,
    run: int = 0,
    day_spread: int = 30,
) -> dict:
    """Return the lake row of synthetic post ``i`` as collected in run ``run``."""
    post = Post(
        platform="telegram",
        source=source,
        post_id=str(i),
        published_at=datetime(2021, 9, 1, 8, tzinfo=UTC)
        + timedelta(days=i % day_spread, minutes=i % 600),
        collected_at=BASE_COLLECTED + timedelta(hours=run),
        run_id=f"run{run}",
        collector="test@1",
        text=text if text is not None else f"Пост номер {i} о законопроекте",
        views=views,
        reactions=[{"emoji": "👍", "count": i % 7}],
    )
    row = post.to_row()
    row["_raw"] = {
        "payload": f"<div data-post='{source}/{i}'>{post.text}</div>",
        "content_type": "text/html",
    }
    return row


def query(home, sql: str, table: str = "posts") -> list[tuple]:
    """Run SQL over ``lake`` = read_parquet of one lake table (as any DuckDB reader would).

    An object-store lake is read through the fsspec filesystem, a local one from disk.
    """
    glob = f"{storage.location(home.lake)}/{table}/**/*.parquet"
    con = duckdb.connect()
    try:
        storage.register_lake(con, home.lake)
        con.execute(
            "create view lake as select * from "
            f"read_parquet('{glob}', hive_partitioning = true, union_by_name = true)"
        )
        return con.execute(sql).fetchall()
    finally:
        con.close()
