"""Remove a post or an author from every lake table, atomically (data-subject requests).

``forget`` finds the post keys to remove (given directly, or every post whose author id, author
name, signature or forwarded-from matches the handle or its pseudonym), then rewrites every
file of every table that holds one of them without those rows, in one journaled transaction
under the lake lock. A request log in ``state/forget_log.jsonl`` records the request id, time
and counts, never the content or the handle.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from pikir.config import DataHome
from pikir.lake import layout, storage
from pikir.lake.journal import Transaction, recover
from pikir.lake.landing import write_parquet
from pikir.lake.lock import lake_lock
from pikir.privacy import Pseudonymizer

AUTHOR_COLUMNS = ("author_id", "author_name", "signature", "forwarded_from")
TABLES_WITH_POSTS = ("posts", "metrics", "raw", "enrichment")


@dataclass
class ForgetReport:
    """What a forget request removed."""

    request_id: str
    post_keys: int = 0
    rows_removed: dict[str, int] = field(default_factory=dict)
    files_rewritten: int = 0


def _matching_keys(home: DataHome, author: str) -> set[str]:
    needles = {author, author.lstrip("@"), author.lstrip("@").lower()}
    pseudonymize = Pseudonymizer.for_home(home)
    for platform_dir in (home.lake / "posts").glob("platform=*"):
        platform = platform_dir.name.split("=", 1)[1]
        needles.add(pseudonymize(platform, author))
    found: set[str] = set()
    for path in layout.data_files(home.lake / "posts"):
        names = storage.read_schema(path).names
        columns = ["post_key", *[c for c in AUTHOR_COLUMNS if c in names]]
        data = storage.read_table(path, columns=columns)
        mask = pa.array([False] * data.num_rows)
        for column in columns[1:]:
            hit = pc.is_in(data[column], value_set=pa.array(sorted(needles)))
            mask = pc.or_(mask, pc.fill_null(hit, False))
        found.update(data.filter(mask)["post_key"].to_pylist())
    return found


def forget(
    home: DataHome, *, post_keys: list[str] | None = None, author: str | None = None
) -> ForgetReport:
    """Remove the given posts, or every post of ``author``, from posts, metrics, raw, enrichment.

    Raises:
        ValueError: neither ``post_keys`` nor ``author`` was given.
    """
    if not post_keys and not author:
        raise ValueError("give post keys or an author to forget")
    report = ForgetReport(request_id=uuid.uuid4().hex)
    with lake_lock(home.state):
        recover(home.state / "journal", home.lake)
        keys = set(post_keys or [])
        if author:
            keys |= _matching_keys(home, author)
        report.post_keys = len(keys)
        value_set = pa.array(sorted(keys), pa.string())
        txn = Transaction(home.state / "journal")
        try:
            for name in TABLES_WITH_POSTS:
                table = layout.TABLES[name]
                removed = 0
                for path in layout.data_files(home.lake / name):
                    data = storage.read_table(path, schema=table.schema)
                    hit = pc.is_in(data["post_key"], value_set=value_set)
                    count = pc.sum(hit).as_py() or 0
                    if not count:
                        continue
                    kept = data.filter(pc.invert(hit))
                    if kept.num_rows:
                        final = path.parent / layout.new_file_name(report.request_id, "forget")
                        write_parquet(kept, txn.stage(final))
                    txn.retire.append(path)
                    removed += count
                    report.files_rewritten += 1
                report.rows_removed[name] = removed
            txn.commit()
        except BaseException:
            txn.abort()
            raise
    _log(home, report)
    return report


def _log(home: DataHome, report: ForgetReport) -> None:
    record = {"at": datetime.now(UTC).isoformat(), **asdict(report)}
    path = home.state / "forget_log.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
