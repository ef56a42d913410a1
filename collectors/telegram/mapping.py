"""Map one Telethon ``Message`` to a posts row: a pure function over TL attributes.

Rows are flattened straight from the message's attributes (never from ``to_dict()`` trees,
3x dearer; perf-anchors §5) into every posts column a message can fill. The rules match the web
preview collector (:mod:`spiders.parsing.telegram_item`) so both produce the same ``post_key``
and comparable values: hashtags and mentions lower-cased without ``#``/``@``, paid reactions as
``⭐``, the hidden author of a forward (a private person) only as a keyed-hash pseudonym.

Entity offsets are in UTF-16 code units (Telegram's convention), so entity texts are sliced from
the text's UTF-16 encoding (emoji outside the Basic Multilingual Plane count twice).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telethon.tl import types

from collectors.telegram import COLLECTOR, PLATFORM
from pikir.schema import POSTS_SCHEMA, content_sha256_of, sha256_text

PAID_REACTION_EMOJI = "⭐"
RAW_CONTENT_TYPE = "application/x-telegram-tl+base64"
"""``raw`` payloads hold the message's TL bytes, base64: ``BinaryReader(b).tgread_object()``."""

_MEDIA_KINDS: dict[type, str] = {
    types.MessageMediaPhoto: "photo",
    types.MessageMediaPoll: "poll",
    types.MessageMediaGeo: "location",
    types.MessageMediaGeoLive: "location",
    types.MessageMediaVenue: "location",
    types.MessageMediaContact: "contact",
    types.MessageMediaDice: "dice",
    types.MessageMediaGame: "game",
    types.MessageMediaInvoice: "invoice",
    types.MessageMediaStory: "story",
    types.MessageMediaGiveaway: "giveaway",
    types.MessageMediaPaidMedia: "paid_media",
}


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
            see :func:`scrubbed_bytes`).
    """

    source: str
    channel_id: int
    title: str | None
    pseudonymize: Callable[[str, str], str]
    run_id: str
    usernames: dict[int, str | None] = field(default_factory=dict)
    raw: bool = True


def marked_channel_id(channel_id: int) -> str:
    """The ``-100<id>`` form Telegram clients show for a channel (public actors keep ids)."""
    return f"-100{channel_id}"


def user_pseudonym(pseudonymize: Callable[[str, str], str], user_id: int) -> str:
    """The pseudonym of a private user id; the same for API rows and export imports."""
    return pseudonymize(PLATFORM, f"user:{user_id}")


def usernames_of(chats: list[Any]) -> dict[int, str | None]:
    """Map the channels of a response (``result.chats``) to their lower-cased usernames."""
    found: dict[int, str | None] = {}
    for chat in chats:
        if isinstance(chat, types.Channel):
            name = chat.username or next(
                (u.username for u in chat.usernames or () if u.active), None
            )
            found[chat.id] = name.lower() if name else None
    return found


def _slice(utf16: bytes, offset: int, length: int) -> str:
    return utf16[offset * 2 : (offset + length) * 2].decode("utf-16-le", "replace")


def _link(url: str) -> str:
    return url if "://" in url or url.startswith("mailto:") else f"http://{url}"


def entity_fields(text: str, entities: list[Any] | None) -> tuple[list, list, list]:
    """Return (links, mentions, hashtags) named by a message's entities, first occurrence first.

    Mentions of a user by id (``MessageEntityMentionName``) name a private person and are left
    out; ``@username`` mentions are public handles and kept.
    """
    links: list[str] = []
    mentions: list[str] = []
    hashtags: list[str] = []
    if not entities:
        return links, mentions, hashtags
    utf16 = text.encode("utf-16-le")  # offsets count UTF-16 code units; encoding is ~1 µs
    for entity in entities:
        kind = type(entity)
        if kind is types.MessageEntityTextUrl:
            links.append(_link(entity.url))
        elif kind is types.MessageEntityUrl:
            links.append(_link(_slice(utf16, entity.offset, entity.length)))
        elif kind is types.MessageEntityMention:
            mentions.append(_slice(utf16, entity.offset, entity.length).lstrip("@").lower())
        elif kind is types.MessageEntityHashtag:
            hashtags.append(_slice(utf16, entity.offset, entity.length).lstrip("#").lower())
    return list(dict.fromkeys(links)), list(dict.fromkeys(mentions)), list(dict.fromkeys(hashtags))


def reaction_list(reactions: Any) -> list[dict[str, Any]]:
    """``MessageReactions`` as ``{emoji, custom_emoji_id, count}`` dicts (paid stars as ⭐)."""
    if reactions is None or not reactions.results:
        return []
    out = []
    for result in reactions.results:
        reaction = result.reaction
        kind = type(reaction)
        if kind is types.ReactionEmoji:
            out.append({"emoji": reaction.emoticon, "custom_emoji_id": None, "count": result.count})
        elif kind is types.ReactionCustomEmoji:
            out.append(
                {"emoji": None, "custom_emoji_id": str(reaction.document_id), "count": result.count}
            )
        elif kind is types.ReactionPaid:
            out.append(
                {"emoji": PAID_REACTION_EMOJI, "custom_emoji_id": None, "count": result.count}
            )
    return out


def media_kind(media: Any) -> str | None:
    """The posts ``media_kind`` of a message's media (None for none and for link previews)."""
    if media is None or isinstance(media, types.MessageMediaWebPage | types.MessageMediaEmpty):
        return None
    if isinstance(media, types.MessageMediaDocument):
        for attribute in getattr(media.document, "attributes", None) or ():
            if isinstance(attribute, types.DocumentAttributeVideo):
                return "roundvideo" if attribute.round_message else "video"
            if isinstance(attribute, types.DocumentAttributeAudio):
                return "voice" if attribute.voice else "document"
            if isinstance(attribute, types.DocumentAttributeSticker):
                return "sticker"
        return "document"
    return _MEDIA_KINDS.get(type(media), type(media).__name__.removeprefix("MessageMedia").lower())


