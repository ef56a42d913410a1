"""The pure mapping from a Telethon Message to a posts row, one field at a time."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from telethon.extensions import BinaryReader
from telethon.tl import types

from collectors.telegram.mapping import ChannelContext, media_kind, message_row
from pikir.schema import Post
from tests.telegram.tg_fakes import NOW, T0, message

PSEUDO = lambda platform, value: f"anon:{value}"  # noqa: E731


def ctx(**kw):
    base = {
        "source": "kaznews",
        "channel_id": 777,
        "title": "Kaz News",
        "pseudonymize": PSEUDO,
        "run_id": "r1",
        "usernames": {555: "orda_kz", 556: None},
    }
    return ChannelContext(**{**base, **kw})


def row_of(msg, **kw):
    return message_row(msg, ctx(**kw), collected_at=NOW)


def test_row_equals_the_post_model_for_the_same_values():
    msg = message(777, 5, views=10, forwards=2, post_author="Айгерим")
    row = row_of(msg, raw=False)
    post_fields = set(Post.__dataclass_fields__)
    expected = Post(**{k: v for k, v in row.items() if k in post_fields}).to_row()
    assert {k: row[k] for k in expected} == expected


def test_basic_fields():
    row = row_of(message(777, 5, views=10, forwards=2, post_author="Айгерим", grouped_id=99))
    assert row["post_key"] == "telegram:kaznews:5"
    assert row["url"] == "https://t.me/kaznews/5"
    assert (row["views"], row["forwards"]) == (10, 2)
    assert row["signature"] == "Айгерим"
    assert row["grouped_id"] == 99
    assert row["author_name"] == "Kaz News"
    assert row["author_id"] == "-100777"
    assert row["published_at"] == T0 + timedelta(hours=5)


def test_replies_count_and_reactions_with_custom_emoji_and_paid():
    reactions = types.MessageReactions(
        results=[
            types.ReactionCount(reaction=types.ReactionEmoji("👍"), count=240),
            types.ReactionCount(reaction=types.ReactionCustomEmoji(77), count=3),
            types.ReactionCount(reaction=types.ReactionPaid(), count=5),
        ]
    )
    replies = types.MessageReplies(replies=12, replies_pts=1, comments=True, channel_id=999)
    row = row_of(message(777, 5, reactions=reactions, replies=replies))
    assert row["replies"] == 12
    assert row["reactions"] == [
        {"emoji": "👍", "custom_emoji_id": None, "count": 240},
        {"emoji": None, "custom_emoji_id": "77", "count": 3},
        {"emoji": "⭐", "custom_emoji_id": None, "count": 5},
    ]
    assert row["reaction_total"] == 248


def test_forward_from_a_public_channel_gets_its_post_key_and_date():
    fwd = types.MessageFwdHeader(date=T0, from_id=types.PeerChannel(555), channel_post=240)
    row = row_of(message(777, 5, fwd_from=fwd))
    assert row["forwarded_from"] == "orda_kz"
    assert row["forwarded_post_key"] == "telegram:orda_kz:240"
    assert row["forwarded_at"] == T0


def test_forward_from_a_private_channel_or_person_is_not_named():
    private = types.MessageFwdHeader(date=T0, from_id=types.PeerChannel(556), channel_post=1)
    assert row_of(message(777, 5, fwd_from=private))["forwarded_from"] == "-100556"
    user = types.MessageFwdHeader(date=T0, from_id=types.PeerUser(31337))
    assert row_of(message(777, 5, fwd_from=user))["forwarded_from"] == "anon:user:31337"
    hidden = types.MessageFwdHeader(date=T0, from_name="Иван Петров")
    row = row_of(message(777, 5, fwd_from=hidden))
    assert row["forwarded_from"] == "anon:Иван Петров"
    assert "Иван".encode("utf-16-le") not in base64.b64decode(row["_raw"]["payload"])


def test_raw_payload_is_the_scrubbed_tl_message():
    user = types.MessageFwdHeader(date=T0, from_id=types.PeerUser(31337))
    msg = message(777, 5, fwd_from=user)
    row = row_of(msg)
    back = BinaryReader(base64.b64decode(row["_raw"]["payload"])).tgread_object()
    assert back.id == 5
    assert back.message == msg.message
    assert back.fwd_from.from_id is None
    assert back.fwd_from.from_name == "anon:user:31337"
    assert isinstance(msg.fwd_from.from_id, types.PeerUser)  # the original is untouched


def test_reply_to_the_same_channel():
    reply = types.MessageReplyHeader(reply_to_msg_id=3)
    assert row_of(message(777, 5, reply_to=reply))["reply_to_key"] == "telegram:kaznews:3"


def test_edit_date_and_hidden_edits():
    edited = row_of(message(777, 5, edit_date=NOW))
    assert edited["edited_at"] == NOW
    assert edited["is_edited"]
    hidden = row_of(message(777, 5, edit_date=NOW, edit_hide=True))
    assert hidden["edited_at"] is None
    assert not hidden["is_edited"]


def test_entities_with_utf16_offsets_after_emoji():
    text = "🔥 Закон: https://example.kz/a #Закон @Tengrinews и подробнее"
    utf16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    start = utf16(text[: text.index("https")])
    tag = utf16(text[: text.index("#")])
    mention = utf16(text[: text.index("@")])
    entities = [
        types.MessageEntityUrl(offset=start, length=len("https://example.kz/a")),
        types.MessageEntityHashtag(offset=tag, length=len("#Закон")),
        types.MessageEntityMention(offset=mention, length=len("@Tengrinews")),
        types.MessageEntityTextUrl(offset=0, length=2, url="vlast.kz/x"),
        types.MessageEntityMentionName(offset=0, length=2, user_id=5),
    ]
    row = row_of(message(777, 5, message=text, entities=entities))
    assert row["links"] == ["https://example.kz/a", "http://vlast.kz/x"]
    assert row["hashtags"] == ["закон"]
    assert row["mentions"] == ["tengrinews"]


def _document(mime_type, attribute):
    """A document attached to a message: one file of ``mime_type`` described by ``attribute``."""
    document = types.Document(
        id=1,
        access_hash=1,
        file_reference=b"",
        date=T0,
        mime_type=mime_type,
        size=1,
        dc_id=1,
        attributes=[attribute],
    )
    return types.MessageMediaDocument(document=document)


@pytest.mark.parametrize(
    ("media", "kind"),
    [
        (None, None),
        (types.MessageMediaPhoto(), "photo"),
        (types.MessageMediaWebPage(webpage=types.WebPageEmpty(id=1)), None),
        (types.MessageMediaGeo(geo=types.GeoPointEmpty()), "location"),
        (
            _document(
                "video/mp4", types.DocumentAttributeVideo(duration=1, w=1, h=1, round_message=True)
            ),
            "roundvideo",
        ),
        (_document("audio/ogg", types.DocumentAttributeAudio(duration=1, voice=True)), "voice"),
        (types.MessageMediaDocument(), "document"),
    ],
)
def test_media_kind(media, kind):
    assert media_kind(media) == kind


def test_text_less_media_post_has_no_text():
    row = row_of(message(777, 5, message="", media=types.MessageMediaPhoto()))
    assert row["text"] is None
    assert row["media_kind"] == "photo"
