"""What one JSON page of an API gives a spider, and the API-agnostic reading of its errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import scrapy


class ApiShapeError(ValueError):
    """A JSON page lacks what the API documents (a changed API or a wrong endpoint)."""


@dataclass
class Page:
    """What one JSON page gave: its rows, the next page of the chain, other chains to start."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    next: scrapy.Request | None = None
    spawn: list[scrapy.Request] = field(default_factory=list)
    seen: int | None = None


def error_reason(text: str) -> str | None:
    """An API's own account of an HTTP error, from its JSON body (None when unreadable).

    Reads the common shapes: ``{"detail"}``/``{"title"}`` (X), ``{"message"}`` (Reddit),
    ``{"error": "…"}`` (Mastodon, OAuth) and ``{"error": {"message"|"error_msg"|"code"}}``.
    """
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, dict):
        error = error.get("message") or error.get("error_msg") or error.get("code")
    reason = data.get("detail") or data.get("message") or error or data.get("title")
    return str(reason)[:200] if reason else None
