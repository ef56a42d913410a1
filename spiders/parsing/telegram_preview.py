"""Parse a Telegram channel's public web preview, ``https://t.me/s/<channel>[?before=<id>]``.

The page shows the channel header (``.tgme_channel_info``) and about twenty posts, oldest first,
as ``.tgme_widget_message_wrap > .tgme_widget_message[data-post="<channel>/<id>"]``. Older posts
are reached through ``a.tme_messages_more[data-before=<id>]``. A channel without a public preview
redirects to its plain page ``https://t.me/<channel>`` (``.tgme_page``). Structure and caveats:
``notes/tech-notes.md`` §2. Everything here is pure: give it a response or a selector.

Example:
    >>> page = parse_channel_page(response, "https://t.me")  # doctest: +SKIP
    >>> [m.post_id for m in page.messages], page.older_before  # doctest: +SKIP
    ([1001, 1002, ...], 1001)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from spiders.parsing import telegram_preview_fields as fields
from spiders.parsing.telegram_preview_fields import parse_count

__all__ = [
    "ChannelInfo",
    "ChannelPage",
    "PreviewMessage",
    "PreviewParseError",
    "is_preview_disabled",
    "parse_channel_page",
    "parse_count",
    "parse_landing_page",
    "parse_message",
]

_SUBSCRIBER_TYPES = ("subscribers", "subscriber", "members", "member")


class PreviewParseError(ValueError):
    """A message on a preview page lacks a field every post has (id, zoned timestamp)."""


@dataclass(frozen=True)
class ChannelInfo:
    """The channel header of a preview page (or of the plain ``t.me/<channel>`` page).

    Attributes:
        title: the channel's display title.
        username: the username without ``@`` as the header shows it (case not canonical).
        description: the channel description, ``<br>`` as newlines.
        subscribers: subscriber count; abbreviated on the preview ("12.4K" → 12400).
        counters: every header counter by type (subscribers, photos, videos, links, files).
    """

    title: str | None = None
    username: str | None = None
    description: str | None = None
    subscribers: int | None = None
    counters: dict[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class PreviewMessage:
    """One post of a preview page, as plain values (see ``telegram_preview_fields``)."""

    post_id: int
    channel: str
    permalink: str
    published_at: datetime
    html: str
    text: str | None = None
    views: int | None = None
    is_edited: bool = False
    signature: str | None = None
    forwarded_from_name: str | None = None
    forwarded_from_channel: str | None = None
    forwarded_from_post_id: int | None = None
    reply_to_channel: str | None = None
    reply_to_post_id: int | None = None
    reactions: list[dict] = field(default_factory=list)
    media_kind: str | None = None
    links: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    link_preview_url: str | None = None
    link_preview_title: str | None = None

    @property
    def reaction_total(self) -> int | None:
        """Sum of the reaction counts, or None when the post shows no reactions."""
        return sum(r["count"] for r in self.reactions) if self.reactions else None


@dataclass(frozen=True)
class ChannelPage:
    """What one preview page holds.

    Attributes:
        url: the page's URL.
        info: the channel header.
        messages: the posts, in page order (oldest first); service messages are left out.
        post_ids: ids of every ``.tgme_widget_message`` on the page, service messages included
            (pagination and the loop guard look at these).
        older_before: ``data-before`` of ``a.tme_messages_more``; None on the oldest page.
        layout_problem: why the page does not look like a preview, or None when it does.
    """

    url: str
    info: ChannelInfo
    messages: list[PreviewMessage]
    post_ids: list[int]
    older_before: int | None
    layout_problem: str | None = None


def is_preview_disabled(response) -> bool:
    """Return whether a request for ``<base>/s/<channel>`` ended on a page without ``/s/``.

    Telegram redirects ``t.me/s/<name>`` to ``t.me/<name>`` when the channel has no public
    preview (disabled, restricted, a group or a user); Scrapy's ``response.url`` is the final URL.
    """
    return "/s/" not in urlsplit(response.url).path


def _selector(source) -> Selector:
    return source if isinstance(source, Selector) else source.selector


def _text_of(selector: Selector, css: str) -> str | None:
    nodes = selector.css(css)
    return (fields.rich_text(nodes[0].root) or None) if nodes else None


def parse_channel_info(page: Selector) -> ChannelInfo:
    """Return the ``.tgme_channel_info`` header of a preview page (empty when absent)."""
    header = page.css(".tgme_channel_info")
    if not header:
        return ChannelInfo()
    counters = {}
    for counter in header.css(".tgme_channel_info_counter"):
        kind = (counter.css(".counter_type::text").get() or "").strip().lower()
        if kind:
            counters[kind] = parse_count(counter.css(".counter_value::text").get())
    username = _text_of(header, ".tgme_channel_info_header_username")
    return ChannelInfo(
        title=_text_of(header, ".tgme_channel_info_header_title"),
        username=username.lstrip("@") if username else None,
        description=_text_of(header, ".tgme_channel_info_description"),
        subscribers=next((counters[k] for k in _SUBSCRIBER_TYPES if k in counters), None),
        counters=counters,
    )


def parse_landing_page(source) -> ChannelInfo:
    """Return what the plain channel page ``t.me/<channel>`` (``.tgme_page``) shows.

    This is where a disabled preview redirects to; its ``.tgme_page_extra`` carries the exact
    subscriber count ("2 814 subscribers") for channels.
    """
    page = _selector(source)
    extra = _text_of(page, ".tgme_page_extra") or ""
    number, _, kind = extra.rpartition(" ")
    subscribers = parse_count(number) if kind.lower() in _SUBSCRIBER_TYPES else None
    return ChannelInfo(
        title=_text_of(page, ".tgme_page_title"),
        username=None,
        description=_text_of(page, ".tgme_page_description"),
        subscribers=subscribers,
        counters={kind.lower(): subscribers} if subscribers is not None else {},
    )


def _post_key(message: Selector) -> tuple[str, int] | None:
    channel, _, number = (message.attrib.get("data-post") or "").partition("/")
    return (channel, int(number)) if channel and number.isdigit() else None


def _published_at(message: Selector, where: str) -> datetime:
    value = message.css(".tgme_widget_message_date time::attr(datetime)").get()
    if not value:
        raise PreviewParseError(f"{where}: no .tgme_widget_message_date time[datetime]")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise PreviewParseError(f"{where}: unreadable datetime {value!r}") from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PreviewParseError(f"{where}: datetime {value!r} has no time zone")
    return moment.astimezone(UTC)


def parse_message(message: Selector, base_url: str) -> PreviewMessage:
    """Return one ``.tgme_widget_message`` element as a :class:`PreviewMessage`.

    Raises:
        PreviewParseError: the element has no ``data-post`` id or no time-zoned timestamp.
    """
    key = _post_key(message)
    if key is None:
        raise PreviewParseError(f"message without data-post=<channel>/<id>: {message.get()[:120]}")
    channel, post_id = key
    where = f"{channel}/{post_id}"
    text = fields.message_text(message)
    fwd_name, fwd_channel, fwd_post = fields.forwarded_from(message, base_url)
    reply_channel, reply_post = fields.reply_to(message, base_url)
    preview_url, preview_title = fields.link_preview(message, base_url)
    links = fields.text_links(message, base_url) + ([preview_url] if preview_url else [])
    permalink = message.css("a.tgme_widget_message_date::attr(href)").get()
    return PreviewMessage(
        post_id=post_id,
        channel=channel,
        permalink=urljoin(base_url + "/", permalink or where),
        published_at=_published_at(message, where),
        html=message.get(),
        text=text,
        views=parse_count(message.css(".tgme_widget_message_views::text").get()),
        is_edited=fields.is_edited(message),
        signature=fields.signature(message),
        forwarded_from_name=fwd_name,
        forwarded_from_channel=fwd_channel,
        forwarded_from_post_id=fwd_post,
        reply_to_channel=reply_channel,
        reply_to_post_id=reply_post,
        reactions=fields.reactions(message),
        media_kind=fields.media_kind(message),
        links=list(dict.fromkeys(links)),
        hashtags=fields.hashtags(text),
        mentions=fields.mentions(text),
        link_preview_url=preview_url,
        link_preview_title=preview_title,
    )


def _layout_problem(page: Selector, nodes: list[Selector], ids: list[int]) -> str | None:
    """Say why a page is not a readable preview; None when it is (an empty history is fine)."""
    header = page.css(".tgme_channel_info")
    history = page.css(".tgme_channel_history")
    if not header and not history:
        return "not a channel preview: no .tgme_channel_info and no .tgme_channel_history"
    if nodes and not ids:
        return ".tgme_widget_message elements carry no data-post=<channel>/<id>"
    if nodes:
        return None
    if not history:
        return "channel header present but no .tgme_channel_history section"
    if history.css(".tme_no_messages_found"):
        return None  # Telegram's own "no messages here yet" (e.g. ?before=1): a valid empty page
    leftovers = history[0].xpath("./*[not(contains(@class, 'tme_messages_more'))]")
    if leftovers or "".join(history[0].xpath("./text()").getall()).strip():
        return "the history section has content but no .tgme_widget_message elements"
    return None


def parse_channel_page(source, base_url: str) -> ChannelPage:
    """Parse a preview page into its header, posts and the cursor to the older page.

    Args:
        source: a Scrapy/parsel response or a :class:`parsel.Selector` of the page.
        base_url: the Telegram web root the page came from (``https://t.me`` or a replay
            server); relative links resolve against it.

    Returns:
        The parsed page. ``layout_problem`` is set, and ``messages`` is empty, when the page
        has no ``.tgme_widget_message`` elements and is not recognisably an empty history.

    Raises:
        PreviewParseError: a post lacks its id or a time-zoned timestamp.
    """
    page = _selector(source)
    base_url = base_url.rstrip("/")
    nodes = page.css(".tgme_widget_message")
    keyed = [(node, key) for node in nodes if (key := _post_key(node)) is not None]
    ids = [key[1] for _, key in keyed]
    before = page.css("a.tme_messages_more::attr(data-before)").get()
    return ChannelPage(
        url=getattr(source, "url", "") or "",
        info=parse_channel_info(page),
        messages=[
            parse_message(node, base_url)
            for node, _ in keyed
            if not fields.has_class(node.root, "service_message")
        ],
        post_ids=ids,
        older_before=int(before) if before and before.isdigit() else None,
        layout_problem=_layout_problem(page, nodes, ids),
    )
