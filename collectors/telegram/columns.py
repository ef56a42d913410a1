"""Channel posts mapped straight into Arrow columns, handed to the lake writer as tables.

The per-row route (a dict per message, then ``Table.from_pylist``) spends more CPU turning
dicts into Arrow than mapping the message; here each per-message value of
:func:`~collectors.telegram.mapping.message_fields` is appended to its column list, the
columns that are the same for the whole channel are filled once per table, and
:meth:`PostColumns.take` returns the batch in the posts input schema (and its raw payloads
as a table). A test holds every row
of such a table equal to :func:`~collectors.telegram.mapping.message_row` of the same message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from collectors.telegram import COLLECTOR, PLATFORM
from collectors.telegram.fields import marked_channel_id
from collectors.telegram.mapping import ChannelContext, message_fields
from collectors.telegram.raw import RAW_CONTENT_TYPE, raw_payload
from pikir.lake import layout
from pikir.lake.landing import RAW_PAYLOADS
from pikir.schema import content_sha256_of

_SCHEMA = layout.POSTS.input_schema()
_PER_MESSAGE = (
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


_FROM_POST_ID = {
    "post_key": PLATFORM + ":{source}:",
    "url": "https://t.me/{source}/",
}
"""Columns that are a per-channel prefix followed by the message id (``post_id``)."""


class PostColumns:
    """A growing batch of one channel's posts, column by column.

    Args:
        ctx: the channel the messages belong to (its constants fill the per-channel columns).
    """

    def __init__(self, ctx: ChannelContext) -> None:
        self.ctx = ctx
        self._columns: dict[str, list[Any]] = {name: [] for name in _PER_MESSAGE}
        self._appenders = [(name, self._columns[name].append) for name in _PER_MESSAGE]
        self._payloads: list[str] = []

    def __len__(self) -> int:
        return len(self._columns["post_id"])

    def add(self, message: Any, collected_at: datetime) -> None:
        """Map one channel message (a ``types.Message``) into the columns."""
        ctx = self.ctx
        values = message_fields(message, ctx)
        values["collected_at"] = collected_at
        values["content_sha256"] = content_sha256_of(values)
        values["raw_sha256"] = None
        if ctx.raw:
            payload, values["raw_sha256"] = raw_payload(message, ctx.pseudonymize)
            self._payloads.append(payload)
        for name, append in self._appenders:
            append(values[name])

    def take(self) -> tuple[pa.Table, pa.Table | None]:
        """The batch as a posts table and its raw payloads (None without); the batch is emptied.

        Returns:
            The posts in the input schema (with ``platform``), and the raw payloads as a
            :data:`~pikir.lake.landing.RAW_PAYLOADS` table when the channel keeps them.
        """
        payloads, self._payloads = self._payloads, []
        posts = self._posts_table()
        if not self.ctx.raw:
            return posts, None
        raw = pa.Table.from_arrays(
            [
                posts["post_key"],
                pa.chunked_array([pa.array(payloads, pa.string())]),
                pa.repeat(pa.scalar(RAW_CONTENT_TYPE), len(payloads)),
                posts["raw_sha256"],
            ],
            schema=RAW_PAYLOADS,
        )
        return posts, raw

    def _posts_table(self) -> pa.Table:
        """The posts columns as a table in the input schema; the columns are emptied."""
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
        post_ids = pa.array(self._columns["post_id"], pa.string())
        for schema_field in _SCHEMA:
            name, kind = schema_field.name, schema_field.type
            if name in _FROM_POST_ID:  # "<prefix><post_id>", joined column-wise
                prefix = _FROM_POST_ID[name].format(source=ctx.source)
                array = pc.binary_join_element_wise(prefix, post_ids, "")
            elif name == "post_id":
                array = post_ids
            elif name in self._columns:
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
