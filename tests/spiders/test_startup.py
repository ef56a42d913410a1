"""spiders.startup: the arguments, crawl window, run context and watermark every spider reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.settings import Settings

from pikir.config import DataHome
from pikir.privacy import Pseudonymizer
from pikir.state import Watermark, watermark_path, write_watermark
from spiders.startup import (
    attach_run,
    crawl_window,
    day_arg,
    in_window,
    published_watermark,
    query_terms,
    stop_at,
    switched_off,
    switched_on,
)

SEPT_1 = datetime(2021, 9, 1, tzinfo=UTC)
SEPT_2 = datetime(2021, 9, 2, tzinfo=UTC)
SEPT_30 = datetime(2021, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", " YES "])
def test_switch_on_words(value):
    assert switched_on(value) is True


@pytest.mark.parametrize("value", [None, "", "0", "no", "false", "on", "2"])
def test_switch_stays_off_for_other_words(value):
    assert switched_on(value) is False


@pytest.mark.parametrize(("value", "off"), [("0", True), ("No", True), ("false", True)])
def test_switch_off_words(value, off):
    assert switched_off(value) is off


@pytest.mark.parametrize("value", [None, "", "1", "yes", "maybe"])
def test_default_on_switch_stays_on(value):
    assert switched_off(value) is False


def test_query_terms_split_on_bars_and_drop_empty_ones():
    assert query_terms(" закон о соцсетях |әлеуметтік желілер|| ") == [
        "закон о соцсетях",
        "әлеуметтік желілер",
    ]
    assert query_terms(None) == []


def test_day_argument_is_midnight_utc():
    assert day_arg("2021-09-01", "since") == SEPT_1
    assert day_arg(None, "since") is None
    assert day_arg("", "until") is None


def test_malformed_day_names_the_argument_and_optionally_the_spider():
    with pytest.raises(ValueError, match=r"^since must be YYYY-MM-DD, got '01\.09\.2021'$"):
        day_arg("01.09.2021", "since")
    with pytest.raises(ValueError, match=r"^telegram_web: until must be YYYY-MM-DD"):
        day_arg("yesterday", "until", "telegram_web")


def test_window_ends_at_midnight_after_until():
    assert crawl_window("2021-09-01", "2021-09-29", "vk") == (SEPT_1, SEPT_30)
    assert crawl_window(None, None, "vk") == (None, None)
    assert crawl_window("2021-09-01", None, "vk") == (SEPT_1, None)


def test_window_of_a_single_day_is_allowed():
    assert crawl_window("2021-09-01", "2021-09-01", "vk") == (SEPT_1, SEPT_2)


def test_since_after_until_is_refused_naming_the_spider():
    with pytest.raises(ValueError, match=r"^zakon: since=2021-09-02 is after until=2021-09-01$"):
        crawl_window("2021-09-02", "2021-09-01", "zakon")


def test_day_errors_name_the_spider_only_when_asked():
    with pytest.raises(ValueError, match=r"^since must be"):
        crawl_window("1 Sept", None, "zakon")
    with pytest.raises(ValueError, match=r"^telegram_web: since must be"):
        crawl_window("1 Sept", None, "telegram_web", name_day_errors=True)


def test_stop_is_the_later_of_since_and_watermark():
    assert stop_at(SEPT_1, SEPT_2, full=False) == SEPT_2
    assert stop_at(SEPT_2, SEPT_1, full=False) == SEPT_2
    assert stop_at(None, SEPT_1, full=False) == SEPT_1
    assert stop_at(None, None, full=False) is None


def test_full_run_ignores_the_watermark_but_not_since():
    assert stop_at(None, SEPT_2, full=True) is None
    assert stop_at(SEPT_1, SEPT_2, full=True) == SEPT_1


def test_window_excludes_the_stop_itself_and_the_end():
    assert in_window(SEPT_2, SEPT_1, SEPT_30) is True
    assert in_window(SEPT_1, SEPT_1, SEPT_30) is False, "at the stop: already landed"
    assert in_window(SEPT_30, SEPT_1, SEPT_30) is False, "until_end is exclusive"
    assert in_window(SEPT_1, None, None) is True


def test_attach_run_gives_run_id_home_and_pseudonymizer(tmp_path):
    class Bare:
        pass

    spider = Bare()
    attach_run(spider, Settings({"PIKIR_HOME": str(tmp_path), "PIKIR_RUN_ID": "run-7"}))
    assert spider.run_id == "run-7"
    assert spider.home == DataHome.from_env(str(tmp_path))
    assert isinstance(spider.pseudonymize, Pseudonymizer)


def test_attach_run_makes_a_run_id_when_none_is_set(tmp_path):
    class Bare:
        pass

    first, second = Bare(), Bare()
    attach_run(first, Settings({"PIKIR_HOME": str(tmp_path)}))
    attach_run(second, Settings({"PIKIR_HOME": str(tmp_path)}))
    assert len(first.run_id) == 32
    assert first.run_id != second.run_id


def test_published_watermark_reads_the_newest_date_landed(tmp_path):
    home = DataHome.from_env(str(tmp_path))
    assert published_watermark(home, "news", "zakon.kz") is None
    write_watermark(home, Watermark("news", "zakon.kz", max_published_at=SEPT_2.isoformat()))
    assert published_watermark(home, "news", "zakon.kz") == SEPT_2
    assert published_watermark(home, "news", "vlast.kz") is None


def test_watermark_without_a_date_is_none(tmp_path):
    home = DataHome.from_env(str(tmp_path))
    write_watermark(home, Watermark("telegram", "kaznews", max_post_id=42))
    assert published_watermark(home, "telegram", "kaznews") is None


def test_corrupt_watermark_file_raises(tmp_path):
    home = DataHome.from_env(str(tmp_path))
    path = watermark_path(home, "news")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="corrupt watermark file"):
        published_watermark(home, "news", "zakon.kz")
