"""Import a Telegram Desktop "Export chat history" JSON (``result.json``) into the lake.

Channels and groups are supported. ``text`` is either a string or a list of parts (strings and
``{"type", "text", "href"?}`` entities); ``text_entities``, when present, names links,
mentions and hashtags. Service messages are skipped. Times come from ``date_unixtime`` (UTC);
an older export that only has the local ``date`` needs ``tz``. The export has no usernames, so
the channel's username comes from ``--channel`` or from the API collector's state (matching the
export's numeric id); post keys are then the same as the API's and the web preview's.
Private people (group members, forwarded users) are stored only as keyed-hash pseudonyms.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from collectors.telegram import PLATFORM, VERSION
from collectors.telegram.mapping import PAID_REACTION_EMOJI, marked_channel_id, user_pseudonym
from collectors.telegram.state import all_states
from pikir.config import DataHome
from pikir.lake.runs import record_runs
from pikir.lake.writer import LakeWriter
from pikir.privacy import Pseudonymizer
from pikir.schema import Post

COLLECTOR = f"telegram_export@{VERSION}"
CHANNEL_TYPES = {"public_channel", "private_channel"}
MEDIA_TYPES = {
    "video_file": "video",
    "animation": "video",
    "video_message": "roundvideo",
    "voice_message": "voice",
    "sticker": "sticker",
    "audio_file": "document",
}


class ExportError(ValueError):
    """The file is not a Telegram Desktop chat export we can place."""


@dataclass
class ImportReport:
    """What an import landed."""

    source: str
    run_id: str
    messages: int
    skipped_service: int
    new: int
    updated: int


def plain_text(text: Any) -> str:
    """The text of a message whether the export gives a string or a list of parts."""
    if isinstance(text, str):
        return text
    return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in text or ())


def entities(message: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """(links, mentions, hashtags) from ``text_entities`` or the parts of ``text``."""
    parts = message.get("text_entities")
    if parts is None:
        parts = [p for p in message.get("text") or () if isinstance(p, dict)]
    links, mentions, hashtags = [], [], []
    for part in parts:
        kind, value = part.get("type"), str(part.get("text", ""))
        if kind == "link":
            links.append(value if "://" in value else f"http://{value}")
        elif kind == "text_link" and part.get("href"):
            links.append(part["href"])
        elif kind == "mention":
            mentions.append(value.lstrip("@").lower())
        elif kind == "hashtag":
            hashtags.append(value.lstrip("#").lower())
    return [list(dict.fromkeys(x)) for x in (links, mentions, hashtags)]


def reactions(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The export's reactions as posts ``reactions``."""
    out = []
    for r in message.get("reactions") or ():
        kind, count = r.get("type"), int(r.get("count") or 0)
        if kind == "emoji":
            out.append({"emoji": r.get("emoji"), "custom_emoji_id": None, "count": count})
        elif kind == "custom_emoji":
            emoji_id = str(r.get("document_id") or "").rsplit("/", 1)[-1] or None
            out.append({"emoji": None, "custom_emoji_id": emoji_id, "count": count})
        elif kind == "paid":
            out.append({"emoji": PAID_REACTION_EMOJI, "custom_emoji_id": None, "count": count})
    return out


def media_kind(message: dict[str, Any]) -> str | None:
    """The posts ``media_kind`` of an exported message."""
    if "photo" in message:
        return "photo"
    if message.get("media_type"):
        return MEDIA_TYPES.get(message["media_type"], "document")
    for key, kind in (("poll", "poll"), ("location_information", "location"), ("file", "document")):
        if key in message:
            return kind
    return "contact" if "contact_information" in message else None


def timestamp(message: dict[str, Any], key: str, zone: tzinfo | None) -> datetime | None:
    """A message time from ``<key>_unixtime`` (UTC), else the local ``<key>`` in ``zone``.

    Raises:
        ExportError: only a local time is given and no zone.
    """
    unix = message.get(f"{key}_unixtime")
    if unix:
        return datetime.fromtimestamp(int(unix), UTC)
    local = message.get(key)
    if not local:
        return None
    if zone is None:
        raise ExportError(f"message {message.get('id')}: {key} has no time zone; pass --tz")
    return datetime.fromisoformat(local).replace(tzinfo=zone).astimezone(UTC)


