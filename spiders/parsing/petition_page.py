"""Parse an Avaaz community petition page and its signature counter (pure; no crawling).

The structure follows a public, maintained scraper of the site (PetitionsManager's
``avaaz_scraper.py``): the page ``/community_petitions/<lang>/<slug>/`` holds the title in
``h1.petition-page-title`` (else ``og:title``), the text in ``.petition-page-description``,
the starter and addressee in one sentence in ``.user-petition-data``, and, in inline script,
``petitionId = <n>``, ``createdAtTimestamp = <ms>`` and ``updatedAtTimestamp = <ms>``.
The signature count is *not* in the HTML (the page shows a placeholder ``1``): it comes from
``/stats/petition/<id>_stats.json`` (``{"signatures": n}``, older answers ``{"count": n}``).
A removed petition may answer 200 with a short shell saying "This page is not valid" and a
meta refresh to the listing. The German starter sentence is confirmed by that scraper; the
English and Russian wordings are assumptions (one pattern each, easy to extend).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from parsel import Selector

PETITION_ID = re.compile(r"petitionId\s*=\s*['\"]?(\d+)")
CREATED = re.compile(r"createdAtTimestamp\s*=\s*(\d+)")
UPDATED = re.compile(r"updatedAtTimestamp\s*=\s*(\d+)")
INVALID = re.compile(r"This page is not valid", re.IGNORECASE)
REFRESH = re.compile(r"http-equiv=[\"']?refresh[\"']?[^>]*?url=\s*[\"']?([^\"'>\s]+)", re.I)
STARTER = (
    re.compile(r"^(?P<who>.+?)\s+started this petition to\s*(?P<to>.*)$", re.S),
    re.compile(
        r"^(?P<who>.+?)\s+hat diese Petition erstellt, an folgende Zielperson/Zielgruppe:"
        r"\s*(?P<to>.*)$",
        re.S,
    ),
    re.compile(r"^(?P<who>.+?)\s+(?:создал|создала|создали) эту петицию для\s*(?P<to>.*)$", re.S),
)
_SPACE = re.compile(r"\s+")


class PetitionParseError(ValueError):
    """The page is not a petition in the expected structure (a changed layout)."""


@dataclass(frozen=True)
class PetitionPage:
    """What a petition page shows without login."""

    slug: str
    petition_id: str | None
    title: str
    text: str
    starter: str | None
    recipient: str | None
    created_at: datetime | None
    updated_at: datetime | None
    canonical_url: str | None
    lang: str | None


def _clean(value: str | None) -> str:
    return _SPACE.sub(" ", value or "").strip()


def _from_ms(match: re.Match[str] | None) -> datetime | None:
    if match is None:
        return None
    try:
        return datetime.fromtimestamp(int(match.group(1)) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def slug_of(url: str) -> str:
    """The petition's slug: the last path segment of its URL (the same in every language)."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if not parts:
        raise PetitionParseError(f"no petition slug in {url!r}")
    return parts[-1]


def is_invalid_page(html: str, url: str) -> bool:
    """True for the "This page is not valid" shell or a meta refresh away from ``url``."""
    if INVALID.search(html):
        return True
    match = REFRESH.search(html)
    return bool(match and match.group(1).rstrip("/") != url.rstrip("/"))


def _paragraphs(selector: Selector) -> str:
    blocks = [_clean(" ".join(p.css("::text").getall())) for p in selector.css("p, li")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else _clean(" ".join(selector.css("::text").getall()))


def _starter(sentence: str) -> tuple[str | None, str | None]:
    for pattern in STARTER:
        match = pattern.match(sentence)
        if match:
            return _clean(match["who"]) or None, _clean(match["to"]) or None
    return None, None


def parse_petition_page(html: str, url: str) -> PetitionPage:
    """Read a community petition page.

    Raises:
        PetitionParseError: no title or no description (the layout changed).
    """
    page = Selector(text=html)
    title = _clean(" ".join(page.css("h1.petition-page-title ::text").getall())) or _clean(
        page.css("meta[property='og:title']::attr(content)").get()
    )
    description = page.css(".petition-page-description")
    if not title or not description:
        raise PetitionParseError("no h1.petition-page-title/og:title or .petition-page-description")
    starter, recipient = _starter(_clean(" ".join(page.css(".user-petition-data ::text").getall())))
    match = PETITION_ID.search(html)
    canonical = (
        page.css("link[rel=canonical]::attr(href)").get()
        or page.css("meta[property='og:url']::attr(content)").get()
    )
    return PetitionPage(
        slug=slug_of(url),
        petition_id=match.group(1) if match else None,
        title=title,
        text=_paragraphs(description[0]),
        starter=starter,
        recipient=recipient,
        created_at=_from_ms(CREATED.search(html)),
        updated_at=_from_ms(UPDATED.search(html)),
        canonical_url=canonical,
        lang=(page.css("html::attr(lang)").get() or "").split("-")[0] or None,
    )


def stats_url(page_url: str, petition_id: str) -> str:
    """The counter of a petition: ``<site>/stats/petition/<id>_stats.json``.

    The site is everything before ``/community_petitions/``, so a mirror or the bundled sample
    (``<server>/news/secure.avaaz.org/...``) keeps its prefix.
    """
    root = page_url.split("/community_petitions/", 1)[0].rstrip("/")
    return f"{root}/stats/petition/{petition_id}_stats.json"


def parse_signatures(body: str) -> int:
    """The signature count of a stats answer.

    Raises:
        PetitionParseError: not JSON, or no non-negative integer ``signatures``/``count``.
    """
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise PetitionParseError(f"stats answer is not JSON: {exc}") from exc
    value = data.get("signatures", data.get("count")) if isinstance(data, dict) else None
    try:
        count = int(str(value).replace(",", "").replace(" ", ""))
    except ValueError as exc:
        raise PetitionParseError(f"stats answer has no signature count: {body[:80]!r}") from exc
    if count < 0:
        raise PetitionParseError(f"negative signature count {count}")
    return count
