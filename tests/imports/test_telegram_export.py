"""The Telegram Desktop export importer, on synthetic exports with both forms of ``text``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from collectors.imports.telegram_export import ExportError, import_export, plain_text
from collectors.telegram.state import ChannelState, save_state
from pikir.config import DataHome
from pikir.lake import layout
from pikir.lake.append import read_table

FILES = Path(__file__).parent / "files" / "telegram_export"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PIKIR_PSEUDONYM_KEY", "test-pseudonym-key-0123456789")
    return DataHome(tmp_path / "home").ensure()


def posts(home):
    return {r["post_key"]: r for r in read_table(home, layout.POSTS).to_pylist()}


def test_channel_export_lands_every_message_but_service(home):
    report = import_export(home, FILES / "channel_result.json", channel="KazNews")
    assert (report.messages, report.skipped_service, report.new) == (3, 1, 3)
    rows = posts(home)
    assert set(rows) == {"telegram:kaznews:2", "telegram:kaznews:3", "telegram:kaznews:4"}
    two = rows["telegram:kaznews:2"]
    assert two["published_at"] == datetime(2021, 9, 15, 12, 0, tzinfo=UTC)
    assert two["text"].startswith("Мажилис одобрил")
    assert two["reactions"] == [
        {"emoji": "👍", "custom_emoji_id": None, "count": 12},
        {"emoji": None, "custom_emoji_id": "5368324170671202286", "count": 3},
    ]
    assert two["author_id"] == "-100777"
    assert two["author_name"] == "Kaz News (synthetic)"


def test_text_given_as_a_list_of_parts(home):
    import_export(home, FILES / "channel_result.json", channel="kaznews")
    three = posts(home)["telegram:kaznews:3"]
    assert three["text"] == "Подробнее: example.kz/law #Закон @Orda_kz здесь"
    assert three["links"] == ["http://example.kz/law", "https://vlast.kz/x"]
    assert three["hashtags"] == ["закон"]
    assert three["mentions"] == ["orda_kz"]
    assert three["edited_at"] == datetime(2021, 9, 15, 14, 0, tzinfo=UTC)
    assert three["is_edited"]
    assert three["signature"] == "Айгерим"
    assert three["media_kind"] == "photo"


def test_hidden_forward_author_is_pseudonymised(home):
    import_export(home, FILES / "channel_result.json", channel="kaznews")
    four = posts(home)["telegram:kaznews:4"]
    assert four["forwarded_from"].startswith("anon:")
    assert "Иван" not in json.dumps(four, default=str, ensure_ascii=False)


def test_group_export_without_text_entities_pseudonymises_members(home):
    import_export(home, FILES / "group_result_no_entities.json", channel="law_chat")
    rows = posts(home)
    assert set(rows) == {"telegram:law_chat:10", "telegram:law_chat:11"}
    first, reply = rows["telegram:law_chat:10"], rows["telegram:law_chat:11"]
    assert first["text"] == "Это важно #Закон"
    assert first["hashtags"] == []
    assert first["author_id"].startswith("anon:")
    assert first["author_name"] is None
    assert reply["kind"] == "reply"
    assert reply["reply_to_key"] == "telegram:law_chat:10"
    assert reply["media_kind"] == "voice"
    assert reply["text"] is None


def test_username_comes_from_the_api_state_when_not_given(home):
    save_state(home, ChannelState(name="kaznews", channel_id=777, access_hash=1))
    assert import_export(home, FILES / "channel_result.json").source == "kaznews"


def test_unknown_source_and_non_exports_are_refused(home, tmp_path):
    with pytest.raises(ExportError, match="--channel"):
        import_export(home, FILES / "channel_result.json")
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]")
    with pytest.raises(ExportError, match="messages"):
        import_export(home, bad, channel="x_chan")


def test_reimport_is_idempotent(home):
    import_export(home, FILES / "channel_result.json", channel="kaznews")
    again = import_export(home, FILES / "channel_result.json", channel="kaznews")
    assert (again.new, again.updated) == (0, 0)
    assert len(posts(home)) == 3


def test_local_dates_need_a_time_zone(home, tmp_path):
    export = {
        "name": "x",
        "type": "public_channel",
        "id": 1,
        "messages": [{"id": 1, "type": "message", "date": "2021-09-15T15:00:00", "text": "a"}],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export))
    with pytest.raises(ExportError, match="--tz"):
        import_export(home, path, channel="x_chan")
    almaty = timezone(timedelta(hours=6))
    import_export(home, path, channel="x_chan", tz=almaty)
    assert posts(home)["telegram:x_chan:1"]["published_at"] == datetime(2021, 9, 15, 9, tzinfo=UTC)


def test_plain_text_of_both_forms():
    assert plain_text("abc") == "abc"
    assert plain_text(["a", {"type": "bold", "text": "b"}, "c"]) == "abc"
