"""Export a mart, optionally filtered by date and platform, as CSV, Parquet or GEXF.

Filters are bound as parameters on the sandboxed connection (:mod:`pikir.analysis.sandbox`);
the mart name is checked against the marts the warehouse defines, so nothing from the command
line is pasted into SQL. GEXF (for Gephi, or ``networkx.read_gexf``) is offered for the edge
marts: ``forward_edges``, ``mention_edges`` and ``link_targets``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pikir.analysis import sandbox
from pikir.config import DataHome

FORMATS = ("csv", "parquet", "gexf")

DATE_SPANS: dict[str, tuple[str, str]] = {
    "posts": ("date", "date"),
    "daily_volume": ("day", "day"),
    "weekly_volume": ("week", "week"),
    "language_share": ("day", "day"),
    "term_trends": ("day", "day"),
    "top_sources": ("week", "week"),
    "source_health_daily": ("day", "day"),
    "event_windows": ("event_date", "event_date"),
    "events": ("event_date", "event_date"),
    "forward_edges": ("first_day", "last_day"),
    "mention_edges": ("first_mention_at", "last_mention_at"),
    "link_targets": ("first_linked_at", "last_linked_at"),
    "engagement_curves": ("observed_at", "observed_at"),
    "source_summary": ("first_post_at", "last_post_at"),
    "collection_health": ("started_at", "started_at"),
}
"""Per mart, the columns a row spans in time; --since/--until keep rows overlapping the range."""


@dataclass(frozen=True)
class Graph:
    """How an edge mart becomes a directed graph."""

    source: str
    target: str
    weight: str


GRAPHS = {
    "forward_edges": Graph("from_source", "to_source", "forwards"),
    "mention_edges": Graph("source", "mentioned", "mentions"),
    "link_targets": Graph("source", "domain", "links"),
}


class ExportError(ValueError):
    """The export cannot be made as asked (unknown mart, format or filter)."""


def _marts() -> tuple[str, ...]:
    from warehouse.build import MARTS

    return MARTS


def select_mart(
    home: DataHome,
    mart: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    platform: str | None = None,
) -> pa.Table:
    """Return the rows of ``mart`` overlapping [since, until] (UTC days) on ``platform``.

    Raises:
        ExportError: the mart is unknown, or a filter does not apply to it.
    """
    if mart not in _marts():
        raise ExportError(f"unknown mart {mart!r}; choose one of {', '.join(_marts())}")
    where, params = [], {}
    if since or until:
        if mart not in DATE_SPANS:
            raise ExportError(f"{mart} has no date to filter on")
        start, end = DATE_SPANS[mart]
        if since:
            where.append(f"cast({end} as date) >= $since")
            params["since"] = since
        if until:
            where.append(f"cast({start} as date) <= $until")
            params["until"] = until
    if platform:
        where.append("platform = $platform")
        params["platform"] = platform
    # The mart and column names come from the checked lists above, never from the caller.
    sql = f"select * from {mart}"  # noqa: S608
    if where:
        sql += " where " + " and ".join(where)
    return sandbox.run_query(home, sql, params)


def _gexf_value(value: Any) -> Any:
    """A GEXF attribute value: dates as ISO text, maps and lists as JSON, scalars unchanged."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        pairs = (
            value
            if isinstance(value, list) and all(isinstance(v, tuple) and len(v) == 2 for v in value)
            else None
        )
        return json.dumps(dict(pairs) if pairs else value, ensure_ascii=False, default=str)
    return value


def to_graph(mart: str, table: pa.Table) -> nx.DiGraph:
    """Build the directed, weighted graph of an edge mart; other columns become edge attributes.

    Raises:
        ExportError: ``mart`` is not an edge mart.
    """
    if mart not in GRAPHS:
        raise ExportError(f"gexf is only for edge marts: {', '.join(GRAPHS)}")
    spec = GRAPHS[mart]
    graph = nx.DiGraph(mart=mart)
    for row in table.to_pylist():
        attrs = {
            k: _gexf_value(v)
            for k, v in row.items()
            if v is not None and k not in {spec.source, spec.target}
        }
        for node in (row[spec.source], row[spec.target]):
            graph.add_node(node, label=node)
        graph.add_edge(row[spec.source], row[spec.target], weight=int(row[spec.weight]), **attrs)
    return graph


def write(table: pa.Table, mart: str, fmt: str, out: Path) -> Path:
    """Write ``table`` (rows of ``mart``) to ``out`` as ``fmt``; return ``out``.

    Raises:
        ExportError: unknown format, or gexf for a mart that is not an edge list.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        pa_csv.write_csv(table, out)
    elif fmt == "parquet":
        pq.write_table(table, out, compression="zstd")
    elif fmt == "gexf":
        nx.write_gexf(to_graph(mart, table), out)
    else:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return out
