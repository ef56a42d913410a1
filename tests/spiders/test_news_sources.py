"""Every news source is finished, documented and configured; the generator scaffolds new ones."""

from __future__ import annotations

import importlib
import importlib.util
import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from news_helpers import check_invariants, make_news_spider, run_callback, saved

from pikir.config import REPO_ROOT
from pikir.news_config import load_news_outlets
from pikir.petition_config import SPIDER as PETITION_SPIDER
from pikir.scaffold import MARKER, new_source, unfinished
from pikir.social_config import SPIDERS as SOCIAL_SPIDERS

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def news_spiders() -> list[str]:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=120,
    ).stdout.split()  # fmt: skip
    others = {"telegram_web", PETITION_SPIDER, *SOCIAL_SPIDERS}
    return [name for name in listed if name not in others]


def test_no_source_is_left_half_scaffolded():
    assert unfinished() == []


def test_readme_news_table_matches_scrapy_list():
    table = README.split("## News outlets", 1)[1].split("\n## ", 1)[0]
    documented = sorted(set(re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE)))
    assert documented == sorted(news_spiders())


@pytest.mark.parametrize("outlet", load_news_outlets(), ids=lambda o: o.source)
def test_configured_outlets_name_real_spiders(outlet):
    module = importlib.import_module(f"spiders.sources.{outlet.spider}")
    assert any(getattr(c, "name", None) == outlet.spider for c in vars(module).values())
    assert outlet.confidence


def test_generator_writes_spider_test_and_fixture(tmp_path):
    made = new_source("kursiv", "https://kz.kursiv.media/", root=tmp_path)
    spider = (tmp_path / made.spider).read_text()
    assert 'name = "kursiv"' in spider
    assert 'source = "kz.kursiv.media"' in spider
    assert (tmp_path / made.test).read_text().count(MARKER) >= 1
    assert (tmp_path / made.fixture).is_file()
    compile(spider, str(made.spider), "exec")
    assert unfinished(tmp_path) == ["spiders/sources/kursiv.py", "tests/spiders/test_kursiv.py"]


def test_generator_refuses_to_overwrite_or_bad_names(tmp_path):
    new_source("kursiv", "https://kz.kursiv.media", root=tmp_path)
    with pytest.raises(ValueError, match="overwrite"):
        new_source("kursiv", "https://kz.kursiv.media", root=tmp_path)
    with pytest.raises(ValueError, match="identifier"):
        new_source("Kursiv-KZ", "https://kz.kursiv.media", root=tmp_path)


def test_scaffolded_spider_reads_its_fixture_through_the_shared_steps(tmp_path):
    made = new_source("scaffolded_outlet", "https://example.kz", root=tmp_path)
    source = (tmp_path / made.spider).read_text()
    assert "**page_fields(self, response, url, body)" in source
    assert "require(" in source
    for copied in ("ArticleParseError", "links_out", "page_lang", "rebase(", "body.get()"):
        assert copied not in source
    spec = importlib.util.spec_from_file_location("scaffolded_outlet", tmp_path / made.spider)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    spider = make_news_spider(module.ScaffoldedOutletSpider, tmp_path / "home", full="1")
    page = saved(tmp_path / made.fixture, "https://example.kz/news/1-synthetic")
    rows, _ = run_callback(spider.parse_article, page)
    row = rows[0]
    assert row["url"] == "https://example.kz/news/1-synthetic"
    assert row["title"] == "Synthetic"
    assert row["published_at"] == datetime(2021, 9, 15, 8, 5, tzinfo=UTC)
    assert (row["lang_hint"], row["signature"], row["tags"]) == ("ru", "Synthetic Author", ["law"])
    assert row["is_edited"] is True
    check_invariants(row)
