"""The WhatsApp chat importer on synthetic Android and iOS exports (Russian, Kazakh, English)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from imports_helpers import FILES, keyed_home, posts, pseudonymizer, runs

from collectors.imports.whatsapp import group_source, import_whatsapp, sender_pseudonym
from collectors.imports.whatsapp_lines import date_order, split_messages
from collectors.imports.whatsapp_media import media_of

CHATS = FILES / "whatsapp"


def land(root, name, **options):
    with keyed_home(root) as home:
        report = import_whatsapp(
            home, CHATS / name, group=options.pop("group", "Закон демо"), **options
        )
        rows = sorted(posts(home).values(), key=lambda r: (r["published_at"], r["post_id"]))
        return home, report, rows


@pytest.fixture(scope="module")
def android_ru(tmp_path_factory):
    return land(tmp_path_factory.mktemp("ru"), "android_ru.txt")


@pytest.fixture(scope="module")
def android_en(tmp_path_factory):
    return land(tmp_path_factory.mktemp("en"), "android_en_us.txt")


@pytest.fixture(scope="module")
def ios_kk(tmp_path_factory):
    return land(tmp_path_factory.mktemp("kk"), "ios_kk.txt")


def texts(rows):
    return [r["text"] for r in rows]


def test_system_and_deleted_lines_are_skipped(android_ru):
    _, report, rows = android_ru
    assert (report.items, report.skipped, report.new) == (6, 4, 6)
    assert not any("шифрованием" in (t or "") or "удалено" in (t or "") for t in texts(rows))


def test_source_is_the_group(android_ru):
    assert {r["source"] for r in android_ru[2]} == {"закон-демо"}
    assert {r["platform"] for r in android_ru[2]} == {"whatsapp"}


def test_local_times_become_utc(android_ru):
    assert android_ru[2][0]["published_at"] == datetime(2022, 3, 12, 8, 5, tzinfo=UTC)  # +06:00


def test_multi_line_message_is_joined(android_ru):
    second = android_ru[2][1]
    assert second["text"].splitlines() == [
        "Вот ссылка: https://example.kz/law",
        "Там три главных изменения:",
        "1) регистрация блогеров",
        "2) представительства платформ",
    ]
    assert second["links"] == ["https://example.kz/law"]


def test_messages_in_the_same_minute_get_distinct_ids(android_ru):
    first, second = android_ru[2][:2]
    assert first["published_at"] == second["published_at"]
    assert first["author_id"] == second["author_id"]
    assert first["post_id"] != second["post_id"]


def test_senders_are_pseudonymised(android_ru):
    authors = {r["author_id"] for r in android_ru[2]}
    assert len(authors) == 3
    assert all(a.startswith("anon:") for a in authors)
    assert {r["author_name"] for r in android_ru[2]} == {None}


def test_a_phone_number_sender_is_hashed_by_its_digits():
    pseudonymize = pseudonymizer()
    assert sender_pseudonym("+7 701 555 01 02", pseudonymize) == sender_pseudonym(
        "+77015550102", pseudonymize
    )
    assert sender_pseudonym("+7 701 555 01 02", pseudonymize).startswith("anon:")


def test_phone_numbers_in_text_are_masked(android_ru):
    assert "Мой номер [phone], пишите если что" in texts(android_ru[2])


def test_media_placeholder_becomes_media_kind(android_ru):
    (row,) = [r for r in android_ru[2] if r["media_kind"]]
    assert (row["media_kind"], row["text"]) == ("media", None)


def test_edited_marker_is_stripped(android_ru):
    (row,) = [r for r in android_ru[2] if r["is_edited"]]
    assert row["text"] == "Я против этого закона"


def test_twelve_hour_us_export(android_en):
    _, report, rows = android_en
    assert (report.items, report.skipped) == (4, 2)
    late = next(r for r in rows if (r["text"] or "").startswith("Late night"))
    assert late["published_at"] == datetime(2022, 3, 12, 18, 30, tzinfo=UTC)  # 3/13 00:30 +06


def test_attached_file_keeps_its_kind_and_caption_not_its_name(android_en):
    (photo,) = [r for r in android_en[2] if r["media_kind"] == "photo"]
    assert photo["text"] == "The summary from the ministry"
    assert "IMG-" not in str(photo)


def test_ios_system_lines_with_a_mark_are_skipped(ios_kk):
    _, report, rows = ios_kk
    assert (report.items, report.skipped) == (4, 3)
    assert rows[0]["published_at"] == datetime(2022, 3, 12, 8, 5, 33, tzinfo=UTC)


def test_ios_placeholders_and_attachments(ios_kk):
    assert [r["media_kind"] for r in ios_kk[2]] == [None, "photo", "photo", None]


def test_mentions_of_members_are_masked(ios_kk):
    assert ios_kk[2][0]["text"] == "Әлеуметтік желілер туралы заң қабылданды! @[member] көрдің бе?"


def test_ios_multi_line_kazakh_message(ios_kk):
    assert ios_kk[2][-1]["text"] == "Иә, көрдім.\nМенің ойымша бұл сөз бостандығын шектейді."


def test_ios_twelve_hour_export(tmp_path):
    _, _, rows = land(tmp_path, "ios_en_12h.txt")
    assert rows[0]["published_at"] == datetime(2022, 3, 12, 8, 5, 33, tzinfo=UTC)
    assert rows[1]["media_kind"] == "sticker"


def test_time_zone_and_date_order_options(tmp_path):
    _, _, rows = land(tmp_path, "ios_en_12h.txt", tz="UTC", order="dmy")
    assert rows[0]["published_at"] == datetime(2022, 12, 3, 14, 5, 33, tzinfo=UTC)


def test_post_ids_are_stable_across_homes_and_runs(tmp_path, android_ru):
    _, _, again = land(tmp_path, "android_ru.txt")
    assert [r["post_id"] for r in again] == [r["post_id"] for r in android_ru[2]]


def test_runs_are_recorded(android_ru):
    home, report, _ = android_ru
    (run,) = runs(home)
    assert (run["run_id"], run["source"], run["platform"]) == (
        report.run_id,
        "закон-демо",
        "whatsapp",
    )
    assert (run["status"], run["new_items"]) == ("ok", 6)


def test_an_empty_group_name_is_refused(tmp_path):
    with keyed_home(tmp_path) as home, pytest.raises(ValueError, match="--group"):
        import_whatsapp(home, CHATS / "android_ru.txt", group="  ")


@pytest.mark.parametrize(
    ("lines", "order"),
    [
        ("13.03.2022, 09:15 - A: x", "dmy"),
        ("3/13/22, 9:15 AM - A: x", "mdy"),
        ("2022-03-13, 09:15 - A: x", "ymd"),
        ("12.03.22, 09:15 - A: x", "dmy"),
        ("3/12/22, 2:05 PM - A: x", "mdy"),
        ("3/12/22, 14:05 - A: x", "dmy"),
    ],
)
def test_date_order_is_told_by_the_dates(lines, order):
    assert date_order(split_messages(lines)) == order


@pytest.mark.parametrize(
    ("text", "kind", "rest"),
    [
        ("<Media omitted>", "media", None),
        ("<Без медиафайлов>", "media", None),
        ("\u200eimage omitted", "photo", None),
        ("\u200eизображение отсутствует", "photo", None),
        ("видео отсутствует", "video", None),
        ("audio omitted", "voice", None),
        ("<attached: 00000031-STICKER-2022-03-12.webp>", "sticker", None),
        ("PTT-20220312-WA0003.opus (file attached)", "voice", None),
        ("Айгерим Демо.vcf (файл добавлен)", "contact", None),
        ("DOC-20220312-WA0004.pdf (file attached)\nЗакон полностью", "document", "Закон полностью"),
        ("location: https://maps.google.com/?q=43.2,76.9", "location", None),
        ("Просто текст", None, "Просто текст"),
    ],
)
def test_media_placeholders(text, kind, rest):
    assert media_of(text) == (kind, rest)


def test_group_source_slug():
    assert group_source(" Закон о соцсетях: чат ") == "закон-о-соцсетях-чат"


def test_a_subject_change_with_a_colon_is_a_system_line():
    (message,) = split_messages(
        '12.03.2022, 14:05 - Айгерим Демо изменил(а) тему с "Закон" на "Закон: обсуждение"'
    )
    assert message.is_system


def test_a_message_that_mentions_encryption_is_kept():
    (message,) = split_messages(
        "12.03.2022, 14:05 - Ерлан Демо: Говорят, сообщения и звонки защищены сквозным шифрованием"
    )
    assert not message.is_system