def _forward(fwd: Any, ctx: ChannelContext) -> tuple[str | None, str | None]:
    """Return (forwarded_from, forwarded_post_key) of a ``MessageFwdHeader``."""
    peer = fwd.from_id
    if isinstance(peer, types.PeerChannel):
        username = ctx.usernames.get(peer.channel_id)
        if username is None:
            return marked_channel_id(peer.channel_id), None
        key = f"{PLATFORM}:{username}:{fwd.channel_post}" if fwd.channel_post else None
        return username, key
    if isinstance(peer, types.PeerUser):
        return user_pseudonym(ctx.pseudonymize, peer.user_id), None
    if fwd.from_name:
        return ctx.pseudonymize(PLATFORM, fwd.from_name), None
    return None, None


def _reply_key(reply: Any, ctx: ChannelContext) -> str | None:
    if not isinstance(reply, types.MessageReplyHeader) or not reply.reply_to_msg_id:
        return None
    peer = reply.reply_to_peer_id
    if peer is None or (isinstance(peer, types.PeerChannel) and peer.channel_id == ctx.channel_id):
        return f"{PLATFORM}:{ctx.source}:{reply.reply_to_msg_id}"
    if isinstance(peer, types.PeerChannel) and ctx.usernames.get(peer.channel_id):
        return f"{PLATFORM}:{ctx.usernames[peer.channel_id]}:{reply.reply_to_msg_id}"
    return None


_POST_COLUMNS = tuple(f.name for f in POSTS_SCHEMA)


