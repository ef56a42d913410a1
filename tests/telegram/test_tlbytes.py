"""Parsed channel messages keep the bytes they arrived in; ``raw`` uses them unless it scrubs."""

from __future__ import annotations

import base64

from telethon.extensions import BinaryReader
from telethon.tl import types

from collectors.telegram.raw import raw_payload, scrubbed_bytes
from collectors.telegram.tlbytes import WireMessage, wire_bytes
from tests.telegram.tg_fakes import T0, message, over_the_wire, varied_messages

PSEUDO = lambda platform, value: f"anon:{value}"  # noqa: E731


def page(messages: list[types.Message]) -> types.messages.ChannelMessages:
    """A history page as the server would send it, parsed by Telethon's reader."""
    answer = types.messages.ChannelMessages(
        pts=1, count=len(messages), messages=messages, topics=[], chats=[], users=[]
    )
    return over_the_wire(answer)


def test_parsed_messages_are_wire_messages_holding_their_exact_bytes():
    parsed = page(varied_messages()).messages
    assert parsed, "the page holds messages"
    for msg in parsed:
        assert isinstance(msg, WireMessage)
        assert isinstance(msg, types.Message)  # still Telethon's patched Message
        assert wire_bytes(msg) == bytes(msg)


def test_the_bytes_are_the_message_slice_of_the_response():
    sent = varied_messages()
    response = bytes(
        types.messages.ChannelMessages(
            pts=1, count=len(sent), messages=sent, topics=[], chats=[], users=[]
        )
    )
    parsed = BinaryReader(response).tgread_object().messages
    for original, msg in zip(sent, parsed, strict=True):
        assert wire_bytes(msg) == bytes(original)
        assert wire_bytes(msg) in response


def test_messages_built_in_code_carry_no_wire_bytes():
    assert wire_bytes(message(777, 1)) is None
    assert scrubbed_bytes(message(777, 1), PSEUDO) == bytes(message(777, 1))


def test_raw_payload_of_a_parsed_public_message_is_what_the_server_sent():
    (msg,) = page([message(777, 3, message="Заң жобасы туралы")]).messages
    payload, sha = raw_payload(msg, PSEUDO)
    assert base64.b64decode(payload) == wire_bytes(msg)
    assert len(sha) == 64


def test_a_parsed_message_with_a_private_sender_is_still_scrubbed():
    fwd = types.MessageFwdHeader(date=T0, from_id=types.PeerUser(31337))
    (msg,) = page([message(777, 5, fwd_from=fwd)]).messages
    assert wire_bytes(msg) is not None
    payload, _ = raw_payload(msg, PSEUDO)
    back = BinaryReader(base64.b64decode(payload)).tgread_object()
    assert back.fwd_from.from_id is None
    assert back.fwd_from.from_name == "anon:user:31337"
    assert base64.b64decode(payload) != wire_bytes(msg)
