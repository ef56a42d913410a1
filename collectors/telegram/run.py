"""Collect many channels with one account in one run, and record each in ``runs``.

Channels go one after another (one account, one paced request stream). A channel deferred by a
long FloodWait is checkpointed and recorded ``partial`` with its wait in ``flood_wait_s``; the
others continue. Once the circuit breaker opens, the remaining channels are recorded ``failed``
without a request. A username that does not exist or is private is ``unavailable``; a run that
found nothing new is ``empty``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from telethon import errors
from telethon.tl import functions, types

from collectors.telegram import COLLECTOR, PLATFORM
from collectors.telegram.comments import CommentCollector, load_seen, save_seen
from collectors.telegram.floods import ChannelDeferred, CircuitOpen, Clock, Gate
from collectors.telegram.gcpolicy import batched_gc
from collectors.telegram.history import ChannelWalker, WalkOptions
from collectors.telegram.mapping import ChannelContext
from collectors.telegram.state import ChannelState, load_state, save_state
from pikir.config import DataHome
from pikir.lake.runs import record_runs
from pikir.lake.writer import LakeWriter
from pikir.privacy import Pseudonymizer

log = logging.getLogger(__name__)

UNAVAILABLE = (
    errors.UsernameNotOccupiedError,
    errors.UsernameInvalidError,
    errors.ChannelPrivateError,
    errors.ChannelInvalidError,
)


@dataclass
class CollectOptions(WalkOptions):
    """:class:`WalkOptions` plus ``comments``: also collect discussion-group replies."""

    comments: bool = False


@dataclass
class ChannelReport:
    """One channel's outcome in a run (also its ``runs`` row)."""

    source: str
    status: str
    items: int = 0
    new_items: int = 0
    updated_items: int = 0
    deleted: int = 0
    comments: int = 0
    requests: int = 0
    floods: int = 0
    flood_wait_s: float = 0.0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain values (for flow artifacts and the CLI table)."""
        return asdict(self)


async def resolve(gate: Gate, state: ChannelState, now: datetime) -> None:
    """Fill id, access hash and title of a never-resolved channel (one ResolveUsername, ever).

    Raises:
        errors.UsernameNotOccupiedError: and the other :data:`UNAVAILABLE` errors.
        TypeError: the username names a user or a bot, not a channel.
    """
    result = await gate(functions.contacts.ResolveUsernameRequest(username=state.name))
    if not isinstance(result.peer, types.PeerChannel):
        raise TypeError(f"@{state.name} is not a channel")
    channel = next(c for c in result.chats if c.id == result.peer.channel_id)
    state.channel_id, state.access_hash, state.title = (
        channel.id,
        channel.access_hash,
        channel.title,
    )
    state.resolved_at = now.isoformat()


@contextmanager
def run_log(home: DataHome, run_id: str):
    """Copy the collector's and Telethon's INFO logs to ``state/logs/<run_id>/telegram_api.log``."""
    path = home.state / "logs" / run_id / "telegram_api.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    loggers = [logging.getLogger("collectors"), logging.getLogger("telethon")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    try:
        yield path
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
        handler.close()


class RunCollector:
    """Collect channels through one gate into the lake.

    Args:
        home: the data home.
        gate: the request door of the account.
        options: what to collect.
        run_id: provenance; flow: recorded in ``runs``.
        now: the current UTC time (injectable).
    """

    def __init__(
        self,
        home: DataHome,
        gate: Gate,
        options: CollectOptions,
        *,
        run_id: str,
        flow: str = "manual",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.home, self.gate, self.options = home.ensure(), gate, options
        self.run_id, self.flow, self.now = run_id, flow, now
        self.pseudonymize = Pseudonymizer.for_home(home)

    async def collect(self, channels: list[str]) -> list[ChannelReport]:
        """Collect each channel in turn; record and return one report each."""
        reports = []
        for name in channels:
            started = self.now()
            state = load_state(self.home, name.strip().lstrip("@"))
            before = _watermark(state)
            with batched_gc():  # parsing and mapping allocate ~12 objects per message
                report = await self._channel(state, started)
            state.last_run_at, state.last_status = started.isoformat(), report.status
            save_state(self.home, state)
            record_runs(self.home, [self._run_row(report, started, before, _watermark(state))])
            log.info(
                "%s: %s, %d items, %d new",
                state.name,
                report.status,
                report.items,
                report.new_items,
            )
            reports.append(report)
        return reports

    async def _channel(self, state: ChannelState, started: datetime) -> ChannelReport:
        report = ChannelReport(source=state.name, status="failed")
        if state.deferred_until and datetime.fromisoformat(state.deferred_until) > started:
            report.status, report.error = "partial", f"deferred until {state.deferred_until}"
            return report
        if self.gate.is_open:
            report.error = "circuit breaker open: not attempted in this run"
            return report
        slept_before, floods_before = self.gate.stats.slept_s, len(self.gate.stats.waits)
        try:
            if not state.resolved:
                await resolve(self.gate, state, started)
                save_state(self.home, state)
        except UNAVAILABLE as exc:
            report.status, report.error = "unavailable", f"{type(exc).__name__}: {exc}"
            return report
        except ChannelDeferred as exc:
            state.deferred_until = (self.now() + timedelta(seconds=exc.seconds)).isoformat()
            report.status, report.error = "partial", f"resolving @{state.name}: {exc}"
            report.flood_wait_s, report.floods = float(exc.seconds), 1
            return report
        except (TypeError, CircuitOpen, errors.RPCError, OSError) as exc:
            report.error = f"resolving @{state.name}: {type(exc).__name__}: {exc}"
            report.floods = len(self.gate.stats.waits) - floods_before
            return report
        with LakeWriter(self.home, run_id=self.run_id, batch_rows=10**9) as writer:
            await self._walk(state, writer, report)
        counts = writer.report.per_source.get((PLATFORM, state.name), {})
        report.new_items = int(counts.get("new", 0))
        report.updated_items = int(counts.get("updated", 0))
        report.flood_wait_s += self.gate.stats.slept_s - slept_before
        report.floods = len(self.gate.stats.waits) - floods_before
        if report.status == "ok" and not (report.new_items or report.updated_items):
            report.status = "empty"
        return report

    async def _walk(self, state: ChannelState, writer: LakeWriter, report: ChannelReport) -> None:
        ctx = ChannelContext(
            source=state.name,
            channel_id=state.channel_id,
            title=state.title,
            pseudonymize=self.pseudonymize,
            run_id=self.run_id,
            raw=self.options.raw,
        )
        walker = ChannelWalker(self.home, self.gate, writer, state, ctx, self.options, self.now)
        try:
            result = await walker.run()
            if self.options.comments and result.comment_targets:
                seen = load_seen(self.home, state.name)
                comments = CommentCollector(self.gate, writer, ctx, walker.peer, self.now)
                try:
                    await comments.collect(result.comment_targets, seen)
                finally:
                    writer.flush()
                    save_seen(self.home, state.name, seen)
                    report.comments, report.requests = comments.comments, comments.requests
            report.status = "ok"
        except ChannelDeferred as exc:
            walker.checkpoint_progress()
            state.deferred_until = (self.now() + timedelta(seconds=exc.seconds)).isoformat()
            report.status, report.error = "partial", str(exc)
            report.flood_wait_s += exc.seconds
        except CircuitOpen as exc:
            walker.checkpoint_progress()
            report.error = str(exc)
        except UNAVAILABLE as exc:
            walker.checkpoint_progress()
            report.status, report.error = "unavailable", f"{type(exc).__name__}: {exc}"
        except (errors.RPCError, OSError) as exc:  # OSError: connection lost mid-history
            walker.checkpoint_progress()
            report.error = f"{type(exc).__name__}: {exc}"
        report.items = walker.result.items
        report.deleted = walker.result.deleted
        report.requests += walker.result.requests

    def _run_row(
        self, report: ChannelReport, started: datetime, before: str, after: str
    ) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "flow": self.flow,
            "source": report.source,
            "platform": PLATFORM,
            "collector": COLLECTOR,
            "started_at": started,
            "finished_at": self.now(),
            "status": report.status,
            "items": report.items,
            "new_items": report.new_items,
            "updated_items": report.updated_items,
            "pages": report.requests,
            "retries": report.floods,
            "flood_wait_s": report.flood_wait_s,
            "status_counts": {"deleted": report.deleted, "comments": report.comments},
            "watermark_before": before,
            "watermark_after": after,
            "error": report.error,
        }


def _watermark(state: ChannelState) -> str:
    return json.dumps(
        {"min_id": state.min_id, "max_id": state.max_id, "complete": state.complete_history}
    )


def make_gate(client: Any, clock: Clock | None = None, **kwargs: Any) -> Gate:
    """The gate for a client (Telethon's own flood sleeping switched off, see floods)."""
    return Gate(client, clock=clock, **kwargs)
