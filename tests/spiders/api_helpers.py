"""Helpers for the API spider tests: a local JSON API server and in-process crawls.

The server answers from routes registered per path (query strings are matched by the
responder), records every request, and sends canned answers (429, truncated bodies, rate-limit
headers) as a real API would. Crawls run in-process in Scrapy's reactorless mode
(``AsyncCrawlerRunner`` with ``TWISTED_REACTOR_ENABLED=False``), with the project's settings,
pipelines and runs recorder, landing into a temporary data home.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import signals
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings

from pikir.privacy import Pseudonymizer
from spiders.api.mapping import MapContext

FILES = Path(__file__).parent / "files"
NOW = datetime(2022, 6, 1, tzinfo=UTC)


def load(path: str) -> Any:
    """A saved JSON answer, ``tests/spiders/files/<path>``."""
    return json.loads((FILES / path).read_text(encoding="utf-8"))


def context(platform: str, source: str, public: tuple[str, ...] = ()) -> MapContext:
    """A mapping context with a fixed pseudonym key (as the spider builds it)."""
    return MapContext(
        platform=platform,
        source=source,
        pseudonymize=Pseudonymizer(b"k" * 32),
        collected_at=NOW,
        run_id="run-test",
        collector=f"{platform}@test",
        public=frozenset(p.lower() for p in public),
    )


def context_fixture(platform: str, source: str, public: tuple[str, ...] = ()):
    """A module-scoped ``ctx`` fixture: the :func:`context` a test file maps its pages with."""

    @pytest.fixture(scope="module")
    def fixture() -> MapContext:
        return context(platform, source, public)

    return fixture


@dataclass
class Reply:
    """One answer of the fake API."""

    status: int = 200
    body: bytes | str | dict | list = b""
    headers: dict[str, str] = field(default_factory=dict)
    truncate: bool = False

    def encoded(self) -> bytes:
        """The body as bytes (dicts and lists as JSON)."""
        if isinstance(self.body, dict | list):
            return json.dumps(self.body, ensure_ascii=False).encode("utf-8")
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class Seen:
    """A request as the fake API saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


Responder = Callable[[Seen], Reply]


class ApiServer:
    """A local JSON API: ``route(path, responder)``; every request lands in :attr:`seen`."""

    def __init__(self) -> None:
        self.routes: dict[str, Responder | list[Reply]] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Seen(
                    self.command,
                    url.path,
                    parse_qs(url.query),
                    dict(self.headers.items()),
                    self.rfile.read(length) if length else b"",
                )
                reply = owner.answer(request)
                body = reply.encoded()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
                headers["Content-Length"] = str(len(body) * 2 if reply.truncate else len(body))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, responder: Responder | list[Reply]) -> None:
        """Answer ``path`` with a function of the request, or with replies in order."""
        self.routes[path] = responder

    def answer(self, request: Seen) -> Reply:
        """The reply to a request (404 for unknown paths)."""
        with self._lock:
            self.seen.append(request)
            responder = self.routes.get(request.path)
            if isinstance(responder, list):
                return responder.pop(0) if len(responder) > 1 else responder[0]
        if responder is None:
            return Reply(404, {"error": "NotFound"})
        return responder(request)

    def requests_to(self, path: str) -> list[Seen]:
        """The requests made to one path, in order."""
        return [r for r in self.seen if r.path == path]

    def __enter__(self) -> ApiServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@dataclass
class CrawlResult:
    """Items and stats of one in-process crawl."""

    items: list[dict[str, Any]]
    stats: dict[str, Any]

    def stat(self, source: str, key: str) -> Any:
        """One of the spider's published per-source stats."""
        return self.stats.get(f"pikir/channel/{source}/{key}")


def crawl(spider_cls: type, home: Path, settings: dict[str, Any] | None = None, **kwargs: Any):
    """Run one crawl in this process (reactorless) and return its items and stats."""
    from spiders import settings as project

    values = Settings()
    values.setmodule(project, priority="project")
    values.setdict(
        {
            "TWISTED_REACTOR_ENABLED": False,
            "PIKIR_HOME": str(home),
            "PIKIR_RUN_ID": "run-test",
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "RETRY_AFTER_MAX_SECONDS": 5,
            "LOG_LEVEL": "WARNING",
            **(settings or {}),
        },
        priority="cmdline",
    )
    items: list[dict[str, Any]] = []

    def on_item(item: dict[str, Any], **_: Any) -> None:
        items.append(dict(item))

    async def run() -> dict[str, Any]:
        runner = AsyncCrawlerRunner(values)
        crawler = runner.create_crawler(spider_cls)
        crawler.signals.connect(on_item, signal=signals.item_scraped)
        await runner.crawl(crawler, **kwargs)
        return crawler.stats.get_stats()

    stats = asyncio.run(run())
    return CrawlResult(items, stats)


def runner(spider_cls: type, **defaults: Any) -> Callable[..., CrawlResult]:
    """A test file's ``run(tmp_path, server, **args)``: crawl a local API with its defaults.

    The crawl lands in ``tmp_path / "home"`` and reads from ``server``; ``args`` override the
    file's ``defaults`` (the spider's ``-a`` arguments).
    """

    def run(tmp_path: Path, server: ApiServer, **args: Any) -> CrawlResult:
        values = {"base_url": server.base_url, **defaults, **args}
        return crawl(spider_cls, tmp_path / "home", **values)

    return run


def env_fixture(**variables: str):
    """A fixture that sets environment variables (an API's token) for one test."""

    @pytest.fixture
    def fixture(monkeypatch: pytest.MonkeyPatch) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return fixture
