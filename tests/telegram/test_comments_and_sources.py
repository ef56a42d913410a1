"""Comments from the discussion group; one row per post seen by the web preview and the API."""

from __future__ import annotations

from datetime import timedelta

from telethon.tl import types

from collectors.telegram.run import CollectOptions
from pikir.lake.writer import LakeWriter
from tests.telegram.tg_fakes import NOW, FakeChannel, lake_posts, message, run_collect

GROUP_ID = 999


def _with_comments(server):
    channel = server.add_channel("kaznews", 777)
    for i in (1, 2, 3):
        channel.messages[i] = message(777, i, date=NOW - timedelta(hours=4 - i))
    channel.group = FakeChannel("kaznews_chat", GROUP_ID, title="Kaz chat", megagroup=True)
    post = channel.messages[2]
    post.replies = types.MessageReplies(
        replies=3,
        replies_pts=1,
        comments=True,
        channel_id=GROUP_ID,
        max_id=12,
        recent_repliers=[types.PeerUser(31337)],
    )
    top = types.MessageReplyHeader(reply_to_msg_id=10)
    nested = types.MessageReplyHeader(reply_to_msg_id=10, reply_to_top_id=10)
    channel.comments[2] = [
        _comment(10, "Согласен", types.PeerUser(31337), top),
        _comment(11, "Нет", types.PeerUser(4242), nested),
        _comment(12, "Ответ канала", types.PeerChannel(777), top),
    ]
    return channel


def _comment(msg_id, text, author, reply_to):
    """A message of the discussion group, written now by ``author`` in reply to ``reply_to``."""
    return types.Message(
        id=msg_id,
        peer_id=types.PeerChannel(GROUP_ID),
        date=NOW,
        message=text,
        from_id=author,
        reply_to=reply_to,
    )


def test_comments_land_with_parent_key_and_pseudonymous_authors(home, server):
    _with_comments(server)
    reports, _ = run_collect(home, server, ["kaznews"], options=CollectOptions(comments=True))
    assert reports[0].comments == 3
    rows = {r["post_key"]: r for r in lake_posts(home)}
    first, nested, own = (rows[f"telegram:kaznews_chat:{i}"] for i in (10, 11, 12))
    assert {first["kind"], nested["kind"]} == {"comment"}
    assert first["parent_key"] == first["thread_key"] == "telegram:kaznews:2"
    assert first["author_id"].startswith("anon:")
    assert first["author_name"] is None
    assert "31337" not in first["author_id"]
    assert nested["reply_to_key"] == "telegram:kaznews_chat:10"
    assert first["reply_to_key"] is None
    assert own["author_name"] == "Fake channel"
    assert own["author_id"] == "-100777"
    assert first["url"] == "https://t.me/kaznews/2?comment=10"
    assert first["raw_sha256"] is None  # no raw payload for a commenter's message


def test_comments_are_fetched_again_only_when_new_ones_exist(home, server):
    channel = _with_comments(server)
    run_collect(home, server, ["kaznews"], options=CollectOptions(comments=True), now=NOW)
    replies_before = sum(type(r).__name__ == "GetRepliesRequest" for r in server.requests)
    later = NOW + timedelta(hours=1)
    run_collect(
        home, server, ["kaznews"], run_id="r2", options=CollectOptions(comments=True), now=later
    )
    same = sum(type(r).__name__ == "GetRepliesRequest" for r in server.requests)
    assert replies_before == 1
    assert same == 1
    channel.comments[2].append(
        types.Message(
            id=13,
            peer_id=types.PeerChannel(GROUP_ID),
            date=later,
            message="ещё",
            from_id=types.PeerUser(7),
            reply_to=types.MessageReplyHeader(reply_to_msg_id=10),
        )
    )
    channel.messages[2].replies.max_id = 13
    run_collect(
        home, server, ["kaznews"], run_id="r3", options=CollectOptions(comments=True), now=later
    )
    replies = [r for r in server.requests if type(r).__name__ == "GetRepliesRequest"]
    assert len(replies) == 2
    assert replies[-1].min_id == 12
    assert "telegram:kaznews_chat:13" in {r["post_key"] for r in lake_posts(home)}


def _web_row(post_id, text):
    from pikir.schema import Post

    return Post(
        platform="telegram",
        source="kaznews",
        post_id=str(post_id),
        published_at=message(777, post_id).date,
        collected_at=NOW - timedelta(days=1),
        run_id="web",
        collector="telegram_web@0.1.0",
        text=text,
        views=1200,
    ).to_row()


def test_web_preview_row_is_replaced_by_the_api_version(home, server):
    server.add_channel("kaznews", 777, n=2)
    with LakeWriter(home, run_id="web") as writer:
        writer.add(_web_row(1, "post 1 о законе"))  # same text as the API will send
        writer.add(_web_row(2, "post 2 о законе"))
    run_collect(home, server, ["kaznews"])
    rows = {r["post_key"]: r for r in lake_posts(home)}
    assert len(rows) == 2
    for row in rows.values():
        assert row["collector"].startswith("telegram_api@")
        assert row["forwards"] == 1
        assert row["version"] == 2
        assert row["collected_at"] == NOW - timedelta(days=1)


def test_a_later_web_sighting_never_replaces_the_api_version(home, server):
    server.add_channel("kaznews", 777, n=2)
    run_collect(home, server, ["kaznews"], now=NOW - timedelta(days=2))
    with LakeWriter(home, run_id="web") as writer:
        report = writer.add(_web_row(1, "web text differs")) or writer.flush()
    rows = {r["post_key"]: r for r in lake_posts(home)}
    assert rows["telegram:kaznews:1"]["collector"].startswith("telegram_api@")
    assert rows["telegram:kaznews:1"]["text"] == "post 1 о законе"
    assert report.unchanged == 1
    assert report.metrics == 1
