"""Import CrowdTangle historical exports and Meta Content Library CSVs into the lake.

The format is told by the header: a CrowdTangle Facebook export ("Page Name"/"Group Name",
"User Name", "Facebook Id", "Post Created", "Type", "Message", "URL", reaction columns…), a
CrowdTangle Instagram export ("Account", "User Name", "Post Created", "Description", "URL"…)
or a Meta Content Library export (``id``, ``creation_time``, ``text``, ``post_owner.*``,
``statistics.*``, ``multimedia``…). CrowdTangle only tracked public Pages, public groups and
public accounts, so their names are kept; a Content Library owner keeps its name only when
``post_owner.type`` says Page/business or the owner is verified, anyone else is pseudonymised.
The raw payload is the CSV row (a private owner's columns dropped).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from collectors.imports.accounts import Account, Pseudonymize, as_int, hashtags, identify, links
from collectors.imports.landing import (
    ImportFileError,
    ImportReport,
    ImportRun,
    attach_raw,
    import_files,
    mask_phones,
    read_text,
)
from pikir import __version__
from pikir.config import DataHome
from pikir.schema import Post

COLLECTOR = f"meta_csv_import@{__version__}"
CT_FACEBOOK = "crowdtangle-facebook"
CT_INSTAGRAM = "crowdtangle-instagram"
MCL = "meta-content-library"
REQUIRED = {
    CT_FACEBOOK: {"User Name", "Facebook Id", "Post Created", "Type", "URL", "Message"},
    CT_INSTAGRAM: {"Account", "User Name", "Post Created", "Type", "URL", "Description"},
    MCL: {"id", "creation_time", "text"},
}
FB_REACTIONS = ("Likes", "Love", "Wow", "Haha", "Sad", "Angry", "Care")
CT_MEDIA = {
    "photo": "photo",
    "album": "album",
    "video": "video",
    "native video": "video",
    "live video": "video",
    "live video complete": "video",
    "live video scheduled": "video",
    "youtube": "video",
    "igtv": "video",
    "reel": "video",
    "carousel": "album",
}
# Zones CrowdTangle printed after "Post Created" (the dashboard's zone), as UTC offsets.
ZONES = {
    "UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "ALMT": 6,
}  # fmt: skip
PUBLIC_OWNER_TYPES = {"page", "business", "organization", "media", "creator"}


def detect_format(header: Iterable[str], path: str | Path = "<csv>") -> str:
    """Which export a header belongs to.

    Raises:
        ImportFileError: the header matches no known export.
    """
    columns = set(header)
    if REQUIRED[CT_FACEBOOK] <= columns and columns & {"Page Name", "Group Name"}:
        return CT_FACEBOOK
    for name in (CT_INSTAGRAM, MCL):
        if REQUIRED[name] <= columns:
            return name
    shown = ", ".join(list(header)[:6]) or "(empty)"
    raise ImportFileError(
        path,
        f"unknown CSV header ({shown}…): expected a CrowdTangle Facebook export (Page Name, "
        "User Name, Facebook Id, Post Created, Type, Message, URL), a CrowdTangle Instagram "
        "export (Account, User Name, Post Created, Type, Description, URL) or a Meta Content "
        "Library export (id, creation_time, text, post_owner.*)",
        1,
    )


def crowdtangle_time(value: str) -> datetime:
    """``2021-09-15 18:00:00 ALMT`` (or ``+0600``, or no zone = UTC) as an aware time.

    Raises:
        ValueError: the time or its zone is not understood.
    """
    stamp, _, zone = value.strip().partition(" ")
    clock, _, zone = zone.partition(" ")
    moment = datetime.strptime(f"{stamp} {clock}", "%Y-%m-%d %H:%M:%S")
    if not zone:
        return moment.replace(tzinfo=UTC)
    if zone[0] in "+-":
        return datetime.strptime(f"{stamp} {clock} {zone}", "%Y-%m-%d %H:%M:%S %z")
    if zone.upper() not in ZONES:
        raise ValueError(f"unknown time zone {zone!r} in {value!r}")
    return moment.replace(tzinfo=timezone(timedelta(hours=ZONES[zone.upper()])))


def library_time(value: str) -> datetime:
    """A Content Library ``creation_time``: ISO 8601 (naive = UTC) or Unix seconds."""
    value = value.strip()
    if value.isdigit():
        return datetime.fromtimestamp(int(value), UTC)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def post_id_from_url(url: str) -> str:
    """The post's id or shortcode: the last path segment, or ``story_fbid`` of a permalink.

    Raises:
        ValueError: the URL names no post.
    """
    parsed = urlparse(url.strip())
    story = parse_qs(parsed.query).get("story_fbid") or parse_qs(parsed.query).get("fbid")
    if story:
        return story[0]
    segments = [s for s in parsed.path.split("/") if s]
    if not segments or not parsed.netloc:
        raise ValueError(f"URL {url!r} names no post")
    return segments[-1]


def _reactions(row: dict[str, str], columns: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    out = []
    for column, emoji in columns:
        count = as_int(row.get(column))
        if count:
            out.append({"emoji": emoji, "count": count})
    return out


def _crowdtangle(row: dict[str, str], kind: str, run: ImportRun) -> Post:
    facebook = kind == CT_FACEBOOK
    platform = "facebook" if facebook else "instagram"
    handle = row["User Name"].strip() or row.get("Facebook Id", "").strip()
    name = (row.get("Page Name") or row.get("Group Name")) if facebook else row["Account"]
    text = (row["Message"] if facebook else row["Description"]) or None
    outbound = row.get("Final Link") or row.get("Link") or ""
    urls = [outbound] if outbound and "facebook.com" not in outbound else []
    views = row.get("Post Views") or row.get("Total Views") or row.get("Views")
    return Post(
        platform=platform,
        source=handle.lower(),
        post_id=post_id_from_url(row["URL"]),
        url=row["URL"].strip(),
        published_at=crowdtangle_time(row["Post Created"]),
        collected_at=run.now,
        run_id=run.run_id,
        collector=COLLECTOR,
        author_id=(row.get("Facebook Id") or "").strip() or handle.lower(),
        author_name=name or handle,
        title=None if facebook else (row.get("Title") or None),
        text=text,
        views=as_int(views),
        replies=as_int(row.get("Comments")),
        forwards=as_int(row.get("Shares")),
        reactions=_reactions(row, ((c, c.lower().removesuffix("s")) for c in FB_REACTIONS)),
        hashtags=hashtags(text),
        links=list(dict.fromkeys(urls + links(text))),
        media_kind=CT_MEDIA.get(row["Type"].strip().lower()),
    )


def _multimedia(value: str | None) -> str | None:
    lowered = (value or "").lower()
    kinds = [k for k in ("photo", "video") if k in lowered or (k == "photo" and "image" in lowered)]
    if not kinds:
        return None
    count = lowered.count("photo") + lowered.count("image") + lowered.count("video")
    return "album" if count > 1 else kinds[0]


def _library(
    row: dict[str, str], platform: str, pseudonymize: Pseudonymize, run: ImportRun
) -> Post:
    owner_type = (row.get("post_owner.type") or "").strip().lower()
    verified = (row.get("post_owner.is_verified") or "").strip().lower() in ("true", "1", "yes")
    handle = (row.get("post_owner.username") or row.get("post_owner.id") or "").strip()
    public = owner_type in PUBLIC_OWNER_TYPES or verified
    who = identify(
        Account(platform, handle, row.get("post_owner.id"), row.get("post_owner.name"), public),
        pseudonymize,
    )
    post_id = row["id"].strip()
    url = (row.get("url") or row.get("post_url") or "").strip() or None
    if url is None and platform == "facebook" and who.public:
        url = f"https://www.facebook.com/{post_id}"
    text = (row["text"] if who.public else mask_phones(row["text"])) or None
    attached = (row.get("link_attachment.link") or "").strip()
    likes = row.get("statistics.like_count") or row.get("statistics.reaction_count")
    return Post(
        platform=platform,
        source=who.source,
        post_id=post_id,
        url=url,
        published_at=library_time(row["creation_time"]),
        collected_at=run.now,
        run_id=run.run_id,
        collector=COLLECTOR,
        author_id=who.author_id,
        author_name=who.author_name,
        text=text,
        lang_hint=(row.get("lang") or "").strip() or None,
        views=as_int(row.get("statistics.views")),
        replies=as_int(row.get("statistics.comment_count")),
        forwards=as_int(row.get("statistics.share_count")),
        reactions=[
            {"emoji": "like" if platform == "instagram" else "reaction", "count": as_int(likes)}
        ]
        if as_int(likes) is not None
        else [],
        hashtags=hashtags(text),
        links=list(dict.fromkeys(([attached] if attached else []) + links(text))),
        media_kind=_multimedia(row.get("multimedia")),
    )


def _private_row(row: dict[str, str]) -> dict[str, str]:
    """A Content Library row of a private owner: owner columns dropped, phones masked."""
    kept = {k: v for k, v in row.items() if not k.startswith("post_owner.")}
    return kept | {"text": mask_phones(kept.get("text")) or ""}


def library_platform(header: Iterable[str]) -> str:
    """``instagram`` when a Content Library header has Instagram-only columns, else facebook."""
    columns = set(header)
    return "instagram" if columns & {"statistics.like_count", "post_owner.username"} else "facebook"


def read_csv(
    path: str | Path, pseudonymize: Pseudonymize, run: ImportRun, platform: str | None = None
) -> list[dict[str, Any]]:
    """Every posts row of one export, validated.

    Raises:
        ImportFileError: unknown header, a broken or short row, or a value that cannot be read.
    """
    text = read_text(path)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in reader.fieldnames or ()]
    except csv.Error as exc:
        raise ImportFileError(path, f"broken CSV header: {exc}", 1) from exc
    reader.fieldnames = header
    kind = detect_format(header, path)
    platform = platform or (library_platform(header) if kind == MCL else None)
    rows = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise ImportFileError(
                    path,
                    f"row's field count differs from the header's {len(header)}: truncated?",
                    line,
                )
            try:
                post = (
                    _library(row, platform, pseudonymize, run)
                    if kind == MCL
                    else _crowdtangle(row, kind, run)
                )
            except (KeyError, ValueError) as exc:
                raise ImportFileError(path, f"cannot read this {kind} row: {exc}", line) from exc
            raw = row if kind != MCL or post.author_name else _private_row(row)
            rows.append(attach_raw(post.to_row(), {"format": kind, "row": raw}))
    except csv.Error as exc:
        raise ImportFileError(
            path, f"broken CSV (unclosed quote?): {exc}", reader.line_num
        ) from exc
    if not rows:
        raise ImportFileError(path, f"a {kind} export with no rows")
    return rows


def import_meta_csv(
    home: DataHome,
    paths: Iterable[str | Path],
    *,
    platform: str | None = None,
    run_id: str | None = None,
) -> ImportReport:
    """Validate every CSV, then land all their posts at once (``run_id``: a flow's).

    Raises:
        ImportFileError: a file is malformed (nothing is landed then).
    """

    def read_file(
        path: str | Path, pseudonymize: Pseudonymize, run: ImportRun
    ) -> tuple[list[dict[str, Any]], int]:
        return read_csv(path, pseudonymize, run, platform), 0

    return import_files(home, paths, read_file, collector=COLLECTOR, run_id=run_id)
