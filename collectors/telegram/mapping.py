"""Map one Telethon ``Message`` to a posts row: a pure function over TL attributes.

Rows are flattened straight from the message's attributes (never from ``to_dict()`` trees,
3x dearer; perf-anchors §5) into every posts column a message can fill. The single fields come
from :mod:`collectors.telegram.fields`, the ``raw`` payload from :mod:`collectors.telegram.raw`;
:func:`message_fields` is the one place that decides the per-message values, shared by the row
dicts here and the Arrow columns of :mod:`collectors.telegram.columns`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telethon.tl import types

from collectors.telegram import COLLECTOR, PLATFORM
from collectors.telegram.fields import (
    PAID_REACTION_EMOJI,
    entity_fields,
    forward_origin,
    marked_channel_id,
    media_kind,
    reaction_list,
    reply_key,
    user_pseudonym,
    usernames_of,
)
from collectors.telegram.raw import RAW_CONTENT_TYPE, raw_payload
from pikir.schema import POSTS_SCHEMA, content_sha256_of

__all__ = [
    "PAID_REACTION_EMOJI",
    "RAW_CONTENT_TYPE",
    "ChannelContext",
    "is_post",
    "marked_channel_id",
    "media_kind",
    "message_fields",
    "message_row",
    "user_pseudonym",
    "usernames_of",
]


@dataclass
class ChannelContext:
    """What the mapping needs to know about the channel a page of messages came from.

    Attributes:
        source: the channel username, lower-cased (the ``source`` of every row).
        channel_id: the channel's bare id (``PeerChannel.channel_id``).
        title: the channel title (``author_name``; channels are public actors).
        pseudonymize: keyed hash for private people (``Pseudonymizer``).
        usernames: bare channel id → lower-cased username of the chats of the response, to
            resolve forwards and cross-channel replies to post keys.
        run_id: provenance.
        raw: keep the message's TL bytes as the ``raw`` payload (scrubbed of private people,
            see :func:`collectors.telegram.raw.scrubbed_bytes`).
    """

    source: str
    channel_id: int
    title: str | None
    pseudonymize: Callable[[str, str], str]
    run_id: str
    usernames: dict[int, str | None] = field(default_factory=dict)
    raw: bool = True


def message_fields(message: Any, ctx: ChannelContext) -> dict[str, Any]:
    """The posts values that differ from message to message of one channel.

    Everything else in a row is the same for the whole channel (platform, source, author,
    run, collector) or empty. ``tags`` is included because it is a content field.
    """
    text = message.message or ""
    links, mentions, hashtags = entity_fields(text, message.entities)
    edited = message.edit_date is not None and not message.edit_hide
    forwarded_from = forwarded_key = forwarded_at = None
    fwd = message.fwd_from
    if fwd is not None:
        forwarded_from, forwarded_key = forward_origin(fwd, ctx.usernames, ctx.pseudonymize)
        forwarded_at = fwd.date
    replies = message.replies
    reactions = reaction_list(message.reactions)
    return {
        "post_id": str(message.id),
        "published_at": message.date,
        "signature": message.post_author,
        "edited_at": message.edit_date if edited else None,
        "is_edited": edited,
        "text": text or None,
        "views": message.views,
        "forwards": message.forwards,
        "replies": replies.replies if replies is not None else None,
        "reactions": reactions,
        "reaction_total": sum(r["count"] for r in reactions) if reactions else None,
        "forwarded_from": forwarded_from,
        "forwarded_post_key": forwarded_key,
        "forwarded_at": forwarded_at,
        "reply_to_key": reply_key(message.reply_to, ctx.source, ctx.channel_id, ctx.usernames),
        "mentions": mentions,
        "hashtags": hashtags,
        "links": links,
        "media_kind": media_kind(message.media),
        "grouped_id": message.grouped_id,
        "tags": [],
    }


_POST_COLUMNS = tuple(f.name for f in POSTS_SCHEMA)


def message_row(message: Any, ctx: ChannelContext, *, collected_at: datetime, **extra) -> dict:
    """Flatten one channel message into a lake row (every posts column plus ``platform``).

    The row equals ``Post(...).to_row()`` for the same values (a test holds the two together)
    but is built directly. Channel history goes through the columnar twin,
    :class:`collectors.telegram.columns.PostColumns`; comments come here.

    Args:
        message: a ``types.Message`` (not a service or empty message).
        ctx: the channel the message belongs to.
        collected_at: when this sighting was made (UTC).
        **extra: columns to set or override (``kind``, ``parent_key``, authors...).

    Returns:
        The row, with the message's TL bytes (base64) under ``_raw`` when ``ctx.raw``.
    """
    row = dict.fromkeys(_POST_COLUMNS)
    row.update(
        platform=PLATFORM,
        source=ctx.source,
        url=f"https://t.me/{ctx.source}/{message.id}",
        kind="post",
        collected_at=collected_at,
        updated_at=collected_at,
        version=1,
        run_id=ctx.run_id,
        collector=COLLECTOR,
        author_id=marked_channel_id(ctx.channel_id),
        author_name=ctx.title,
    )
    row.update(message_fields(message, ctx))
    row.update(extra)
    row["post_key"] = f"{PLATFORM}:{row['source']}:{row['post_id']}"
    row["content_sha256"] = content_sha256_of(row)
    if ctx.raw:
        payload, row["raw_sha256"] = raw_payload(message, ctx.pseudonymize)
        row["_raw"] = {"payload": payload, "content_type": RAW_CONTENT_TYPE}
    return row


def is_post(message: Any) -> bool:
    """Whether a history item is a real message (not ``MessageService``/``MessageEmpty``)."""
    return isinstance(message, types.Message)
