"""The social-media API sources of a sources file (``[[social.sources]]``) and their tokens.

Each entry names its spider (``bluesky``, ``x``, ``reddit``, ``mastodon``…), its ``source``
(the configured name: the ``source`` column of the lake), an optional ``url`` (the API or
instance; a path such as ``/api/bluesky`` is resolved against the sample server), the spider
``arguments`` (``q``, ``subreddit``, ``tag``, ``public``…) and ``token_env``, the environment
variable holding its token. ``kind = "query"`` marks a keyword search (as opposed to an account
or community followed in full).

Tokens come only from the environment or, when asked, from a Prefect Secret block named after
the variable (``PIKIR_X_BEARER_TOKEN`` -> ``pikir-x-bearer-token``); never from a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pikir.config import ConfigError, read_sources_file, require_keys, string_arguments

SPIDERS = ("bluesky", "x", "reddit", "mastodon", "youtube", "vk", "tiktok")
"""The API spiders (``scrapy list`` names) a ``[[social.sources]]`` entry may name."""


@dataclass(frozen=True)
class SocialSource:
    """One configured API source."""

    spider: str
    source: str
    url: str | None = None
    arguments: dict[str, str] = field(default_factory=dict)
    token_env: str | None = None
    token_optional: bool = False
    kind: str | None = None
    lang: str | None = None
    notes: str | None = None
    sample_token: str | None = None
    """A dummy token for the bundled sample only: honoured when ``url`` is a sample path."""

    def base_url(self, server: str | None = None) -> str | None:
        """The URL to crawl (None: the spider's default); a path is resolved against ``server``.

        Raises:
            ConfigError: a path without a server to resolve it against.
        """
        if not self.url:
            return None
        if self.url.startswith("/"):
            if not server:
                raise ConfigError(f"social source {self.source}: url {self.url!r} needs a server")
            return server.rstrip("/") + self.url
        return self.url.rstrip("/")

    def spider_arguments(self, server: str | None = None) -> dict[str, str]:
        """``-a`` arguments of the crawl (``source``, ``base_url`` and the configured ones)."""
        args = {**self.arguments, "source": self.source}
        url = self.base_url(server)
        if url:
            args["base_url"] = url
        return args


def token_for(spec: SocialSource, *, prefect_blocks: bool = False) -> str | None:
    """The token of a source's first variable (see :func:`tokens_for`)."""
    found, _ = tokens_for(spec, prefect_blocks=prefect_blocks)
    return next(iter(found.values()), None)


def tokens_for(
    spec: SocialSource, *, prefect_blocks: bool = False
) -> tuple[dict[str, str], list[str]]:
    """The credentials of a source and the variables still missing.

    ``token_env`` names one variable or several separated by commas (TikTok needs a client key
    and secret). Each comes from the environment, else a Secret block. A source served by the
    local sample server (a path ``url``) with a ``sample_token`` uses that dummy instead and
    never looks real credentials up: a real token never reaches the sample, a dummy never
    reaches a real API.

    Returns:
        ``({variable: value}, [missing variables])``.
    """
    names = [n.strip() for n in (spec.token_env or "").split(",") if n.strip()]
    found: dict[str, str] = {}
    missing: list[str] = []
    sample = spec.sample_token if (spec.url or "").startswith("/") else None
    for name in names:
        token = sample or resolve_token(name, prefect_blocks=prefect_blocks)
        if token is None:
            missing.append(name)
        else:
            found[name] = token
    return found, missing


def secret_block_name(token_env: str) -> str:
    """The Prefect Secret block that may hold a token: ``PIKIR_X_BEARER_TOKEN`` -> ``pikir-x-…``."""
    return token_env.lower().replace("_", "-")


def resolve_token(token_env: str, *, prefect_blocks: bool = False) -> str | None:
    """A token from its environment variable, else (when asked) its Prefect Secret block."""
    value = (os.environ.get(token_env) or "").strip()
    if value or not prefect_blocks:
        return value or None
    from prefect.blocks.system import Secret  # imported only when blocks are asked for

    try:
        return str(Secret.load(secret_block_name(token_env)).get()).strip() or None
    except ValueError:  # no such block
        return None


def load_social_sources(path: str | os.PathLike[str] | None = None) -> list[SocialSource]:
    """Read ``[[social.sources]]`` from a sources file (none when the section is absent).

    Raises:
        ConfigError: the file is missing, or an entry lacks spider/source or names an unknown
            spider.
    """
    file, data = read_sources_file(path)
    found = []
    for entry in data.get("social", {}).get("sources", []):
        require_keys(entry, ("spider", "source"), file=file, table="social.sources")
        if entry["spider"] not in SPIDERS:
            raise ConfigError(
                f"{file}: [[social.sources]] {entry['source']}: unknown spider "
                f"{entry['spider']!r} (one of {', '.join(SPIDERS)})"
            )
        found.append(
            SocialSource(
                spider=entry["spider"],
                source=entry["source"],
                url=entry.get("url"),
                arguments=string_arguments(entry),
                token_env=entry.get("token_env"),
                token_optional=bool(entry.get("token_optional", False)),
                kind=entry.get("kind"),
                lang=entry.get("lang"),
                notes=entry.get("notes"),
                sample_token=entry.get("sample_token"),
            )
        )
    return found
