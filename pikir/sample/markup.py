"""Text formatting shared by the sample renderer: post markup and abbreviated counts.

Post texts in ``sample/telegram/*.json`` are plain text with a tiny markup, so the JSON stays
readable and every character is HTML-escaped on the way out:

- a newline becomes ``<br/>``;
- ``**bold**`` and ``__italic__`` become ``<b>`` and ``<i>``;
- ``[label](https://...)`` becomes a link with that label;
- bare ``https://...`` URLs, ``#hashtags`` and ``@mentions`` are linked the way t.me/s links them
  (``<a href="?q=%23tag">``, ``<a href="{base}/name">``).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

_TOKEN = re.compile(
    r"""
    \*\*(?P<b>.+?)\*\*
    | __(?P<i>.+?)__
    | \[(?P<label>[^\]\n]+)\]\((?P<href>https?://[^)\s]+)\)
    | (?P<url>https?://[^\s<>"]*[^\s<>".,;:!?)»])
    | (?<![\w/&])\#(?P<tag>\w+)
    | (?<![\w/])@(?P<mention>[A-Za-z][A-Za-z0-9_]{3,31})
    """,
    re.VERBOSE,
)


def _external(href: str, label_html: str) -> str:
    return f'<a href="{escape(href)}" target="_blank" rel="noopener">{label_html}</a>'


def _inline(text: str, base: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(escape(text[pos : m.start()], quote=False))
        pos = m.end()
        if m["b"] is not None:
            out.append(f"<b>{_inline(m['b'], base)}</b>")
        elif m["i"] is not None:
            out.append(f"<i>{_inline(m['i'], base)}</i>")
        elif m["label"] is not None:
            out.append(_external(m["href"], escape(m["label"], quote=False)))
        elif m["url"] is not None:
            out.append(_external(m["url"], escape(m["url"], quote=False)))
        elif m["tag"] is not None:
            out.append(f'<a href="?q={quote("#" + m["tag"])}">#{escape(m["tag"])}</a>')
        else:
            name = m["mention"]
            out.append(f'<a href="{escape(base)}/{name}">@{name}</a>')
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def text_to_html(text: str, base: str) -> str:
    """Render a post text (plain text with the sample's markup) as t.me/s HTML.

    Args:
        text: the text as stored in the sample JSON.
        base: the site's base URL, used for ``@mention`` links.

    Returns:
        An HTML fragment: escaped text, ``<br/>`` line breaks, links and emphasis.
    """
    return "<br/>".join(_inline(line, base) for line in text.split("\n"))


def plain_text(text: str) -> str:
    """Strip the sample markup, keeping what a reader sees (labels, hashtags, URLs)."""

    def repl(m: re.Match[str]) -> str:
        if m["b"] is not None:
            return plain_text(m["b"])
        if m["i"] is not None:
            return plain_text(m["i"])
        if m["label"] is not None:
            return m["label"]
        return m[0]

    return _TOKEN.sub(repl, text)


def abbreviate(n: int) -> str:
    """Format a count the way t.me/s does: ``987``, ``1.2K``, ``12.3K``, ``123K``, ``10.6M``.

    Three significant digits at most, rounded down, trailing zeros dropped.
    """
    if n < 1000:
        return str(n)
    unit, size = ("M", 1_000_000) if n >= 1_000_000 else ("K", 1000)
    whole = n // size
    decimals = 2 if whole < 10 else 1 if whole < 100 else 0
    scaled = n * 10**decimals // size
    head, tail = divmod(scaled, 10**decimals)
    frac = f"{tail:0{decimals}d}".rstrip("0") if decimals else ""
    return f"{head}.{frac}{unit}" if frac else f"{head}{unit}"


def group_thousands(n: int) -> str:
    """Format an exact count with spaces between thousands (``12 480``), as on ``t.me/<name>``."""
    return f"{n:,}".replace(",", " ")
