"""Dates as news sites print them, turned into UTC.

Sites print local time: Asia/Almaty unless the page carries an offset (UTC+6 in 2021–22; the
zone database knows the 2024 change to UTC+5). Handled forms, in Russian, Kazakh and English::

    2021-09-15T14:05:00+06:00          ISO 8601 (an offset wins over the site's zone)
    15.09.2021, 14:05  15.09.2021 14:05  15/09/2021
    15 сентября 2021, 14:05   15 сентября 2021 в 14:05   Среда, 15 сентября 2021
    2021 жылғы 15 қыркүйек 14:05   15 қыркүйек 2021, 14:05
    September 15, 2021 14:05   15 September 2021
    сегодня в 14:05   Сегодня, 14:05   вчера в 14:05   бүгін 14:05   кеше, 14:05
    today 14:05   yesterday at 14:05   14:05 (a bare time: today)

A date without a year is refused (ambiguous), never guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")

_MONTHS = {
    # Russian (genitive and nominative stems)
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    # Kazakh
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    # English
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_RELATIVE = {
    "сегодня": 0, "бүгін": 0, "today": 0,
    "вчера": 1, "кеше": 1, "yesterday": 1,
    "позавчера": 2, "алдыңгүні": 2,
}  # fmt: skip
_TIME = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?"
_NUMERIC = re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?:\D+" + _TIME + ")?")
_WORDY = re.compile(
    r"(?:(?P<y1>\d{4})\s*(?:ж\.?|жылғы|жылы)?\s+)?(?P<d>\d{1,2})\s+(?P<mon>[^\W\d_]+)\.?,?"
    r"(?:\s+(?P<y2>\d{4}))?(?:\s*(?:г\.|года|ж\.|жылы)?)?(?:\D*?" + _TIME + ")?",
)
_ENGLISH = re.compile(
    r"(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?:\D*?" + _TIME + ")?"
)
_RELATIVE_RE = re.compile(r"(?P<word>[^\W\d_]+)[\s,]*(?:в|at|сағ\.?)?\s*" + _TIME)
_BARE_TIME = re.compile(r"^\s*" + _TIME + r"\s*$")
_MINUTES_AGO = re.compile(r"(?P<n>\d+)\s*(?:мин|minute|минут)", re.IGNORECASE)


class DateParseError(ValueError):
    """A date string could not be read."""


def month_number(word: str) -> int | None:
    """Return the month of a Russian, Kazakh or English month name (any case), else None."""
    low = word.lower().strip(".")
    if low in _MONTHS:
        return _MONTHS[low]
    for stem in sorted(_MONTHS, key=len, reverse=True):
        if len(stem) >= 3 and low.startswith(stem):
            return _MONTHS[stem]
    return None


def _local(day: date, match: re.Match | None, tz: ZoneInfo) -> datetime:
    clock = time.min
    if match is not None and match.group("h") is not None:
        clock = time(int(match.group("h")), int(match.group("mi")), int(match.group("s") or 0))
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def parse_iso(text: str, tz: ZoneInfo = ALMATY) -> datetime | None:
    """Parse ISO 8601; a value without offset is local time in ``tz``. None if not ISO."""
    value = text.strip().replace("Z", "+00:00")
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)


def parse_rfc822(text: str) -> datetime | None:
    """Parse an RSS ``pubDate`` (RFC 822); None when it is not one."""
    try:
        parsed = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ALMATY)
    return parsed.astimezone(UTC)


def parse_date(text: str, *, now: datetime | None = None, tz: ZoneInfo = ALMATY) -> datetime:
    """Return the UTC instant a site's date string names.

    Args:
        text: the string as printed (see the module docstring for the forms).
        now: the current time, for relative dates ("вчера в 14:05"); defaults to now.
        tz: the site's zone for strings without an offset.

    Raises:
        DateParseError: the string is empty, ambiguous (no year) or not a date.
    """
    cleaned = " ".join((text or "").replace("\xa0", " ").split())
    if not cleaned:
        raise DateParseError("empty date")
    parsed = parse_iso(cleaned, tz)
    if parsed is None and re.search(r"[+-]\d{4}$|GMT$", cleaned):
        parsed = parse_rfc822(cleaned)
    if parsed is not None:
        return parsed
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    if match := _NUMERIC.search(cleaned):
        day = date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        return _local(day, match, tz)
    if match := _RELATIVE_RE.search(cleaned.lower()):
        back = _RELATIVE.get(match.group("word"))
        if back is not None:
            return _local(today - timedelta(days=back), match, tz)
    if match := _MINUTES_AGO.search(cleaned):
        return (now or datetime.now(UTC)).astimezone(UTC) - timedelta(minutes=int(match["n"]))
    for pattern in (_WORDY, _ENGLISH):
        for match in pattern.finditer(cleaned):
            month = month_number(match.group("mon"))
            year = (match.group("y1") or match.group("y2")) if pattern is _WORDY else match["y"]
            if month is None:
                continue
            if year is None:
                raise DateParseError(f"no year in {text!r}: refusing to guess")
            return _local(date(int(year), month, int(match.group("d"))), match, tz)
    if match := _BARE_TIME.match(cleaned):
        return _local(today, match, tz)
    raise DateParseError(f"not a date: {text!r}")


def parse_date_or_none(text: str | None, **kwargs) -> datetime | None:
    """Like :func:`parse_date` but None for missing or unreadable input."""
    if not text:
        return None
    try:
        return parse_date(text, **kwargs)
    except (DateParseError, ValueError):
        return None
