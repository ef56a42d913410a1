"""Test helpers for spiders: saved pages as Scrapy responses (after city-scrapers-core)."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request, TextResponse

FILES = Path(__file__).parent / "files"


def file_response(
    path: str | Path, url: str, request: Request | None = None
) -> HtmlResponse | TextResponse:
    """Return a saved page as the response a spider would receive for ``url``.

    Args:
        path: the saved file; relative paths are taken from ``tests/spiders/files``.
        url: the response's (final) URL. It differs from the request's URL after a redirect.
        request: the request the response answers (keeps its ``cb_kwargs``); a plain GET of
            ``url`` when omitted.

    Returns:
        An ``HtmlResponse`` (UTF-8) for ``.html`` files, otherwise a ``TextResponse``.
    """
    file = Path(path)
    if not file.is_absolute():
        file = FILES / file
    body = file.read_bytes()
    cls = HtmlResponse if file.suffix in {".html", ".htm"} else TextResponse
    return cls(url=url, body=body, encoding="utf-8", request=request or Request(url=url))
