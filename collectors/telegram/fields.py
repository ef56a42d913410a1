"""Single posts fields read from Telethon TL objects: entities, reactions, media, peers.

The rules match the web preview collector (:mod:`spiders.parsing.telegram_item`) so both
produce comparable values: hashtags and mentions lower-cased without ``#``/``@``, paid reactions
as ``⭐``, a private person (a user peer, a hidden forward author) only as a keyed-hash pseudonym.

Entity offsets are in UTF-16 code units (Telegram's convention), so entity texts are sliced from
the text's UTF-16 encoding (emoji outside the Basic Multilingual Plane count twice).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telethon.tl import types

from collectors.telegram import PLATFORM

PAID_REACTION_EMOJI = "⭐"

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
_ENTITY_URL = types.MessageEntityUrl
_ENTITY_TEXT_URL = types.MessageEntityTextUrl
_ENTITY_MENTION = types.MessageEntityMention
_ENTITY_HASHTAG = types.MessageEntityHashtag


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
        if kind is _ENTITY_TEXT_URL:
            links.append(_link(entity.url))
        elif kind is _ENTITY_URL:
            links.append(_link(_slice(utf16, entity.offset, entity.length)))
        elif kind is _ENTITY_MENTION:
            mentions.append(_slice(utf16, entity.offset, entity.length).lstrip("@").lower())
        elif kind is _ENTITY_HASHTAG:
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


def forward_origin(
    fwd: Any, usernames: dict[int, str | None], pseudonymize: Callable[[str, str], str]
) -> tuple[str | None, str | None]:
    """Return (forwarded_from, forwarded_post_key) of a ``MessageFwdHeader``.

    A public channel is named by its username (its post key when the header has one), a
    channel without a known username by its marked id, a person only by a pseudonym.
    """
    peer = fwd.from_id
    if isinstance(peer, types.PeerChannel):
        username = usernames.get(peer.channel_id)
        if username is None:
            return marked_channel_id(peer.channel_id), None
        key = f"{PLATFORM}:{username}:{fwd.channel_post}" if fwd.channel_post else None
        return username, key
    if isinstance(peer, types.PeerUser):
        return user_pseudonym(pseudonymize, peer.user_id), None
    if fwd.from_name:
        return pseudonymize(PLATFORM, fwd.from_name), None
    return None, None


def reply_key(reply: Any, source: str, channel_id: int, usernames: dict) -> str | None:
    """The post key a ``MessageReplyHeader`` points to (same channel or a known public one)."""
    if not isinstance(reply, types.MessageReplyHeader) or not reply.reply_to_msg_id:
        return None
    peer = reply.reply_to_peer_id
    if peer is None or (isinstance(peer, types.PeerChannel) and peer.channel_id == channel_id):
        return f"{PLATFORM}:{source}:{reply.reply_to_msg_id}"
    if isinstance(peer, types.PeerChannel) and usernames.get(peer.channel_id):
        return f"{PLATFORM}:{usernames[peer.channel_id]}:{reply.reply_to_msg_id}"
    return None
