"""Near-duplicate clustering: the reference in memory, the signatures, and the build step.

    python bench/near_duplicates.py [N_POSTS] [RUNS] [--lake-posts N] [--skip-reference]

1. Reference (skipped with ``--skip-reference``): N_POSTS (default 200,000) Telegram-length
   posts (~250 characters) from a random ru/kk/en-like vocabulary; one post in ten is an edited
   repost of an earlier one (a word changed, punctuation and a link added). Prints posts/s of
   :func:`enrich.near_duplicates.find_clusters` (median of RUNS after a warm-up), the split into
   normalising / signatures / LSH, exact dedup (SHA-256 of the normalised text) on the same
   posts, and recall and precision of the planted pairs.
2. Enrichment-stage cost: µs per post of :func:`enrich.near_duplicates.minhash_column` (what
   ``enrich/lake.py`` adds to every scored batch of 5,000 posts) on the same posts.
3. Build step (``--lake-posts``, default 1,000,000; 0 skips): a lake from ``bench/synth.py``
   plus enrichment rows whose ``minhash`` is generated in SQL (random minima; one post in ten
   a repost of an earlier post with 1 in 8 minima changed, so the bucket structure of real
   reposts), in a child process; then :func:`warehouse.near_duplicates.materialise_near_duplicates`
   alone on the staging and intermediate views, timed, with this process's peak memory.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.append(str(Path(__file__).resolve().parent))  # synth; after the root: bench/enrich.py

import duckdb
import synth

from enrich.near_duplicates import (
    DEFAULT_PARAMS,
    VERSION,
    cluster_labels,
    find_clusters,
    minhash_column,
    normalise_many,
    signatures,
)
from pikir.lake.storage import register_lake
from warehouse.build import DEFAULT_EVENTS_CSV, SQL_DIR, apply_sql_file, load_events, sql_files
from warehouse.near_duplicates import materialise_near_duplicates
from warehouse.seeds import load_topics
from warehouse.sources import render_sources

ENRICH_SQL = """
copy (
    select post_key, platform, 'bench@1+{version}' as model, 'kz_social_media_bill' as topic,
        'ru' as lang, 0.9 as lang_confidence, 0.5 as relevance, ['закон'] as matched_terms,
        'neutral' as sentiment_label, 0.0 as sentiment_score, 0.6 as sentiment_confidence,
        content_sha256, published_at, published_at + interval 2 day as scored_at,
        'enrich-bench' as run_id,
        list_transform(range({perm}), lambda p: (case
            when n % 10 = 9 and hash(n, p, version, 'edit') % 8 <> 0
                then hash(n - 9 - 10 * (hash(n, 'source') % 1000)::bigint, p, 1)
            else hash(n, p, version) end % 4294967296)::uinteger) as minhash,
        date
    from (
        select *, split_part(post_key, ':', 3)::bigint as n
        from read_parquet('{lake}/posts/platform=*/date=*/*.parquet', hive_partitioning = true)
    )
) to '{lake}/enrichment' (format parquet, partition_by (platform, date), compression zstd,
    row_group_size 122880)
