"""The petition spider as a real ``scrapy crawl`` child against the sample's growing counter."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from pikir.collect import crawl, new_run_id
from pikir.config import SAMPLE_SOURCES_FILE
from pikir.lake import layout
from pikir.lake.append import read_table
from pikir.petition_config import load_petitions

pytestmark = pytest.mark.slow


def crawl_petition(home, server):
    (petition,) = load_petitions(SAMPLE_SOURCES_FILE)
    args = {"base_url": petition.page_url(server.base_url), "source": petition.source}
    (result,) = crawl(
        home, "petition", run_id=new_run_id("test"), arguments=args, sources=[petition.source],
        fast=True, timeout=120,
    )  # fmt: skip
    return result


def test_each_run_appends_a_signature_observation_and_keeps_one_post(home, server):
    first = crawl_petition(home, server)
    second = crawl_petition(home, server)
    assert (first.status, first.new_items, first.pages) == ("ok", 1, 2)
    assert (second.status, second.new_items, second.updated_items) == ("ok", 0, 0)
    posts = read_table(home, layout.POSTS)
    assert posts["post_key"].to_pylist() == ["petition:avaaz.org:pikir_demo_za_otkrytye_sotsseti"]
    assert posts["author_id"][0].as_py().startswith("anon:")
    metrics = read_table(home, layout.METRICS).sort_by("observed_at")
    counts = metrics["signatures"].to_pylist()
    assert len(counts) == 2
    assert counts[1] > counts[0] > 1000
    assert pc.all(pc.equal(metrics["platform"], "petition")).as_py()


def test_unreachable_counter_is_partial(home, server):
    server.inject("/news/secure.avaaz.org/stats/", [(503, {}, b"down")] * 5)
    result = crawl_petition(home, server)
    assert result.status == "partial"
    assert "HTTP 503" in result.error
    assert read_table(home, layout.METRICS).num_rows == 0
    assert read_table(home, layout.POSTS).num_rows == 1
