"""Suite-wide settings: every test runs offline with Prefect state in a throw-away directory."""

from __future__ import annotations

import os
import tempfile

# Must happen before anything imports prefect (flow tests, CLI tests that run flows).
_PREFECT_HOME = tempfile.mkdtemp(prefix="pikir-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("PIKIR_HOME", None)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The fault campaign's totals line (tests/faults/), summed over every xdist worker.

    Here and not in tests/faults/conftest.py: the xdist controller, which prints the summary,
    loads only this conftest.
    """
    from tests.faults.fault_ledger import print_summary

    print_summary(terminalreporter, config)
