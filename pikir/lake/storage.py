"""Where lake files live: a local directory, or an S3-compatible bucket and prefix.

The lake code works with paths. On local disk they are :class:`pathlib.Path` objects and every
operation here does exactly what the lake always did (fsync, ``os.replace``, ``shutil.move``).
When ``PIKIR_LAKE_URL=s3://bucket/prefix`` is set, :attr:`pikir.config.DataHome.lake` is an
:class:`ObjectPath` instead: a pure POSIX path of the object key (``bucket/prefix/posts/...``)
that carries its :class:`pyarrow.fs.S3FileSystem` and implements the few path methods the lake
uses (``exists``, ``is_file``, ``stat``, ``unlink``, ``mkdir``, ``glob``, ``rglob``). The
functions below dispatch on the path kind for the operations a plain path cannot do:
read and write Parquet, publish a temporary file, move a file out of the lake, and let
DuckDB read the lake.

Publishing on an object store keeps the no-partial-file guarantee: the whole file is written
to a ``_tmp-….inprogress`` key that every reader ignores, then copied to its final key (a copy
makes the object appear whole or not at all) and the temporary key deleted. A crash leaves at
worst an ignored temporary key, which :func:`pikir.lake.journal.recover` deletes.

Configuration comes only from the environment and is never logged: ``PIKIR_S3_ENDPOINT_URL``
(or ``AWS_ENDPOINT_URL``), ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_REGION``.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from pikir.fsutil import publish as publish_local

LAKE_URL_ENV = "PIKIR_LAKE_URL"
ENDPOINT_ENVS = ("PIKIR_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL")


@dataclass(frozen=True)
class S3Settings:
    """Where the object store is and how to sign requests (read from the environment).

    Attributes:
        endpoint_url: ``http(s)://host:port`` of an S3-compatible server, or None for AWS.
        access_key: ``AWS_ACCESS_KEY_ID``.
        secret_key: ``AWS_SECRET_ACCESS_KEY`` (kept out of ``repr``).
        region: ``AWS_REGION`` (default ``us-east-1``).
    """

    endpoint_url: str | None
    access_key: str | None
    secret_key: str | None
    region: str

    @classmethod
    def from_env(cls) -> S3Settings:
        """Read the endpoint, credentials and region from the environment."""
        endpoint = next((os.environ[name] for name in ENDPOINT_ENVS if os.environ.get(name)), None)
        return cls(
            endpoint_url=endpoint,
            access_key=os.environ.get("AWS_ACCESS_KEY_ID"),
            secret_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
            region=os.environ.get("AWS_REGION", "us-east-1"),
        )

    def __repr__(self) -> str:
        return f"S3Settings(endpoint_url={self.endpoint_url!r}, region={self.region!r})"

    def arrow_filesystem(self) -> pafs.S3FileSystem:
        """The pyarrow filesystem the lake writes and reads through."""
        kwargs: dict[str, Any] = {"region": self.region}
        if self.access_key and self.secret_key:
            kwargs.update(access_key=self.access_key, secret_key=self.secret_key)
        if self.endpoint_url:
            parts = urlsplit(self.endpoint_url)
            kwargs.update(endpoint_override=parts.netloc, scheme=parts.scheme or "https")
        return pafs.S3FileSystem(**kwargs)

    def fsspec_filesystem(self) -> Any:
        """An ``s3fs`` filesystem for DuckDB (the httpfs extension is not available offline)."""
        import s3fs

        return s3fs.S3FileSystem(
            key=self.access_key,
            secret=self.secret_key,
            endpoint_url=self.endpoint_url,
            client_kwargs={"region_name": self.region},
            skip_instance_cache=True,
        )


@dataclass(frozen=True)
class ObjectStat:
    """The part of ``os.stat_result`` the lake reads."""

    st_size: int
    st_mtime_ns: int


class ObjectPath(PurePosixPath):
    """The key of an object (``bucket/prefix/...``) with the path methods the lake uses.

    Concrete subclasses made by :func:`object_lake` carry the filesystem as a class attribute,
    so every path derived with ``/``, ``parent`` or ``with_name`` keeps it.
    """

    fs: ClassVar[pafs.FileSystem]
    settings: ClassVar[S3Settings]
    scheme: ClassVar[str] = "s3"

    @property
    def url(self) -> str:
        """The ``s3://bucket/key`` form DuckDB and fsspec use."""
        return f"{self.scheme}://{self.as_posix()}"

    def _info(self) -> pafs.FileInfo:
        listed = self.__dict__.get("_listed")
        return listed if listed is not None else self.fs.get_file_info(self.as_posix())

    def exists(self) -> bool:
        """Whether an object (or a prefix holding objects) exists at this key."""
        return self._info().type != pafs.FileType.NotFound

    def is_file(self) -> bool:
        """Whether an object exists at exactly this key."""
        return self._info().type == pafs.FileType.File

    def stat(self) -> ObjectStat:
        """Size and modification time of the object.

        Raises:
            FileNotFoundError: no object has this key.
        """
        info = self._info()
        if info.type != pafs.FileType.File:
            raise FileNotFoundError(self.as_posix())
        return ObjectStat(info.size, info.mtime_ns or 0)

    def unlink(self, missing_ok: bool = False) -> None:
        """Delete the object.

        Raises:
            FileNotFoundError: no object has this key and ``missing_ok`` is false.
        """
        self.__dict__.pop("_listed", None)
        if not self.is_file():
            if missing_ok:
                return
            raise FileNotFoundError(self.as_posix())
        self.fs.delete_file(self.as_posix())

    def read_bytes(self) -> bytes:
        """The whole object's content."""
        with self.fs.open_input_stream(self.as_posix()) as handle:
            return handle.read()

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        """Do nothing: object stores have no directories (the signature matches ``Path``)."""
        del parents, exist_ok

    def _files(self) -> Iterator[ObjectPath]:
        selector = pafs.FileSelector(self.as_posix(), recursive=True, allow_not_found=True)
        for info in self.fs.get_file_info(selector):
            if info.type == pafs.FileType.File:
                path = type(self)(info.path)
                # Remember what the listing said, so stat() of a listed file costs no request.
                path.__dict__["_listed"] = info
                yield path

    def rglob(self, pattern: str) -> Iterator[ObjectPath]:
        """Yield every object below this prefix whose name matches ``pattern``."""
        for path in self._files():
            if fnmatch.fnmatchcase(path.name, pattern):
                yield path

    def glob(self, pattern: str) -> Iterator[ObjectPath]:
        """Yield objects and prefixes ("directories") below this one that match ``pattern``.

        Matching is segment by segment, as :meth:`pathlib.Path.glob` does without ``**``.
        """
        wanted = PurePosixPath(pattern).parts
        seen: set[ObjectPath] = set()
        for path in self._files():
            parts = path.relative_to(self).parts
            if len(parts) < len(wanted) or not all(
                fnmatch.fnmatchcase(part, want) for part, want in zip(parts, wanted, strict=False)
            ):
                continue
            found = path if len(parts) == len(wanted) else self.joinpath(*parts[: len(wanted)])
            if found not in seen:
                seen.add(found)
                yield found


