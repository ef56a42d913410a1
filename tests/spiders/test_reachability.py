import pytest

from spiders.reachability import category, network_failures


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("scrapy.exceptions.CannotResolveHostError", "dns"),
        ("scrapy.exceptions.DownloadConnectionRefusedError", "refused"),
        ("scrapy.exceptions.DownloadTimeoutError", "timeout"),
        ("scrapy.exceptions.ResponseDataLossError", "connection_lost"),
        ("scrapy.exceptions.DownloadCancelledError", "cancelled"),
        ("scrapy.exceptions.IgnoreRequest", None),
        ("twisted.internet.error.DNSLookupError", "dns"),
        ("twisted.internet.error.ConnectionRefusedError", "refused"),
        ("twisted.internet.error.TimeoutError", "timeout"),
        ("twisted.internet.error.TCPTimedOutError", "timeout"),
        ("twisted.web._newclient.ResponseNeverReceived", "connection_lost"),
        ("twisted.internet.error.ConnectionLost", "connection_lost"),
        ("OpenSSL.SSL.Error", "tls"),
        ("twisted.internet.error.Error", "other_error"),
        ("builtins.ValueError", "other_error"),
    ],
)
def test_category(path, expected):
    assert category(path) == expected


def test_network_failures_sum_per_category_and_ignore_other_stats():
    stats = {
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 2,
        "downloader/exception_type_count/twisted.internet.error.TCPTimedOutError": 1,
        "downloader/exception_type_count/twisted.internet.error.DNSLookupError": 1,
        "downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError": 2,
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 2,
        "downloader/exception_count": 6,
        "downloader/response_status_count/200": 4,
    }
    assert network_failures(stats) == {"timeout": 3, "dns": 3}


def test_no_exceptions_no_categories():
    assert network_failures({"downloader/response_status_count/200": 4}) == {}
