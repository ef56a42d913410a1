"""The Telegram API collector (Telethon): one job per module.

* :mod:`~collectors.telegram.session` — credentials, session strings/files, the client;
* :mod:`~collectors.telegram.fields` — single fields from TL objects (entities, reactions...);
* :mod:`~collectors.telegram.raw` — the scrubbed TL payload of a message (``raw``);
* :mod:`~collectors.telegram.mapping` — a Message to a lake row (pure);
* :mod:`~collectors.telegram.columns` — channel posts straight into Arrow columns (history);
* :mod:`~collectors.telegram.gcpolicy` — fewer garbage-collector passes during a run;
* :mod:`~collectors.telegram.floods` — request pacing, FloodWait policy, circuit breaker;
* :mod:`~collectors.telegram.state` — per-channel state (the Pushshift ``channel_status``);
* :mod:`~collectors.telegram.history` — one channel's backfill, increments, re-polls, deletions;
* :mod:`~collectors.telegram.comments` — discussion-group replies of channel posts;
* :mod:`~collectors.telegram.run` — many channels in one run, recorded in ``runs``;
* :mod:`~collectors.telegram.audit` — API versus web preview completeness;
* :mod:`~collectors.telegram.api` — connect, run, disconnect (CLI and nightly flow entry points).
"""

import importlib.metadata

PLATFORM = "telegram"

try:
    VERSION = importlib.metadata.version("pikir")
except importlib.metadata.PackageNotFoundError:  # pragma: no cover - bare checkout
    VERSION = "0+unknown"

COLLECTOR = f"telegram_api@{VERSION}"
"""The ``collector`` value of every row this package lands."""
