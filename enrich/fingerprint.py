"""Fingerprints that make a model id change whenever anything that shapes its scores changes.

A model's ``name@version`` is what a person bumps; the fingerprint after ``~`` is what the
machine checks: the bytes of the topic file or the model artifact, and the stemmers both
depend on (Snowball's release and the Kazakh suffix rules). Editing a topic file or swapping
an artifact without bumping the version therefore still re-scores every post, instead of
mixing two models' scores under one id.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version

from enrich.stemming import kk_rules_signature

DIGEST_CHARS = 8


@cache
def stemmer_id() -> str:
    """Snowball's release plus a digest of the Kazakh suffix rules, e.g. ``snowball3.1.1-kk1a2b3c``.

    Examples:
        >>> stemmer_id().startswith("snowball")
        True
    """
    rules = kk_rules_signature().encode("utf-8")
    return f"snowball{version('snowballstemmer')}-kk{hashlib.sha256(rules).hexdigest()[:6]}"


def digest(*parts: bytes | str) -> str:
    """A short sha256 over ``parts`` (length-prefixed, so part boundaries count).

    Examples:
        >>> digest(b"ab", b"c") == digest(b"a", b"bc")
        False
    """
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()[:DIGEST_CHARS]


def with_fingerprint(name_version: str, fingerprint: str) -> str:
    """``name@version~fingerprint`` (or ``name@version`` when there is no fingerprint)."""
    return f"{name_version}~{fingerprint}" if fingerprint else name_version
