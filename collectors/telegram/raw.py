"""The ``raw`` payload of a channel message: its TL bytes, scrubbed of private people, base64.

Decode a payload with ``BinaryReader(base64.b64decode(payload)).tgread_object()``: the result
is the ``types.Message`` as the server sent it, except for the scrubbed attributes listed in
:func:`scrubbed_bytes`. TL bytes are Telegram's own lossless encoding (every field, including
ones the posts row does not map). A message parsed from a response carries the bytes it came
in (:mod:`collectors.telegram.tlbytes`, installed on import here), so only messages built in
code or holding private people's ids pay one ``bytes(message)`` (~8 µs) — still cheaper than
the ``to_dict()`` tree walk plus JSON.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from telethon.tl import types

from collectors.telegram import PLATFORM, tlbytes
from pikir.schema import sha256_text

tlbytes.install()

RAW_CONTENT_TYPE = "application/x-telegram-tl+base64"
"""``raw`` payloads hold the message's TL bytes, base64: ``BinaryReader(b).tgread_object()``."""


def _scrubbed(message: Any, pseudonymize: Callable[[str, str], str]) -> dict[str, Any]:
    """Replacements for the attributes that identify private people, or {} when none do."""
    changes: dict[str, Any] = {}
    if isinstance(message.from_id, types.PeerUser):
        changes["from_id"] = None
    fwd = message.fwd_from
    if fwd is not None and (isinstance(fwd.from_id, types.PeerUser) or fwd.from_name):
        hidden = fwd.from_name or f"user:{getattr(fwd.from_id, 'user_id', '')}"
        changes["fwd_from"] = types.MessageFwdHeader(
            date=fwd.date, from_name=pseudonymize(PLATFORM, hidden), channel_post=None
        )
    replies = message.replies
    if replies is not None and replies.recent_repliers:
        changes["replies"] = types.MessageReplies(
            replies=replies.replies,
            replies_pts=replies.replies_pts,
            comments=replies.comments,
            channel_id=replies.channel_id,
            max_id=replies.max_id,
            read_max_id=replies.read_max_id,
        )
    reactions = message.reactions
    if reactions is not None and (reactions.recent_reactions or reactions.top_reactors):
        changes["reactions"] = types.MessageReactions(
            results=reactions.results, min=reactions.min, can_see_list=reactions.can_see_list
        )
    if message.entities and any(
        isinstance(e, types.MessageEntityMentionName) for e in message.entities
    ):
        changes["entities"] = [
            e for e in message.entities if not isinstance(e, types.MessageEntityMentionName)
        ]
    return changes


def scrubbed_bytes(message: Any, pseudonymize: Callable[[str, str], str]) -> bytes:
    """The message's TL bytes without private people's ids or names (pseudonyms instead).

    Scrubbed: a user ``from_id``, a forward's user id or hidden name, the recent commenters and
    reactors, and mentions of users by id. Everything else is kept byte for byte; the message
    object itself is left as it was. With nothing to scrub, a parsed message's bytes are the
    ones it arrived in.
    """
    changes = _scrubbed(message, pseudonymize)
    if not changes:
        return tlbytes.wire_bytes(message) or bytes(message)
    saved = {name: getattr(message, name) for name in changes}
    try:
        for name, value in changes.items():
            setattr(message, name, value)
        return bytes(message)
    finally:
        for name, value in saved.items():
            setattr(message, name, value)


def raw_payload(message: Any, pseudonymize: Callable[[str, str], str]) -> tuple[str, str]:
    """Return (payload, its SHA-256): the scrubbed TL bytes as base64 text."""
    encoded = base64.b64encode(scrubbed_bytes(message, pseudonymize))
    return encoded.decode("ascii"), sha256_text(encoded)  # ASCII: the digest of the text
