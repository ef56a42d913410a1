"""Text normalisation shared by training and prediction (they must never differ)."""

from __future__ import annotations

import re

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")
_REPEAT = re.compile(r"(.)\1{2,}")
_TOKEN = re.compile(r"[^\W\d_]+|[!?]+|[\U0001F300-\U0001FAFF\u2600-\u27BF]|[()]{1,}", re.UNICODE)


def normalise(text: str) -> str:
    """Lowercase; URLs become ``http``, mentions ``@user``; 3+ repeated characters become 2."""
    text = _URL.sub(" http ", text.lower())
    text = _USER.sub(" @user ", text)
    return _REPEAT.sub(r"\1\1", text)


def tokens(text: str) -> list[str]:
    """Words, runs of ``!?``, single emoji and bracket smileys of a normalised text."""
    return _TOKEN.findall(text)
