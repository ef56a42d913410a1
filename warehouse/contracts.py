"""Data contracts checked after every warehouse build.

Each contract names the view and column it guards. :func:`run_contracts` evaluates them all and
returns one :class:`ContractResult` each (for the build report); :func:`enforce` raises
:class:`ContractError` naming every failure with its offending count and a few examples.

All checks on one view share a single scan of it (the marts over posts cost a deduplication
each), and the row counts of the marts fall out of those scans for the build report.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pikir.schema import KINDS, RUN_STATUSES
from warehouse import contracts_analysis, contracts_enrichment
from warehouse.docs import MART_COLUMNS
from warehouse.sources import quote_literal

EXAMPLES = 5


class ContractError(RuntimeError):
    """A warehouse contract failed; ``results`` holds every failed contract."""

    def __init__(self, results: list[ContractResult]) -> None:
        self.results = results
        lines = [f"  - {r.name} [{r.view}.{r.column}]: {r.detail}" for r in results]
        super().__init__(f"{len(results)} warehouse contract(s) failed:\n" + "\n".join(lines))


@dataclass(frozen=True)
class ContractResult:
    """The outcome of one contract."""

    name: str
    view: str
    column: str
    passed: bool
    detail: str
    failures: int = 0


@dataclass(frozen=True)
class RowCheck:
    """A row-level contract: ``condition`` is true for every offending row."""

    name: str
    column: str
    condition: str
    example: str


def _accepted(column: str, values: tuple[str, ...]) -> str:
    listed = ", ".join(quote_literal(v) for v in values)
    return f"{column} is null or {column} not in ({listed})"


_POST_EXAMPLE = "coalesce(post_key, source_file, '?')"

UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "posts": ("post_key",),
    "source_summary": ("platform", "source"),
    **contracts_analysis.UNIQUE_KEYS,
    **contracts_enrichment.UNIQUE_KEYS,
}
"""Views whose key must be unique."""

SUMS_TO_POSTS = ("daily_volume", "source_summary", *contracts_analysis.SUMS_TO_POSTS)
"""Views whose ``posts`` column must add up to the number of rows in ``posts``."""

ROW_CHECKS: dict[str, tuple[RowCheck, ...]] = {
    "posts": (
        *(
            RowCheck(f"not_null_posts_{col}", col, f"{col} is null", _POST_EXAMPLE)
            for col in ("post_key", "platform", "source", "post_id", "published_at", "date")
        ),
        RowCheck(
            "accepted_values_posts_kind",
            "kind",
            _accepted("kind", KINDS),
            "coalesce(post_key, '?') || ' kind=' || coalesce(kind, 'NULL')",
        ),
        RowCheck(
            "posts_date_is_utc_published_date",
            "date",
            "date <> cast(published_at at time zone 'UTC' as date)",
            "post_key || ' date=' || date || ' published_at=' || published_at",
        ),
    ),
    "collection_health": (
        RowCheck(
            "accepted_values_collection_health_status",
            "status",
            _accepted("status", RUN_STATUSES),
            "coalesce(run_id, '?') || '/' || coalesce(source, '?') || ' status=' "
            "|| coalesce(status, 'NULL')",
        ),
    ),
    "events": (
        RowCheck(
            "not_null_events_event_date",
            "event_date",
            "event_date is null",
            "coalesce(title_en, '?')",
        ),
        RowCheck(
            "accepted_values_events_date_precision",
            "date_precision",
            _accepted("date_precision", ("day", "month", "year")),
            "coalesce(title_en, '?') || ' date_precision=' || coalesce(date_precision, 'NULL')",
        ),
        RowCheck(
            "accepted_values_events_confidence",
            "confidence",
            _accepted("confidence", ("high", "medium-high", "medium")),
            "coalesce(title_en, '?') || ' confidence=' || coalesce(confidence, 'NULL')",
        ),
    ),
    **{
        view: tuple(RowCheck(*check) for check in checks)
        for view, checks in contracts_analysis.ROW_CHECKS.items()
    },
    **{
        view: tuple(RowCheck(*check) for check in checks)
        for view, checks in contracts_enrichment.ROW_CHECKS.items()
    },
}


def _broken(name: str, view: str, column: str, exc: duckdb.Error) -> ContractResult:
    first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ContractResult(name, view, column, False, f"query failed: {first_line}", 1)


def _names(view: str) -> list[tuple[str, str]]:
    """Return (contract name, column) of every check on ``view``, in evaluation order."""
    names = []
    if view in UNIQUE_KEYS:
        key = UNIQUE_KEYS[view]
        names.append((f"unique_{view}_{'_'.join(key)}", ", ".join(key)))
    if view in SUMS_TO_POSTS:
        names.append((f"{view}_posts_sum_to_posts", "posts"))
    names += [(check.name, check.column) for check in ROW_CHECKS.get(view, ())]
    return names


def _duplicates(con: duckdb.DuckDBPyConnection, view: str, key: tuple[str, ...]) -> list[str]:
    label = " || '/' || ".join(f"coalesce({k}::varchar, 'NULL')" for k in key)
    # Identifiers below come from this module's constants, never from input.
    inner = f"select {', '.join(key)}, count(*) as n from {view} group by all having n > 1"  # noqa: S608
    sql = f"select min({label} || ' x' || n, {EXAMPLES}) from ({inner})"  # noqa: S608
    return con.execute(sql).fetchall()[0][0] or []


def _check_view(
    con: duckdb.DuckDBPyConnection, view: str, counts: dict[str, int]
) -> list[ContractResult]:
    """Run every check on ``view`` in one scan; record its row count in ``counts``."""
    checks = ROW_CHECKS.get(view, ())
    exprs = ["count(*)"]
    if view in UNIQUE_KEYS:
        exprs.append(f"count(distinct ({', '.join(UNIQUE_KEYS[view])}))")
    if view in SUMS_TO_POSTS:
        exprs.append("coalesce(sum(posts), 0)")
    for check in checks:
        exprs.append(f"count(*) filter (where {check.condition})")
        exprs.append(f"min({check.example}, {EXAMPLES}) filter (where {check.condition})")
    try:
        sql = f"select {', '.join(exprs)} from {view}"  # noqa: S608 -- module constants only
        values = list(con.execute(sql).fetchall()[0])
        total = values.pop(0)
        distinct = values.pop(0) if view in UNIQUE_KEYS else total
        duplicates = _duplicates(con, view, UNIQUE_KEYS[view]) if distinct != total else []
    except duckdb.Error as exc:
        return [_broken(name, view, column, exc) for name, column in _names(view)]
    results = []
    if view in UNIQUE_KEYS:
        surplus = total - distinct
        detail = "ok"
        if surplus:
            detail = f"{surplus} surplus row(s) over {distinct} key(s), e.g. {duplicates}"
        name, column = _names(view)[0]
        results.append(ContractResult(name, view, column, not surplus, detail, surplus))
    counts[view] = total
    if view in SUMS_TO_POSTS:
        summed, posts = values.pop(0), counts.get("posts")
        ok = summed == posts
        detail = "ok" if ok else f"sum({view}.posts) = {summed} but posts has {posts} rows"
        name = f"{view}_posts_sum_to_posts"
        results.append(ContractResult(name, view, "posts", ok, detail, abs(summed - (posts or 0))))
    for check in checks:
        count, examples = values.pop(0), values.pop(0) or []
        detail = "ok" if not count else f"{count} offending row(s), e.g. {examples}"
        results.append(ContractResult(check.name, view, check.column, not count, detail, count))
    return results


def _docs_complete(con: duckdb.DuckDBPyConnection) -> list[ContractResult]:
    results = []
    for view, documented in MART_COLUMNS.items():
        rows = con.execute(
            "select column_name, comment from duckdb_columns() where table_name = ?", [view]
        ).fetchall()
        undocumented = sorted(col for col, comment in rows if not comment)
        stale = sorted(set(documented) - {col for col, _ in rows})
        problems = len(undocumented) + len(stale)
        detail = "ok"
        if problems:
            detail = f"undocumented columns {undocumented}; documented but absent {stale}"
        results.append(ContractResult(f"docs_{view}", view, "*", not problems, detail, problems))
    return results


def evaluate(con: duckdb.DuckDBPyConnection) -> tuple[list[ContractResult], dict[str, int]]:
    """Evaluate every contract; return the results and the row count of every mart checked."""
    counts: dict[str, int] = {}
    results: list[ContractResult] = []
    # Every mart is scanned at least once: the build report needs each one's row count.
    views = ("posts", *SUMS_TO_POSTS, "collection_health", "events", *MART_COLUMNS)
    for view in dict.fromkeys(views):
        results.extend(_check_view(con, view, counts))
    results.extend(_docs_complete(con))
    return results, counts


def run_contracts(con: duckdb.DuckDBPyConnection) -> list[ContractResult]:
    """Evaluate every contract on the warehouse behind ``con``; never raises on a failure."""
    return evaluate(con)[0]


def enforce(results: list[ContractResult]) -> None:
    """Raise :class:`ContractError` if any result failed.

    Raises:
        ContractError: names each failed contract's view, column, count and examples.
    """
    failed = [r for r in results if not r.passed]
    if failed:
        raise ContractError(failed)