def _peer(value: Any) -> tuple[str, int] | None:
    text = str(value or "")
    for prefix in ("channel", "user", "chat"):
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            return prefix, int(text[len(prefix) :])
    return None


def source_for(export: dict[str, Any], home: DataHome, channel: str | None) -> str:
    """The ``source`` of the export: ``channel``, else the username the API state knows."""
    if channel:
        return channel.strip().lstrip("@").lower()
    known = {s.channel_id: s.name for s in all_states(home) if s.channel_id is not None}
    if export.get("id") in known:
        return known[export["id"]]
    raise ExportError(
        f"the export of {export.get('name')!r} (id {export.get('id')}) names no username; "
        "pass --channel <username>"
    )


def rows(export: dict[str, Any], source: str, ctx: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The posts rows of the export's messages (service messages skipped)."""
    is_channel = export.get("type") in CHANNEL_TYPES
    pseudonymize = ctx["pseudonymize"]
    for message in export.get("messages") or ():
        if message.get("type") != "message":
            continue
        links, mentions, hashtags = entities(message)
        author_id = author_name = None
        peer = _peer(message.get("from_id"))
        if peer and peer[0] == "channel":
            author_id, author_name = marked_channel_id(peer[1]), message.get("from")
        elif peer:
            author_id = user_pseudonym(pseudonymize, peer[1])
        forwarded_from = None
        if message.get("forwarded_from"):
            fwd = _peer(message.get("forwarded_from_id"))
            forwarded_from = (
                marked_channel_id(fwd[1])
                if fwd and fwd[0] == "channel"
                else pseudonymize(PLATFORM, message["forwarded_from"])
            )
        edited = timestamp(message, "edited", ctx["tz"])
        reply = message.get("reply_to_message_id")
        post = Post(
            platform=PLATFORM,
            source=source,
            post_id=str(message["id"]),
            kind="post" if is_channel or not reply else "reply",
            url=f"https://t.me/{source}/{message['id']}",
            published_at=timestamp(message, "date", ctx["tz"]),
            collected_at=ctx["now"],
            run_id=ctx["run_id"],
            collector=COLLECTOR,
            author_id=author_id,
            author_name=author_name if is_channel else None,
            signature=message.get("author"),
            edited_at=edited,
            is_edited=edited is not None,
            text=plain_text(message.get("text")) or None,
            reactions=reactions(message),
            forwarded_from=forwarded_from,
            reply_to_key=f"{PLATFORM}:{source}:{reply}" if reply else None,
            mentions=mentions,
            hashtags=hashtags,
            links=links,
            media_kind=media_kind(message),
        )
        yield post.to_row()


def import_export(
    home: DataHome, path: Path, *, channel: str | None = None, tz: tzinfo | None = None
) -> ImportReport:
    """Land every message of an export; record the import in ``runs``.

    Raises:
        ExportError: the file is not a chat export, or its source cannot be named.
    """
    try:
        export = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path} is not a JSON chat export: {exc}") from exc
    if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
        raise ExportError(f"{path} has no 'messages' list: not a Telegram Desktop chat export")
    source = source_for(export, home, channel)
    now = datetime.now(UTC)
    run_id = f"import-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    ctx = {"pseudonymize": Pseudonymizer.for_home(home), "tz": tz, "now": now, "run_id": run_id}
    with LakeWriter(home, run_id=run_id) as writer:
        count = 0
        for row in rows(export, source, ctx):
            writer.add(row)
            count += 1
    report = writer.report
    service = sum(m.get("type") == "service" for m in export["messages"])
    record_runs(
        home,
        [
            {
                "run_id": run_id,
                "flow": "import",
                "source": source,
                "platform": PLATFORM,
                "collector": COLLECTOR,
                "started_at": now,
                "finished_at": datetime.now(UTC),
                "status": "ok" if report.new or report.updated else "empty",
                "items": count,
                "new_items": report.new,
                "updated_items": report.updated,
                "error": None,
            }
        ],
    )
    return ImportReport(source, run_id, count, service, report.new, report.updated)
