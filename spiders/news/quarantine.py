"""Pages a news spider refuses to store (mojibake, paywalls, oversized), kept for inspection."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pikir.config import DataHome
from pikir.schema import sha256_text


def quarantine_page(
    home: DataHome, run_id: str, source: str, url: str, reason: str, body: bytes
) -> str:
    """Keep a refused page under ``quarantine/pages/<run_id>/`` and index it; return its path.

    Only the first 256 KiB of the body are kept: enough to see why it was refused.
    """
    folder = home.quarantine / "pages" / run_id
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{sha256_text(url)[:16]}.html"
    (folder / name).write_bytes(body[: 256 * 1024])
    record = {
        "source": source,
        "url": url,
        "reason": reason,
        "file": name,
        "at": datetime.now(UTC).isoformat(),
    }
    with open(folder / "index.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return str(folder / name)
