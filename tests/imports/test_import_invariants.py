"""Invariants over every row every importer maps from the fixtures, and idempotent re-imports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from imports_helpers import FILES, PRIVATE_NAMES, dumped, keyed_home, posts, pseudonymizer, runs

from collectors.imports.landing import ImportFileError, ImportRun
from collectors.imports.meta_csv import import_meta_csv, read_csv
from collectors.imports.whatsapp import import_whatsapp, read_chat
from collectors.imports.zeeschuimer import import_zeeschuimer, read_capture
from pikir.schema import KINDS, make_post_key, sha256_text

RUN = ImportRun("import-test", datetime(2026, 1, 1, tzinfo=UTC))
ALMATY = ZoneInfo("Asia/Almaty")


def _all_rows():
    pseudonymize = pseudonymizer()
    rows = read_capture(FILES / "zeeschuimer" / "capture.ndjson", pseudonymize, RUN)[0]
    for name in ("crowdtangle_facebook", "crowdtangle_instagram", "mcl_facebook", "mcl_instagram"):
        rows += read_csv(FILES / "meta_csv" / f"{name}.csv", pseudonymize, RUN)
    for name in ("android_ru", "android_en_us", "ios_kk", "ios_en_12h"):
        path = FILES / "whatsapp" / f"{name}.txt"
        rows += read_chat(path, group=name, zone=ALMATY, pseudonymize=pseudonymize, run=RUN)[0]
    return rows


ROWS = _all_rows()
IDS = [f"{r['platform']}-{r['post_id'][:12]}" for r in ROWS]


@pytest.fixture(params=ROWS, ids=IDS)
def row(request):
    return request.param


def test_post_key_is_platform_source_post_id(row):
    assert row["post_key"] == make_post_key(row["platform"], row["source"], row["post_id"])


def test_platform_and_kind_are_known(row):
    assert row["platform"] in {"instagram", "tiktok", "x", "threads", "facebook", "whatsapp"}
    assert row["kind"] in KINDS


def test_published_at_is_utc_and_in_the_bill_period(row):
    assert row["published_at"].tzinfo == UTC
    assert (
        datetime(2021, 1, 1, tzinfo=UTC) <= row["published_at"] < datetime(2023, 1, 1, tzinfo=UTC)
    )


def test_provenance(row):
    assert row["run_id"] == RUN.run_id
    assert row["collected_at"] == RUN.now
    assert row["collector"].split("@")[0] in {
        "zeeschuimer_import",
        "meta_csv_import",
        "whatsapp_import",
    }


def test_raw_payload_matches_its_hash(row):
    assert row["raw_sha256"] == sha256_text(row["_raw"]["payload"])
    assert json.loads(row["_raw"]["payload"])


def test_only_public_authors_have_names(row):
    if row["author_name"] is None:
        assert row["author_id"].startswith("anon:")
        assert row["platform"] == "whatsapp" or row["source"] == "anon-" + row["author_id"][5:]
    else:
        assert not row["author_id"].startswith("anon:")


def test_no_private_person_is_named_anywhere(row):
    text = dumped({k: v for k, v in row.items() if k != "_raw"}) + row["_raw"]["payload"]
    assert not [name for name in PRIVATE_NAMES if name in text]


def test_text_is_none_or_non_empty_and_counts_add_up(row):
    assert row["text"] is None or row["text"].strip()
    total = sum(r["count"] for r in row["reactions"]) if row["reactions"] else None
    assert row["reaction_total"] == total
    for name in ("views", "replies", "forwards"):
        assert row[name] is None or row[name] >= 0


def test_post_keys_are_unique():
    keys = [r["post_key"] for r in ROWS]
    assert len(keys) == len(set(keys))


IMPORTS = {
    "zeeschuimer": lambda home: import_zeeschuimer(
        home, [FILES / "zeeschuimer" / "capture.ndjson"]
    ),
    "meta-csv": lambda home: import_meta_csv(
        home, [FILES / "meta_csv" / "crowdtangle_facebook.csv"]
    ),
    "whatsapp": lambda home: import_whatsapp(home, FILES / "whatsapp" / "ios_kk.txt", group="kk"),
}


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_second_import_lands_nothing_new(tmp_path, kind):
    with keyed_home(tmp_path) as home:
        first = IMPORTS[kind](home)
        landed = posts(home)
        again = IMPORTS[kind](home)
        assert first.new > 0
        assert (again.new, again.updated) == (0, 0)
        assert posts(home).keys() == landed.keys()
        statuses = {r["run_id"]: r["status"] for r in runs(home)}
        assert (statuses[first.run_id], statuses[again.run_id]) == ("ok", "empty")


GOOD_THEN_BAD = {
    "zeeschuimer": lambda home, bad: import_zeeschuimer(
        home, [FILES / "zeeschuimer" / "capture.ndjson", FILES / "zeeschuimer" / bad]
    ),
    "meta-csv": lambda home, bad: import_meta_csv(
        home, [FILES / "meta_csv" / "crowdtangle_facebook.csv", FILES / "meta_csv" / bad]
    ),
    "whatsapp": lambda home, bad: import_whatsapp(home, FILES / "whatsapp" / bad, group="g"),
}
"""Each importer given its malformed fixture (after a good file where it takes several)."""


@pytest.mark.parametrize(
    ("kind", "name", "line", "problem"),
    [
        ("zeeschuimer", "truncated.ndjson", 3, "not JSON"),
        ("zeeschuimer", "unknown_shape.ndjson", 2, "x.com item has an unknown shape"),
        ("meta-csv", "truncated.csv", 3, ".*field count differs"),
        ("meta-csv", "bad_zone.csv", 2, ".*unknown time zone 'XYZT'"),
        ("whatsapp", "not_a_chat.txt", 1, "not a WhatsApp chat export line"),
        ("whatsapp", "bad_date.txt", 2, "31.02.2022 14:06 is not a valid dmy date"),
    ],
)
def test_malformed_files_name_the_line_and_land_nothing(tmp_path, kind, name, line, problem):
    with keyed_home(tmp_path) as home:
        with pytest.raises(ImportFileError, match=rf"{name}, line {line}: {problem}"):
            GOOD_THEN_BAD[kind](home, name)
        assert posts(home) == {}
        assert runs(home) == []
