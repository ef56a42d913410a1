"""Markup of one message (``.tgme_widget_message``) as the t.me/s web preview sends it.

The structure follows pages saved from the real site (see ``sample/README.md``): a wrap, the message
``div`` with ``data-post``, the author line, then inside the bubble the forward header, the reply
quote, media, text, link preview, reactions and the footer with views, signature, "edited" and the
date link.
"""

from __future__ import annotations

import base64
import json
import zlib
from datetime import datetime
from html import escape

from pikir.sample.content import Post, SampleChannel, id_span
from pikir.sample.markup import abbreviate, plain_text, text_to_html

MEDIA_LABELS = {
    "photo": "Photo",
    "album": "Album",
    "video": "Video",
    "voice": "Voice message",
    "document": "File",
    "poll": "Poll",
}


def _file_url(base: str, channel: str, post_id: int, ext: str) -> str:
    return f"{base}/file/{channel}/{post_id}.{ext}"


def _bg(url: str) -> str:
    return f"background-image:url('{escape(url)}')"


def data_view(channel: str, post: Post) -> str:
    """A stable opaque token in the shape of the real ``data-view`` attribute."""
    stamp = int(datetime.fromisoformat(post["date"]).timestamp())
    payload = {"c": -(1_000_000_000 + zlib.crc32(channel.encode())), "p": post["id"], "t": stamp}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _photo(base: str, ch: str, post_id: int, *, grouped: bool = False) -> str:
    href = f"{base}/{ch}/{post_id}" + ("?single" if grouped else "")
    if grouped:
        cls = "tgme_widget_message_photo_wrap grouped_media_wrap blured js-message_photo"
    else:
        cls = f"tgme_widget_message_photo_wrap {post_id} {zlib.crc32(ch.encode()) % 1000}"
    style = f"width:800px;{_bg(_file_url(base, ch, post_id, 'jpg'))}"
    return (
        f'<a class="{cls}" style="{style}" href="{escape(href)}">'
        '<div class="tgme_widget_message_photo" style="padding-top:66.625%"></div></a>'
    )


def _poll(media: dict) -> str:
    options = "".join(
        '<a class="tgme_widget_message_poll_option">'
        '<div class="tgme_widget_message_poll_option_value">'
        f'<div class="tgme_widget_message_poll_option_percent">{int(o["percent"])}%</div>'
        f'<div class="tgme_widget_message_poll_option_text" dir="auto">{escape(o["text"])}</div>'
        '</div><div class="tgme_widget_message_poll_option_bar"></div></a>'
        for o in media.get("options", [])
    )
    return (
        '<div class="tgme_widget_message_poll js-poll">'
        '<div class="tgme_widget_message_poll_question" dir="auto">'
        f"{escape(media['question'])}</div>"
        '<div class="tgme_widget_message_poll_type">anonymous poll</div>'
        f'<div class="tgme_widget_message_poll_options">{options}</div></div>'
    )


