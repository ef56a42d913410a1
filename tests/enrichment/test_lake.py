import re
from datetime import timedelta

import pyarrow.compute as pc
import pytest

from enrich.lake import enrich_lake, pending_batches, post_text
from enrich.lang import LanguageIdentifier
from enrich.near_duplicates import MinHashParams, normalise, signatures
from enrich.scorer import Enricher
from enrich.topic import Topic
from pikir.config import DataHome
from pikir.lake import layout
from pikir.lake.append import read_table
from pikir.schema import sha256_text
from tests.enrichment_fixtures import T0, KeywordBackend, post_row, write_posts

TEXTS = {
    1: "Мажилис одобрил законопроект о соцсетях, это хорошо",
    2: "Курс тенге укрепился, плохо для экспортёров",
    3: "Әлеуметтік желілер туралы заң жобасы жақсы",
}


@pytest.fixture(scope="module")
def shared_parts():
    return Topic.load(), LanguageIdentifier()


def enricher(shared_parts, version="1"):
    topic, langid = shared_parts
    return Enricher(topic, KeywordBackend(version), langid)


@pytest.fixture
def home(tmp_path):
    home = DataHome(tmp_path / "home").ensure()
    rows = [post_row(i, text) for i, text in TEXTS.items()]
    rows.append(post_row(4, None, media_kind="photo", published_at=T0 + timedelta(days=1)))
    write_posts(home.lake, rows)
    return home


def scores(home):
    return read_table(home, layout.ENRICHMENT).sort_by([("post_key", "ascending")]).to_pylist()


def test_every_post_is_scored_once(home, shared_parts):
    report = enrich_lake(home, enricher(shared_parts), "enrich-1")
    assert (report.pending, report.scored, report.landed) == (4, 4, 4)
    rows = {r["post_key"]: r for r in scores(home)}
    assert rows["telegram:kaz_news:1"]["sentiment_label"] == "positive"
    assert rows["telegram:kaz_news:1"]["relevance"] >= 0.5
    assert rows["telegram:kaz_news:2"]["sentiment_label"] == "negative"
    assert rows["telegram:kaz_news:2"]["relevance"] < 0.5
    assert rows["telegram:kaz_news:3"]["lang"] == "kk"
    assert rows["telegram:kaz_news:4"]["sentiment_label"] is None  # a photo without text
    topic_model = shared_parts[0].model
    assert re.fullmatch(r"kz_social_media_bill@1~[0-9a-f]{8}", topic_model)
    assert {r["model"] for r in rows.values()} == {
        f"langid-script-lingua@1+{topic_model}+keyword-test@1+near_duplicates@1"
    }
    assert {r["run_id"] for r in rows.values()} == {"enrich-1"}


def test_a_rerun_scores_nothing(home, shared_parts):
    enrich_lake(home, enricher(shared_parts), "enrich-1")
    backend_run = enricher(shared_parts)
    report = enrich_lake(home, backend_run, "enrich-2")
    assert (report.pending, report.scored, report.landed) == (0, 0, 0)
    assert backend_run.sentiment.calls == 0
    assert len(scores(home)) == 4


def test_a_new_model_version_rescores_and_old_scores_stay(home, shared_parts):
    enrich_lake(home, enricher(shared_parts, "1"), "enrich-1")
    report = enrich_lake(home, enricher(shared_parts, "2"), "enrich-2")
    assert report.scored == 4
    models = [r["model"].split("+")[2].rsplit("@", 1)[1] for r in scores(home)]
    assert sorted(models) == ["1"] * 4 + ["2"] * 4


def test_minhash_signatures_land_with_the_scores(home, shared_parts):
    enrich_lake(home, enricher(shared_parts), "enrich-1")
    rows = {r["post_key"]: r["minhash"] for r in scores(home)}
    texts = [normalise(TEXTS[i]) for i in (1, 2, 3)]
    expected = signatures(texts).tolist()
    assert [rows[f"telegram:kaz_news:{i}"] for i in (1, 2, 3)] == expected
    assert rows["telegram:kaz_news:4"] is None  # no text: nothing to compare


def test_new_minhash_parameters_rescore(home, shared_parts):
    enrich_lake(home, enricher(shared_parts), "enrich-1")
    topic, langid = shared_parts
    params = MinHashParams(num_perm=32, bands=8)
    changed = Enricher(topic, KeywordBackend("1"), langid, near_duplicates=params)
    assert changed.model_id.endswith("+near_duplicates@1(k=5,perm=32,seed=20210915,min=40)")
    assert enrich_lake(home, changed, "enrich-2").scored == 4
    rescored = [r["minhash"] for r in scores(home) if r["run_id"] == "enrich-2"]
    assert {len(m) for m in rescored if m is not None} == {32}


@pytest.mark.slow  # the edited text has no script evidence: lingua is built
def test_an_edited_post_version_is_scored_again(home, shared_parts):
    enrich_lake(home, enricher(shared_parts), "enrich-1")
    edited = post_row(2, "Курс тенге: всё хорошо", version=2, updated_at=T0 + timedelta(hours=5))
    assert edited["content_sha256"] != sha256_text(TEXTS[2])
    for path in layout.data_files(home.lake / "posts"):
        path.unlink()
    write_posts(home.lake, [post_row(i, t) for i, t in TEXTS.items() if i != 2] + [edited])
    report = enrich_lake(home, enricher(shared_parts), "enrich-2")
    assert report.scored == 1
    latest = [r for r in scores(home) if r["post_key"] == "telegram:kaz_news:2"]
    assert sorted(r["sentiment_label"] for r in latest) == ["negative", "positive"]


def test_only_needed_columns_are_read_in_batches(home):
    total, batches = pending_batches(home, "m@1", batch_rows=2)
    batches = list(batches)
    assert total == 4
    assert batches[0].schema.names == [
        "platform",
        "post_key",
        "content_sha256",
        "published_at",
        "title",
        "lead",
        "text",
    ]
    assert sum(b.num_rows for b in batches) == 4


def test_an_empty_lake_has_nothing_pending(tmp_path, shared_parts):
    home = DataHome(tmp_path / "empty").ensure()
    assert enrich_lake(home, enricher(shared_parts), "enrich-1").pending == 0


def test_post_text_joins_title_lead_and_text(home):
    _, batches = pending_batches(home, "m@1")
    batch = next(iter(batches))
    assert pc.equal(post_text(batch), batch.column("text")).to_pylist()[:3] == [True] * 3


def test_posts_files_without_newer_text_columns_are_read(tmp_path, shared_parts):
    import pyarrow as pa
    import pyarrow.parquet as pq

    home = DataHome(tmp_path / "old").ensure()
    row = post_row(1, "Закон о соцсетях подписан")
    schema = pa.schema([f for f in layout.POSTS.schema if f.name not in {"lead", "title"}])
    directory = home.lake / "posts" / "platform=telegram" / "date=2021-09-15"
    directory.mkdir(parents=True)
    data = [{f.name: row.get(f.name) for f in schema}]
    pq.write_table(pa.Table.from_pylist(data, schema=schema), directory / "old.parquet")
    report = enrich_lake(home, enricher(shared_parts), "enrich-1")
    assert report.landed == 1
    assert scores(home)[0]["relevance"] >= 0.5
