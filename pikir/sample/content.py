"""The bundled sample's channels: load ``sample/telegram/*.json`` into memory.

One JSON file per channel::

    {
      "channel": {"username", "title", "description", "lang", "subscribers", "preview"},
      "posts": [ {post}, ... ]            # ascending id
    }

A post stores exactly what the web preview shows; every key but ``id`` and ``date`` is optional::

    id            message id (albums use one id per photo: id .. id + count - 1)
    date          ISO 8601 with "+00:00"
    text          plain text with the markup of :mod:`pikir.sample.markup` (newline = line break)
    views         exact count (the page shows it abbreviated)
    edited        true when the meta line says "edited"
    author        author signature
    service       true for service messages ("Channel created", "Channel photo updated");
                  service_photo adds the new channel photo to such a message
    forward       {"name", "channel", "post"} from a public channel, or {"name"} when hidden
    reply_to      {"id"}: an earlier post of the same channel
    reactions     [{"emoji", "count"} | {"custom_emoji_id", "count"} | {"paid": true, "count"}]
    media         {"kind": photo|video|voice|document|poll|album, ...}; album has "count",
                  video/voice "duration", document "title"/"size", poll "question"/"options"/"votes"
    link_preview  {"site", "title", "description", "url"}
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pikir.config import REPO_ROOT

SAMPLE_ROOT = REPO_ROOT / "sample"

Post = dict[str, Any]


class SampleError(ValueError):
    """A sample channel file is missing or malformed."""


@dataclass
class SampleChannel:
    """One channel of the sample, held in memory (edits never touch the files)."""

    username: str
    title: str
    description: str
    lang: str
    subscribers: int
    preview: bool = True
    posts: list[Post] = field(default_factory=list)

    def sort(self) -> None:
        """Keep posts in ascending id order (the order every renderer expects)."""
        self.posts.sort(key=lambda p: p["id"])

    def get(self, post_id: int) -> Post | None:
        """Return the post with this id, or the album that contains it, or None."""
        for post in self.posts:
            if post["id"] <= post_id < post["id"] + id_span(post):
                return post
        return None


def id_span(post: Post) -> int:
    """How many message ids a post occupies: an album of N photos takes N ids."""
    media = post.get("media") or {}
    return int(media.get("count", 1)) if media.get("kind") == "album" else 1


def load_channel(path: Path) -> SampleChannel:
    """Read one channel file.

    Raises:
        SampleError: the file is not JSON or lacks the channel header.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        head = data["channel"]
        channel = SampleChannel(
            username=head["username"],
            title=head["title"],
            description=head["description"],
            lang=head["lang"],
            subscribers=int(head["subscribers"]),
            preview=bool(head.get("preview", True)),
            posts=list(data["posts"]),
        )
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise SampleError(f"{path}: not a sample channel file ({exc!r})") from exc
    channel.sort()
    return channel


def load_channels(root: Path = SAMPLE_ROOT) -> dict[str, SampleChannel]:
    """Load every ``<root>/telegram/*.json``, keyed by lower-case username.

    Raises:
        SampleError: the directory holds no channel files, or a file is malformed.
    """
    files = sorted((Path(root) / "telegram").glob("*.json"))
    if not files:
        raise SampleError(f"no sample channels under {Path(root) / 'telegram'}")
    channels = {}
    for path in files:
        channel = load_channel(path)
        channels[channel.username.lower()] = channel
    return channels


def clone(channels: dict[str, SampleChannel]) -> dict[str, SampleChannel]:
    """Deep-copy channels so a server can be edited without affecting other users."""
    return copy.deepcopy(channels)