"""
"""Every post version signed (``n % 10 = 9``: a repost of the original ``n - 9 - 10k``)."""

ALPHABETS = {
    "ru": "абвгдежзийклмнопрстуфхцчшщыьэюя",
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщыіэюя",
    "en": "abcdefghijklmnopqrstuvwxyz",
}


def corpus(n: int, seed: int = 7) -> tuple[list[str], list[int]]:
    """Return n posts and, for each, the index of the post it reposts (-1 for originals)."""
    rng = random.Random(seed)
    vocab = {
        lang: ["".join(rng.choice(abc) for _ in range(rng.randint(2, 10))) for _ in range(20_000)]
        for lang, abc in ALPHABETS.items()
    }
    langs = rng.choices(list(vocab), weights=(0.6, 0.25, 0.15), k=n)
    texts: list[str] = []
    source: list[int] = []
    for i, lang in enumerate(langs):
        if i > 10 and rng.random() < 0.1:
            original = rng.randrange(i)
            while source[original] != -1:
                original = source[original]
            words = texts[original].split()
            words[rng.randrange(len(words))] = rng.choice(vocab[lang])
            texts.append(" ".join(words) + f"! https://t.me/pikir_bench/{i}")
            source.append(original)
        else:
            texts.append(" ".join(rng.choice(vocab[lang]) for _ in range(40)))
            source.append(-1)
    return texts, source


def quality(texts: list[str], source: list[int]) -> tuple[float, float]:
    """Recall of planted repost pairs, and precision of the clustered pairs found."""
    found = find_clusters(texts)
    head = dict(zip(found.members.tolist(), found.first.tolist(), strict=True))
    planted = [(i, s) for i, s in enumerate(source) if s != -1]
    recalled = sum(1 for i, s in planted if i in head and head.get(s) == head[i])
    root = [s if s != -1 else i for i, s in enumerate(source)]
    clustered = [i for i in head if head[i] != i]
    correct = sum(1 for i in clustered if root[i] == root[head[i]])
    return recalled / max(1, len(planted)), correct / max(1, len(clustered))


def timed(function, *args) -> tuple[float, object]:
    """Seconds taken by one call, and its result."""
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def generate_lake(lake: Path, posts: int) -> None:
    """Write the synthetic posts and their signed enrichment rows (run in a child process)."""
    stats = synth.generate(lake, posts, 60)
    duckdb.execute(
        ENRICH_SQL.format(lake=lake.as_posix(), version=VERSION, perm=DEFAULT_PARAMS.num_perm)
    )
    print(f"lake: {stats['posts']:,} posts (+{stats['edits']:,} edits), all signed", flush=True)


def build_step(lake: Path) -> None:
    """Time the near-duplicate build step alone on the lake's staging/intermediate views."""
    con = duckdb.connect()
    register_lake(con, lake)
    con.execute("set TimeZone = 'UTC'")
    con.execute("set enable_progress_bar = false")
    for source in render_sources(lake):
        con.execute(source.sql)
    load_events(con, DEFAULT_EVENTS_CSV)
    load_topics(con)
    for path in sql_files(SQL_DIR):
        if path.parent.name in ("10_staging", "20_intermediate"):
            apply_sql_file(con, path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    report = materialise_near_duplicates(con)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    con.close()
    print(
        f"build step on {report.posts:,} current posts: {seconds:.1f} s = "
        f"{report.posts / seconds:,.0f} posts/s; peak memory {peak:,.0f} MB "
        f"({before:,.0f} MB before the step)"
    )
    print(f"  signed in build {report.signed_in_build:,}, candidate pairs "
          f"{report.candidate_pairs:,}, kept {report.kept_pairs:,}, clustered posts "
          f"{report.clustered:,}, skipped buckets {report.skipped_buckets}")  # fmt: skip


def reference(n: int, runs: int, texts: list[str], source: list[int]) -> None:
    """Time find_clusters in memory, its stages and exact dedup; print quality."""
    chars = sum(map(len, texts)) / n
    find_clusters(texts[: max(2, n // 10)])  # warm-up
    seconds = [timed(find_clusters, texts)[0] for _ in range(runs)]
    median = statistics.median(seconds)
    t_norm, normalised = timed(normalise_many, texts)
    t_sig, sigs = timed(signatures, normalised)
    t_lsh, _ = timed(cluster_labels, sigs, DEFAULT_PARAMS)
    t_exact, _ = timed(
        lambda: len({hashlib.sha256(t.encode()).digest() for t in normalise_many(texts)})
    )
    recall, precision = quality(texts, source)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"posts: {n:,} (mean {chars:.0f} characters), runs: {runs}")
    print(f"near-duplicate clustering: {n / median:,.0f} posts/s (median {median:.2f} s)")
    print(f"  normalise {t_norm:.2f} s, signatures {t_sig:.2f} s, LSH + union {t_lsh:.2f} s")
    print(f"baseline exact dedup (sha256 of normalised text): {n / t_exact:,.0f} posts/s")
    print(f"ratio near-duplicate / exact: {median / t_exact:.1f}x the time")
    print(f"planted reposts: recall {recall:.3f}, precision {precision:.3f}")
    print(f"peak memory: {peak_mb:,.0f} MB")


def signature_cost(texts: list[str], runs: int) -> None:
    """µs per post of the enrichment stage's ``minhash`` column, in its 5,000-post batches."""

    def all_batches() -> None:
        for begin in range(0, len(texts), 5_000):
            minhash_column(texts[begin : begin + 5_000])

    minhash_column(texts[:100])  # warm-up: the first call pays one-off imports (~1 s)
    seconds = statistics.median(timed(all_batches)[0] for _ in range(runs))
    print(f"enrichment minhash column: {seconds / len(texts) * 1e6:.0f} µs/post = "
          f"{len(texts) / seconds:,.0f} posts/s (median of {runs})")  # fmt: skip


def main(argv: list[str]) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", nargs="?", type=int, default=200_000)
    parser.add_argument("runs", nargs="?", type=int, default=3)
    parser.add_argument("--lake-posts", type=int, default=1_000_000)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv[1:])
    if args.generate:
        generate_lake(args.generate, args.lake_posts)
        return
    texts, source = corpus(args.posts)
    if not args.skip_reference:
        reference(args.posts, args.runs, texts, source)
    signature_cost(texts, args.runs)
    if args.lake_posts:
        with tempfile.TemporaryDirectory(prefix="pikir-bench-neardup-") as tmp:
            lake = Path(tmp) / "lake"
            lake.mkdir()
            started = time.perf_counter()
            child = [sys.executable, __file__, "--generate", str(lake)]
            subprocess.run([*child, "--lake-posts", str(args.lake_posts)], check=True)
            print(f"  generated in {time.perf_counter() - started:.0f} s (child process)")
            build_step(lake)


if __name__ == "__main__":
    main(sys.argv)
