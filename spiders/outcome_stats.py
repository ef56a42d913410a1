"""Writing a source's outcome to the crawl stats that the runs recorder reads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol


class SourceOutcome(Protocol):
    """What a spider's outcome tells the runs recorder (news and API outcomes alike)."""

    newest: datetime | None

    def status(self) -> str:
        """The run status the source deserves."""
        ...

    def error(self) -> str | None:
        """A one-line account of what went wrong, or None."""
        ...


def publish_outcome(
    stats: Any,
    source: str,
    outcome: SourceOutcome,
    counters: Iterable[str],
    watermark: datetime | None,
) -> None:
    """Write ``outcome`` under ``pikir/channel/<source>/…``.

    Args:
        stats: the crawler's stats collector.
        source: the lake ``source`` of the outcome.
        outcome: its status, error and newest ``published_at``.
        counters: names of the outcome's counters to write as they are.
        watermark: the watermark the run started from (``watermark_before``), if any.
    """
    prefix = f"pikir/channel/{source}"
    stats.set_value(f"{prefix}/status", outcome.status())
    for key in counters:
        stats.set_value(f"{prefix}/{key}", getattr(outcome, key))
    error = outcome.error()
    if error:
        stats.set_value(f"{prefix}/error", error)
    if watermark:
        stats.set_value(f"{prefix}/watermark_before", watermark.isoformat())
    if outcome.newest:
        stats.set_value(f"{prefix}/max_id", outcome.newest.isoformat())