def media_html(base: str, ch: str, post: Post) -> str:
    """The media block of a post (photo, album, video, voice, document or poll)."""
    media = post.get("media")
    if not media:
        return ""
    pid, kind = post["id"], media["kind"]
    href = f"{base}/{ch}/{pid}"
    if kind == "photo":
        return _photo(base, ch, pid)
    if kind == "album":
        photos = "".join(_photo(base, ch, pid + k, grouped=True) for k in range(id_span(post)))
        return (
            '<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap" '
            'data-margin-w="2" data-margin-h="2" style="width:453px;">'
            '<div class="tgme_widget_message_grouped js-message_grouped" '
            'style="padding-top:93.819%">'
            '<div class="tgme_widget_message_grouped_layer js-message_grouped_layer" '
            f'style="width:453px;height:425px">{photos}</div></div></div>'
        )
    if kind == "video":
        return (
            f'<a class="tgme_widget_message_video_player js-message_video_player" href="{href}">'
            '<i class="tgme_widget_message_video_thumb" '
            f'style="{_bg(_file_url(base, ch, pid, "jpg"))}"></i>'
            '<div class="tgme_widget_message_video_wrap"><video class="tgme_widget_message_video '
            f'js-message_video" src="{_file_url(base, ch, pid, "mp4")}" width="100%" height="100%" '
            "preload muted autoplay loop playsinline></video></div>"
            '<time class="message_video_duration js-message_video_duration">'
            f"{escape(media.get('duration', '0:30'))}</time></a>"
        )
    if kind == "voice":
        return (
            f'<a class="tgme_widget_message_voice_player js-message_voice_player" href="{href}">'
            '<audio class="tgme_widget_message_voice js-message_voice" '
            f'src="{_file_url(base, ch, pid, "ogg")}"'
            ' preload="none"></audio><div class="tgme_widget_message_voice_progress_wrap">'
            '<div class="tgme_widget_message_voice_progress js-message_voice_progress"></div></div>'
            '<time class="tgme_widget_message_voice_duration js-message_voice_duration">'
            f"{escape(media.get('duration', '0:30'))}</time></a>"
        )
    if kind == "document":
        return (
            f'<a class="tgme_widget_message_document_wrap" href="{href}">'
            '<div class="tgme_widget_message_document_icon accent_bg"></div>'
            '<div class="tgme_widget_message_document">'
            '<div class="tgme_widget_message_document_title accent_color" dir="auto">'
            f"{escape(media.get('title', 'document.pdf'))}</div>"
            '<div class="tgme_widget_message_document_extra" dir="auto">'
            f"{escape(media.get('size', '1.0 MB'))}</div></div></a>"
        )
    if kind == "poll":
        return _poll(media)
    raise ValueError(f"{ch}/{pid}: unknown media kind {kind!r}")


def reply_html(base: str, channel: SampleChannel, post: Post) -> str:
    """The quoted parent of a reply (``a.tgme_widget_message_reply``)."""
    reply = post.get("reply_to")
    if not reply:
        return ""
    parent = channel.get(reply["id"]) or {}
    quoted = plain_text(parent.get("text", "")).replace("\n", " ")
    if not quoted:
        quoted = MEDIA_LABELS.get((parent.get("media") or {}).get("kind", ""), "Message")
    return (
        f'<a class="tgme_widget_message_reply" href="{base}/{channel.username}/{reply["id"]}">'
        '<div class="tgme_widget_message_author accent_color">'
        '<span class="tgme_widget_message_author_name" dir="auto">'
        f"{escape(channel.title, quote=False)}</span></div>"
        '<div class="tgme_widget_message_metatext js-message_reply_text" dir="auto">'
        f"{escape(quoted, quote=False)}</div></a>"
    )


def forward_html(base: str, post: Post) -> str:
    """The "Forwarded from" header: a link for a public channel, a span for a hidden source."""
    fwd = post.get("forward")
    if not fwd:
        return ""
    name = escape(fwd["name"], quote=False)
    if fwd.get("channel"):
        inner = (
            f'<a class="tgme_widget_message_forwarded_from_name" '
            f'href="{base}/{fwd["channel"]}/{fwd["post"]}"><span dir="auto">{name}</span></a>'
        )
    else:
        inner = f'<span class="tgme_widget_message_forwarded_from_name" dir="auto">{name}</span>'
    return (
        '<div class="tgme_widget_message_forwarded_from accent_color">'
        f"Forwarded from&nbsp;{inner}</div>"
    )


def link_preview_html(post: Post) -> str:
    """The link preview card (``a.tgme_widget_message_link_preview``)."""
    lp = post.get("link_preview")
    if not lp:
        return ""
    parts = [f'<a class="tgme_widget_message_link_preview" href="{escape(lp["url"])}">']
    header = (("site", "link_preview_site_name accent_color"), ("title", "link_preview_title"))
    for key, cls in header:
        if lp.get(key):
            parts.append(f'<div class="{cls}" dir="auto">{escape(lp[key], quote=False)}</div>')
    if lp.get("description"):
        desc = "<br/>".join(escape(x, quote=False) for x in lp["description"].split("\n"))
        parts.append(f'<div class="link_preview_description" dir="auto">{desc}</div>')
    parts.append("</a>")
    return "".join(parts)