def message_row(message: Any, ctx: ChannelContext, *, collected_at: datetime, **extra) -> dict:
    """Flatten one channel message into a lake row (every posts column plus ``platform``).

    The row equals ``Post(...).to_row()`` for the same values (a test holds the two together)
    but is built directly: this runs once per message of every backfill.

    Args:
        message: a ``types.Message`` (not a service or empty message).
        ctx: the channel the message belongs to.
        collected_at: when this sighting was made (UTC).
        **extra: columns to set or override (``kind``, ``parent_key``, authors...).

    Returns:
        The row, with the message's TL bytes (base64) under ``_raw`` when ``ctx.raw``.
    """
    text = message.message or ""
    links, mentions, hashtags = entity_fields(text, message.entities)
    edited = message.edit_date is not None and not message.edit_hide
    forwarded_from = forwarded_key = forwarded_at = None
    if message.fwd_from is not None:
        forwarded_from, forwarded_key = _forward(message.fwd_from, ctx)
        forwarded_at = message.fwd_from.date
    replies = message.replies
    reactions = reaction_list(message.reactions)
    row = dict.fromkeys(_POST_COLUMNS)
    row.update(
        platform=PLATFORM,
        post_key=f"{PLATFORM}:{ctx.source}:{message.id}",
        source=ctx.source,
        post_id=str(message.id),
        url=f"https://t.me/{ctx.source}/{message.id}",
        kind="post",
        published_at=message.date,
        collected_at=collected_at,
        updated_at=collected_at,
        version=1,
        run_id=ctx.run_id,
        collector=COLLECTOR,
        author_id=marked_channel_id(ctx.channel_id),
        author_name=ctx.title,
        signature=message.post_author,
        edited_at=message.edit_date if edited else None,
        is_edited=edited,
        text=text or None,
        views=message.views,
        forwards=message.forwards,
        replies=replies.replies if replies is not None else None,
        reactions=reactions,
        reaction_total=sum(r["count"] for r in reactions) if reactions else None,
        forwarded_from=forwarded_from,
        forwarded_post_key=forwarded_key,
        forwarded_at=forwarded_at,
        reply_to_key=_reply_key(message.reply_to, ctx),
        mentions=mentions,
        hashtags=hashtags,
        links=links,
        media_kind=media_kind(message.media),
        grouped_id=message.grouped_id,
        tags=[],
    )
    if extra:
        row.update(extra)
        row["post_key"] = f"{PLATFORM}:{row['source']}:{row['post_id']}"
    row["content_sha256"] = content_sha256_of(row)
    if ctx.raw:
        payload = base64.b64encode(scrubbed_bytes(message, ctx)).decode("ascii")
        row["raw_sha256"] = sha256_text(payload)
        row["_raw"] = {"payload": payload, "content_type": RAW_CONTENT_TYPE}
    return row


def _scrubbed(message: Any, ctx: ChannelContext) -> dict[str, Any]:
    """Replacements for the attributes that identify private people, or {} when none do."""
    changes: dict[str, Any] = {}
    if isinstance(message.from_id, types.PeerUser):
        changes["from_id"] = None
    fwd = message.fwd_from
    if fwd is not None and (isinstance(fwd.from_id, types.PeerUser) or fwd.from_name):
        hidden = fwd.from_name or f"user:{getattr(fwd.from_id, 'user_id', '')}"
        changes["fwd_from"] = types.MessageFwdHeader(
            date=fwd.date, from_name=ctx.pseudonymize(PLATFORM, hidden), channel_post=None
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


def scrubbed_bytes(message: Any, ctx: ChannelContext) -> bytes:
    """The message's TL bytes without private people's ids or names (pseudonyms instead).

    Scrubbed: a user ``from_id``, a forward's user id or hidden name, the recent commenters and
    reactors, and mentions of users by id. Everything else is kept byte for byte.
    """
    changes = _scrubbed(message, ctx)
    if not changes:
        return bytes(message)
    saved = {name: getattr(message, name) for name in changes}
    try:
        for name, value in changes.items():
            setattr(message, name, value)
        return bytes(message)
    finally:
        for name, value in saved.items():
            setattr(message, name, value)


def is_post(message: Any) -> bool:
    """Whether a history item is a real message (not ``MessageService``/``MessageEmpty``)."""
    return isinstance(message, types.Message)
