import duckdb
import pytest

from enrich import TOPICS_DIR
from warehouse.seeds import SeedError, load_topics

TOPIC = """
[topic]
name = "{name}"
version = "2"
threshold = {threshold}

[[term]]
id = "water"
weight = 0.6
ru = ["вода"]
"""


def seeded(directory):
    con = duckdb.connect()
    count = load_topics(con, directory)
    return count, con.execute("select topic, version, model, threshold from seed_topics").fetchall()


def test_every_topic_file_becomes_a_row_with_its_threshold(tmp_path):
    (tmp_path / "a.toml").write_text(TOPIC.format(name="water", threshold=0.7), encoding="utf-8")
    (tmp_path / "b.toml").write_text(TOPIC.format(name="gas", threshold=0.4), encoding="utf-8")
    count, rows = seeded(tmp_path)
    assert count == 2
    by_topic = {r[0]: r for r in rows}
    assert by_topic["water"][3] == 0.7
    assert by_topic["gas"][3] == 0.4
    assert by_topic["water"][2].startswith("water@2~")


def test_the_shipped_topic_is_seeded():
    count, rows = seeded(TOPICS_DIR)
    assert count >= 1
    assert ("kz_social_media_bill", "1") in {(r[0], r[1]) for r in rows}


def test_a_topic_declared_twice_is_an_error(tmp_path):
    for stem in ("a", "b"):
        (tmp_path / f"{stem}.toml").write_text(
            TOPIC.format(name="water", threshold=0.5), encoding="utf-8"
        )
    with pytest.raises(SeedError, match="declared by two files"):
        seeded(tmp_path)


def test_a_broken_topic_file_names_the_file(tmp_path):
    (tmp_path / "broken.toml").write_text("[topic\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"broken\.toml"):
        seeded(tmp_path)
