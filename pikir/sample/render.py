"""Pages of the sample site: the t.me/s feed, the plain channel page and a single post.

Pure functions of a :class:`~pikir.sample.content.SampleChannel` and the site's base URL, so the
same pages can be served by :mod:`pikir.sample.server` or written to disk as fixtures.

Pagination follows the real site: ``/s/<name>`` shows the newest posts, ``?before=N`` the newest
posts with an id below N, ``?after=N`` the oldest posts with an id above N; posts are oldest first
in the DOM; a page holds about 20 messages, each photo of an album counting as one.
"""

from __future__ import annotations

from html import escape

from pikir.sample.content import Post, SampleChannel, id_span
from pikir.sample.markup import abbreviate, group_thousands, plain_text, text_to_html
from pikir.sample.render_post import message_html

PAGE_UNITS = 20
"""How many message ids a feed page holds (an album of N photos counts N)."""


def page_posts(
    posts: list[Post], before: int | None = None, after: int | None = None
) -> list[Post]:
    """Select the posts of one feed page, oldest first.

    Args:
        posts: the channel's posts in ascending id order.
        before: show the newest posts with an id strictly below this.
        after: show the oldest posts with an id strictly above this (ignored with ``before``).

    Returns:
        At most :data:`PAGE_UNITS` message ids' worth of posts, in ascending id order.
    """
    if before is not None:
        pool = [p for p in posts if p["id"] < before][::-1]
    elif after is not None:
        pool = [p for p in posts if p["id"] > after]
    else:
        pool = posts[::-1]
    chosen: list[Post] = []
    units = 0
    for post in pool:
        units += id_span(post)
        if chosen and units > PAGE_UNITS:
            break
        chosen.append(post)
    return sorted(chosen, key=lambda p: p["id"])


def _counters(channel: SampleChannel) -> list[tuple[str, str]]:
    photos = videos = files = links = 0
    for post in channel.posts:
        kind = (post.get("media") or {}).get("kind")
        photos += id_span(post) if kind in ("photo", "album") else 0
        videos += kind == "video"
        files += kind == "document"
        links += bool(post.get("link_preview")) or "http" in post.get("text", "")
    subs = "subscriber" if channel.subscribers == 1 else "subscribers"
    found = [(channel.subscribers, subs), (photos, "photos"), (videos, "videos")]
    found += [(files, "files"), (links, "links")]
    return [(abbreviate(n), label) for n, label in found if n]


def _head(channel: SampleChannel, base: str, extra: str = "", text: str | None = None) -> str:
    title = escape(channel.title)
    about = channel.description if text is None else text
    desc = escape(plain_text(about).replace("\n", " "))
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} – Telegram</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f'<meta property="og:title" content="{title}">\n'
        f'<meta property="og:image" content="{base}/file/{channel.username}/avatar.jpg">\n'
        '<meta property="og:site_name" content="Telegram">\n'
        f'<meta property="og:description" content="{desc}">\n'
        f'<meta name="twitter:title" content="{title}">\n'
        f'<meta name="twitter:description" content="{desc}">\n'
        f"{extra}</head>\n"
    )


def _channel_info(channel: SampleChannel, base: str) -> str:
    ch, title = channel.username, escape(channel.title, quote=False)
    counters = "".join(
        f'<div class="tgme_channel_info_counter"><span class="counter_value">{value}</span> '
        f'<span class="counter_type">{label}</span></div>'
        for value, label in _counters(channel)
    )
    return (
        '<div class="tgme_channel_info">\n<div class="tgme_channel_info_header">'
        f'<i class="tgme_page_photo_image bgcolor2" data-content="{title[:1]}">'
        f'<img src="{base}/file/{ch}/avatar.jpg"></i>'
        f'<div class="tgme_channel_info_header_title"><span dir="auto">{title}</span></div>'
        f'<div class="tgme_channel_info_header_username"><a href="{base}/{ch}">@{ch}</a></div>'
        "</div>\n"
        f'<div class="tgme_channel_info_counters">{counters}</div>\n'
        '<div class="tgme_channel_info_description">'
        f"{text_to_html(channel.description, base)}</div>\n</div>\n"
    )


