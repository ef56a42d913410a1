"""An exclusive, process-safe lock on the lake (released by the kernel if the holder dies)."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LakeLockTimeout(TimeoutError):
    """Another writer held the lake lock for longer than we were willing to wait."""


@contextmanager
def lake_lock(state_dir: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold ``state/lake.lock`` exclusively for the duration of the block.

    Args:
        state_dir: the data home's ``state/`` directory.
        timeout: seconds to wait for another writer before giving up.

    Raises:
        LakeLockTimeout: the lock could not be taken in time.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / "lake.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LakeLockTimeout(
                        f"another pikir process has held {state_dir / 'lake.lock'} "
                        f"for more than {timeout:.0f} s"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
