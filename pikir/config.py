"""Where pikir keeps its data and which sources it collects.

Everything pikir writes lives under one data home, ``$PIKIR_HOME`` (default ``./data``)::

    lake/             Parquet tables (posts, metrics, raw, runs), hive-partitioned
    warehouse.duckdb  views over the lake plus small seed tables
    state/            watermarks, locks, journals, run records
    quarantine/       files removed from the lake because they could not be read
    reports/          figures and summaries written by flows and notebooks

Sources are listed in one TOML file (``config/sources.toml``, or ``$PIKIR_SOURCES``).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES_FILE = REPO_ROOT / "config" / "sources.toml"
SAMPLE_SOURCES_FILE = REPO_ROOT / "sample" / "sources.toml"
CHANNEL_NAME = re.compile(r"[A-Za-z0-9_]{3,64}")
"""A Telegram channel username as the web-preview spider accepts it (ASCII, no path parts)."""


def check_channel_name(name: str) -> str:
    """Return ``name`` if it is a channel username, else raise ConfigError naming it.

    Channel names become file names (logs, state) and URL paths, so anything else (``..``,
    ``a/b``, NUL, look-alike Cyrillic letters, 300 characters) is refused up front.
    """
    if not CHANNEL_NAME.fullmatch(name):
        raise ConfigError(f"not a Telegram channel username: {name!r} (letters, digits, _)")
    return name


class ConfigError(ValueError):
    """The configuration is missing or malformed."""


def read_sources_file(path: str | os.PathLike[str] | None = None) -> tuple[Path, dict[str, Any]]:
    """Find and parse the sources file (explicit path, ``$PIKIR_SOURCES`` or the default).

    Returns:
        The file's path and its parsed TOML tables.

    Raises:
        ConfigError: the file is missing or is not TOML.
    """
    file = Path(path or os.environ.get("PIKIR_SOURCES") or DEFAULT_SOURCES_FILE)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"sources file not found: {file}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}") from exc
    return file, data


def require_keys(entry: dict[str, Any], keys: tuple[str, ...], *, file: Path, table: str) -> None:
    """Refuse a ``[[table]]`` entry of the sources file that lacks (or leaves empty) a key.

    Raises:
        ConfigError: naming the file, the table and every missing key.
    """
    missing = [key for key in keys if not entry.get(key)]
    if missing:
        raise ConfigError(f"{file}: a [[{table}]] entry lacks {', '.join(missing)}")


def string_arguments(entry: dict[str, Any]) -> dict[str, str]:
    """An entry's ``arguments`` table as strings (spider ``-a key=value`` pairs)."""
    return {str(key): str(value) for key, value in entry.get("arguments", {}).items()}


@dataclass(frozen=True)
class DataHome:
    """The directory tree under ``$PIKIR_HOME``; every path is absolute.

    Attributes:
        root: the data home directory (state, locks, journal, warehouse, quarantine).
        lake_url: ``s3://bucket/prefix`` when the lake lives on S3-compatible storage
            (``$PIKIR_LAKE_URL``); None keeps it at ``root/lake``.
    """

    root: Path
    lake_url: str | None = None

    @classmethod
    def from_env(cls, override: str | os.PathLike[str] | None = None) -> DataHome:
        """Resolve the data home from an explicit path, ``$PIKIR_HOME`` or ``./data``.

        The lake location comes from ``$PIKIR_LAKE_URL`` when it is set.
        """
        raw = override or os.environ.get("PIKIR_HOME") or "data"
        return cls(Path(raw).expanduser().resolve(), os.environ.get("PIKIR_LAKE_URL") or None)

    @property
    def lake(self) -> Path:
        """Root of the Parquet lake.

        For an object-store lake this is a :class:`pikir.lake.storage.ObjectPath` (the object
        key with the subset of path methods the lake uses).
        """
        if self.lake_url:
            from pikir.lake.storage import object_lake

            return object_lake(self.lake_url)  # type: ignore[return-value]
        return self.root / "lake"

    @property
    def warehouse(self) -> Path:
        """The DuckDB file holding views over the lake."""
        return self.root / "warehouse.duckdb"

    @property
    def state(self) -> Path:
        """Watermarks, locks, journals and run records."""
        return self.root / "state"

    @property
    def quarantine(self) -> Path:
        """Files moved out of the lake because they could not be read."""
        return self.root / "quarantine"

    @property
    def reports(self) -> Path:
        """Summaries and figures."""
        return self.root / "reports"

    def ensure(self) -> DataHome:
        """Create the directory tree (idempotent) and return self."""
        for path in (self.lake, self.state, self.quarantine, self.reports):
            path.mkdir(parents=True, exist_ok=True)
        return self


@dataclass(frozen=True)
class Channel:
    """A public Telegram channel followed through its web preview (and later the API)."""

    name: str
    lang: str | None = None
    title: str | None = None
    confidence: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class SourcesConfig:
    """The collection plan read from ``sources.toml``."""

    path: Path
    telegram_base_url: str = "https://t.me"
    channels: tuple[Channel, ...] = field(default_factory=tuple)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> SourcesConfig:
        """Read the sources file (explicit path, ``$PIKIR_SOURCES`` or ``config/sources.toml``).

        Raises:
            ConfigError: the file is missing, is not TOML, or a channel lacks a name.
        """
        file, data = read_sources_file(path)
        tg = data.get("telegram_web", {})
        channels = []
        for entry in tg.get("channels", []):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise ConfigError(f"{file}: every [[telegram_web.channels]] needs a name")
            known = {k: entry.get(k) for k in ("lang", "title", "confidence", "notes")}
            try:
                name = check_channel_name(str(entry["name"]))
            except ConfigError as exc:
                raise ConfigError(f"{file}: {exc}") from exc
            channels.append(Channel(name=name, **known))
        names = [c.name.lower() for c in channels]
        if len(names) != len(set(names)):
            raise ConfigError(f"{file}: a channel is listed twice")
        return cls(
            path=file,
            telegram_base_url=str(tg.get("base_url", "https://t.me")).rstrip("/"),
            channels=tuple(channels),
        )
