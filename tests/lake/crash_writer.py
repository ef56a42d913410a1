"""Land posts ``start..end`` in a child process, to be killed mid-write by the tests.

Usage: python crash_writer.py HOME START END RUN [EDIT_SUFFIX]
Set PIKIR_CRASH_AT to a crash point name to have the process SIGKILL itself there.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builders import post_row

from pikir.config import DataHome
from pikir.lake.writer import LakeWriter


def main() -> None:
    home, start, end, run = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    suffix = sys.argv[5] if len(sys.argv) > 5 else ""
    with LakeWriter(DataHome.from_env(home), run_id=f"run{run}", batch_rows=2_000) as writer:
        for i in range(start, end):
            writer.add(post_row(i, run=run, text=f"post {i}{suffix}", day_spread=5))


if __name__ == "__main__":
    main()
