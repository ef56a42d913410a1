"""What every spider does at start-up: read its ``-a`` arguments, its crawl window and its run.

Shared by the news, API, Telegram preview and petition spiders:

- :data:`VERSION`, the pikir version in every row's ``collector`` (``<spider>@<version>``);
- switches (``-a full=1``), ``|``-separated query terms and ``YYYY-MM-DD`` days;
- the crawl window: ``since`` (midnight UTC) and ``until_end`` (midnight UTC after ``until``),
  the stop (the later of ``since`` and the watermark) and whether a timestamp falls inside;
- the run: run id, data home and pseudonymizer from the crawler settings, and the stored
  watermark (newest ``published_at`` landed) of a source.
"""

from __future__ import annotations

import importlib.metadata
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pikir.config import DataHome
from pikir.privacy import Pseudonymizer
from pikir.state import read_watermark

try:
    VERSION = importlib.metadata.version("pikir")
except importlib.metadata.PackageNotFoundError:  # pragma: no cover - bare checkout
    VERSION = "0+unknown"

_YES = frozenset({"1", "true", "yes"})
_NO = frozenset({"0", "false", "no"})


def switched_on(value: object) -> bool:
    """Whether a switch argument says yes (``1``, ``true``, ``yes``); absent means no.

    Examples:
        >>> switched_on("True"), switched_on(None), switched_on("0")
        (True, False, False)
    """
    return str(value or "").strip().lower() in _YES


def switched_off(value: object) -> bool:
    """Whether a switch that is on by default is turned off (``0``, ``false``, ``no``).

    Examples:
        >>> switched_off("no"), switched_off(None), switched_off("1")
        (True, False, False)
    """
    return str(value or "").strip().lower() in _NO


def query_terms(value: str | None) -> list[str]:
    """The terms of a ``|``-separated query argument, trimmed, empty ones dropped.

    Examples:
        >>> query_terms(" закон | social media law ||")
        ['закон', 'social media law']
    """
    return [term.strip() for term in (value or "").split("|") if term.strip()]


def day_arg(value: str | None, name: str, who: str = "") -> datetime | None:
    """Midnight UTC of a ``YYYY-MM-DD`` argument (None when absent).

    Args:
        value: the argument as given.
        name: the argument's name, for the error message.
        who: what to name at the head of the error message (nothing when empty).

    Raises:
        ValueError: the value is not a ``YYYY-MM-DD`` date.
    """
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
    except ValueError as exc:
        head = f"{who}: " if who else ""
        raise ValueError(f"{head}{name} must be YYYY-MM-DD, got {value!r}") from exc


def crawl_window(
    since: str | None, until: str | None, who: str, *, name_day_errors: bool = False
) -> tuple[datetime | None, datetime | None]:
    """The ``(since, until_end)`` of a backfill window: midnight of ``since``, after ``until``.

    Args:
        since: the first day wanted (``YYYY-MM-DD``) or None.
        until: the last day wanted (``YYYY-MM-DD``, inclusive) or None.
        who: the spider's name, at the head of the error when ``since`` is after ``until``.
        name_day_errors: also put ``who`` at the head of a malformed day's error.

    Raises:
        ValueError: a day is malformed or ``since`` is after ``until``.
    """
    head = who if name_day_errors else ""
    start = day_arg(since, "since", head)
    until_day = day_arg(until, "until", head)
    until_end = until_day + timedelta(days=1) if until_day else None
    if start and until_end and start >= until_end:
        raise ValueError(f"{who}: since={since} is after until={until}")
    return start, until_end


def stop_at(since: datetime | None, watermark: datetime | None, full: bool) -> datetime | None:
    """What was published at or before this is not wanted: ``since`` or the watermark, the later.

    A full run (``full``) ignores the watermark.
    """
    marks = [m for m in (since, None if full else watermark) if m]
    return max(marks) if marks else None


def in_window(when: datetime, stop: datetime | None, until_end: datetime | None) -> bool:
    """Whether ``when`` is after the stop (see :func:`stop_at`) and before ``until_end``."""
    if stop is not None and when <= stop:
        return False
    return not (until_end is not None and when >= until_end)


def attach_run(spider: Any, settings: Any) -> None:
    """Give a spider its run id (``PIKIR_RUN_ID`` or a new one), data home and pseudonymizer."""
    spider.run_id = settings.get("PIKIR_RUN_ID") or uuid.uuid4().hex
    spider.home = DataHome.from_env(settings.get("PIKIR_HOME"))
    spider.pseudonymize = Pseudonymizer.for_home(spider.home)


def published_watermark(home: DataHome, platform: str, source: str) -> datetime | None:
    """The newest ``published_at`` landed for a source (None before its first landing).

    Raises:
        ValueError: the stored watermark is unreadable.
    """
    mark = read_watermark(home, platform, source)
    if mark and mark.max_published_at:
        return datetime.fromisoformat(mark.max_published_at)
    return None
