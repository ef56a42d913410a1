"""Media in a WhatsApp export: placeholders and attached-file lines (English, Russian, Kazakh).

Placeholders look like "<Media omitted>", "<Без медиафайлов>", "image omitted" or
"‎изображение отсутствует".

An export made "without media" replaces each file by a placeholder; one made "with media"
names the file (``IMG-20220312-WA0001.jpg (file attached)`` on Android,
``<attached: 00000012-PHOTO-2022-03-12-14-05-33.jpg>`` on iOS). Either way pikir keeps only
the kind of media, never the file name (a contact card's file name is a person's name).
Kazakh placeholder wordings are best effort: WhatsApp's Kazakh strings vary by version.
"""

from __future__ import annotations

import re

MEDIA = "media"  # some media, kind not shown ("<Media omitted>")
PLACEHOLDERS = {
    "<media omitted>": MEDIA,
    "<без медиафайлов>": MEDIA,
    "<медиафайлы опущены>": MEDIA,
    "<медиафайлдарсыз>": MEDIA,
    "<медиафайл жоқ>": MEDIA,
    "image omitted": "photo",
    "video omitted": "video",
    "audio omitted": "voice",
    "sticker omitted": "sticker",
    "gif omitted": "video",
    "document omitted": "document",
    "contact card omitted": "contact",
    "изображение отсутствует": "photo",
    "видео отсутствует": "video",
    "аудиофайл отсутствует": "voice",
    "стикер отсутствует": "sticker",
    "gif отсутствует": "video",
    "документ отсутствует": "document",
    "карточка контакта отсутствует": "contact",
    "сурет жоқ": "photo",
    "бейне жоқ": "video",
    "аудио жоқ": "voice",
    "стикер жоқ": "sticker",
    "құжат жоқ": "document",
}
ATTACHED = re.compile(
    r"^(?:<(?:attached|прикреплено|тіркелген): (?P<ios>[^>]+)>"
    r"|(?P<android>\S[^\n]*?) \((?:file attached|файл добавлен|файл прикреплен|файл тіркелді)\))",
    re.IGNORECASE,
)
KINDS_BY_NAME = (
    (re.compile(r"PHOTO|^IMG-|\.(jpe?g|png|heic)$", re.I), "photo"),
    (re.compile(r"VIDEO|^VID-|GIF|\.(mp4|mov|3gp)$", re.I), "video"),
    (re.compile(r"AUDIO|^PTT-|^AUD-|\.(opus|m4a|mp3|ogg)$", re.I), "voice"),
    (re.compile(r"STICKER|^STK-|\.webp$", re.I), "sticker"),
    (re.compile(r"\.vcf$", re.I), "contact"),
)
LOCATION = re.compile(r"^(location|геолокация|местоположение|орналасқан жері): https?://", re.I)
POLL = re.compile(r"^(poll|опрос|сауалнама):\s*$", re.I | re.M)
_BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def kind_of_file(name: str) -> str:
    """The media kind of an attached file from its name (``document`` when unknown)."""
    for pattern, kind in KINDS_BY_NAME:
        if pattern.search(name.strip()):
            return kind
    return "document"


def media_of(text: str) -> tuple[str | None, str | None]:
    """``(media_kind, remaining text)``: the placeholder or file line removed.

    The remaining text is a caption written under the file, or None. Text without media
    comes back unchanged with kind None.
    """
    plain = _BIDI.sub("", text).strip()
    first, _, caption = plain.partition("\n")
    caption = caption.strip() or None
    kind = PLACEHOLDERS.get(first.strip().lower())
    if kind is not None:
        return kind, caption
    attached = ATTACHED.match(first)
    if attached:
        return kind_of_file(attached["ios"] or attached["android"]), caption
    if LOCATION.match(first):
        return "location", None
    if POLL.match(first):
        return "poll", plain
    return None, text
