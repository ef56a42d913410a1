"""Import a WhatsApp "Export chat" .txt of a group into the lake (platform ``whatsapp``).

Every sender is a private individual: their display name (or their phone number, compared by
its digits) becomes a keyed-hash pseudonym and nothing else of them is stored; phone numbers
and @-mentions inside the text are masked. The export shows local times: ``tz`` names the
zone of the phone that exported it (default Asia/Almaty). A message's ``post_id`` hashes the
group, the UTC minute, the sender's pseudonym and the message's ordinal among that sender's
messages in that minute, so importing the same file again lands nothing new.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from collectors.imports.accounts import hashtags, links
from collectors.imports.landing import (
    ImportFileError,
    ImportReport,
    ImportRun,
    attach_raw,
    import_files,
    mask_phones,
    read_text,
)
from collectors.imports.whatsapp_lines import (
    ORDERS,
    ChatFormatError,
    RawMessage,
    date_order,
    local_time,
    split_messages,
    strip_edited,
)
from collectors.imports.whatsapp_media import media_of
from pikir import __version__
from pikir.config import DataHome
from pikir.schema import Post

PLATFORM = "whatsapp"
COLLECTOR = f"whatsapp_import@{__version__}"
DEFAULT_TZ = "Asia/Almaty"
PHONE_SENDER = re.compile(r"^\+?[\d\s\-()\u00a0]{7,}$")
MENTION = re.compile(r"@\u2068[^\u2069]*\u2069|@[^\s@]*\u2069")


def group_source(group: str) -> str:
    """The ``source`` of a group: its label lower-cased, separators turned into '-'.

    Raises:
        ValueError: the label is empty.
    """
    slug = re.sub(r"[\s:/\\]+", "-", group.strip().lower()).strip("-")
    if not slug:
        raise ValueError("a WhatsApp import needs a non-empty --group name")
    return slug


def sender_pseudonym(sender: str, pseudonymize: Callable[[str, str], str]) -> str:
    """The pseudonym of a sender; a phone number is hashed by its digits (+ kept)."""
    if PHONE_SENDER.match(sender):
        sender = "+" + "".join(c for c in sender if c.isdigit())
    return pseudonymize(PLATFORM, sender)


def clean_text(text: str | None) -> str | None:
    """The text with @-mentions of members and phone numbers masked."""
    if not text:
        return None
    return mask_phones(MENTION.sub("@[member]", text)).strip() or None


def rows_of(
    messages: list[RawMessage],
    *,
    source: str,
    zone: tzinfo,
    order: str,
    pseudonymize: Callable[[str, str], str],
    run: ImportRun,
) -> tuple[list[dict[str, Any]], int]:
    """The posts rows of an export's messages and the number of system lines skipped.

    Raises:
        ChatFormatError: a message's date or time does not exist.
    """
    rows, skipped, ordinals = [], 0, Counter()
    for message in messages:
        published = local_time(message, order).replace(tzinfo=zone).astimezone(UTC)
        if message.is_system:
            skipped += 1
            continue
        author = sender_pseudonym(message.sender or "", pseudonymize)
        minute = published.strftime("%Y-%m-%dT%H:%MZ")
        ordinal = ordinals[(minute, author)]
        ordinals[(minute, author)] += 1
        key = f"{source}\x00{minute}\x00{author}\x00{ordinal}"
        body, edited = strip_edited(message.text)
        kind, text = media_of(body)
        text = clean_text(text)
        post = Post(
            platform=PLATFORM,
            source=source,
            post_id=hashlib.sha256(key.encode()).hexdigest()[:24],
            published_at=published,
            collected_at=run.now,
            run_id=run.run_id,
            collector=COLLECTOR,
            author_id=author,
            is_edited=edited or None,
            text=text,
            hashtags=hashtags(text),
            links=links(text),
            media_kind=kind,
        )
        raw = {
            "format": f"whatsapp-{message.style}",
            "line": message.line,
            "local_time": " ".join(filter(None, (message.date, message.time, message.ampm))),
            "sender": author,
            "text": clean_text(body),
        }
        rows.append(attach_raw(post.to_row(), raw))
    return rows, skipped


def zone_named(name: str) -> tzinfo:
    """A zone from an IANA name (``Asia/Almaty``) or ``UTC``.

    Raises:
        ValueError: the zone is unknown.
    """
    try:
        return UTC if name.upper() == "UTC" else ZoneInfo(name)
    except (ValueError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as Asia/Almaty"
        ) from exc


def read_chat(
    path: str | Path,
    *,
    group: str,
    zone: tzinfo,
    pseudonymize: Callable[[str, str], str],
    run: ImportRun,
    order: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Every posts row of one export and the number of system lines skipped.

    Raises:
        ImportFileError: the file is not a chat export or a line cannot be read.
    """
    if order is not None and order not in ORDERS:
        raise ImportFileError(path, f"date order must be one of {ORDERS}, got {order!r}")
    try:
        messages = split_messages(read_text(path))
        return rows_of(
            messages,
            source=group_source(group),
            zone=zone,
            order=order or date_order(messages),
            pseudonymize=pseudonymize,
            run=run,
        )
    except ChatFormatError as exc:
        raise ImportFileError(path, str(exc), exc.line) from exc


def import_whatsapp(
    home: DataHome,
    path: str | Path,
    *,
    group: str,
    tz: str | tzinfo = DEFAULT_TZ,
    order: str | None = None,
    run_id: str | None = None,
) -> ImportReport:
    """Validate a whole chat export, then land its messages at once (``run_id``: a flow's).

    Raises:
        ImportFileError: the file is malformed (nothing is landed then).
        ValueError: the group name is empty or the zone unknown.
    """
    zone = zone_named(tz) if isinstance(tz, str) else tz
    group_source(group)

    def read_file(
        path: str | Path, pseudonymize: Callable[[str, str], str], run: ImportRun
    ) -> tuple[list[dict[str, Any]], int]:
        return read_chat(
            path, group=group, zone=zone, pseudonymize=pseudonymize, run=run, order=order
        )

    return import_files(home, [path], read_file, collector=COLLECTOR, run_id=run_id)