def _more(ch: str, direction: str, value: int) -> str:
    return (
        '<div class="tgme_widget_message_centered js-messages_more_wrap">'
        f'<a href="/s/{ch}?{direction}={value}" class="tme_messages_more js-messages_more" '
        f'data-{direction}="{value}"></a></div>\n'
    )


def feed_page(
    channel: SampleChannel, base: str, before: int | None = None, after: int | None = None
) -> str:
    """The web preview ``/s/<channel>`` (optionally ``?before=N`` or ``?after=N``).

    Args:
        channel: the channel to show.
        base: the site's base URL, used in permalinks (``{base}/<channel>/<id>``).
        before: page to the posts older than this id.
        after: page to the posts newer than this id.

    Returns:
        The complete HTML document.
    """
    ch = channel.username
    shown = page_posts(channel.posts, before=before, after=after)
    ids = [p["id"] for p in shown]
    older = bool(ids) and ids[0] > channel.posts[0]["id"]
    newer = bool(ids) and ids[-1] < channel.posts[-1]["id"]
    links = f'<link rel="canonical" href="{base}/s/{ch}">\n'
    if older:
        links += f'<link rel="prev" href="/s/{ch}?before={ids[0]}">\n'
    if newer:
        links += f'<link rel="next" href="/s/{ch}?after={ids[-1]}">\n'
    history = _more(ch, "before", ids[0]) if older else ""
    history += "\n".join(message_html(base, channel, p) for p in shown)
    if not shown:
        history += '<div class="tme_no_messages_found">No posts found</div>'
    if newer:
        history += "\n" + _more(ch, "after", ids[-1])
    subs = abbreviate(channel.subscribers)
    return (
        _head(channel, base, links) + '<body class="widget_frame_base tgme_webpage">\n'
        '<header class="tgme_header"><div class="tgme_header_info">'
        f'<div class="tgme_header_title"><span dir="auto">{escape(channel.title, quote=False)}'
        f'</span></div><div class="tgme_header_counter">{subs} subscribers</div></div></header>\n'
        f'<main class="tgme_main" data-url="/{ch}"><div class="tgme_container">\n'
        f'<section class="tgme_right_column">{_channel_info(channel, base)}</section>\n'
        f'<section class="tgme_channel_history js-message_history">\n{history}\n</section>\n'
        "</div></main>\n</body>\n</html>\n"
    )


def channel_page(channel: SampleChannel, base: str) -> str:
    """The plain channel page ``/<channel>`` (``.tgme_page`` with the exact subscriber count)."""
    ch, title = channel.username, escape(channel.title, quote=False)
    preview = ""
    if channel.preview:
        preview = (
            '<div class="tgme_page_context_link_wrap">'
            f'<a class="tgme_page_context_link" href="/s/{ch}">Preview channel</a></div>'
        )
    return (
        _head(channel, base)
        + '<body class="body_widget_post tgme_page_wrap">\n<div class="tgme_page">\n'
        f'<div class="tgme_page_photo"><a href="tg://resolve?domain={ch}">'
        f'<img class="tgme_page_photo_image" src="{base}/file/{ch}/avatar.jpg"></a></div>\n'
        f'<div class="tgme_page_title"><span dir="auto">{title}</span></div>\n'
        f'<div class="tgme_page_extra">{group_thousands(channel.subscribers)} subscribers</div>\n'
        f'<div class="tgme_page_description">{text_to_html(channel.description, base)}</div>\n'
        '<div class="tgme_page_action"><a class="tgme_action_button_new shine" '
        f'href="tg://resolve?domain={ch}">View in Telegram</a></div>\n'
        f"{preview}\n</div>\n</body>\n</html>\n"
    )


def post_page(channel: SampleChannel, post: Post, base: str) -> str:
    """A minimal single-post page ``/<channel>/<id>`` with the message widget and its text."""
    canonical = f'<link rel="canonical" href="{base}/{channel.username}/{post["id"]}">\n'
    return (
        _head(channel, base, canonical, text=post.get("text", ""))
        + '<body class="widget_frame_base tgme_webpage">\n'
        f'<section class="tgme_channel_history">{message_html(base, channel, post)}</section>\n'
        "</body>\n</html>\n"
    )
