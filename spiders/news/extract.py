"""Field extraction helpers shared by the news spiders (pure functions over selectors)."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector, SelectorList

_SPACE = re.compile(r"\s+")
_TIGHT_BEFORE = re.compile(r"\s+([.,;:!?»)\]])")
_TIGHT_AFTER = re.compile(r"([«(\[])\s+")
_BLOCKS = "p, h2, h3, h4, li, blockquote"
_DROP = ("script", "style", "noscript", "iframe", "form", "figure figcaption")
_PAYWALL_WORDS = re.compile(
    r"(только для подписчиков|оформите подписку|войдите,? чтобы (читать|продолжить)|"
    r"subscribe to (read|continue)|жазылыңыз)",
    re.IGNORECASE,
)


def clean(value: str | None) -> str | None:
    """Collapse whitespace (including NBSP); None for empty strings."""
    if value is None:
        return None
    text = _SPACE.sub(" ", value.replace("\xa0", " ")).strip()
    return text or None


def text_of(selection: Selector | SelectorList | None) -> str | None:
    """All text under a selection, whitespace collapsed."""
    if selection is None:
        return None
    text = clean(" ".join(selection.xpath(".//text()").getall()))
    if text:
        text = _TIGHT_AFTER.sub(r"\1", _TIGHT_BEFORE.sub(r"\1", text))
    return text


def texts(root: Selector, css: str) -> list[str]:
    """The non-empty, whitespace-collapsed texts of every match (tags, authors)."""
    return [t for t in (clean(x) for x in root.css(css).getall()) if t]


def first_text(root: Selector, *css: str) -> str | None:
    """Text of the first non-empty match among several CSS selectors."""
    for query in css:
        for node in root.css(query):
            value = text_of(node)
            if value:
                return value
    return None


def body_text(container: SelectorList, *, exclude: tuple[str, ...] = ()) -> str:
    """Paragraph text of an article body: blocks joined by blank lines, boilerplate dropped.

    Args:
        container: the body element (``div.article-body``...).
        exclude: extra CSS selectors of blocks to skip (share bars, "read also" boxes).
    """
    skip = {n.root for q in (*_DROP, *exclude) for n in container.css(q)}
    blocks = []
    for block in container.css(_BLOCKS):
        node = block.root
        if node in skip or any(a in skip for a in node.iterancestors()):
            continue
        if node.tag == "p" and any(a.tag in {"li", "blockquote"} for a in node.iterancestors()):
            continue
        value = text_of(block)
        if value:
            blocks.append(value)
    if not blocks:
        value = text_of(container)
        return value or ""
    return "\n\n".join(blocks)


def meta(root: Selector, key: str) -> str | None:
    """``content`` of ``<meta property=key>`` or ``<meta name=key>``."""
    value = root.xpath(f"//meta[@property='{key}' or @name='{key}']/@content").get()
    return clean(value)


def canonical(root: Selector, fallback: str) -> str:
    """The page's canonical URL (``link rel=canonical``, then ``og:url``), absolute."""
    href = root.xpath("//link[@rel='canonical']/@href").get() or meta(root, "og:url")
    return urljoin(fallback, href.strip()) if href else fallback


def json_ld(root: Selector, kinds: tuple[str, ...] = ("NewsArticle", "Article")) -> dict:
    """The first JSON-LD object of one of ``kinds`` ({} when none or unreadable)."""
    for raw in root.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items:
            if isinstance(item, dict) and item.get("@type") in kinds:
                return item
    return {}


def count(value: str | None) -> int | None:
    """Read a shown count: ``1 234`` → 1234, ``1,2 тыс.`` → 1200, ``12K`` → 12000."""
    if not value:
        return None
    text = value.replace("\xa0", " ").strip().lower()
    match = re.search(r"(\d[\d\s]*(?:[.,]\d+)?)\s*(тыс|мың|k|млн|m)?", text)
    if not match:
        return None
    number = float(match.group(1).replace(" ", "").replace(",", "."))
    scale = {"тыс": 1e3, "мың": 1e3, "k": 1e3, "млн": 1e6, "m": 1e6}.get(match.group(2) or "", 1)
    return round(number * scale)


def links_out(container: SelectorList, page_url: str, own_hosts: tuple[str, ...]) -> list[str]:
    """Absolute http(s) links in a body that leave the outlet's own hosts (deduplicated)."""
    links = []
    for href in container.css("a::attr(href)").getall():
        url = urljoin(page_url, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            continue
        host = parts.netloc.lower().removeprefix("www.")
        if any(host == h or host.endswith("." + h) for h in own_hosts):
            continue
        if url not in links:
            links.append(url)
    return links


def page_lang(root: Selector, default: str | None = None) -> str | None:
    """Two-letter language of the page (``<html lang>``, then ``og:locale``)."""
    value = root.xpath("/html/@lang").get() or meta(root, "og:locale") or default
    return value[:2].lower() if value else None


def paywall_reason(root: Selector, css: tuple[str, ...] = ()) -> str | None:
    """Why a page looks like a paywall or login wall, else None.

    Signals: JSON-LD ``isAccessibleForFree: false``, a site-specific wall element, or a
    subscription/login prompt in the page text.
    """
    data = json_ld(root)
    if str(data.get("isAccessibleForFree", "true")).lower() == "false":
        return "paywall (isAccessibleForFree=false)"
    for query in css:
        if root.css(query):
            return f"paywall ({query})"
    prompt = _PAYWALL_WORDS.search(" ".join(root.css("main *::text, article *::text").getall()))
    if prompt:
        return f"login or subscription wall ({prompt.group(0)!r})"
    return None


def trafilatura_text(page_html: str) -> str:
    """Body text as trafilatura extracts it (the comparison baseline; see docs in README)."""
    import trafilatura

    return trafilatura.extract(page_html, include_comments=False, favor_precision=True) or ""
