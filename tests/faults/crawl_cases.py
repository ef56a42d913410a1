"""Helpers for fault cases that crawl the bundled sample through the local sample server."""

from __future__ import annotations

from pikir.collect import CrawlResult, crawl, new_run_id
from pikir.config import DataHome
from pikir.sample.server import SampleServer

CHANNEL = "pikir_demo_kk"


def expected_keys(server: SampleServer, channel: str = CHANNEL) -> set[str]:
    """The post keys of every non-service post the server publishes for a channel."""
    posts = server.channel(channel).posts
    return {f"telegram:{channel}:{p['id']}" for p in posts if not p.get("service")}


def crawl_channel(
    home: DataHome, base_url: str, channel: str = CHANNEL, timeout: float = 120
) -> CrawlResult:
    """Crawl one sample channel with the real spider in a child process; return its result."""
    (result,) = crawl(
        home,
        "telegram_web",
        run_id=new_run_id("fault"),
        arguments={"channels": channel, "base_url": base_url},
        sources=[channel],
        fast=True,
        timeout=timeout,
    )
    return result


def content_hits(server: SampleServer, channel: str = CHANNEL) -> list[str]:
    """Paths of the content requests (not robots.txt) the server saw for a channel."""
    return [r.path for r in server.requests if r.path.startswith(f"/s/{channel}")]
