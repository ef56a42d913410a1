"""Text normalisation shared by training and prediction (they must never differ)."""

from __future__ import annotations

import re

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")
_REPEAT = re.compile(r"(.)\1{2,}")
_TOKEN = re.compile(r"[^\W\d_]+|[!?]+|[\U0001F300-\U0001FAFF\u2600-\u27BF]|[()]{1,}", re.UNICODE)


_KAZAKH_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")


def fold_kazakh(text: str) -> str:
    """Map Kazakh-specific letters to the Russian ones people type instead (қ→к, ө→о, і→и…).

    Reviews and posts are often typed on a Russian keyboard ("жаксы" for "жақсы"); folding
    makes both spellings share their n-grams.

    Examples:
        >>> fold_kazakh("жақсы өнім") == fold_kazakh("жаксы оним")
        True
    """
    return text.translate(_KAZAKH_FOLD)


def normalise(text: str) -> str:
    """Lowercase; URLs become ``http``, mentions ``@user``; 3+ repeated characters become 2."""
    text = _URL.sub(" http ", text.lower())
    text = _USER.sub(" @user ", text)
    return _REPEAT.sub(r"\1\1", text)


def tokens(text: str) -> list[str]:
    """Words, runs of ``!?``, single emoji and bracket smileys of a normalised text."""
    return _TOKEN.findall(text)
