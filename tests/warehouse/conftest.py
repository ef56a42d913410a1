"""A tiny lake in the real layout, written with pyarrow and the real schemas."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pikir.config import DataHome
from pikir.schema import METRICS_SCHEMA, POSTS_SCHEMA, RUNS_SCHEMA
from tests.enrichment_fixtures import T0
from tests.enrichment_fixtures import post_row as enrichment_post_row
from tests.warehouse_query import warehouse_rows


def post_row(post_id: str | int, **overrides: Any) -> dict[str, Any]:
    """Return a lake row built by the real Post model; lake-only columns may be overridden."""
    return enrichment_post_row(post_id, overrides.pop("text", f"post {post_id}"), **overrides)


def _write(
    lake: Path,
    table: str,
    schema: pa.Schema,
    rows: Iterable[dict[str, Any]],
    partition: Callable[[dict[str, Any]], str],
    name: str,
    drop: Iterable[str],
) -> list[Path]:
    keep = pa.schema([f for f in schema if f.name not in set(drop)])
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[partition(row)].append(row)
    written = []
    for part, members in groups.items():
        directory = lake / table / part
        directory.mkdir(parents=True, exist_ok=True)
        data = [{f.name: row.get(f.name) for f in keep} for row in members]
        path = directory / name
        pq.write_table(pa.Table.from_pylist(data, schema=keep), path, compression="zstd")
        written.append(path)
    return written


def _utc_day(value: datetime) -> str:
    return value.astimezone(UTC).date().isoformat()


def write_posts(
    lake: Path, rows: Iterable[dict[str, Any]], *, name: str = "part-0.parquet", drop=()
) -> list[Path]:
    """Write posts rows into ``posts/platform=<p>/date=<published UTC date>/<name>``."""
    return _write(
        lake,
        "posts",
        POSTS_SCHEMA,
        rows,
        lambda r: f"platform={r['platform']}/date={_utc_day(r['published_at'])}",
        name,
        drop,
    )


def write_metrics(
    lake: Path, rows: Iterable[dict[str, Any]], *, name: str = "part-0.parquet"
) -> list[Path]:
    """Write metrics rows (each with a ``platform``) into ``metrics/platform=/date=observed``."""
    return _write(
        lake,
        "metrics",
        METRICS_SCHEMA,
        rows,
        lambda r: f"platform={r['platform']}/date={_utc_day(r['observed_at'])}",
        name,
        (),
    )


def run_row(source: str, status: str = "ok", **overrides: Any) -> dict[str, Any]:
    """Return a runs row with sensible defaults."""
    row = {
        "run_id": "run-1",
        "flow": "nightly",
        "source": source,
        "platform": "telegram",
        "collector": "test@1",
        "started_at": T0,
        "finished_at": T0 + timedelta(seconds=90),
        "status": status,
        "items": 10,
        "new_items": 4,
        "pages": 2,
        "http_errors": 0,
        "timeouts": 0,
    }
    row.update(overrides)
    return row


def write_runs(
    lake: Path, rows: Iterable[dict[str, Any]], *, name: str = "part-0.parquet"
) -> list[Path]:
    """Write runs rows into ``runs/date=<started UTC date>/<name>``."""
    return _write(
        lake, "runs", RUNS_SCHEMA, rows, lambda r: f"date={_utc_day(r['started_at'])}", name, ()
    )


class FixtureLake:
    """The helpers above bound to one data home, handed to tests as the ``lake`` fixture."""

    def __init__(self, home: DataHome) -> None:
        self.home = home
        self.root = home.lake
        self.post = post_row
        self.run = run_row

    def write_posts(self, rows, **kwargs) -> list[Path]:
        return write_posts(self.root, rows, **kwargs)

    def write_metrics(self, rows, **kwargs) -> list[Path]:
        return write_metrics(self.root, rows, **kwargs)

    def write_runs(self, rows, **kwargs) -> list[Path]:
        return write_runs(self.root, rows, **kwargs)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return warehouse_rows(self.home, sql)


@pytest.fixture
def home(tmp_path: Path) -> DataHome:
    """An empty data home in a temporary directory."""
    return DataHome(tmp_path / "home").ensure()


@pytest.fixture
def lake(home: DataHome) -> FixtureLake:
    """Writers for the fixture lake of ``home`` and a read-only query on its warehouse."""
    return FixtureLake(home)
