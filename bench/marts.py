"""Benchmark: every mart through the warehouse views vs the same SQL on raw ``read_parquet``.

Generates N synthetic posts with edits, metrics sightings, forwards, mentions and links to news
articles (``bench/synth.py``), scores and signs every post version (``lake/enrichment``,
written by DuckDB from the posts, with relevance spread over 0..1 so about half land in
``bill_posts``, and MinHash signatures in which one post in 50 repeats an earlier post's)
and adds a few runs, builds the warehouse, then for every mart times, interleaved in one process:

* views: ``SELECT * FROM <mart>`` on ``warehouse.duckdb``;
* raw: the same SQL with every view it depends on inlined as a CTE, down to the
  ``read_parquet`` calls of the source layer, on an in-memory connection (no views at all).

Both results are checked to have the same number of rows. Prints a table of medians and the
views/raw ratio per mart (goal <= 1.2x). The issue asks for 10M posts; on a 2-core machine
the default generator (``bench/synth.py``) writes the lake in DuckDB SQL, which makes 10M
posts a matter of minutes; ``--generator python`` uses ``bench/query.py``'s row generator::

    .venv/bin/python bench/marts.py --rows 10000000 --repeat 3
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from query import generate

from enrich.near_duplicates import DEFAULT_PARAMS, signature_model
from pikir.config import DataHome
from pikir.schema import RUNS_SCHEMA
from warehouse.build import MARTS, build_warehouse

_HEADER = re.compile(r"^\s*create\s+(?:or\s+replace\s+)?view\s+(\w+)\s+as\s+", re.I | re.S)

ENRICH_SQL = """
copy (
    select post_key, platform, 'bench@1+{signature_model}' as model,
        'kz_social_media_bill' as topic,
        lang_hint as lang, 0.9 as lang_confidence, (hash(post_key) % 100)::double / 100.0
            as relevance,
        case when hash(post_key) % 3 = 0 then ['закон'] else ['соцсети', 'закон'] end
            as matched_terms,
        ['negative', 'neutral', 'positive'][(1 + hash(post_key) % 3)::bigint] as sentiment_label,
        ((hash(post_key) % 200)::double / 100.0) - 1.0 as sentiment_score,
        0.6 as sentiment_confidence, content_sha256, published_at,
        published_at + interval 2 day as scored_at, 'enrich-bench' as run_id,
        list_transform(range({perm}), lambda p: (hash(original, p) % 4294967296)::uinteger)
            as minhash,
        date
    from (
        select *,
            -- one post in 50 reposts an earlier one: same signature, a near-duplicate cluster
            case when n % 50 = 7 and n >= 500 then n - 7 - 4 * (hash(n, 'orig') % 100)::bigint
                else n end as original
        from (
            select *, split_part(post_key, ':', 3)::bigint as n
            from read_parquet('{lake}/posts/platform=*/date=*/*.parquet', hive_partitioning = true)
        )
    )
) to '{lake}/enrichment' (format parquet, partition_by (platform, date), compression zstd,
    row_group_size 122880)
