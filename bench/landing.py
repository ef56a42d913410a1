"""Landing benchmark: the lake writer vs raw ``pyarrow.parquet.write_table(zstd)``, same rows.

Run: ``python bench/landing.py [--rows 1000000] [--repeat 3] [--batch-rows 250000]``

In the same process and run it times, on identical synthetic post dicts:

- ``writer``: ``LakeWriter.add`` for every dict, then ``close()`` — validation, Arrow
  conversion, dedup against the lake, partitioning by platform/day, metrics and zstd files,
  fsync and journaled publish;
- ``raw dicts``: ``pa.Table.from_pylist(dicts)`` + one ``pq.write_table(zstd)``;
- ``raw table``: ``pq.write_table(zstd)`` of an Arrow table built beforehand.

It prints medians and the ratios writer/raw (goal from the issue: ≤ 1.3× from item dicts).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pikir.config import DataHome
from pikir.lake.layout import POSTS
from pikir.lake.writer import LakeWriter
from pikir.schema import sha256_text

WORDS = (
    "закон законопроект соцсети мессенджер кибербуллинг дети мажилис сенат президент",
    "блокировка платформа регистрация представитель әлеуметтік желілер заң балалар",
    "law platform register children parliament the of and в на и не что это",
)
VOCABULARY = " ".join(WORDS).split(" ")


def synth_rows(n: int, days: int, seed: int = 42) -> list[dict]:
    """Return ``n`` post rows shaped like ``Post.to_row()`` output (text never repeats)."""
    rng = random.Random(seed)
    start = datetime(2021, 9, 1, tzinfo=UTC)
    collected = datetime(2022, 6, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        words = rng.choices(VOCABULARY, k=rng.randint(8, 90))
        text = " ".join(words) + f" #{i}"
        source = f"channel_{i % 500}"
        rows.append(
            {
                "platform": "telegram",
                "post_key": f"telegram:{source}:{i}",
                "source": source,
                "post_id": str(i),
                "url": f"https://t.me/{source}/{i}",
                "kind": "post",
                "published_at": start + timedelta(seconds=rng.randrange(days * 86400)),
                "text": text,
                "views": rng.randrange(100, 100_000),
                "forwards": None,
                "replies": None,
                "reactions": [{"emoji": "👍", "custom_emoji_id": None, "count": 3}],
                "reaction_total": 3,
                "hashtags": [],
                "mentions": [],
                "links": [],
                "collected_at": collected,
                "updated_at": collected,
                "version": 1,
                "content_sha256": sha256_text(text),
                "run_id": "bench",
                "collector": "bench@1",
            }
        )
    return rows


def time_writer(rows: list[dict], batch_rows: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        home = DataHome.from_env(tmp)
        started = time.perf_counter()
        with LakeWriter(home, run_id="bench", batch_rows=batch_rows) as writer:
            for row in rows:
                writer.add(row)
        return time.perf_counter() - started


def time_raw_dicts(rows: list[dict]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        table = pa.Table.from_pylist(rows, schema=POSTS.input_schema())
        pq.write_table(table, Path(tmp) / "raw.parquet", compression="zstd")
        return time.perf_counter() - started


def time_raw_table(table: pa.Table) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        pq.write_table(table, Path(tmp) / "raw.parquet", compression="zstd")
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-rows", type=int, default=250_000)
    parser.add_argument("--days", type=int, default=30, help="spread of published dates")
    args = parser.parse_args()
    print(f"generating {args.rows:,} synthetic posts over {args.days} days ...", flush=True)
    rows = synth_rows(args.rows, args.days)
    table = pa.Table.from_pylist(rows, schema=POSTS.input_schema())
    times: dict[str, list[float]] = {"writer": [], "raw dicts": [], "raw table": []}
    for round_ in range(args.repeat):  # interleave so machine noise hits all three alike
        times["writer"].append(time_writer(rows, args.batch_rows))
        times["raw dicts"].append(time_raw_dicts(rows))
        times["raw table"].append(time_raw_table(table))
        print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{'path':<12} {'median s':>9} {'rows/s':>10}")
    for name, seconds in med.items():
        print(f"{name:<12} {seconds:>9.2f} {args.rows / seconds:>10,.0f}")
    dicts_ratio = med["writer"] / med["raw dicts"]
    table_ratio = med["writer"] / med["raw table"]
    print(f"\nwriter / raw dicts (from_pylist + write_table): {dicts_ratio:.2f}x")
    print(f"writer / raw table (write_table only):           {table_ratio:.2f}x")


if __name__ == "__main__":
    main()