def is_object(path: PurePath) -> bool:
    """Whether ``path`` lives on an object store rather than local disk."""
    return isinstance(path, ObjectPath)


@functools.lru_cache(maxsize=8)
def _path_class(settings: S3Settings) -> type[ObjectPath]:
    return type(
        "S3LakePath",
        (ObjectPath,),
        {"fs": settings.arrow_filesystem(), "settings": settings, "__slots__": ()},
    )


def object_lake(url: str, settings: S3Settings | None = None) -> ObjectPath:
    """Return the lake root for ``s3://bucket/prefix`` (settings default to the environment).

    Raises:
        ValueError: the URL is not ``s3://bucket[/prefix]``.
    """
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"{LAKE_URL_ENV} must look like s3://bucket/prefix, got {url!r}")
    cls = _path_class(settings or S3Settings.from_env())
    return cls(parts.netloc, *[p for p in parts.path.split("/") if p])


def read_table(path: PurePath, **kwargs: Any) -> pa.Table:
    """``pyarrow.parquet.read_table`` for a lake file wherever it lives."""
    if is_object(path):
        return pq.read_table(path.as_posix(), filesystem=path.fs, **kwargs)
    return pq.read_table(path, **kwargs)


def read_schema(path: PurePath) -> pa.Schema:
    """The Arrow schema in a lake file's footer."""
    if is_object(path):
        with path.fs.open_input_file(path.as_posix()) as handle:
            return pq.read_schema(handle)
    return pq.read_schema(path)


def parquet_file(path: PurePath) -> pq.ParquetFile:
    """A :class:`pyarrow.parquet.ParquetFile` over a lake file (footer read eagerly)."""
    if is_object(path):
        return pq.ParquetFile(path.fs.open_input_file(path.as_posix()))
    return pq.ParquetFile(path)


def head_and_tail(path: PurePath, size: int = 4) -> tuple[bytes, bytes]:
    """The first and last ``size`` bytes of a file (the Parquet magic numbers)."""
    if is_object(path):
        with path.fs.open_input_file(path.as_posix()) as handle:
            head = handle.read(size)
            handle.seek(-size, 2)
            return head, handle.read(size)
    with open(path, "rb") as handle:
        head = handle.read(size)
        handle.seek(-size, 2)
        return head, handle.read(size)


def write_table(data: pa.Table, path: PurePath, **kwargs: Any) -> None:
    """Write a whole Parquet file at ``path`` (always a temporary name; see :func:`publish`)."""
    if is_object(path):
        pq.write_table(data, path.as_posix(), filesystem=path.fs, **kwargs)
    else:
        pq.write_table(data, path, **kwargs)


def sync(path: PurePath) -> None:
    """Make a written file durable (fsync locally; an uploaded object already is)."""
    if is_object(path):
        return
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def publish(tmp: PurePath, final: PurePath) -> None:
    """Make a fully written temporary file visible under its final name.

    Locally: fsync and atomic rename. On an object store: server-side copy to the final key
    (the object appears whole), then delete the temporary key.
    """
    if is_object(tmp):
        tmp.fs.copy_file(tmp.as_posix(), final.as_posix())
        tmp.fs.delete_file(tmp.as_posix())
    else:
        publish_local(Path(tmp), Path(final))


def move_out(path: PurePath, target: Path) -> None:
    """Move a lake file to a local path (quarantine), removing it from the lake."""
    if is_object(path):
        with path.fs.open_input_stream(path.as_posix()) as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)
        path.fs.delete_file(path.as_posix())
    else:
        shutil.move(str(path), target)


def like(template: PurePath, text: str) -> PurePath:
    """Rebuild a path recorded as text (journal, index) as the same kind as ``template``."""
    return type(template)(text) if is_object(template) else Path(text)


def location(lake: PurePath) -> str:
    """The lake root as DuckDB reads it: an absolute POSIX path or an ``s3://`` URL."""
    return lake.url if is_object(lake) else Path(lake).as_posix()


def register_lake(con: duckdb.DuckDBPyConnection, lake: PurePath) -> None:
    """Let ``con`` read an object-store lake through fsspec (no-op for a local lake)."""
    if is_object(lake) and "s3" not in con.list_filesystems():
        con.register_filesystem(lake.settings.fsspec_filesystem())
