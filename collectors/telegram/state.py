"""Per-channel collection state in ``state/telegram/channels/<name>.json`` (Pushshift's design).

Pushshift's ``channel_status(channel_id, min_message_id, max_message_id, complete_history,
updated_utc)`` is the model: the ids ``min_id..max_id`` have landed as one contiguous walk from
the top of the channel, ``complete_history`` says the walk reached the channel's first message.
The channel id and access hash are resolved once, ever (``contacts.ResolveUsername`` is the call
that gets accounts banned), and re-used as an ``InputPeerChannel``. Files hold no secrets: an
access hash is only usable together with the account's session.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from pikir.config import DataHome
from pikir.fsutil import atomic_write_text


@dataclass
class ChannelState:
    """What pikir knows about one channel.

    Attributes:
        name: the username, lower-cased.
        channel_id: bare channel id (None until resolved).
        access_hash: the account's access hash for it.
        title: the channel title at resolution.
        min_id: lowest message id landed by the contiguous walk from the top.
        max_id: highest message id landed.
        complete_history: the walk reached the channel's first message.
        resolved_at: when the username was resolved (ISO 8601 UTC).
        last_run_at: start of the last run that touched the channel.
        last_status: its ``runs`` status.
        deferred_until: skip the channel until then (a long FloodWait), ISO 8601 UTC.
    """

    name: str
    channel_id: int | None = None
    access_hash: int | None = None
    title: str | None = None
    min_id: int | None = None
    max_id: int | None = None
    complete_history: bool = False
    resolved_at: str | None = None
    last_run_at: str | None = None
    last_status: str | None = None
    deferred_until: str | None = None

    @property
    def resolved(self) -> bool:
        """Whether id and access hash are known."""
        return self.channel_id is not None and self.access_hash is not None


def _path(home: DataHome, name: str) -> Path:
    safe = "".join(c for c in name.lower() if c.isalnum() or c == "_")
    if not safe or safe != name.lower():
        raise ValueError(f"not a channel username: {name!r}")
    return home.state / "telegram" / "channels" / f"{safe}.json"


def load_state(home: DataHome, name: str) -> ChannelState:
    """Return the stored state of a channel (a fresh one when never seen).

    Raises:
        ValueError: the state file exists but is not valid JSON of a channel state.
    """
    path = _path(home, name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ChannelState(name=name.lower())
    except json.JSONDecodeError as exc:
        raise ValueError(f"corrupt channel state {path}: {exc}") from exc
    known = {f.name for f in fields(ChannelState)}
    return ChannelState(**{k: v for k, v in data.items() if k in known})


def save_state(home: DataHome, state: ChannelState) -> None:
    """Write a channel's state atomically (temp file, fsync, rename)."""
    path = _path(home, state.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(asdict(state), ensure_ascii=False, indent=1))


def all_states(home: DataHome) -> list[ChannelState]:
    """Every channel state in the data home (for the export importer's id lookup)."""
    directory = home.state / "telegram" / "channels"
    if not directory.exists():
        return []
    return [load_state(home, path.stem) for path in sorted(directory.glob("*.json"))]
