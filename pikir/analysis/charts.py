"""Charts over the marts, shared by ``pikir report`` and the notebooks.

Every function takes an open DuckDB connection to the warehouse, reads marts only, and returns a
matplotlib Figure (or a DataFrame for tables). Matplotlib runs headless (Agg).
"""

from __future__ import annotations

import duckdb
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Return the result of ``sql`` as a DataFrame."""
    return con.sql(sql, params=params or {}).df()


def has_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the warehouse defines the view ``name`` (e.g. a mart another stage adds)."""
    rows = con.execute("select count(*) from duckdb_views() where view_name = ?", [name])
    return rows.fetchall()[0][0] > 0


def finished(
    fig: Figure,
    ax: Axes,
    title: str,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Figure:
    """Title the chart, label its axes, tighten the layout and return the figure."""
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def volume_timeline(con: duckdb.DuckDBPyConnection) -> Figure:
    """Posts per day by platform (7-day rolling mean) with the bill's milestones annotated."""
    daily = frame(
        con,
        "select day, platform, sum(posts) as posts from daily_volume group by all order by day",
    )
    events = frame(con, "select event_date, title_en from events where date_precision = 'day'")
    fig, ax = plt.subplots(figsize=(11, 4.5))
    if not daily.empty:
        wide = daily.pivot_table(index="day", columns="platform", values="posts", fill_value=0)
        wide.index = pd.to_datetime(wide.index)
        wide = wide.asfreq("D", fill_value=0)
        wide.rolling(7, min_periods=1).mean().plot(ax=ax)
        first, last = wide.index.min(), wide.index.max()
        events = events[(pd.to_datetime(events.event_date) >= first)]
        events = events[(pd.to_datetime(events.event_date) <= last)]
    for i, row in enumerate(events.itertuples()):
        ax.axvline(pd.Timestamp(row.event_date), color="grey", linestyle=":", linewidth=1)
        ax.annotate(
            row.title_en[:40],
            (pd.Timestamp(row.event_date), 1 - 0.08 * (i % 6)),
            xycoords=("data", "axes fraction"),
            fontsize=7,
            rotation=0,
            va="top",
        )
    return finished(
        fig,
        ax,
        "Posts per day (7-day rolling mean) and the bill's milestones",
        xlabel="UTC day",
        ylabel="posts per day",
    )


def language_share(con: duckdb.DuckDBPyConnection) -> Figure:
    """Weekly share of posts by language (all platforms)."""
    weekly = frame(
        con,
        "select week, lang, sum(posts) as posts from weekly_volume group by all order by week",
    )
    fig, ax = plt.subplots(figsize=(11, 3.5))
    if not weekly.empty:
        wide = weekly.pivot_table(index="week", columns="lang", values="posts", fill_value=0)
        (wide.div(wide.sum(axis=1), axis=0)).plot.area(ax=ax, linewidth=0)
    return finished(fig, ax, "Share of posts by language per week", ylabel="share")


def forward_graph(con: duckdb.DuckDBPyConnection) -> nx.DiGraph:
    """The forward graph: origin → forwarder, weighted by forwards."""
    edges = frame(con, "select from_source, to_source, forwards, from_is_public from forward_edges")
    graph = nx.DiGraph()
    for row in edges.itertuples():
        graph.add_edge(row.from_source, row.to_source, weight=int(row.forwards))
    return graph


def network(con: duckdb.DuckDBPyConnection) -> Figure:
    """The forward graph drawn with node size by weighted out-degree (amplified most)."""
    graph = forward_graph(con)
    fig, ax = plt.subplots(figsize=(7, 6))
    if graph.number_of_nodes():
        pos = nx.spring_layout(graph, seed=7, weight="weight")
        out = dict(graph.out_degree(weight="weight"))
        sizes = [200 + 60 * out.get(n, 0) for n in graph.nodes]
        widths = [0.5 + d["weight"] / 2 for _, _, d in graph.edges(data=True)]
        nx.draw_networkx(graph, pos, ax=ax, node_size=sizes, width=widths, font_size=8)
    ax.axis("off")
    return finished(fig, ax, "Forwards: origin → forwarder")


def engagement(con: duckdb.DuckDBPyConnection) -> Figure:
    """Median share of final views reached, by post age bucket and platform."""
    curves = frame(
        con,
        "select platform, age_bucket_h, median(views_share_of_max) as share, count(*) as n "
        "from engagement_curves group by all order by age_bucket_h",
    )
    fig, ax = plt.subplots(figsize=(8, 4))
    for platform, part in curves.groupby("platform"):
        ax.plot(part.age_bucket_h.clip(lower=0.5), part.share, marker="o", label=platform)
    ax.set_xscale("log", base=2)
    if not curves.empty:
        ax.legend()
    return finished(
        fig,
        ax,
        "How fast posts gather views",
        xlabel="hours since publication (bucket)",
        ylabel="median share of the highest views seen",
    )


def event_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Volume change around each day-precise milestone (±7 days), with its 95 % interval."""
    return frame(
        con,
        "select event_date, title_en, platform, posts_before, posts_after, "
        "round(volume_diff, 2) as volume_diff, round(volume_diff_low, 2) as low, "
        "round(volume_diff_high, 2) as high, sentiment_n_before, sentiment_n_after, "
        "round(sentiment_diff, 3) as sentiment_diff "
        "from event_windows where window_days = 7 order by event_date, platform",
    )


def top_sources_table(con: duckdb.DuckDBPyConnection, limit: int = 15) -> pd.DataFrame:
    """Sources by total posts, views and forwards over all weeks."""
    return frame(
        con,
        "select platform, source, posts, total_views from source_summary "
        "order by posts desc limit $limit",
        {"limit": limit},
    )


def health_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest reachability of every source (its most recent day of runs)."""
    return frame(
        con,
        "select platform, source, day, runs, success_runs, reachable, "
        "round(failed_request_share, 3) as failed_request_share, timeouts, "
        "last_success_to_date from source_health_daily "
        "qualify row_number() over (partition by platform, source order by day desc) = 1 "
        "order by reachable, source",
    )
