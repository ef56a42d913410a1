"""Channel posts mapped straight into Arrow columns, handed to the lake writer as tables.

The per-row route (a dict per message, then ``Table.from_pylist``) spends more CPU turning
dicts into Arrow than mapping the message; here each per-message value of
:func:`~collectors.telegram.mapping.message_fields` is appended to its column list, the
columns that are the same for the whole channel are filled once per table, and
:meth:`PostColumns.table` returns the batch in the posts input schema. A test holds every row
of such a table equal to :func:`~collectors.telegram.mapping.message_row` of the same message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa

from collectors.telegram import COLLECTOR, PLATFORM
from collectors.telegram.fields import marked_channel_id
from collectors.telegram.mapping import ChannelContext, message_fields
from collectors.telegram.raw import RAW_CONTENT_TYPE, raw_payload
from pikir.lake import layout
from pikir.schema import content_sha256_of

_SCHEMA = layout.POSTS.input_schema()
_PER_MESSAGE = (
    "post_key",
    "url",
    "post_id",
    "published_at",
    "signature",
    "edited_at",
    "is_edited",
    "text",
    "views",
    "forwards",
    "replies",
    "reactions",
    "reaction_total",
    "forwarded_from",
    "forwarded_post_key",
    "forwarded_at",
    "reply_to_key",
    "mentions",
    "hashtags",
    "links",
    "media_kind",
    "grouped_id",
    "collected_at",
    "content_sha256",
    "raw_sha256",
)


class PostColumns:
    """A growing batch of one channel's posts, column by column.

    Args:
        ctx: the channel the messages belong to (its constants fill the per-channel columns).
    """

    def __init__(self, ctx: ChannelContext) -> None:
        self.ctx = ctx
        self._columns: dict[str, list[Any]] = {name: [] for name in _PER_MESSAGE}
        self._appenders = [(name, self._columns[name].append) for name in _PER_MESSAGE]
        self.raw: dict[str, dict[str, str]] = {}

    def __len__(self) -> int:
        return len(self._columns["post_id"])

    def add(self, message: Any, collected_at: datetime) -> None:
        """Map one channel message (a ``types.Message``) into the columns."""
        ctx = self.ctx
        values = message_fields(message, ctx)
        post_key = f"{PLATFORM}:{ctx.source}:{values['post_id']}"
        values["post_key"] = post_key
        values["url"] = f"https://t.me/{ctx.source}/{values['post_id']}"
        values["collected_at"] = collected_at
        values["content_sha256"] = content_sha256_of(values)
        values["raw_sha256"] = None
        if ctx.raw:
            payload, values["raw_sha256"] = raw_payload(message, ctx.pseudonymize)
            self.raw[post_key] = {"payload": payload, "content_type": RAW_CONTENT_TYPE}
        for name, append in self._appenders:
            append(values[name])

    def table(self) -> pa.Table:
        """The batch as a posts table (input schema, with ``platform``); the batch is emptied."""
        n = len(self)
        ctx = self.ctx
        arrays: list[pa.Array] = []
        collected = None
        constants = {
            "platform": PLATFORM,
            "source": ctx.source,
            "kind": "post",
            "version": 1,
            "run_id": ctx.run_id,
            "collector": COLLECTOR,
            "author_id": marked_channel_id(ctx.channel_id),
            "author_name": ctx.title,
        }
        for schema_field in _SCHEMA:
            name, kind = schema_field.name, schema_field.type
            if name in self._columns:
                array = pa.array(self._columns[name], type=kind)
                if name == "collected_at":
                    collected = array
            elif name == "updated_at":
                array = None  # the first sighting: updated_at is collected_at, set below
            elif name in constants and constants[name] is not None:
                array = pa.repeat(pa.scalar(constants[name], kind), n)
            elif name == "tags":
                array = pa.array([[]] * n, type=kind)
            else:
                array = pa.nulls(n, kind)
            arrays.append(array)
        arrays[_SCHEMA.get_field_index("updated_at")] = collected
        for column in self._columns.values():
            column.clear()
        return pa.Table.from_arrays(arrays, schema=_SCHEMA)

    def take_raw(self) -> dict[str, dict[str, str]]:
        """The raw payloads of the batch by post key (emptied)."""
        raw, self.raw = self.raw, {}
        return raw
