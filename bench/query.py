"""Benchmark: ``daily_volume`` through the warehouse views vs the same SQL on raw Parquet.

Generates N synthetic posts (plus edits and metrics sightings) into a temporary lake in the real
layout (``posts/platform=<p>/date=<d>/*.parquet``, pyarrow, zstd, 122,880-row groups), builds
the warehouse, then times in the same process, interleaved:

* views: ``SELECT * FROM daily_volume`` on ``warehouse.duckdb``;
* direct: one hand-written query on ``read_parquet(...)`` over the same files with the same
  semantics (newest version per post_key, latest metrics sighting when newer).

Both results are checked to be equal. Prints medians and the views/direct ratio (goal <= 1.2x).

    .venv/bin/python bench/query.py --rows 1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pikir.config import DataHome
from pikir.schema import METRICS_SCHEMA, POSTS_SCHEMA
from warehouse.build import build_warehouse

PLATFORMS = ("news", "telegram", "vk", "youtube")  # news first: others link to its articles
START = date(2021, 9, 1)
ROW_GROUP = 122_880
WORDS = (
    "закон",
    "соцсети",
    "блокировка",
    "мажилис",
    "сенат",
    "президент",
    "кибербуллинг",
    "дети",
    "платформа",
    "регистрация",
    "петиция",
    "митинг",
    "свобода",
    "слова",
    "интернет",
    "министерство",
    "информации",
    "Қазақстан",
    "заң",
    "әлеуметтік",
    "желі",
    "бұғаттау",
    "law",
    "social",
    "media",
    "bill",
    "parliament",
    "senate",
    "president",
    "signs",
)

DIRECT_SQL = """
with
posts as (
    select post_key, platform, source, date, version, updated_at, views
    from read_parquet('{lake}/posts/platform=*/date=*/*.parquet', hive_partitioning = true,
                      union_by_name = true, filename = true)
    qualify row_number() over (
        partition by post_key order by version desc, updated_at desc, filename desc) = 1
),
metrics as (
    select post_key, observed_at, views
    from read_parquet('{lake}/metrics/platform=*/date=*/*.parquet', hive_partitioning = true,
                      union_by_name = true, filename = true)
    qualify row_number() over (
        partition by post_key order by observed_at desc, filename desc) = 1
)
select
    p.date as day, p.platform, p.source, count(*) as posts,
    sum(case when m.observed_at > p.updated_at then coalesce(m.views, p.views)
             else p.views end) as views
