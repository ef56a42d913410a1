"""Keep rows the writer refused, with the reason, so bad input loses nothing."""

from __future__ import annotations

import json
from typing import Any

from pikir.config import DataHome


def save_rejects(home: DataHome, run_id: str, rejects: list[tuple[dict[str, Any], str]]) -> None:
    """Append rejected rows to ``quarantine/rows/<run_id>.jsonl`` (one JSON object per line)."""
    target = home.quarantine / "rows" / f"{run_id}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as handle:
        for row, reason in rejects:
            clean = {k: v for k, v in row.items() if k != "_raw"}
            record = {"reason": reason, "row": clean}
            handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
