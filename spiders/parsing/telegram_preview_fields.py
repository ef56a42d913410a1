"""Field extractors for one message of a Telegram web preview page (``t.me/s/<channel>``).

Every function takes the parsel selector of one ``.tgme_widget_message`` element and returns
plain Python values. Nothing here fetches, logs or touches Scrapy; the page-level entry point is
:func:`spiders.parsing.telegram_preview.parse_channel_page`.

Markup notes (real class names, see ``tests/spiders/files/telegram_web/``):

* A reply quotes its parent inside ``a.tgme_widget_message_reply``, whose quote is another
  ``.tgme_widget_message_text``; a link preview repeats the linked page's title and description
  inside ``a.tgme_widget_message_link_preview``. Neither belongs to the post, so text, links and
  media are read only outside those two containers.
* Emoji are ``<i class="emoji"><b>👍</b></i>``; custom emoji are ``<tg-emoji emoji-id="…">``,
  sometimes with such an ``<i>`` fallback inside. The ``<b>`` content is the emoji character.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin, urlsplit

from parsel import Selector

EXCLUDED_CONTAINERS = ("tgme_widget_message_reply", "tgme_widget_message_link_preview")
"""Classes of nested blocks whose content is not the post's own (reply quote, link preview)."""

MEDIA_CLASSES = (
    ("album", "tgme_widget_message_grouped_wrap"),
    ("roundvideo", "tgme_widget_message_roundvideo_player"),
    ("video", "tgme_widget_message_video_player"),
    ("voice", "tgme_widget_message_voice_player"),
    ("document", "tgme_widget_message_document_wrap"),
    ("document", "tgme_widget_message_audio_player"),
    ("sticker", "tgme_widget_message_sticker_wrap"),
    ("poll", "tgme_widget_message_poll"),
    ("location", "tgme_widget_message_location_wrap"),
    ("photo", "tgme_widget_message_photo_wrap"),
)
"""Media kinds in priority order: an album is made of photo wraps, so it is checked first."""

PAID_REACTION_EMOJI = "⭐"

_COUNT_RE = re.compile(r"^(\d+(?:[.,]\d+)?)([KMB]?)$", re.IGNORECASE)
_MULTIPLIERS = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_HASHTAG_RE = re.compile(r"(?<![\w&/#])#(\w+)")
_MENTION_RE = re.compile(r"(?<![\w@./])@([A-Za-z]\w{2,31})\b")
_EDITED_RE = re.compile(r"\bedited\b", re.IGNORECASE)
TME_HOSTS = frozenset({"t.me", "telegram.me", "www.t.me"})


def parse_count(value: str | None) -> int | None:
    """Return the integer behind a Telegram counter such as ``"987"``, ``"1.2K"`` or ``"10.6M"``.

    Spaces (also no-break and narrow no-break spaces) are ignored. Decimal arithmetic avoids
    float artefacts (``"16.4M"`` is 16 400 000, not 16 399 999).

    Args:
        value: the counter text, or None.

    Returns:
        The count, or None when ``value`` is None, empty or not a counter.
    """
    if value is None:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", value)
    match = _COUNT_RE.match(cleaned)
    if not match:
        return None
    try:
        number = Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regex admits only decimal numbers
        return None
    return int(number * _MULTIPLIERS[match.group(2).upper()])


def has_class(element, name: str) -> bool:
    """Return whether an lxml element carries the CSS class ``name``."""
    return name in (element.get("class") or "").split()


def outside_excluded(selector: Selector, message_root) -> bool:
    """Return whether ``selector`` sits outside every reply quote and link preview of a message."""
    for ancestor in selector.root.iterancestors():
        if ancestor is message_root:
            return True
        if any(has_class(ancestor, cls) for cls in EXCLUDED_CONTAINERS):
            return False
    return True


def own(message: Selector, css: str) -> list[Selector]:
    """Return the elements matching ``css`` that belong to the post itself (not quotes/previews)."""
    return [s for s in message.css(css) if outside_excluded(s, message.root)]


def rich_text(element) -> str:
    """Return the visible text of an lxml element: ``<br>`` becomes a newline, emoji are kept.

    Nested reply quotes and link previews are skipped. Lines are stripped of surrounding blanks
    and no-break spaces become ordinary spaces.
    """
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    parts.append("\n")
                elif not any(has_class(child, cls) for cls in EXCLUDED_CONTAINERS):
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    text = "".join(parts).replace("\u00a0", " ")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def message_text(message: Selector) -> str | None:
    """Return the post's own text, or None when the post has no text block."""
    blocks = own(message, ".tgme_widget_message_text.js-message_text")
    if not blocks:
        return None
    return rich_text(blocks[0].root) or None