from posts as p
left join metrics as m using (post_key)
group by all
"""


def _texts(rng: random.Random, n: int = 4000) -> list[str]:
    return [" ".join(rng.choices(WORDS, k=rng.randint(20, 90))) for _ in range(n)]


def _network(rng, platform, source, sources, articles):
    """Forwards (10 % of Telegram posts), mentions (5 %) and links to news articles (20 %)."""
    forwarded = mentions = links = None
    if platform == "telegram" and rng.random() < 0.10:
        forwarded = rng.choice([s for s in sources if s != source])
    if rng.random() < 0.05:
        mentions = [rng.choice(sources).lower()]
    if platform != "news" and articles and rng.random() < 0.20:
        links = [rng.choice(articles)]
    return forwarded, mentions or [], links or []


def _post_rows(rng, platform, day, first_id, count, texts, articles):
    base = datetime(day.year, day.month, day.day, tzinfo=UTC)
    sources = [f"{platform}_src{i}" for i in range(25)]
    cols: dict[str, list] = {f.name: [] for f in POSTS_SCHEMA}
    recent: list[str] = []
    for i in range(first_id, first_id + count):
        source = rng.choice(sources)
        forwarded, mentions, links = _network(rng, platform, source, sources, articles)
        published = base + timedelta(seconds=rng.randrange(86_400))
        collected = published + timedelta(hours=rng.randint(1, 48))
        views = rng.randint(0, 50_000)
        values = {
            "post_key": f"{platform}:{source}:{i}",
            "source": source,
            "post_id": str(i),
            "url": f"https://example.org/{source}/{i}",
            "kind": "article" if platform == "news" else "post",
            "author_name": source,
            "published_at": published,
            "is_edited": False,
            "text": f"{rng.choice(texts)} #{i}",
            "lang_hint": rng.choice(("ru", "kk", "en")),
            "views": views,
            "forwards": views // 50,
            "replies": views // 200,
            "reactions": [{"emoji": "👍", "custom_emoji_id": None, "count": views // 100}],
            "reaction_total": views // 100,
            "hashtags": ["закон"] if i % 7 == 0 else [],
            "forwarded_from": forwarded,
            "forwarded_post_key": f"telegram:{forwarded}:{i - 1}" if forwarded else None,
            "mentions": mentions,
            "links": links,
            "media_kind": "photo" if i % 3 == 0 else None,
            "collected_at": collected,
            "updated_at": collected,
            "version": 1,
            "content_sha256": f"{i:064x}",
            "run_id": f"run-{day.isoformat()}",
            "collector": "bench@1",
        }
        for name, column in cols.items():
            column.append(values.get(name))
        if platform == "news" and len(recent) < 500:
            recent.append(values["url"])
    articles[:] = (articles + recent)[-2_000:]  # the latest articles, linked from later posts
    return pa.table(cols, schema=POSTS_SCHEMA)


def _write(table: pa.Table, directory: Path, name: str) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, directory / name, compression="zstd", row_group_size=ROW_GROUP)
    return (directory / name).stat().st_size


def generate(lake: Path, rows: int, days: int, seed: int = 7) -> dict[str, int]:
    """Write ``rows`` posts (2% with a newer edit version) and ~1.5 sightings per post.

    Telegram posts forward each other (10 %), posts mention sources (5 %) and link to earlier
    news articles (20 % of non-news posts), so the network marts have edges to count.
    """
    rng = random.Random(seed)
    texts = _texts(rng)
    per_partition = max(1, rows // (len(PLATFORMS) * days))
    stats = {"posts": 0, "edits": 0, "metrics": 0, "files": 0, "bytes": 0}
    next_id = 0
    articles: list[str] = []
    metrics: dict[tuple[str, date], list[dict]] = {}
    for day_index in range(days):
        day = START + timedelta(days=day_index)
        for platform in PLATFORMS:
            count = min(per_partition, rows - stats["posts"])
            if count <= 0:
                break
            table = _post_rows(rng, platform, day, next_id, count, texts, articles)
            next_id += count
            part = lake / "posts" / f"platform={platform}" / f"date={day.isoformat()}"
            stats["bytes"] += _write(table, part, f"part-{day.isoformat()}-0.parquet")
            stats["files"] += 1
            stats["posts"] += count
            edits = table.filter(pa.array([rng.random() < 0.02 for _ in range(count)]))
            if edits.num_rows:
                bump = [u + timedelta(hours=3) for u in edits.column("updated_at").to_pylist()]
                edits = edits.set_column(
                    edits.schema.get_field_index("updated_at"),
                    "updated_at",
                    pa.array(bump, POSTS_SCHEMA.field("updated_at").type),
                ).set_column(
                    edits.schema.get_field_index("version"),
                    "version",
                    pa.array([2] * edits.num_rows, pa.int32()),
                )
                stats["bytes"] += _write(edits, part, f"part-{day.isoformat()}-edit.parquet")
                stats["files"] += 1
                stats["edits"] += edits.num_rows
            keys = table.column("post_key").to_pylist()
            collected = table.column("collected_at").to_pylist()
            views = table.column("views").to_pylist()
            for key, seen, view in zip(keys, collected, views, strict=True):
                for hop in range(1 + (rng.random() < 0.5)):
                    observed = seen + timedelta(days=1 + hop, hours=rng.randint(0, 23))
                    metrics.setdefault((platform, observed.date()), []).append(
                        {
                            "post_key": key,
                            "observed_at": observed,
                            "views": view + 100 * (hop + 1),
                            "forwards": None,
                            "replies": None,
                            "reaction_total": None,
                            "run_id": f"run-{observed.date()}",
                        }
                    )
    for (platform, day), sightings in metrics.items():
        part = lake / "metrics" / f"platform={platform}" / f"date={day.isoformat()}"
        table = pa.Table.from_pylist(sightings, schema=METRICS_SCHEMA)
        stats["bytes"] += _write(table, part, f"part-{day.isoformat()}.parquet")
        stats["files"] += 1
        stats["metrics"] += table.num_rows
    return stats


def _time(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[float, list]:
    started = time.perf_counter()
    rows = con.execute(sql).fetchall()
    return time.perf_counter() - started, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--threads", type=int, default=0, help="DuckDB threads (0 = default)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pikir-bench-") as tmp:
        home = DataHome(Path(tmp)).ensure()
        started = time.perf_counter()
        stats = generate(home.lake, args.rows, args.days)
        generated = time.perf_counter() - started
        report = build_warehouse(home)

        views_con = duckdb.connect(str(home.warehouse), read_only=True)
        direct_con = duckdb.connect()
        for con in (views_con, direct_con):
            if args.threads:
                con.execute(f"set threads = {args.threads}")
        # daily_volume is also split by language: sum it back to day, platform and source.
        view_sql = (
            "SELECT day, platform, source, sum(posts) AS posts, sum(views) AS views "
            "FROM daily_volume GROUP BY ALL"
        )
        direct_sql = DIRECT_SQL.format(lake=home.lake.as_posix())
        _, view_rows = _time(views_con, view_sql)  # warm-up, and the results to compare
        _, direct_rows = _time(direct_con, direct_sql)
        if sorted(view_rows) != sorted(direct_rows):
            print("MISMATCH: views and direct SQL disagree", file=sys.stderr)
            return 1
        timings: dict[str, list[float]] = {"views": [], "direct": []}
        for _ in range(args.repeat):
            timings["views"].append(_time(views_con, view_sql)[0])
            timings["direct"].append(_time(direct_con, direct_sql)[0])
        threads = views_con.execute("select current_setting('threads')").fetchall()[0][0]
        views_con.close()
        direct_con.close()

    med = {k: statistics.median(v) for k, v in timings.items()}
    ratio = med["views"] / med["direct"]
    print(
        f"lake: {stats['posts']:,} posts (+{stats['edits']:,} edit versions), "
        f"{stats['metrics']:,} metrics rows, {stats['files']} files, "
        f"{stats['bytes'] / 1e6:.0f} MB; generated in {generated:.1f} s; "
        f"warehouse built in {report.seconds:.2f} s; threads={threads}"
    )
    print(f"daily_volume: {len(view_rows):,} rows, results identical")
    print()
    print(f"| {'path':<28} | {'median s':>9} | {'min s':>7} | {'max s':>7} | runs |")
    print(f"|{'-' * 30}|{'-' * 11}|{'-' * 9}|{'-' * 9}|------|")
    labels = {"views": "views: daily_volume", "direct": "direct: read_parquet SQL"}
    for key, label in labels.items():
        values = timings[key]
        print(
            f"| {label:<28} | {med[key]:>9.3f} | {min(values):>7.3f} | {max(values):>7.3f} |"
            f" {len(values):>4} |"
        )
    verdict = "ok" if ratio <= 1.2 else "OVER GOAL"
    print(f"\nratio views/direct = {ratio:.2f}x (goal <= 1.2x: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
