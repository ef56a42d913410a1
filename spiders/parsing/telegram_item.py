"""Map one parsed preview message to a lake row: a pure function, tested on saved pages."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pikir.schema import Post, sha256_text
from spiders.parsing.telegram_preview import ChannelPage, PreviewMessage

PLATFORM = "telegram"


def map_message(
    message: PreviewMessage,
    page: ChannelPage,
    source: str,
    *,
    collected_at: datetime,
    run_id: str,
    collector: str,
    pseudonymize: Callable[[str, str], str],
) -> dict[str, Any]:
    """Return the lake row of one message plus its raw HTML under ``_raw``.

    ``source`` is the channel name as requested (lower-cased), the same name the watermark is
    kept under, even if the page spells it differently. The hidden author of a forward is a
    private person and is replaced by ``pseudonymize(platform, name)`` in the row and in the
    stored HTML alike.
    """
    fwd_channel = (message.forwarded_from_channel or "").lower() or None
    fwd_key = reply_key = None
    if fwd_channel and message.forwarded_from_post_id is not None:
        fwd_key = f"{PLATFORM}:{fwd_channel}:{message.forwarded_from_post_id}"
    forwarded_from, payload = fwd_channel, message.html
    if not fwd_channel and message.forwarded_from_name:
        forwarded_from = pseudonymize(PLATFORM, message.forwarded_from_name)
        payload = payload.replace(html.escape(message.forwarded_from_name), forwarded_from)
        payload = payload.replace(message.forwarded_from_name, forwarded_from)
    if message.reply_to_post_id is not None:
        reply_channel = (message.reply_to_channel or source).lower()
        reply_key = f"{PLATFORM}:{reply_channel}:{message.reply_to_post_id}"
    post = Post(
        platform=PLATFORM,
        source=source,
        post_id=str(message.post_id),
        kind="post",
        url=message.permalink,
        published_at=message.published_at,
        collected_at=collected_at,
        run_id=run_id,
        collector=collector,
        author_name=page.info.title,
        signature=message.signature,
        is_edited=message.is_edited,
        text=message.text,
        views=message.views,
        reactions=message.reactions,
        forwarded_from=forwarded_from,
        forwarded_post_key=fwd_key,
        reply_to_key=reply_key,
        mentions=message.mentions,
        hashtags=message.hashtags,
        links=message.links,
        media_kind=message.media_kind,
        lang_hint=None,
        raw_sha256=sha256_text(payload),
    )
    row = post.to_row()
    row["_raw"] = {"payload": payload, "content_type": "text/html"}
    return row
