"""petition_signatures on a fixture lake: daily max, gain, bill_posts beside it, old files."""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pikir.schema import METRICS_SCHEMA
from tests.enrichment_fixtures import T0, enrichment_row, write_enrichment
from warehouse.build import build_warehouse

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
# T0 (2021-09-15 09:00 UTC) is also the default published_at of the lake fixture.
KEY = "petition:avaaz.org:za_otkrytye_seti"
URL = "https://secure.avaaz.org/community_petitions/ru/za_otkrytye_seti/"


def sighting(at, signatures, run="r1"):
    return {"platform": "petition", "post_key": KEY, "observed_at": at,
            "signatures": signatures, "run_id": run}  # fmt: skip


def write_pre_signatures_metrics(lake, row):
    """A metrics file as written before the signatures column existed."""
    schema = pa.schema([f for f in METRICS_SCHEMA if f.name != "signatures"])
    directory = lake / "metrics" / "platform=telegram" / "date=2021-09-15"
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist([row], schema=schema), directory / "old.parquet")


@pytest.fixture
def built(lake):
    petition = lake.post(
        "za_otkrytye_seti", platform="petition", source="avaaz.org", title="За открытые сети",
        url=URL, text="Синтетическая петиция.",
    )  # fmt: skip
    talk = [lake.post(i, text=f"закон о соцсетях {i}") for i in (1, 2, 3)]
    later = lake.post(4, text="закон", published_at=T0 + 2 * DAY)
    lake.write_posts([petition, *talk, later])
    write_enrichment(
        lake.root,
        [
            enrichment_row(petition),  # relevant, but a petition is not discussion volume
            enrichment_row(talk[0]),
            enrichment_row(talk[1]),
            enrichment_row(talk[2], relevance=0.2),
            enrichment_row(later),
        ],
    )
    day1 = T0 - DAY  # 2021-09-14 09:00
    lake.write_metrics(
        [
            sighting(day1 - HOUR, 100),
            sighting(day1 + 11 * HOUR, 120, "r2"),
            sighting(T0, 150, "r3"),
            sighting(T0 + 2 * DAY, 180, "r4"),
        ]
    )
    lake.write_metrics([sighting(T0, 150, "r3")], name="part-dup.parquet")  # same sighting twice
    write_pre_signatures_metrics(
        lake.root,
        {"post_key": talk[0]["post_key"], "observed_at": T0, "views": 10, "run_id": "r0"},
    )
    build_warehouse(lake.home)
    return lake


def test_daily_max_gain_and_bill_posts(built):
    got = built.query("select * exclude (last_observed_at) from petition_signatures order by day")
    title = "За открытые сети"
    assert got == [
        (KEY, "avaaz.org", title, URL, date(2021, 9, 14), 120, None, None, 2, 0),
        (KEY, "avaaz.org", title, URL, date(2021, 9, 15), 150, 30, 1, 1, 2),
        (KEY, "avaaz.org", title, URL, date(2021, 9, 17), 180, 30, 2, 1, 1),
    ]


def test_last_observation_of_the_day(built):
    (last,) = built.query(
        "select last_observed_at from petition_signatures where day = '2021-09-14'"
    )
    assert last == (T0 - DAY + 11 * HOUR,)


def test_files_without_the_column_still_read(built):
    rows = built.query("select views, signatures from stg_lake__metrics where run_id = 'r0'")
    assert rows == [(10, None)]
    assert built.query(
        "select count(*) from petition_signatures where post_key not like 'petition:%'"
    ) == [(0,)]
