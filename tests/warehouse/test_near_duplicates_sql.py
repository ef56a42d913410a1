"""The SQL near-duplicate path (signatures from enrichment) against the reference find_clusters."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from enrich.lake import enrich_lake
from enrich.lang import LanguageIdentifier
from enrich.near_duplicates import find_clusters
from enrich.scorer import Enricher
from enrich.topic import Topic
from pikir.lake.storage import register_lake
from pikir.schema import ENRICHMENT_SCHEMA
from tests.enrichment_fixtures import T0, KeywordBackend
from warehouse.build import build_warehouse
from warehouse.near_duplicates import materialise_near_duplicates

HOUR = timedelta(hours=1)
RU = (
    "Мажилис одобрил в первом чтении законопроект о социальных сетях, "
    "депутаты спорили о блокировках мессенджеров"
)
KK = (
    "Мәжіліс әлеуметтік желілер туралы заң жобасын бірінші оқылымда мақұлдады, "
    "депутаттар бұғаттауды талқылады"
)
EN = "The Mazhilis approved the social media bill in its first reading after deputies argued"
# (published hour, platform, source, title, text): paraphrased reposts, chains, look-alikes
POSTS = [
    (0, "telegram", "kaz_news", None, RU),
    (1, "vk", "club1", None, RU.replace("социальных сетях", "соцсетях") + "! https://vk.com/w"),
    (2, "news", "vlast.kz", "Мажилис и соцсети", "«" + RU + "», — пишут в Telegram"),
    (3, "telegram", "other", None, RU.replace("спорили", "долго спорили").upper()),
    (-1, "telegram", "kk_news", None, KK),
    (4, "vk", "club2", None, KK.replace(", депутаттар", ". Депутаттар") + " 👍"),
    (5, "telegram", "en_wire", None, EN),
    (6, "news", "orda.kz", "Mazhilis", EN.replace("The Mazhilis", "Mazhilis") + " again."),
    (7, "telegram", "kaz_news", None, "Закон принят."),  # too short to compare
    (8, "telegram", "weather", None, "Погода в Алматы: на выходных снег и сильный ветер в горах"),
    (9, "vk", "club3", None, "Погода в Астане: на выходных дождь и слабый ветер на равнинах"),
    (10, "telegram", "kaz_news", None, "Сенат вернул закон о защите детей на доработку, критика"),
]


@pytest.fixture(scope="module")
def enricher():
    return Enricher(Topic.load(), KeywordBackend(), LanguageIdentifier())


def rows_of(lake, posts):
    out = []
    for n, (hour, platform, source, title, text) in posts:
        published = T0 + hour * HOUR
        out.append(
            lake.post(
                n, platform=platform, source=source, title=title, text=text, published_at=published
            )
        )
    return out


def reference(rows):
    """find_clusters on the current posts in the build's order: {post_key: (cluster, sim)}."""
    ordered = sorted(rows, key=lambda r: (r["published_at"], r["post_key"]))
    bodies = ["\n\n".join(p for p in (r["title"], r["text"]) if p is not None) for r in ordered]
    found = find_clusters(bodies)
    keys = [r["post_key"] for r in ordered]
    return {
        keys[m]: (keys[f], s)
        for m, f, s in zip(found.members, found.first, found.similarity, strict=True)
    }


def built_clusters(lake):
    got = lake.query("select post_key, cluster_id, similarity from int_near_duplicates")
    return {key: (cluster, sim) for key, cluster, sim in got}


def rebuild_report(home, **kwargs):
    """Run the step again on the built warehouse and return its report."""
    con = duckdb.connect(str(home.warehouse))
    try:
        register_lake(con, home.lake)
        return materialise_near_duplicates(con, **kwargs)
    finally:
        con.close()


def test_sql_path_gives_the_clusters_of_find_clusters(lake, enricher):
    rows = rows_of(lake, enumerate(POSTS, start=1))
    lake.write_posts(rows)
    enrich_lake(lake.home, enricher, "enrich-1")
    build_warehouse(lake.home)
    expected = reference(rows)
    assert built_clusters(lake) == expected
    clusters = {}
    for key, (cluster, _) in expected.items():
        clusters.setdefault(cluster, set()).add(key.split(":")[1])
    assert sorted(map(sorted, clusters.values())) == [
        ["club1", "kaz_news", "other", "vlast.kz"],
        ["club2", "kk_news"],
        ["en_wire", "orda.kz"],
    ]
    report = rebuild_report(lake.home)
    assert (report.posts, report.signed_in_build, report.clustered) == (12, 0, 8)
    assert report.kept_pairs <= report.candidate_pairs


def test_posts_not_yet_enriched_are_signed_in_the_build(lake, enricher):
    first, later = list(enumerate(POSTS, start=1))[:6], list(enumerate(POSTS, start=1))[6:]
    lake.write_posts(rows_of(lake, first))
    enrich_lake(lake.home, enricher, "enrich-1")
    rows = rows_of(lake, first) + rows_of(lake, later)
    lake.write_posts(rows_of(lake, later), name="part-1.parquet")
    build_warehouse(lake.home)
    assert built_clusters(lake) == reference(rows)
    assert rebuild_report(lake.home).signed_in_build == len(later)


def test_an_edited_post_is_compared_by_its_current_text(lake, enricher):
    rows = rows_of(lake, enumerate(POSTS[:3], start=1))
    edited = lake.post(
        2,
        platform="vk",
        source="club1",
        text=POSTS[11][4],
        published_at=T0 + HOUR,
        version=2,
        updated_at=T0 + 5 * HOUR,
    )
    lake.write_posts(rows)
    enrich_lake(lake.home, enricher, "enrich-1")
    lake.write_posts([edited], name="part-1.parquet")
    enrich_lake(lake.home, enricher, "enrich-2")
    build_warehouse(lake.home)
    assert built_clusters(lake) == reference([rows[0], edited, rows[2]])
    assert "vk:club1:2" not in built_clusters(lake)
    assert rebuild_report(lake.home).signed_in_build == 0


def test_enrichment_files_without_the_minhash_column_still_build(lake):
    rows = rows_of(lake, enumerate(POSTS, start=1))
    lake.write_posts(rows)
    old = pa.schema([f for f in ENRICHMENT_SCHEMA if f.name != "minhash"])
    data = [
        {
            "post_key": r["post_key"],
            "model": "m@1",
            "content_sha256": r["content_sha256"],
            "published_at": r["published_at"],
            "scored_at": T0,
            "run_id": "e-1",
        }
        for r in rows
        if r["platform"] == "telegram"
    ]
    directory = lake.root / "enrichment" / "platform=telegram" / "date=2021-09-15"
    directory.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(data, schema=old), directory / "old.parquet")
    build_warehouse(lake.home)
    assert lake.query("select count(*), count(minhash) from stg_lake__enrichment") == [(7, 0)]
    assert built_clusters(lake) == reference(rows)


def test_a_bucket_cap_skips_and_counts_buckets(lake, enricher):
    lake.write_posts(rows_of(lake, enumerate(POSTS, start=1)))
    enrich_lake(lake.home, enricher, "enrich-1")
    build_warehouse(lake.home)
    report = rebuild_report(lake.home, max_bucket=1)
    assert report.skipped_buckets > 0
    assert (report.candidate_pairs, report.clustered) == (0, 0)
