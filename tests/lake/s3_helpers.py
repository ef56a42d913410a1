"""A real S3 HTTP endpoint on loopback (moto's threaded server) and readers of an S3 lake."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import boto3
import duckdb
import pytest
from moto.server import ThreadedMotoServer

from pikir.config import DataHome
from pikir.lake import storage

ACCESS_KEY = "pikir-test-key"
SECRET_KEY = "pikir-test-secret"  # moto accepts any credentials
REGION = "us-east-1"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """Start moto's S3 server on a free loopback port for the module's tests."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_env(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh bucket and the environment that points the lake at it (child processes too)."""
    bucket = f"pikir-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    client.create_bucket(Bucket=bucket)
    env = {
        "PIKIR_LAKE_URL": f"s3://{bucket}/lake",
        "PIKIR_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": REGION,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    return env


@pytest.fixture
def s3_home(s3_env: dict[str, str], tmp_path) -> DataHome:
    """A data home whose state is local and whose lake is the fresh bucket."""
    home = DataHome.from_env(tmp_path / "home").ensure()
    assert storage.is_object(home.lake)
    return home


def lake_keys(home: DataHome) -> list[str]:
    """Every object key below the lake prefix, relative to it."""
    return sorted(str(p.relative_to(home.lake)) for p in home.lake.rglob("*"))


def query_lake(home: DataHome, sql: str, table: str = "posts") -> list[tuple]:
    """Run SQL over ``lake`` = one lake table read by DuckDB through the fsspec filesystem."""
    glob = f"{storage.location(home.lake)}/{table}/**/*.parquet"
    con = duckdb.connect()
    try:
        storage.register_lake(con, home.lake)
        con.execute(
            "create view lake as select * from "
            f"read_parquet('{glob}', hive_partitioning = true, union_by_name = true)"
        )
        return con.execute(sql).fetchall()
    finally:
        con.close()