"""
"""Every post version scored and signed (about half relevant), so the build signs nothing."""


def add_enrichment_and_runs(lake: Path, days: int) -> None:
    """Score and sign every post version, and write one run per source and day."""
    params = DEFAULT_PARAMS
    duckdb.execute(
        ENRICH_SQL.format(
            lake=lake.as_posix(), signature_model=signature_model(params), perm=params.num_perm
        )
    )
    start = datetime(2021, 9, 1, 3, tzinfo=UTC)
    for day in range(days):
        started = start + timedelta(days=day)
        rows = [
            {"run_id": f"r{day}", "source": f"telegram_src{i}", "platform": "telegram",
             "started_at": started, "finished_at": started + timedelta(minutes=2),
             "status": "failed" if (day + i) % 17 == 0 else "ok", "pages": 5,
             "http_errors": (day + i) % 3, "timeouts": (day + i) % 2}
            for i in range(25)
        ]  # fmt: skip
        directory = lake / "runs" / f"date={started.date().isoformat()}"
        directory.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=RUNS_SCHEMA), directory / "r.parquet")


def copy_tables(raw: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """Copy the warehouse's tables (seeds and anything else the build materialises) into ``raw``.

    Tables are data the build computes once, not views to inline, so both sides read the same.
    """
    raw.execute(f"attach '{warehouse.as_posix()}' as wh (read_only)")
    tables = raw.execute(
        "select table_name from duckdb_tables() where database_name = 'wh' and not internal"
    ).fetchall()
    for (name,) in tables:
        raw.execute(f"create table {name} as select * from wh.{name}")  # noqa: S608
    raw.execute("detach wh")


def inline_sql(con: duckdb.DuckDBPyConnection, mart: str) -> str:
    """Return ``SELECT * FROM mart`` with every view it depends on inlined as a CTE."""
    bodies = {
        name: _HEADER.sub("", sql).rstrip().rstrip(";")
        for name, sql in con.execute(
            "select view_name, sql from duckdb_views() where not internal"
        ).fetchall()
    }
    ordered: list[str] = []
    cte = re.compile(r"\b(\w+)\s+as\s+\(", re.I)

    def visit(name: str) -> None:
        # A view's own CTEs (often named like other views: posts, events) shadow those views.
        local = set(cte.findall(bodies[name]))
        for other in bodies:
            used = re.search(rf"\b(?:from|join)\s+{other}\b", bodies[name], re.I)
            if other not in local and other not in ordered and other != name and used:
                visit(other)
        if name not in ordered:
            ordered.append(name)

    visit(mart)
    ctes = ",\n".join(f"{name} as (\n{bodies[name]}\n)" for name in ordered)
    return f"with\n{ctes}\nselect * from {mart}"


def _count(home: DataHome, table: str) -> int:
    """Rows of one lake table (files as landed, before any deduplication)."""
    glob = f"{home.lake}/{table}/**/*.parquet"
    return duckdb.sql(f"select count(*) from read_parquet('{glob}')").fetchall()[0][0]  # noqa: S608


def _time(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[float, int]:
    started = time.perf_counter()
    rows = con.sql(sql).to_arrow_table().num_rows
    return time.perf_counter() - started, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--marts", default=",".join(MARTS), help="comma-separated subset")
    parser.add_argument(
        "--generator",
        choices=("sql", "python"),
        default="sql",
        help="sql: bench/synth.py in DuckDB (fast, 10M rows); python: bench/query.py's rows",
    )
    parser.add_argument(
        "--home",
        type=Path,
        help="keep the generated data home here; if it already holds a lake, rebuild and time "
        "that one instead of generating (re-runs of a 10M lake skip minutes of set-up)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pikir-bench-marts-") as tmp:
        home = DataHome(args.home or Path(tmp)).ensure()
        reuse = args.home is not None and (home.lake / "posts").exists()
        started = time.perf_counter()
        if reuse:
            stats = {"posts": _count(home, "posts"), "edits": 0, "metrics": _count(home, "metrics")}
        else:
            make = synth.generate if args.generator == "sql" else generate
            stats = make(home.lake, args.rows, args.days)
            add_enrichment_and_runs(home.lake, args.days)
        generated = time.perf_counter() - started
        report = build_warehouse(home)
        views = duckdb.connect(str(home.warehouse), read_only=True)
        raw = duckdb.connect()
        copy_tables(raw, home.warehouse)
        raw.execute("set TimeZone = 'UTC'")
        print(
            f"lake: {stats['posts']:,} posts (+{stats['edits']:,} edits), {stats['metrics']:,} "
            f"metrics rows; generated in {generated:.0f} s; warehouse built in "
            f"{report.seconds:.1f} s\n"
        )
        print("| mart | rows | views median s | raw median s | ratio |")
        print("|---|---:|---:|---:|---:|")
        worst = 0.0
        for mart in args.marts.split(","):
            view_sql, raw_sql = f"select * from {mart}", inline_sql(views, mart)  # noqa: S608
            _, view_rows = _time(views, view_sql)
            _, raw_rows = _time(raw, raw_sql)
            if view_rows != raw_rows:
                print(f"MISMATCH {mart}: {view_rows} vs {raw_rows} rows", file=sys.stderr)
                return 1
            timings: dict[str, list[float]] = {"views": [], "raw": []}
            for _ in range(args.repeat):
                timings["views"].append(_time(views, view_sql)[0])
                timings["raw"].append(_time(raw, raw_sql)[0])
            med = {k: statistics.median(v) for k, v in timings.items()}
            ratio = med["views"] / med["raw"] if med["raw"] else 1.0
            worst = max(worst, ratio)
            print(
                f"| {mart} | {view_rows:,} | {med['views']:.3f} | {med['raw']:.3f} | {ratio:.2f}x |"
            )
        views.close()
        raw.close()
    print(
        f"\nworst ratio views/raw = {worst:.2f}x (goal <= 1.2x: {'ok' if worst <= 1.2 else 'OVER'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
