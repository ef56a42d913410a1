"""repost_clusters on a fixture lake: the same text across platforms, edits, current versions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enrich.near_duplicates import find_clusters
from tests.enrichment_fixtures import T0
from warehouse.build import build_warehouse

HOUR = timedelta(hours=1)
RU = (
    "Мажилис одобрил в первом чтении законопроект о социальных сетях, "
    "депутаты спорили о блокировках мессенджеров"
)
RU_EDIT = RU.replace("социальных сетях", "соцсетях") + "! https://vk.com/wall-1_2"
RU_NEWS = "«" + RU + "», — пишут в Telegram"
KK = (
    "Мәжіліс әлеуметтік желілер туралы заң жобасын бірінші оқылымда мақұлдады, "
    "депутаттар бұғаттауды талқылады"
)
KK_EDIT = KK.replace(", депутаттар", ". Депутаттар") + " 👍"
EN = "The Mazhilis approved the social media bill in its first reading after deputies argued"
EN_EDIT = "Mazhilis approved the social media bill in its first reading after the deputies argued."
OTHER = "Погода в Алматы: на выходных ожидается снег и сильный ветер в горах, будьте осторожны"


@pytest.fixture
def built(lake):
    rows = [
        lake.post(1, text=RU),
        lake.post(2, platform="vk", source="club1", text=RU_EDIT, published_at=T0 + HOUR),
        lake.post(3, platform="news", source="vlast.kz", text=RU_NEWS, published_at=T0 + 2 * HOUR),
        lake.post(5, source="other", text=KK, published_at=T0 - HOUR),
        lake.post(6, text=KK_EDIT, published_at=T0 + 3 * HOUR),
        lake.post(7, text=OTHER, published_at=T0 + 3 * HOUR),
        # post 8 was unrelated when first seen; its newest version is the English text
        lake.post(8, text=OTHER.replace("снег", "дождь"), published_at=T0 + 4 * HOUR),
        lake.post(8, text=EN, published_at=T0 + 4 * HOUR, version=2, updated_at=T0 + 9 * HOUR),
        lake.post(9, text=EN_EDIT, published_at=T0 + 5 * HOUR),
    ]
    lake.write_posts(rows)
    build_warehouse(lake.home)
    return lake


def test_clusters_sizes_and_platforms(built):
    got = built.query(
        "select cluster_id, post_key, platform, source, first_in_cluster, cluster_size, "
        "platforms_in_cluster, sources_in_cluster from repost_clusters order by 1, 2"
    )
    assert got == [
        ("telegram:kaz_news:1", "news:vlast.kz:3", "news", "vlast.kz", False, 3, 3, 3),
        ("telegram:kaz_news:1", "telegram:kaz_news:1", "telegram", "kaz_news", True, 3, 3, 3),
        ("telegram:kaz_news:1", "vk:club1:2", "vk", "club1", False, 3, 3, 3),
        ("telegram:kaz_news:8", "telegram:kaz_news:8", "telegram", "kaz_news", True, 2, 1, 1),
        ("telegram:kaz_news:8", "telegram:kaz_news:9", "telegram", "kaz_news", False, 2, 1, 1),
        ("telegram:other:5", "telegram:kaz_news:6", "telegram", "kaz_news", False, 2, 1, 2),
        ("telegram:other:5", "telegram:other:5", "telegram", "other", True, 2, 1, 2),
    ]


def test_similarity_to_the_first_post(built):
    got = dict(built.query("select post_key, similarity from repost_clusters"))
    found = find_clusters([RU, RU_EDIT, RU_NEWS])
    assert [got["telegram:kaz_news:1"], got["vk:club1:2"], got["news:vlast.kz:3"]] == (
        found.similarity.tolist()
    )
    assert got["telegram:kaz_news:1"] == 1.0
    assert 0.5 <= got["vk:club1:2"] < 1.0
    assert got["telegram:kaz_news:6"] == 1.0  # the same letters once punctuation and emoji go


def test_published_at_and_method(built):
    ((published, method),) = built.query(
        "select published_at, method from repost_clusters where post_key = 'vk:club1:2'"
    )
    assert published == T0 + HOUR
    assert method.startswith("near_duplicates@1(k=5,perm=64,bands=16,t=0.5)")


def test_empty_lake_has_no_clusters(home, lake):
    build_warehouse(home)
    assert lake.query("select count(*) from repost_clusters") == [(0,)]
