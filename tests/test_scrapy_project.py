"""The Scrapy project works from the repository root: `scrapy list` and settings."""

from __future__ import annotations

import subprocess
import sys

from scrapy.utils.project import get_project_settings

from pikir.config import REPO_ROOT


def test_scrapy_list_names_every_spider():
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "telegram_web" in result.stdout.split()
    assert {"vlast", "azattyq", "tengrinews", "orda"} <= set(result.stdout.split())


def test_polite_defaults(monkeypatch):
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "spiders.settings")
    settings = get_project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert "+https://" in settings.get("USER_AGENT")
