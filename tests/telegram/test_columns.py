"""The columnar mapping (the history walker's path) equals the row mapping, message by message."""

from __future__ import annotations

import gc
from datetime import timedelta

import pytest
from telethon.tl import types

from collectors.telegram.columns import PostColumns
from collectors.telegram.gcpolicy import YOUNG_THRESHOLD, batched_gc
from collectors.telegram.mapping import ChannelContext, message_row
from pikir.lake import layout
from tests.telegram.tg_fakes import NOW, T0, message

PSEUDO = lambda platform, value: f"anon:{value}"  # noqa: E731


def varied_messages() -> list[types.Message]:
    """One message per mapping rule, so every column is exercised with values and nulls."""
    reactions = types.MessageReactions(
        results=[
            types.ReactionCount(reaction=types.ReactionEmoji("👍"), count=240),
            types.ReactionCount(reaction=types.ReactionCustomEmoji(77), count=3),
            types.ReactionCount(reaction=types.ReactionPaid(), count=5),
        ]
    )
    text = "🔥 Заң жобасы: https://example.kz/a #Закон @Tengrinews"
    utf16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    entities = [
        types.MessageEntityUrl(offset=utf16(text[: text.index("https")]), length=20),
        types.MessageEntityHashtag(offset=utf16(text[: text.index("#")]), length=6),
        types.MessageEntityMention(offset=utf16(text[: text.index("@")]), length=11),
        types.MessageEntityMentionName(offset=0, length=2, user_id=5),
    ]
    return [
        message(777, 1),
        message(777, 2, message="", media=types.MessageMediaPhoto(), grouped_id=9),
        message(777, 3, message=text, entities=entities, reactions=reactions),
        message(
            777,
            4,
            fwd_from=types.MessageFwdHeader(
                date=T0, from_id=types.PeerChannel(555), channel_post=240
            ),
        ),
        message(777, 5, fwd_from=types.MessageFwdHeader(date=T0, from_id=types.PeerUser(31))),
        message(777, 6, fwd_from=types.MessageFwdHeader(date=T0, from_name="Иван Петров")),
        message(777, 7, reply_to=types.MessageReplyHeader(reply_to_msg_id=3)),
        message(777, 8, edit_date=NOW, post_author="Айгерим"),
        message(777, 9, edit_date=NOW, edit_hide=True, views=None, forwards=None),
        message(
            777,
            10,
            replies=types.MessageReplies(replies=12, replies_pts=1, comments=True, channel_id=9),
        ),
    ]


@pytest.mark.parametrize("raw", [True, False])
def test_every_row_of_the_table_equals_message_row(raw):
    ctx = ChannelContext(
        source="kaznews",
        channel_id=777,
        title="Kaz News",
        pseudonymize=PSEUDO,
        run_id="r1",
        usernames={555: "orda_kz"},
        raw=raw,
    )
    columns = PostColumns(ctx)
    messages = varied_messages()
    seen_at = [NOW + timedelta(seconds=i) for i in range(len(messages))]
    for msg, at in zip(messages, seen_at, strict=True):
        columns.add(msg, at)
    table = columns.table()
    assert table.schema.equals(layout.POSTS.input_schema())
    expected = [
        message_row(m, ctx, collected_at=at) for m, at in zip(messages, seen_at, strict=True)
    ]
    payloads = columns.take_raw()
    for got, want in zip(table.to_pylist(), expected, strict=True):
        want_raw = want.pop("_raw", None)
        assert got == want
        assert payloads.get(got["post_key"]) == want_raw
    assert len(columns) == 0
    assert columns.table().num_rows == 0


def test_batched_gc_raises_the_young_threshold_and_restores_it_after_nesting():
    before = gc.get_threshold()
    with batched_gc():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        with batched_gc():
            assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
    assert gc.get_threshold() == before
