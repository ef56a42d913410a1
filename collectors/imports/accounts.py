"""Who wrote an imported post, and what its text links to.

Public accounts (a verified or business account, a Facebook Page) keep their handle as
``source`` and their display name as ``author_name``. Anyone else is a private individual:
their handle becomes a keyed-hash pseudonym (:mod:`pikir.privacy`) used as ``author_id`` and,
without the ':', as ``source``; their name is never stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from collectors.imports.landing import private_source

Pseudonymize = Callable[[str, str], str]

HASHTAG = re.compile(r"#([^\s!@#$%^&*()+={}\[\]:;\"'|<>?,./`~\\-]+)")
MENTION = re.compile(r"(?<![\w.])@([A-Za-z0-9_.]+[A-Za-z0-9_])")
URL = re.compile(r"https?://[^\s<>\"')\]]+")
SCRUBBED = "[scrubbed]"
IDENTITY_KEYS = frozenset(
    {
        "user",
        "owner",
        "author",
        "core",
        "user_results",
        "nickname",
        "user_id_str",
        "in_reply_to_screen_name",
        "in_reply_to_user_id_str",
        "profile_pic_url",
    }
)


@dataclass(frozen=True)
class Account:
    """The author of a post as the platform shows them."""

    platform: str
    handle: str
    user_id: str | None = None
    name: str | None = None
    public: bool = False


@dataclass(frozen=True)
class Identity:
    """The lake columns that name an author: ``source``, ``author_id``, ``author_name``."""

    source: str
    author_id: str
    author_name: str | None
    public: bool


def identify(account: Account, pseudonymize: Pseudonymize) -> Identity:
    """Columns for ``account``: names for a public account, a pseudonym for anyone else.

    Raises:
        ValueError: the account has no handle.
    """
    handle = account.handle.strip().lstrip("@").lower()
    if not handle:
        raise ValueError("the post names no author handle")
    if account.public:
        return Identity(handle, account.user_id or handle, account.name or handle, True)
    pseudonym = pseudonymize(account.platform, handle)
    return Identity(private_source(pseudonym), pseudonym, None, False)


def hashtags(text: str | None) -> list[str]:
    """Lower-cased hashtags of a text, in order, without repeats."""
    return list(dict.fromkeys(t.lower() for t in HASHTAG.findall(text or "")))


def mentions(text: str | None) -> list[str]:
    """Lower-cased @handles of a text, in order, without repeats."""
    return list(dict.fromkeys(m.lower() for m in MENTION.findall(text or "")))


def links(text: str | None) -> list[str]:
    """URLs written out in a text, in order, without repeats."""
    return list(dict.fromkeys(u.rstrip(".,;:!?") for u in URL.findall(text or "")))


def scrub_identities(value: Any) -> Any:
    """A copy of a platform payload with every author/user object replaced by a marker.

    The raw payload is kept for provenance; the people in it (authors, retweeted and
    quoted users) are named only in the mapped columns, and only when public.
    """
    if isinstance(value, dict):
        return {
            k: SCRUBBED if k in IDENTITY_KEYS and v is not None else scrub_identities(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub_identities(v) for v in value]
    return value


def as_int(value: Any) -> int | None:
    """An engagement count as int (``"1,204"`` and ``"12"`` too), None when absent."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).replace(",", "").replace("\u00a0", "").replace(" ", "")
    try:
        return int(float(text))
    except ValueError:
        return None
