"""int_posts_scored, bill_posts and daily_sentiment on a small fixture lake with known answers."""

import math
from datetime import date, timedelta

import duckdb
import pytest

from tests.enrichment_fixtures import T0, enrichment_row, post_row, write_enrichment, write_posts
from tests.warehouse_query import warehouse_rows as query
from warehouse.build import build_warehouse
from warehouse.contracts import ContractError, run_contracts

HOUR = timedelta(hours=1)


def wilson(k, n, z=1.96):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.fixture
def scenario(home):
    posts = [post_row(i, f"text {i}") for i in range(1, 6)]
    posts.append(post_row(6, "edited", version=2, updated_at=T0 + 5 * HOUR))
    posts.append(post_row(7, "next day", published_at=T0 + 24 * HOUR))
    write_posts(home.lake, posts)
    by_id = {p["post_id"]: p for p in posts}
    rows = [
        enrichment_row(by_id["1"], sentiment_label="negative", sentiment_score=-0.6),
        enrichment_row(by_id["2"], sentiment_label="negative", sentiment_score=-0.2),
        enrichment_row(by_id["3"], sentiment_label="positive", sentiment_score=0.5),
        enrichment_row(by_id["4"], sentiment_label="neutral", sentiment_score=0.1),
        # not relevant: not a bill post
        enrichment_row(by_id["5"], relevance=0.3, sentiment_label="positive", sentiment_score=0.9),
        # scores of an older version of post 6 are not current
        enrichment_row(by_id["6"], content_sha256="old-version", sentiment_label="negative"),
        enrichment_row(by_id["7"], lang="kk", sentiment_label="positive", sentiment_score=0.4),
        # an older model's score of post 1 loses to the newer scored_at
        enrichment_row(
            by_id["1"], model="m@0", scored_at=T0, sentiment_label="positive", sentiment_score=0.7
        ),
    ]
    write_enrichment(home.lake, rows)
    build_warehouse(home)
    return home


def test_int_posts_scored_keeps_the_latest_score_of_current_versions(scenario):
    rows = query(
        scenario, "select post_key, model, sentiment_label from int_posts_scored order by 1"
    )
    assert [r[0].rsplit(":", 1)[1] for r in rows] == ["1", "2", "3", "4", "5", "7"]
    assert rows[0][1:] == ("m@1", "negative")


def test_bill_posts_holds_relevant_posts_only(scenario):
    rows = query(scenario, "select post_id, relevance, lang, source from bill_posts order by 1")
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "7"]
    assert all(r[1] >= 0.5 for r in rows)


def test_daily_sentiment_has_expected_values(scenario):
    rows = query(scenario, "select * from daily_sentiment order by day, lang")
    names = [r[0] for r in query(scenario, "describe daily_sentiment")]
    first = dict(zip(names, rows[0], strict=True))
    assert (first["day"], first["platform"], first["source"], first["lang"]) == (
        date(2021, 9, 15),
        "telegram",
        "kaz_news",
        "ru",
    )
    scores = [-0.6, -0.2, 0.5, 0.1]
    mean = sum(scores) / 4
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / 3)
    assert (first["n"], first["n_negative"], first["n_neutral"], first["n_positive"]) == (
        4,
        2,
        1,
        1,
    )
    assert first["mean_score"] == pytest.approx(mean)
    assert first["sd_score"] == pytest.approx(sd)
    assert first["mean_score_low"] == pytest.approx(mean - 3.182 * sd / 2)
    assert first["mean_score_high"] == pytest.approx(mean + 3.182 * sd / 2)
    assert first["share_negative"] == pytest.approx(0.5)
    low, high = wilson(2, 4)
    assert (first["share_negative_low"], first["share_negative_high"]) == pytest.approx((low, high))
    low, high = wilson(1, 4)
    assert (first["share_positive_low"], first["share_positive_high"]) == pytest.approx((low, high))
    second = dict(zip(names, rows[1], strict=True))
    assert (second["day"], second["lang"], second["n"]) == (date(2021, 9, 16), "kk", 1)
    assert second["mean_score_low"] is None  # no interval from one post
    assert second["share_positive_low"] == pytest.approx(wilson(1, 1)[0])


def test_enrichment_contracts_pass_and_catch_bad_labels(scenario):
    con = duckdb.connect(str(scenario.warehouse))
    try:
        results = {r.name: r for r in run_contracts(con)}
        assert results["accepted_values_bill_posts_sentiment_label"].passed
        assert results["unique_daily_sentiment_day_platform_source_lang"].passed
        con.execute(
            "create or replace view bill_posts as select * replace "
            "('great' as sentiment_label, 1.5 as relevance) from int_posts_scored "
            "join int_posts_with_engagement using (post_key)"
        )
        failed = {r.name for r in run_contracts(con) if not r.passed}
    finally:
        con.close()
    assert "accepted_values_bill_posts_sentiment_label" in failed
    assert "bill_posts_relevance_above_threshold" in failed


def test_a_broken_contract_fails_the_build(home):
    post = post_row(1, "text")
    write_posts(home.lake, [post])
    write_enrichment(home.lake, [enrichment_row(post, sentiment_label="joy")])
    with pytest.raises(ContractError, match="accepted_values_bill_posts_sentiment_label"):
        build_warehouse(home)


def test_bill_posts_use_the_threshold_the_topic_file_declares(scenario):
    assert query(
        scenario, "select threshold from seed_topics where topic = 'kz_social_media_bill'"
    )[0] == (0.5,)
    con = duckdb.connect(str(scenario.warehouse))
    try:
        con.execute("update seed_topics set threshold = 0.95 where topic = 'kz_social_media_bill'")
        above = con.execute("select count(*) from bill_posts").fetchone()[0]
        con.execute("update seed_topics set threshold = 0.2 where topic = 'kz_social_media_bill'")
        below = con.execute("select post_id from bill_posts order by 1").fetchall()
    finally:
        con.close()
    assert above == 0
    assert [r[0] for r in below] == ["1", "2", "3", "4", "5", "7"]
