"""Read the lines of a WhatsApp "Export chat" .txt into messages; the caller hashes senders.

Android writes ``12/03/2022, 14:05 - Name: text`` (``3/12/22, 2:05 PM - …`` in US English);
iOS writes ``[12.03.22, 14:05:33] Name: text``. The date order (day-first in Russian, Kazakh
and British English, month-first in US English, year-first in some locales) is read from the
whole file: a day above 12 settles it; when nothing does, ``.`` and 24-hour clocks mean
day-first, ``/`` with AM/PM means month-first. A line that does not start a message continues
the one before (multi-line messages). Android system lines have no ``Name:``; iOS system lines
put a left-to-right mark before their text; both, and "message deleted" notices, are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from collectors.imports.whatsapp_media import media_of

BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DATE = r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})"
_TIME = r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?:[\s\u202f\u00a0]*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
ANDROID = re.compile(rf"^{_DATE},?\s+{_TIME}\s+[-–]\s+(?P<rest>.*)$")
IOS = re.compile(rf"^[\u200e\u200f]?\[{_DATE},?\s+{_TIME}\]\s+(?P<rest>.*)$")
# A sender name has no colon or quotes ("X changed the subject to "A: b"" is a system line).
SENDER = re.compile(r"^(?P<sender>[^:\n\"«»“”]{1,80}?): (?P<text>.*)$", re.DOTALL)
ENCRYPTION = re.compile(
    r"^(messages and calls are end-to-end encrypted|сообщения и звонки защищены сквозным"
    r"|хабарлар мен қоңыраулар)",
    re.IGNORECASE,
)
DELETED = {
    "this message was deleted",
    "you deleted this message",
    "данное сообщение удалено",
    "это сообщение удалено",
    "вы удалили данное сообщение",
    "вы удалили это сообщение",
    "бұл хабар жойылды",
    "сіз бұл хабарды жойдыңыз",
}
EDITED = re.compile(r"\s*<(this message was edited|сообщение изменено|хабар өзгертілді)>\s*$", re.I)
ORDERS = ("dmy", "mdy", "ymd")


class ChatFormatError(ValueError):
    """A line of the export cannot be read; ``line`` is 1-based."""

    def __init__(self, problem: str, line: int) -> None:
        super().__init__(problem)
        self.line = line


@dataclass
class RawMessage:
    """One message as written in the export (sender still the display name or number)."""

    line: int
    style: str
    date: str
    time: str
    ampm: str | None
    sender: str | None
    text: str
    marked: bool = False

    @property
    def is_system(self) -> bool:
        """A join/leave/encryption notice or a "deleted" stub rather than a message."""
        plain = BIDI.sub("", self.text).strip()
        return (
            self.sender is None
            or ENCRYPTION.match(plain) is not None
            or plain.lower() in DELETED
            or (self.marked and not is_media_text(plain))
        )


def is_media_text(text: str) -> bool:
    """Whether a text (bidi marks removed) starts like a media placeholder or attachment."""
    return media_of(text)[0] is not None


def split_messages(text: str) -> list[RawMessage]:
    """The messages of an export, continuation lines joined with newlines.

    Raises:
        ChatFormatError: the file does not start with a message line.
    """
    messages: list[RawMessage] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = ANDROID.match(line) or IOS.match(line)
        if match is None:
            if not messages:
                if not line.strip():
                    continue
                raise ChatFormatError("not a WhatsApp chat export line (expected a date)", number)
            messages[-1].text += "\n" + line
            continue
        style = "ios" if line.lstrip("\u200e\u200f").startswith("[") else "android"
        rest = match["rest"]
        found = SENDER.match(rest)
        sender, body = (
            (BIDI.sub("", found["sender"]).strip(), found["text"]) if found else (None, rest)
        )
        marked = style == "ios" and body.startswith(("\u200e", "\u200f"))
        messages.append(
            RawMessage(
                number, style, match["date"], match["time"], match["ampm"], sender, body, marked
            )
        )
    if not messages:
        raise ChatFormatError("empty chat export", 1)
    return messages


def _parts(date: str) -> tuple[int, int, int]:
    a, b, c = (int(p) for p in re.split(r"[./-]", date))
    return a, b, c


def date_order(messages: list[RawMessage]) -> str:
    """``dmy``, ``mdy`` or ``ymd`` for the dates of an export (see the module docstring)."""
    dates = [m.date for m in messages]
    if all(len(re.split(r"[./-]", d)[0]) == 4 for d in dates):
        return "ymd"
    parts = [_parts(d) for d in dates]
    day_first = all(b <= 12 for _, b, _ in parts)
    month_first = all(a <= 12 for a, _, _ in parts)
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    us_style = "/" in dates[0] and any(m.ampm for m in messages)
    return "mdy" if us_style and month_first else "dmy"


def local_time(message: RawMessage, order: str) -> datetime:
    """The naive local time a message line shows.

    Raises:
        ChatFormatError: the date or time does not exist (e.g. 31/02, 25:00).
    """
    a, b, c = _parts(message.date)
    year, month, day = {"dmy": (c, b, a), "mdy": (c, a, b), "ymd": (a, b, c)}[order]
    if year < 100:
        year += 2000
    hour, minute, *rest = (int(p) for p in message.time.split(":"))
    if message.ampm:
        if not 1 <= hour <= 12:
            raise ChatFormatError(
                f"{message.time} {message.ampm} is not a 12-hour time", message.line
            )
        pm = message.ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(year, month, day, hour, minute, rest[0] if rest else 0)
    except ValueError as exc:
        problem = f"{message.date} {message.time} is not a valid {order} date/time ({exc})"
        raise ChatFormatError(problem, message.line) from exc


def strip_edited(text: str) -> tuple[str, bool]:
    """The text without the "<This message was edited>" suffix, and whether it had one."""
    stripped, count = EDITED.subn("", text)
    return stripped, bool(count)
