"""A small hand-built lake for the analysis marts, and the bundled sample landed as a lake.

``write_scenario`` writes a lake with edits, duplicate files, a deleted post, posts with and
without enrichment, forwards (public and hidden), mentions, links to a collected article,
metrics sightings and runs; the expected values in ``tests/warehouse/test_analysis_marts.py``
are computed by hand from it. ``land_sample`` parses the bundled sample's rendered preview
pages with the spider's own parsing functions and lands them with the real lake writer.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pikir.config import DataHome
from pikir.schema import (
    ENRICHMENT_SCHEMA,
    METRICS_SCHEMA,
    POSTS_SCHEMA,
    RUNS_SCHEMA,
    Post,
    sha256_text,
)

T0 = datetime(2021, 9, 15, 9, 0, tzinfo=UTC)  # the Mazhilis first reading
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def post(post_id: int, source: str = "kaz_news", **fields: Any) -> dict[str, Any]:
    """Return a posts row built by the real Post model (lake-only columns may be overridden)."""
    lake_only = {k: fields.pop(k) for k in ("version", "updated_at") if k in fields}
    values = {
        "platform": "telegram",
        "source": source,
        "post_id": str(post_id),
        "published_at": T0,
        "collected_at": T0 + HOUR,
        "run_id": "run-1",
        "collector": "test@1",
        "text": f"post {post_id}",
        **fields,
    }
    row = Post(**values).to_row()
    row.update(lake_only)
    return row


def write(
    home: DataHome, table: str, schema: pa.Schema, rows: list[dict], name: str = "part-0.parquet"
) -> None:
    """Write ``rows`` into ``table`` in the real hive layout (one file per partition)."""
    stamp = {"posts": "published_at", "enrichment": "published_at", "metrics": "observed_at"}
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        day = row[stamp.get(table, "started_at")].astimezone(UTC).date().isoformat()
        part = f"date={day}" if table == "runs" else f"platform={row['platform']}/date={day}"
        groups[part].append(row)
    for part, members in groups.items():
        directory = home.lake / table / part
        directory.mkdir(parents=True, exist_ok=True)
        data = [{f.name: row.get(f.name) for f in schema} for row in members]
        pq.write_table(pa.Table.from_pylist(data, schema=schema), directory / name)


def score(row: dict, lang: str, sentiment: float, terms: list[str]) -> dict[str, Any]:
    """Return an enrichment row scoring the version ``row``."""
    return {
        "post_key": row["post_key"],
        "platform": row["platform"],
        "model": "test-model@1",
        "topic": "social_media_law",
        "lang": lang,
        "lang_confidence": 0.9,
        "relevance": 0.8,
        "matched_terms": terms,
        "sentiment_label": "negative" if sentiment < 0 else "positive",
        "sentiment_score": sentiment,
        "sentiment_confidence": 0.7,
        "content_sha256": row["content_sha256"],
        "published_at": row["published_at"],
        "scored_at": T0 + 10 * DAY,
        "run_id": "enrich-1",
    }


def write_scenario(home: DataHome) -> None:
    """Write the hand-built analysis lake into ``home`` (see the module docstring)."""
    p1 = post(
        1,
        published_at=T0 - DAY,
        lang_hint="ru",
        views=100,
        forwards=5,
        mentions=["@Other"],
        links=["https://www.vlast.kz/novosti/1-law.html?utm_source=tg", "https://t.me/other/5"],
    )
    p2v1 = post(2, lang_hint="ru", views=40, forwards=2)
    p2v2 = post(2, lang_hint="ru", text="edited", views=50, forwards=2, version=2)
    p2v2["updated_at"] = T0 + 5 * HOUR
    p3 = post(
        3,
        published_at=T0 + DAY,
        lang_hint="ru",
        views=30,
        forwarded_from="other",
        forwarded_post_key="telegram:other:10",
        deleted_at=T0 + 2 * DAY,
    )
    p4 = post(4, published_at=T0 - 3 * DAY, lang_hint="ru", views=10)
    p10 = post(10, "other", published_at=T0 - 2 * DAY, views=40, forwards=9)
    p10["forwarded_from"] = "hid_abc123"  # a hidden private author's pseudonym
    p11 = post(
        11,
        "other",
        published_at=T0 + 2 * HOUR,
        views=20,
        forwards=1,
        forwarded_from="kaz_news",
        forwarded_post_key="telegram:kaz_news:1",
        mentions=["kaz_news", "@KAZ_NEWS"],
        links=["http://vlast.kz/novosti/1-law.html/", "https://example.com/x"],
    )
    p12 = post(
        12,
        "other",
        published_at=T0 + 3 * HOUR,
        forwarded_from="kaz_news",
        forwarded_post_key="telegram:kaz_news:2",
    )
    a1 = post(
        "1-law",
        "vlast.kz",
        platform="news",
        kind="article",
        published_at=T0 - DAY + 3 * HOUR,
        lang_hint="ru",
        url="https://vlast.kz/novosti/1-law.html",
    )
    write(home, "posts", POSTS_SCHEMA, [p1, p2v1, p3, p4, p10, p11, p12, a1])
    write(home, "posts", POSTS_SCHEMA, [p1, p2v1], name="part-duplicate.parquet")
    write(home, "posts", POSTS_SCHEMA, [p2v2], name="part-edit.parquet")
    write(
        home,
        "enrichment",
        ENRICHMENT_SCHEMA,
        [
            score(p1, "kk", -0.5, ["закон", "соцсети"]),
            score(p2v1, "ru", 0.9, ["митинг"]),  # scored an outdated version: ignored
            score(p2v2, "ru", 0.1, ["закон"]),
            score(p4, "ru", -0.1, []),
            score(p11, "ru", 0.3, ["закон"]),
        ],
    )
    sighting = {"platform": "telegram", "run_id": "run-2", "replies": None}
    write(
        home,
        "metrics",
        METRICS_SCHEMA,
        [
            {**sighting, "post_key": p1["post_key"], "observed_at": T0 - DAY - HOUR, "views": 1},
            {**sighting, "post_key": p1["post_key"], "observed_at": T0 - DAY + 2 * HOUR,
             "views": 60, "forwards": 3, "reaction_total": 2},
            {**sighting, "post_key": p1["post_key"], "observed_at": T0 + 2 * HOUR,
             "views": 150, "forwards": 6, "reaction_total": 4},
            {**sighting, "post_key": "telegram:gone:1", "observed_at": T0, "views": 5},
        ],
    )  # fmt: skip
    base = {"flow": "nightly", "platform": "telegram", "collector": "test@1", "items": 3}
    write(
        home,
        "runs",
        RUNS_SCHEMA,
        [
            {**base, "run_id": "r1", "source": "kaz_news", "status": "ok", "started_at": T0,
             "finished_at": T0 + 90 * timedelta(seconds=1), "pages": 8, "http_errors": 1,
             "timeouts": 1},
            {**base, "run_id": "r2", "source": "kaz_news", "status": "failed",
             "started_at": T0 + 2 * HOUR, "finished_at": T0 + 2 * HOUR + timedelta(seconds=90),
             "pages": 0, "http_errors": 3, "timeouts": 2,
             "status_counts": '{"503": 3, "dns": 2, "refused": 1, "connection_lost": 1}'},
            {**base, "run_id": "r3", "source": "kaz_news", "status": "unavailable",
             "started_at": T0 + DAY, "finished_at": T0 + DAY + HOUR, "pages": 0,
             "http_errors": 0, "timeouts": 0},
        ],
    )  # fmt: skip


def land_sample(home: DataHome, base_url: str = "https://t.me") -> int:
    """Land the bundled sample's channels as the telegram_web spider would; return posts landed.

    Each channel's preview pages are rendered from ``sample/telegram/*.json`` and parsed with
    :mod:`spiders.parsing` (no server, no Scrapy), then written with the real lake writer.
    """
    from parsel import Selector

    from pikir.lake.writer import LakeWriter
    from pikir.sample.content import load_channels
    from pikir.sample.render import feed_page
    from spiders.parsing.telegram_item import map_message
    from spiders.parsing.telegram_preview import parse_channel_page

    landed = 0
    with LakeWriter(home, run_id="sample-1") as writer:
        for channel in load_channels().values():
            if not channel.preview:
                continue
            before = None
            while True:
                html = feed_page(channel, base_url, before=before)
                page = parse_channel_page(Selector(text=html), base_url)
                for message in page.messages:
                    row = map_message(
                        message,
                        page,
                        channel.username.lower(),
                        collected_at=datetime(2022, 6, 30, tzinfo=UTC),
                        run_id="sample-1",
                        collector="sample@1",
                        pseudonymize=lambda platform, name: "hid_" + sha256_text(name)[:8],
                    )
                    writer.add(row)
                    landed += 1
                if page.older_before is None:
                    break
                before = page.older_before
    return landed


def sample_home(root: Path) -> DataHome:
    """Return a data home under ``root`` holding the landed sample and its built warehouse."""
    from warehouse.build import build_warehouse

    home = DataHome(root).ensure()
    land_sample(home)
    build_warehouse(home)
    return home
