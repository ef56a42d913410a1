"""Keep the TL bytes a channel message arrived in, so ``raw`` need not serialise it again.

Telethon parses every response with ``BinaryReader.tgread_object``, which looks the
constructor up in ``telethon.tl.alltlobjects.tlobjects`` — the registry Telethon itself patches
to turn ``types.Message`` into its friendlier ``custom.Message`` (``telethon/tl/patched``).
:func:`install` registers :class:`WireMessage`, a subclass of that class whose ``from_reader``
also keeps the slice of the response the message was read from: the message exactly as the
server sent it. ``bytes(message)`` costs about 8 µs a message; the slice a fraction of one.
Messages built in code (tests) carry no slice and are serialised as before.

For a message as parsed the slice equals ``bytes(message)`` (Telethon writes back the fields
it read, in the same order, under the same flags); a test holds the two equal over every field
the collector maps.
"""

from __future__ import annotations

from typing import Any

import telethon.tl.patched  # noqa: F401  (Telethon's own registry patch must come first)
from telethon.tl import alltlobjects, types

_WIRE = "_pikir_wire"


class WireMessage(types.Message):
    """Telethon's patched ``Message`` that also keeps the bytes it was read from."""

    @classmethod
    def from_reader(cls, reader: Any) -> WireMessage:
        """Parse as Telethon does, then keep ``reader``'s bytes from the constructor id on."""
        start = reader.position - 4  # tgread_object has read the constructor id
        message = super().from_reader(reader)
        message.__dict__[_WIRE] = reader.stream[start : reader.position]
        return message


def install() -> None:
    """Make Telethon parse channel messages as :class:`WireMessage` (idempotent)."""
    alltlobjects.tlobjects[types.Message.CONSTRUCTOR_ID] = WireMessage


def wire_bytes(message: Any) -> bytes | None:
    """The TL bytes ``message`` was parsed from, or None for a message built in code."""
    return message.__dict__.get(_WIRE)
