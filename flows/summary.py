"""Render a nightly run's summary as Markdown (for the Prefect artifact and the CLI)."""

from __future__ import annotations


def render_summary(summary: dict) -> str:
    """Return a Markdown report of one nightly run."""
    lines = [
        f"# pikir nightly run `{summary['run_id']}`",
        "",
        "| source | status | items | new | updated | error |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in summary["sources"]:
        error = (r.get("error") or "").replace("|", "\\|")
        lines.append(
            f"| {r['source']} | {r['status']} | {r['items']} | {r['new_items']} "
            f"| {r['updated_items']} | {error} |"
        )
    waited = [r for r in summary["sources"] if r.get("flood_wait_s")]
    if waited:
        lines += ["", "Flood waits (s):"]
        lines += [f"- {r['source']}: {r['flood_wait_s']}" for r in waited]
    deferred = [r for r in summary["sources"] if r.get("deferred")]
    if deferred:
        lines += ["", f"Deferred: {len(deferred)}"]
        lines += [f"- {r['source']}: {r['deferred']}" for r in deferred]
    alerts = summary.get("yield_alerts") or []
    if alerts:
        lines += ["", f"Yield alerts: {len(alerts)}"]
        lines += [f"- {a['message']}" for a in alerts]
    quarantined = summary.get("quarantined") or []
    lines += ["", f"Quarantined files: {len(quarantined)}"]
    lines += [f"- `{q['file']}`: {q['reason']}" for q in quarantined]
    warehouse = summary.get("warehouse") or {}
    lines += ["", f"Warehouse: `{warehouse.get('path')}`"]
    for name, count in (warehouse.get("rows") or {}).items():
        lines.append(f"- {name}: {count} rows")
    return "\n".join(lines) + "\n"
