"""The columnar mapping (the history walker's path) equals the row mapping, message by message."""

from __future__ import annotations

import gc
from datetime import timedelta

import pytest

from collectors.telegram.columns import PostColumns
from collectors.telegram.gcpolicy import YOUNG_THRESHOLD, batched_gc
from collectors.telegram.mapping import ChannelContext, message_row
from pikir.lake import layout
from tests.telegram.tg_fakes import NOW, varied_messages

PSEUDO = lambda platform, value: f"anon:{value}"  # noqa: E731


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
    table, raw = columns.take()
    assert table.schema.equals(layout.POSTS.input_schema())
    expected = [
        message_row(m, ctx, collected_at=at) for m, at in zip(messages, seen_at, strict=True)
    ]
    payloads = {row.pop("post_key"): row for row in raw.to_pylist()} if raw else {}
    for got, want in zip(table.to_pylist(), expected, strict=True):
        want_raw = want.pop("_raw", None)
        assert got == want
        if want_raw is None:
            assert got["post_key"] not in payloads
        else:
            assert payloads[got["post_key"]] == {**want_raw, "raw_sha256": got["raw_sha256"]}
    assert len(payloads) == (len(messages) if raw else 0)
    assert len(columns) == 0
    assert columns.take()[0].num_rows == 0


def test_batched_gc_raises_the_young_threshold_and_restores_it_after_nesting():
    before = gc.get_threshold()
    with batched_gc():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        with batched_gc():
            assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
    assert gc.get_threshold() == before
