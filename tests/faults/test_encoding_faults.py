"""Encoding faults (F08-F10) and layout changes (F11, F12) on a news outlet of the sample.

The vlast.kz spider crawls the sample server in a child process; one article is replaced by a
canned version in another encoding. A clean crawl of the same sample into a second home is the
golden copy: keys and article text must match it exactly.
"""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from pikir.collect import crawl, new_run_id
from pikir.config import DataHome
from pikir.lake import layout
from pikir.sample.content import SAMPLE_ROOT
from pikir.sample.server import Canned, SampleServer
from tests.faults.fault_ledger import lake_keys, reconcile

pytestmark = pytest.mark.slow
SOURCE = "vlast.kz"
ARTICLE = "novosti/47120-mazhilis-odobril-popravki-o-socsetyah.html"
PAGE = (SAMPLE_ROOT / "news" / SOURCE / ARTICLE).read_text(encoding="utf-8")


def crawl_outlet(home, server):
    (result,) = crawl(
        home,
        "vlast",
        run_id=new_run_id("fault"),
        arguments={"base_url": f"{server.base_url}/news/{SOURCE}"},
        sources=[SOURCE],
        fast=True,
        timeout=120,
    )
    return result


def texts(home) -> dict[str, str]:
    rows = {}
    for path in layout.data_files(home.lake / "posts"):
        table = pq.read_table(path, columns=["post_key", "text"])
        rows.update(zip(table["post_key"].to_pylist(), table["text"].to_pylist(), strict=True))
    return rows


@pytest.fixture(scope="module")
def golden(tmp_path_factory) -> dict[str, str]:
    """Keys and texts of a clean crawl of the outlet."""
    home = DataHome(tmp_path_factory.mktemp("golden") / "home").ensure()
    with SampleServer() as server:
        assert crawl_outlet(home, server).status == "ok"
    return texts(home)


CP1251_META_ONLY = Canned(
    200,
    {"Content-Type": "text/html"},
    PAGE.replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251"),
)
CP1251_LYING_HEADER = Canned(
    200,
    {"Content-Type": "text/html; charset=utf-8"},
    PAGE.replace('<meta charset="utf-8">', "").encode("cp1251"),
)
INVALID_UTF8 = Canned(
    200,
    {"Content-Type": "text/html; charset=utf-8"},
    PAGE.encode("utf-8").replace("поправки".encode(), b"\xff\xfe\xfd" * 40, 3),
)


@pytest.mark.parametrize(
    "canned",
    [CP1251_META_ONLY, CP1251_LYING_HEADER],
    ids=["F08-cp1251-charset-only-in-meta", "F09-cp1251-behind-a-lying-utf8-header"],
)
def test_cp1251_pages_round_trip_exactly(home, golden, canned):
    with SampleServer() as server:
        server.inject(f"/news/{SOURCE}/{ARTICLE}", [canned])
        result = crawl_outlet(home, server)
    assert result.status == "ok", result.error
    stored = texts(home)
    assert stored == golden  # every article, character for character
    assert not any("\ufffd" in (text or "") for text in stored.values())
    reconcile(home, "F08/F09 cp1251", set(golden), faults=1)


def test_f10_invalid_utf8_is_quarantined_not_stored_and_the_lake_stays_readable(home, golden):
    with SampleServer() as server:
        server.inject(f"/news/{SOURCE}/{ARTICLE}", [INVALID_UTF8])
        crawl_outlet(home, server)
    assert not any("\ufffd" in (text or "") for text in texts(home).values())
    assert list((home.quarantine).rglob("*")), "the refused page is kept for inspection"
    assert len(set(lake_keys(home))) < len(golden)
    with SampleServer() as server:  # the site fixes the page; the next run picks it up
        again = crawl_outlet(home, server)
    assert again.status in {"ok", "empty"}, again.error
    reconcile(home, "F10 invalid UTF-8", set(golden), faults=1, resumed=True)


V2_HTML = "<!DOCTYPE html><html><body><main class='v2-grid'><h1>Новости</h1></main></body></html>"
V2_LAYOUT = Canned(200, {"Content-Type": "text/html; charset=utf-8"}, V2_HTML.encode())


def test_f11_new_layout_with_no_links_fails_naming_the_source_and_keeps_the_lake(home, golden):
    with SampleServer() as server:
        assert crawl_outlet(home, server).status == "ok"
    before = sorted(lake_keys(home))
    with SampleServer() as server:
        server.inject(f"/news/{SOURCE}/", [V2_LAYOUT] * 10)
        result = crawl_outlet(home, server)
    assert result.status == "failed"
    assert SOURCE in (result.error or ""), result.error
    assert "layout" in (result.error or ""), result.error
    assert sorted(lake_keys(home)) == before
    reconcile(home, "F11 layout v2: zero links", set(golden), faults=1)


def test_f12_article_body_gone_is_refused_not_stored_empty(home, golden):
    import re

    hollow = re.sub(r"<p>.*?</p>", "", PAGE, flags=re.S).encode("utf-8")
    with SampleServer() as server:
        server.inject(
            f"/news/{SOURCE}/{ARTICLE}", [Canned(200, {"Content-Type": "text/html"}, hollow)]
        )
        result = crawl_outlet(home, server)
    assert all(text for text in texts(home).values())  # no article stored without its body
    assert "news:vlast.kz:47120" not in texts(home)
    assert "did not parse" in (result.error or ""), result.error
    with SampleServer() as server:
        again = crawl_outlet(home, server)
    assert again.status in {"ok", "empty"}, again.error
    reconcile(home, "F12 article body selector empty", set(golden), faults=1, resumed=True)
