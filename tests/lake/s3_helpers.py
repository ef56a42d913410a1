"""A real S3 HTTP endpoint on loopback (moto's threaded server) and readers of an S3 lake."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer

from pikir.config import DataHome
from pikir.lake import storage

ACCESS_KEY = "pikir-test-key"
SECRET_KEY = "pikir-test-secret"  # moto accepts any credentials
REGION = "us-east-1"


@contextlib.contextmanager
def moto_s3_server() -> Iterator[str]:
    """Run moto's threaded S3 server on a free loopback port; yield its URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def lake_in_new_bucket(
    monkeypatch: pytest.MonkeyPatch,
    endpoint: str,
    access_key: str = ACCESS_KEY,
    secret_key: str = SECRET_KEY,
) -> dict[str, str]:
    """Create a fresh bucket and point the lake at it through the environment (children too).

    Returns:
        The variables set.
    """
    bucket = f"pikir-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        region_name=REGION,
    )
    client.create_bucket(Bucket=bucket)
    env = {
        "PIKIR_LAKE_URL": f"s3://{bucket}/lake",
        "PIKIR_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": access_key,
        "AWS_SECRET_ACCESS_KEY": secret_key,
        "AWS_REGION": REGION,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    return env


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """Start moto's S3 server on a free loopback port for the module's tests."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    with moto_s3_server() as url:
        yield url


@pytest.fixture
def s3_env(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh bucket and the environment that points the lake at it (child processes too)."""
    return lake_in_new_bucket(monkeypatch, s3_endpoint)


@pytest.fixture
def s3_home(s3_env: dict[str, str], tmp_path) -> DataHome:
    """A data home whose state is local and whose lake is the fresh bucket."""
    home = DataHome.from_env(tmp_path / "home").ensure()
    assert storage.is_object(home.lake)
    return home


def lake_keys(home: DataHome) -> list[str]:
    """Every object key below the lake prefix, relative to it."""
    return sorted(str(p.relative_to(home.lake)) for p in home.lake.rglob("*"))
