"""A small local HTTP server that replays the bundled sample as if it were ``https://t.me``.

Routes: ``/robots.txt``, ``/s/<channel>`` (``?before=N``, ``?after=N``), ``/<channel>``,
``/<channel>/<id>``, ``/file/...`` (a placeholder image for media URLs) and ``/news/<domain>/...``
(the sample's news outlets, :mod:`pikir.sample.news`, and a petition whose counter
``/news/<site>/stats/petition/<id>_stats.json`` grows, :mod:`pikir.sample.petition`).
``/api/<platform>/...`` answers as the social-media APIs would (:mod:`pikir.sample.api`).
A channel whose preview is disabled redirects ``/s/<name>`` to ``/<name>`` with a 302, as
Telegram does; an unknown channel is a 404.

For tests, canned responses can be queued per path prefix (:meth:`SampleServer.inject`), every
request is recorded (:attr:`SampleServer.requests`), and posts can be added, edited or removed in
memory between two crawls; the files on disk never change.

Example::

    with SampleServer() as server:
        html = urllib.request.urlopen(f"{server.base_url}/s/pikir_demo_ru").read()
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from pikir.sample.api import JSON as API_JSON
from pikir.sample.api import api_file
from pikir.sample.content import SAMPLE_ROOT, Post, SampleChannel, load_channels
from pikir.sample.news import content_type, news_file
from pikir.sample.petition import PetitionCounter
from pikir.sample.render import channel_page, feed_page, post_page

HTML = "text/html; charset=utf-8"
ROBOTS = b"User-agent: *\nAllow: /\n"
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@dataclass(frozen=True)
class Canned:
    """A response served instead of the normal one (see :meth:`SampleServer.inject`).

    A ``Content-Length`` header larger than the body makes a truncated response: the server sends
    the short body and closes the connection.
    """

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0


class RecordedRequest(NamedTuple):
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]


class _Reply(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes
    delay: float = 0.0


def _html(body: str, status: int = 200) -> _Reply:
    return _Reply(status, {"Content-Type": HTML}, body.encode("utf-8"))


def _not_found() -> _Reply:
    return _html("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>\n", 404)


def _int_arg(query: dict[str, list[str]], name: str) -> int | None:
    value = (query.get(name) or [""])[0]
    return int(value) if value.isdigit() else None


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "pikir-sample/1"

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_POST(self) -> None:
        """APIs called with POST (VK methods, TikTok): the body is read and not needed."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        sample = self.server.sample
        sample.record(RecordedRequest(self.command, self.path, dict(self.headers.items())))
        reply = sample.reply_for(self.path)
        if reply.delay:
            time.sleep(reply.delay)
        self.send_response(reply.status)
        headers = {"Content-Length": str(len(reply.body)), **reply.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(reply.body)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests and the demo read the recorded requests instead."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    sample: SampleServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hang up (expected with truncated or slow responses)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SampleServer:
    """Serve the sample channels on a local port, in a daemon thread.

    Args:
        root: the sample directory (holding ``telegram/*.json``).
        host: interface to bind.
        port: port to bind; 0 picks a free one.
    """

    def __init__(self, root: Path = SAMPLE_ROOT, host: str = "127.0.0.1", port: int = 0) -> None:
        self._channels = load_channels(root)
        self._lock = threading.Lock()
        self._canned: list[tuple[str, deque[Canned]]] = []
        self.petitions = PetitionCounter()
        self.requests: list[RecordedRequest] = []
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.sample = self
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The server's address, e.g. ``http://127.0.0.1:43123`` (no trailing slash)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SampleServer:
        """Start serving in a daemon thread; return self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test hooks ---------------------------------------------------------------------------

    def inject(self, path_prefix: str, responses: Iterable[Canned | tuple]) -> None:
        """Queue canned responses for requests whose path (with query) starts with a prefix.

        They are served in order, one per request, before normal handling resumes.

        Args:
            path_prefix: e.g. ``/s/pikir_demo_ru`` (also matches ``?before=...``).
            responses: :class:`Canned` or ``(status, headers, body)`` tuples.
        """
        queue = deque(r if isinstance(r, Canned) else Canned(*r) for r in responses)
        with self._lock:
            self._canned.append((path_prefix, queue))

    def record(self, request: RecordedRequest) -> None:
        """Append a request to :attr:`requests` (called by the handler)."""
        with self._lock:
            self.requests.append(request)

    def channel(self, name: str) -> SampleChannel:
        """The in-memory channel (raises KeyError when unknown)."""
        return self._channels[name.lower()]

    def set_posts(self, channel: str, posts: Sequence[Post]) -> None:
        """Replace all posts of a channel."""
        with self._lock:
            target = self.channel(channel)
            target.posts = [dict(p) for p in posts]
            target.sort()

    def add_post(self, channel: str, post: Post) -> None:
        """Publish a new post (its id must be unused)."""
        with self._lock:
            target = self.channel(channel)
            if target.get(post["id"]) is not None:
                raise ValueError(f"{channel}/{post['id']} already exists")
            target.posts.append(dict(post))
            target.sort()

    def edit_post(self, channel: str, post_id: int, **changes: Any) -> Post:
        """Change fields of a post (``text=...``, ``views=...``); marks it edited unless told.

        Returns:
            The edited post.
        """
        with self._lock:
            post = self.channel(channel).get(post_id)
            if post is None or post["id"] != post_id:
                raise KeyError(f"{channel}/{post_id}")
            post["edited"] = True
            post.update(changes)
            return dict(post)

    def delete_post(self, channel: str, post_id: int) -> None:
        """Remove a post, leaving a gap in the ids as a deleted message does."""
        with self._lock:
            target = self.channel(channel)
            target.posts = [p for p in target.posts if p["id"] != post_id]

    # -- routing ------------------------------------------------------------------------------

    def _take_canned(self, path: str) -> Canned | None:
        with self._lock:
            for prefix, queue in self._canned:
                if path.startswith(prefix) and queue:
                    return queue.popleft()
        return None

    def reply_for(self, path: str) -> _Reply:
        """Compute the response for a request path (canned first, then the sample)."""
        canned = self._take_canned(path)
        if canned is not None:
            return _Reply(canned.status, dict(canned.headers), canned.body, canned.delay)
        url = urlsplit(path)
        parts = [p for p in url.path.split("/") if p]
        if url.path == "/robots.txt":
            return _Reply(200, {"Content-Type": "text/plain; charset=utf-8"}, ROBOTS)
        if parts and parts[0] == "file":
            return _Reply(200, {"Content-Type": "image/gif"}, PIXEL)
        counter = self.petitions.answer(url.path)
        if counter is not None:
            return _Reply(200, {"Content-Type": "application/json"}, counter)
        if parts and parts[0] == "api":
            answer = api_file(path)
            if answer is None:
                return _Reply(404, {"Content-Type": API_JSON}, b'{"error": "NotFound"}')
            return _Reply(200, {"Content-Type": API_JSON}, answer.read_bytes())
        if parts and parts[0] == "news":
            file = news_file(path)
            if file is None:
                return _not_found()
            return _Reply(200, {"Content-Type": content_type(file)}, file.read_bytes())
        with self._lock:
            return self._route(parts, parse_qs(url.query))

    def _route(self, parts: list[str], query: dict[str, list[str]]) -> _Reply:
        preview = len(parts) == 2 and parts[0] == "s"
        name = parts[1] if preview else parts[0] if parts else ""
        channel = self._channels.get(name.lower())
        if channel is None or len(parts) > 2:
            return _not_found()
        base = self.base_url
        if preview:
            if not channel.preview:
                return _Reply(302, {"Location": f"{base}/{channel.username}"}, b"")
            before, after = _int_arg(query, "before"), _int_arg(query, "after")
            return _html(feed_page(channel, base, before=before, after=after))
        if len(parts) == 1:
            return _html(channel_page(channel, base))
        post = channel.get(int(parts[1])) if parts[1].isdigit() else None
        if post is None or post["id"] != int(parts[1]):
            return _not_found()
        return _html(post_page(channel, post, base))


def serve_forever(port: int = 8765, host: str = "127.0.0.1", root: Path = SAMPLE_ROOT) -> None:
    """Serve the sample until interrupted, printing the base URL first (for ``pikir sample``)."""
    server = SampleServer(root=root, host=host, port=port)
    print(server.base_url, flush=True)
    try:
        server._httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m pikir.sample.server [--port N] [--host H] [--root DIR]``."""
    parser = argparse.ArgumentParser(description="Serve the bundled pikir sample as t.me/s pages.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--root", type=Path, default=SAMPLE_ROOT)
    args = parser.parse_args(argv)
    serve_forever(port=args.port, host=args.host, root=args.root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
