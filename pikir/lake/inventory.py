"""What is in the lake: files, rows and bytes per table, posts per source, recent runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake import layout, storage
from pikir.lake.runs import read_runs


@dataclass
class Inventory:
    """A snapshot of the data home."""

    home: str
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    recent_runs: list[dict[str, Any]] = field(default_factory=list)
    warehouse_exists: bool = False


def take_inventory(home: DataHome, runs: int = 10) -> Inventory:
    """Count files, rows and bytes per table from Parquet footers; summarise posts and runs."""
    inv = Inventory(home=str(home.root), warehouse_exists=home.warehouse.exists())
    for table in layout.TABLES.values():
        files = list(layout.data_files(home.lake / table.name))
        rows = sum(storage.parquet_file(f).metadata.num_rows for f in files)
        size = sum(f.stat().st_size for f in files)
        inv.tables[table.name] = {"files": len(files), "rows": rows, "bytes": size}
    if inv.tables["posts"]["files"]:
        glob = f"{storage.location(home.lake)}/posts/**/*.parquet"
        con = duckdb.connect()
        try:
            storage.register_lake(con, home.lake)
            result = con.execute(
                "select platform, source, count(distinct post_key) as posts, "
                "min(published_at) as first_post, max(published_at) as last_post "
                "from read_parquet(?, hive_partitioning = true, union_by_name = true) "
                "group by all order by posts desc",
                [glob],
            )
            names = [d[0] for d in result.description]
            inv.sources = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            con.close()
    table = read_runs(home)
    if table.num_rows:
        order = pc.sort_indices(table, [("started_at", "descending")])
        inv.recent_runs = table.take(order).slice(0, runs).to_pylist()
    return inv
