"""``pikir report``: one self-contained HTML page of the notebooks' main charts and tables."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from pikir.analysis import charts, sandbox
from pikir.config import DataHome

STYLE = (
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px}"
    "img{max-width:100%}"
)


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="chart" src="data:image/png;base64,{data}">'


def _table(df: pd.DataFrame) -> str:
    if df.empty:
        return "<p><em>No rows yet.</em></p>"
    return df.to_html(index=False, border=0, na_rep="")


def render(home: DataHome, out: Path | None = None) -> Path:
    """Render the report from the warehouse of ``home`` into ``out``; return its path.

    The default path is ``$PIKIR_HOME/reports/report-<UTC date>.html``.

    Raises:
        FileNotFoundError: the warehouse has not been built yet.
    """
    con = sandbox.connect(home)
    try:
        sections = [
            ("Volume and the bill's milestones", _png(charts.volume_timeline(con))),
            ("Change around milestones (±7 days)", _table(charts.event_table(con))),
            ("Languages", _png(charts.language_share(con))),
            ("Sources", _table(charts.top_sources_table(con))),
            ("Amplification: forwards", _png(charts.network(con))),
            ("Engagement growth", _png(charts.engagement(con))),
            ("Collection health (latest day per source)", _table(charts.health_table(con))),
        ]
        if charts.has_view(con, "daily_sentiment"):
            sentiment = charts.frame(con, "select * from daily_sentiment limit 50")
            sections.insert(2, ("Daily sentiment (first 50 rows)", _table(sentiment)))
    finally:
        con.close()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    out = out or home.reports / f"report-{today}.html"
    body = "".join(f"<h2>{html.escape(title)}</h2>\n{content}\n" for title, content in sections)
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>pikir report {today}</title>"
        f"<style>{STYLE}</style></head><body><h1>pikir report</h1>"
        f"<p>Warehouse {html.escape(str(home.warehouse))}, rendered {today} (UTC).</p>"
        f"{body}</body></html>"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
