"""The sample's synthetic petition counter grows between requests and across hours."""

from __future__ import annotations

import json
import urllib.request

from pikir.sample.petition import ANCHOR, PetitionCounter
from pikir.sample.server import SampleServer

STATS = "/news/secure.avaaz.org/stats/petition/900001_stats.json"


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_count_grows_with_requests_and_hours():
    clock = FakeClock(ANCHOR + 10 * 3600)
    counter = PetitionCounter(base=100, per_hour=3, clock=clock)
    first, second = counter.count(), counter.count()
    clock.now += 24 * 3600
    next_day = counter.count()
    assert (first, second, next_day) == (100 + 30 + 1, 100 + 30 + 2, 100 + 34 * 3 + 3)


def test_answer_only_for_counter_paths():
    counter = PetitionCounter(clock=FakeClock(ANCHOR))
    assert json.loads(counter.answer(STATS)) == {"signatures": 1201}
    assert counter.answer("/news/secure.avaaz.org/community_petitions/ru/x/") is None
    assert counter.answer("/stats/petition/1_stats.json") is None


def test_server_serves_the_petition_page_and_a_growing_counter():
    with SampleServer() as server:
        page = urllib.request.urlopen(
            f"{server.base_url}/news/secure.avaaz.org/community_petitions/ru/"
            "pikir_demo_za_otkrytye_sotsseti/"
        ).read()
        counts = [
            json.loads(urllib.request.urlopen(server.base_url + STATS).read())["signatures"]
            for _ in range(2)
        ]
    assert b"petitionId = 900001" in page
    assert counts[1] == counts[0] + 1
