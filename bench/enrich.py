"""Enrichment throughput: language + relevance + sentiment together, one process, one thread.

    python bench/enrich.py [N_POSTS] [RUNS]

Posts are built from the evaluation sets (ru/kk/en, relevant and not) and the shared sentiment
corpora, joined into Telegram-length posts (~400 characters). Prints posts/s/core (median of
RUNS after a warm-up), the raw lingua baseline on the same posts (perf-anchors §4: ~1,800/s),
peak memory, and every quality figure from ``enrich.evaluate``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# This file is named like the package it measures: put the repository, not bench/, first.
_REPO = Path(__file__).resolve().parents[1]
sys.path[:] = [str(_REPO)] + [p for p in sys.path if Path(p or ".").resolve() != _REPO / "bench"]

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import csv  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from lingua import Language, LanguageDetectorBuilder  # noqa: E402

from enrich import EVAL_DIR  # noqa: E402
from enrich.evaluate import main as evaluate_main  # noqa: E402
from enrich.scorer import Enricher  # noqa: E402
from enrich.sentiment.corpora import DEFAULT_DATA_DIR  # noqa: E402

FILES = ("rusentiment_train_ru.csv", "kazsandra_sc_train_kk.csv", "tweeteval_train_en.csv")
WEIGHTS = (0.6, 0.25, 0.15)


def make_posts(n: int, topical_share: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pools = []
    for name in FILES:
        with (DEFAULT_DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
            pools.append(
                [row["text"] for _, row in zip(range(5000), csv.DictReader(handle), strict=False)]
            )
    with (EVAL_DIR / "relevance.csv").open(encoding="utf-8", newline="") as handle:
        topical = {lang: [] for lang in ("ru", "kk", "en")}
        for row in csv.DictReader(handle):
            topical[row["lang"]].append(row["text"])
    posts = []
    for _ in range(n):
        i = rng.choices(range(3), WEIGHTS)[0]
        lang = ("ru", "kk", "en")[i]
        parts = [rng.choice(topical[lang])] if rng.random() < topical_share else []
        while sum(map(len, parts)) < 380:
            parts.append(rng.choice(pools[i]))
        posts.append(" ".join(parts))
    return posts


def timed(fn, posts, runs):
    fn(posts[:500])
    times = []
    for _ in range(runs):
        started = time.process_time()
        fn(posts)
        times.append(time.process_time() - started)
    return len(posts) / statistics.median(times), times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    enricher = Enricher.load()
    for share in (1.0, 0.1):
        measure(enricher, make_posts(n, share), runs, share)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")
    evaluate_main([])


def measure(enricher: Enricher, posts: list[str], runs: int, share: float) -> None:
    n = len(posts)
    print(f"\n{n} posts, {share:.0%} starting with a topical (relevant or near-miss) sentence,")
    print(f"mean {sum(map(len, posts)) / n:.0f} chars, {runs} runs (CPU time)")
    print(f"model: {enricher.model_id}")

    def full(texts):
        for start in range(0, len(texts), 5000):
            enricher.score(texts[start : start + 5000])

    rate, times = timed(full, posts, runs)
    print(f"enrich (lang + relevance + sentiment): {rate:,.0f} posts/s/core  runs={times}")
    lingua = LanguageDetectorBuilder.from_languages(
        Language.RUSSIAN, Language.KAZAKH, Language.ENGLISH
    ).build()
    base, _ = timed(lambda texts: [lingua.detect_language_of(t) for t in texts], posts, 1)
    print(f"baseline lingua ru/kk/en alone: {base:,.0f} posts/s/core  ratio {rate / base:.2f}x")
    for label, fn in (
        ("  language only", lambda t: enricher.langid.detect(t)),
        ("  relevance only", lambda t: enricher.topic.score(t)),
        ("  sentiment only", lambda t: enricher.sentiment.predict_proba(t, ["ru"] * len(t))),
    ):
        part, _ = timed(fn, posts, 1)
        print(f"{label}: {part:,.0f} posts/s/core")


if __name__ == "__main__":
    main()