def reactions_html(post: Post) -> str:
    """Reactions: emoji in ``<i class="emoji"><b>``, custom emoji as ``tg-emoji``, paid stars."""
    items = post.get("reactions") or []
    if not items:
        return ""
    spans = []
    for r in items:
        count = abbreviate(int(r["count"]))
        if r.get("paid"):
            spans.append(
                f'<span class="tgme_reaction tgme_reaction_paid"><i class="icon"></i>{count}</span>'
            )
        elif r.get("custom_emoji_id"):
            eid = escape(str(r["custom_emoji_id"]))
            spans.append(
                f'<span class="tgme_reaction"><tg-emoji emoji-id="{eid}"></tg-emoji>{count}</span>'
            )
        else:
            code = "".join(f"{ord(c):X}" for c in r["emoji"] if ord(c) != 0xFE0F)
            style = f"background-image:url('//telegram.org/img/emoji/40/{code}.png')"
            spans.append(
                f'<span class="tgme_reaction"><i class="emoji" style="{style}">'
                f"<b>{escape(r['emoji'])}</b></i>{count}</span>"
            )
    return f'<div class="tgme_widget_message_reactions js-message_reactions">{"".join(spans)}</div>'


def footer_html(base: str, ch: str, post: Post) -> str:
    """Views, author signature, "edited" and the dated permalink."""
    when = datetime.fromisoformat(post["date"])
    views = ""
    if post.get("views") is not None and not post.get("service"):
        views = (
            f'<span class="tgme_widget_message_views">{abbreviate(int(post["views"]))}</span>'
            '<span class="copyonly"> views</span>'
        )
    votes = (post.get("media") or {}).get("votes")
    if votes is not None:
        views = (
            f'<span class="tgme_widget_message_voters">{abbreviate(int(votes))} votes</span>'
            + views
        )
    meta = ""
    if post.get("author"):
        author = escape(post["author"], quote=False)
        meta += f'<span class="tgme_widget_message_from_author" dir="auto">{author}</span>,&nbsp;'
    if post.get("edited"):
        meta += "edited&nbsp;"
    date = (
        f'<a class="tgme_widget_message_date" href="{base}/{ch}/{post["id"]}">'
        f'<time datetime="{post["date"]}" class="time">{when:%H:%M}</time></a>'
    )
    return (
        '<div class="tgme_widget_message_footer compact js-message_footer">'
        '<div class="tgme_widget_message_info short js-message_info">'
        f'{views}<span class="tgme_widget_message_meta">{meta}{date}</span></div></div>'
    )


def message_html(base: str, channel: SampleChannel, post: Post) -> str:
    """One complete ``.tgme_widget_message_wrap`` for the channel feed."""
    ch = channel.username
    title = escape(channel.title, quote=False)
    classes = "tgme_widget_message text_not_supported_wrap"
    body = ""
    if post.get("service"):
        classes += " service_message"
        if post.get("service_photo"):
            classes += " service_message_photo"
            body += (
                f'<a class="tgme_widget_message_service_photo" href="{base}/{ch}/{post["id"]}">'
                f'<img src="{_file_url(base, ch, post["id"], "jpg")}"></a>'
            )
    else:
        body += forward_html(base, post) + reply_html(base, channel, post)
        body += media_html(base, ch, post)
    if post.get("text"):
        body += (
            '<div class="tgme_widget_message_text js-message_text" dir="auto">'
            f"{text_to_html(post['text'], base)}</div>"
        )
    body += link_preview_html(post) + reactions_html(post) + footer_html(base, ch, post)
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="{classes} js-widget_message" data-post="{ch}/{post["id"]}" '
        f'data-view="{data_view(ch, post)}">'
        f'<div class="tgme_widget_message_user"><a href="{base}/{ch}">'
        '<i class="tgme_widget_message_user_photo bgcolor2" '
        f'data-content="{title[:1]}"></i></a></div>'
        '<div class="tgme_widget_message_bubble"><i class="tgme_widget_message_bubble_tail"></i>'
        '<div class="tgme_widget_message_author accent_color">'
        f'<a class="tgme_widget_message_owner_name" href="{base}/{ch}">'
        f'<span dir="auto">{title}</span></a>'
        f"</div>{body}</div></div></div>"
    )
