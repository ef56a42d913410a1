"""Seeds that come from configuration rather than CSV: the topics and their thresholds.

``seed_topics`` has one row per topic file in ``enrich/topics/`` (name, version, the model id
its scores carry, and the relevance threshold), so marts such as ``bill_posts`` filter with the
threshold the topic file declares instead of a number copied into SQL.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from enrich import TOPICS_DIR
from enrich.topic import Topic, TopicError

TOPICS_COLUMNS = "topic VARCHAR, version VARCHAR, model VARCHAR, threshold DOUBLE, path VARCHAR"


class SeedError(RuntimeError):
    """A seed could not be read."""


def load_topics(con: duckdb.DuckDBPyConnection, directory: Path = TOPICS_DIR) -> int:
    """Create ``seed_topics`` from every ``*.toml`` topic file in ``directory``.

    Returns:
        The number of topics loaded.

    Raises:
        SeedError: a topic file does not compile, or two files declare the same topic name.
    """
    rows: dict[str, tuple[str, str, str, float, str]] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            topic = Topic.load(path)
        except TopicError as exc:
            raise SeedError(f"topic seed: {exc}") from exc
        if topic.name in rows:
            raise SeedError(f"topic seed: {topic.name!r} is declared by two files ({path})")
        rows[topic.name] = (topic.name, topic.version, topic.model, topic.threshold, str(path))
    con.execute(f"create or replace table seed_topics ({TOPICS_COLUMNS})")
    if rows:
        con.executemany("insert into seed_topics values (?, ?, ?, ?, ?)", list(rows.values()))
    return len(rows)
