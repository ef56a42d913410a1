"""Scrapy settings for pikir's spiders: polite by default, overridable from the environment.

Every value a deployment might tune reads an environment variable of the same name (as
city-scrapers does), so operators change behaviour without editing code.
"""

from __future__ import annotations

import os

from pikir import __version__

BOT_NAME = "pikir"
SPIDER_MODULES = ["spiders.sources"]
NEWSPIDER_MODULE = "spiders.sources"

# Identify honestly, with a way to reach the people collecting.
USER_AGENT = os.getenv(
    "PIKIR_USER_AGENT",
    f"pikir/{__version__} (research collection of public posts; "
    "+https://github.com/pikir-project/pikir)",
)

# Obey robots.txt, and treat an unreachable or failing robots.txt as "disallow everything".
ROBOTSTXT_OBEY = True

# At most 2 requests in flight per site, a pause between them, adapted by AutoThrottle.
CONCURRENT_REQUESTS = int(os.getenv("CONCURRENT_REQUESTS", "8"))
CONCURRENT_REQUESTS_PER_DOMAIN = min(2, int(os.getenv("CONCURRENT_REQUESTS_PER_DOMAIN", "2")))
DOWNLOAD_DELAY = float(os.getenv("DOWNLOAD_DELAY", "1.0"))
AUTOTHROTTLE_ENABLED = os.getenv("AUTOTHROTTLE_ENABLED", "1") not in {"0", "false", "False"}
AUTOTHROTTLE_START_DELAY = float(os.getenv("AUTOTHROTTLE_START_DELAY", "1.0"))
AUTOTHROTTLE_MAX_DELAY = float(os.getenv("AUTOTHROTTLE_MAX_DELAY", "30.0"))
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Transient failures are retried; 429/503 wait for the server's Retry-After first.
RETRY_ENABLED = True
RETRY_TIMES = int(os.getenv("RETRY_TIMES", "3"))
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_AFTER_MAX_SECONDS = float(os.getenv("RETRY_AFTER_MAX_SECONDS", "120"))
DOWNLOAD_TIMEOUT = float(os.getenv("DOWNLOAD_TIMEOUT", "30"))

# Refuse absurdly large pages instead of exhausting memory.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.middlewares.FailClosedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.RetryAfterMiddleware": 550,
}

ITEM_PIPELINES = {
    "spiders.pipelines.ValidatePostPipeline": 100,
    "spiders.pipelines.LakePipeline": 800,
}

EXTENSIONS = {
    "spiders.extensions.RunRecorder": 500,
}

# Where items land and under which run they are recorded (set by flows and the CLI).
PIKIR_HOME = os.getenv("PIKIR_HOME")
PIKIR_RUN_ID = os.getenv("PIKIR_RUN_ID")
PIKIR_FLOW = os.getenv("PIKIR_FLOW", "manual")
PIKIR_BATCH_ROWS = int(os.getenv("PIKIR_BATCH_ROWS", "50000"))

LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
TELNETCONSOLE_ENABLED = False
