"""Why requests got no response, in a few categories an analyst can read (pure).

Scrapy counts every download exception under
``downloader/exception_type_count/<module.Class>``. For the outlets that are blocked from
Kazakh networks *how* a site fails is the finding: a DNS answer that never comes (or a
resolver that lies) looks different from a refused connection, a reset mid-response or a
TLS interception. The runs table records these counts beside the HTTP status counts.
"""

from __future__ import annotations

from typing import Any

PREFIX = "downloader/exception_type_count/"

CATEGORIES = {
    # Scrapy >= 2.13 wraps the Twisted errors in its own classes
    "CannotResolveHostError": "dns",
    "DownloadConnectionRefusedError": "refused",
    "DownloadTimeoutError": "timeout",
    "DownloadFailedError": "connection_lost",
    "ResponseDataLossError": "connection_lost",
    "DownloadCancelledError": "cancelled",
    "IgnoreRequest": None,  # robots.txt or a middleware's decision, not the network
    # the Twisted classes themselves
    "DNSLookupError": "dns",
    "NoNameservers": "dns",
    "ConnectionRefusedError": "refused",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "UserTimeoutError": "timeout",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
    "ConnectionAborted": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "ResponseFailed": "connection_lost",
    "PotentialDataLoss": "connection_lost",
    "ConnectError": "connection_lost",
    "SSLError": "tls",
    "Error": "tls",  # OpenSSL.SSL.Error
}
"""Exception class name → category (None: not a network failure); else ``other_error``."""


def category(exception_path: str) -> str | None:
    """The category of an exception's dotted path (None when it is not a network failure).

    Examples:
        >>> category("twisted.internet.error.DNSLookupError")
        'dns'
        >>> category("OpenSSL.SSL.Error")
        'tls'
        >>> category("builtins.ValueError")
        'other_error'
        >>> category("scrapy.exceptions.IgnoreRequest") is None
        True
    """
    module, _, name = exception_path.rpartition(".")
    if name == "Error" and not module.startswith("OpenSSL"):
        return "other_error"
    return CATEGORIES.get(name, "other_error")


def network_failures(stats: dict[str, Any]) -> dict[str, int]:
    """Download exceptions of a crawl counted per category (categories with no failure omitted)."""
    counts: dict[str, int] = {}
    for key, value in stats.items():
        if key.startswith(PREFIX) and value:
            name = category(key.removeprefix(PREFIX))
            if name is not None:
                counts[name] = counts.get(name, 0) + int(value)
    return counts