def split_tme_url(url: str | None, base_url: str) -> tuple[str | None, int | None]:
    """Split ``https://t.me/<channel>[/<id>]`` into (channel, id); (None, None) if not public.

    Private-channel links (``t.me/c/<internal id>/<id>``) and links to other hosts are not
    public channel references. Links on the host of ``base_url`` (a replay server) count too.
    """
    if not url:
        return None, None
    parts = urlsplit(urljoin(base_url + "/", url))
    hosts = TME_HOSTS | {urlsplit(base_url).netloc}
    segments = [s for s in parts.path.split("/") if s]
    if parts.netloc.lower() not in hosts or not segments:
        return None, None
    if segments[0] == "s":
        segments = segments[1:]
    if not segments or segments[0] == "c" or not re.fullmatch(r"\w{3,64}", segments[0]):
        return None, None
    post_id = int(segments[1]) if len(segments) > 1 and segments[1].isdigit() else None
    return segments[0], post_id


def forwarded_from(message: Selector, base_url: str) -> tuple[str | None, str | None, int | None]:
    """Return (display name, public channel username, post id) of a forward's source.

    A public source is a link ``<a class="tgme_widget_message_forwarded_from_name"
    href="https://t.me/src/45">``; a hidden user is a ``<span>`` with only the display name.
    """
    block = message.css(".tgme_widget_message_forwarded_from")
    if not block:
        return None, None, None
    name_el = block.css(".tgme_widget_message_forwarded_from_name")
    if name_el:
        name = rich_text(name_el[0].root) or None
        channel, post_id = split_tme_url(name_el[0].attrib.get("href"), base_url)
    else:
        name = re.sub(r"^Forwarded from\s*", "", rich_text(block[0].root)) or None
        channel, post_id = None, None
    return name, channel, post_id


def reply_to(message: Selector, base_url: str) -> tuple[str | None, int | None]:
    """Return (channel, post id) of the post this one replies to, or (None, None)."""
    href = message.css("a.tgme_widget_message_reply::attr(href)").get()
    return split_tme_url(href, base_url) if href else (None, None)


def reactions(message: Selector) -> list[dict]:
    """Return the reactions as ``{"emoji", "custom_emoji_id", "count"}`` dicts, in page order.

    Paid reactions (Telegram Stars, ``.tgme_reaction_paid``) have no emoji in the markup; they
    are reported with the emoji ``"⭐"`` so that ``reaction_total`` still includes them. Custom
    emoji without a fallback character have ``emoji=None`` and their ``custom_emoji_id``.
    Spans without a readable count are skipped.
    """
    found = []
    for span in message.css(".tgme_widget_message_reactions .tgme_reaction"):
        count = parse_count("".join(span.xpath("./text()").getall()))
        if count is None:
            continue
        custom_id = span.css("tg-emoji::attr(emoji-id)").get()
        if has_class(span.root, "tgme_reaction_paid"):
            emoji = PAID_REACTION_EMOJI
        else:
            emoji = "".join(span.css("b::text").getall()).strip() or None
        found.append({"emoji": emoji, "custom_emoji_id": custom_id, "count": count})
    return found


def media_kind(message: Selector) -> str | None:
    """Return the kind of the post's media (see :data:`MEDIA_CLASSES`), or None for text only."""
    for kind, cls in MEDIA_CLASSES:
        if own(message, f".{cls}"):
            return kind
    return None


def is_edited(message: Selector) -> bool:
    """Return whether the footer meta says ``edited`` (the signature's own text is ignored)."""
    meta_text = " ".join(message.css(".tgme_widget_message_meta").xpath("./text()").getall())
    return bool(_EDITED_RE.search(meta_text))


def signature(message: Selector) -> str | None:
    """Return the author signature shown in the footer of a signed channel post."""
    nodes = own(message, ".tgme_widget_message_from_author")
    return (rich_text(nodes[0].root) or None) if nodes else None


def link_preview(message: Selector, base_url: str) -> tuple[str | None, str | None]:
    """Return (url, title) of the post's link preview card, or (None, None)."""
    card = message.css("a.tgme_widget_message_link_preview")
    if not card:
        return None, None
    href = card[0].attrib.get("href")
    title_nodes = card[0].css(".link_preview_title")
    title = (rich_text(title_nodes[0].root) or None) if title_nodes else None
    return (urljoin(base_url + "/", href) if href else None), title


def text_links(message: Selector, base_url: str) -> list[str]:
    """Return absolute http(s) links written in the post text, without hashtag and @ links."""
    blocks = own(message, ".tgme_widget_message_text.js-message_text")
    links = []
    for anchor in blocks[0].css("a[href]") if blocks else []:
        href = anchor.attrib["href"].strip()
        label = "".join(anchor.css("::text").getall()).strip()
        if href.startswith(("?", "#")) or label.startswith("@"):
            continue
        absolute = urljoin(base_url + "/", href)
        if absolute.startswith(("http://", "https://")):
            links.append(absolute)
    return links


def hashtags(text: str | None) -> list[str]:
    """Return the hashtags of a text, lower-cased, without ``#``, first occurrence order."""
    return list(dict.fromkeys(tag.lower() for tag in _HASHTAG_RE.findall(text or "")))


def mentions(text: str | None) -> list[str]:
    """Return the @usernames of a text, lower-cased, without ``@``, first occurrence order."""
    return list(dict.fromkeys(name.lower() for name in _MENTION_RE.findall(text or "")))
