"""Parsing of saved t.me/s pages: one small test per field, then per-page facts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import file_response
from parsel import Selector

from spiders.parsing.telegram_preview import (
    PreviewParseError,
    is_preview_disabled,
    parse_channel_page,
    parse_count,
    parse_landing_page,
)

BASE = "https://t.me"
CHANNEL = "kz_digital_law"
MAIN = ("telegram_web/kz_digital_law.html", f"{BASE}/s/{CHANNEL}")
OLDER = ("telegram_web/kz_digital_law_before_1001.html", f"{BASE}/s/{CHANNEL}?before=1001")
LAST = ("telegram_web/kz_digital_law_before_991.html", f"{BASE}/s/{CHANNEL}?before=991")
LAYOUT = ("telegram_web/kz_digital_law_layout_changed.html", f"{BASE}/s/{CHANNEL}")
DISABLED = ("telegram_web/kz_closed_preview_redirect.html", f"{BASE}/kz_closed_preview")


@pytest.fixture(scope="module")
def page():
    return parse_channel_page(file_response(*MAIN), BASE)


@pytest.fixture(scope="module")
def by_id(page):
    return {m.post_id: m for m in page.messages}


def one_message(inner: str, datetime_attr: str = "2021-09-15T15:12:44+06:00"):
    """A page with one message built from real markup around ``inner``."""
    html = (
        '<div class="tgme_channel_info"></div><section class="tgme_channel_history">'
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message js-widget_message" data-post="{CHANNEL}/7">{inner}'
        '<div class="tgme_widget_message_footer"><span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="https://t.me/{CHANNEL}/7">'
        f'<time datetime="{datetime_attr}" class="time">09:12</time></a></span></div>'
        "</div></div></section>"
    )
    return parse_channel_page(Selector(text=html), BASE).messages[0]


# --- counters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("987", 987),
        ("1.2K", 1200),
        ("10.6M", 10_600_000),
        ("16.4M", 16_400_000),
        ("11K", 11_000),
        ("2 814", 2814),
        ("1\u202f234", 1234),
        (" 42 ", 42),
        ("", None),
        (None, None),
        ("views", None),
        ("1.2.3", None),
    ],
)
def test_parse_count(raw, expected):
    assert parse_count(raw) == expected


# --- channel header -------------------------------------------------------------------------


def test_channel_title(page):
    assert page.info.title == "Цифровой закон KZ | Цифрлық заң"


def test_channel_username(page):
    assert page.info.username == CHANNEL


def test_channel_description_keeps_line_breaks(page):
    assert page.info.description.splitlines()[1] == "Балаларды кибербуллингтен қорғау туралы заң."


def test_channel_subscribers(page):
    assert page.info.subscribers == 12_400
    assert page.info.counters["links"] == 1_100


# --- one field per test ---------------------------------------------------------------------


def test_post_id_and_channel(page):
    first = page.messages[0]
    assert (first.post_id, first.channel) == (1001, CHANNEL)


def test_permalink(by_id):
    assert by_id[1001].permalink == f"https://t.me/{CHANNEL}/1001"


def test_published_at_is_utc(by_id):
    assert by_id[1001].published_at == datetime(2021, 9, 15, 9, 12, 44, tzinfo=UTC)


def test_published_at_with_offset_is_converted_to_utc():
    message = one_message("", datetime_attr="2021-09-15T15:12:44+06:00")
    assert message.published_at == datetime(2021, 9, 15, 9, 12, 44, tzinfo=UTC)
    assert message.published_at.tzinfo is UTC


def test_naive_published_at_is_an_error():
    with pytest.raises(PreviewParseError, match="no time zone"):
        one_message("", datetime_attr="2021-09-15T15:12:44")


def test_plain_text(by_id):
    assert by_id[1001].text == (
        "Мажилис одобрил в первом чтении поправки о защите детей от кибербуллинга."
    )


def test_multiline_text_keeps_br_and_emoji(by_id):
    lines = by_id[1002].text.split("\n")
    assert lines[0] == "📌 Негізгі өзгерістер:"
    assert lines[3] == ""
    assert len(lines) == 5


def test_custom_emoji_fallback_is_kept_in_text(by_id):
    assert by_id[1007].text.endswith("свободу слова? 🤔")


def test_reply_quote_does_not_leak_into_text(by_id):
    assert by_id[1006].text == "Уточнение: второе чтение назначено на октябрь."


def test_reply_to(by_id):
    assert (by_id[1006].reply_to_channel, by_id[1006].reply_to_post_id) == (CHANNEL, 1001)


def test_link_preview_description_does_not_leak_into_text(by_id):
    assert "must never leak" not in by_id[1017].text
    assert "Example Legal Review" not in by_id[1017].text


def test_link_preview_title(by_id):
    assert by_id[1017].link_preview_title == "Kazakhstan's social media law, explained"


def test_links_are_external_and_deduplicated(by_id):
    assert by_id[1017].links == ["https://example.org/analysis/kz-social-media-law"]
    assert by_id[1003].links == ["https://example.kz/zakon/kiberbulling"]


def test_links_include_public_post_links(by_id):
    assert by_id[1019].links == ["https://t.me/src_news/52"]


def test_hashtags(by_id):
    assert by_id[1003].hashtags == ["закон", "кибербуллинг", "заң"]


def test_mentions(by_id):
    assert by_id[1003].mentions == ["synthetic_expert"]


def test_views(by_id):
    assert (by_id[1001].views, by_id[1002].views, by_id[1019].views) == (987, 1200, 10_600_000)


def test_views_absent_is_none():
    assert one_message("").views is None


def test_edited(by_id):
    assert by_id[1008].is_edited is True
    assert by_id[1001].is_edited is False


def test_signature(by_id):
    assert by_id[1008].signature == "Айгерим Б."
    assert by_id[1001].signature is None


def test_forwarded_from_public_channel(by_id):
    message = by_id[1004]
    assert message.forwarded_from_name == "Синтетические Новости"
    assert (message.forwarded_from_channel, message.forwarded_from_post_id) == ("src_news", 45)


def test_forwarded_from_hidden_user(by_id):
    message = by_id[1005]
    assert message.forwarded_from_name == "Айдана К."
    assert message.forwarded_from_channel is None


def test_forwarded_from_private_channel_link_is_not_public():
    message = one_message(
        '<div class="tgme_widget_message_forwarded_from">Forwarded from '
        '<a class="tgme_widget_message_forwarded_from_name" href="https://t.me/c/1555000111/9">'
        '<span dir="auto">Закрытый</span></a></div>'
    )
    assert (message.forwarded_from_name, message.forwarded_from_channel) == ("Закрытый", None)


def test_reactions_with_custom_emoji_paid_stars_and_abbreviated_counts(by_id):
    assert by_id[1007].reactions == [
        {"emoji": "👍", "custom_emoji_id": None, "count": 1200},
        {"emoji": None, "custom_emoji_id": "5190660975866437599", "count": 37},
        {"emoji": "⭐", "custom_emoji_id": None, "count": 15},
        {"emoji": "❤\u200d🔥", "custom_emoji_id": None, "count": 3},
    ]
    assert by_id[1007].reaction_total == 1255


def test_no_reactions(by_id):
    assert by_id[1002].reactions == []
    assert by_id[1002].reaction_total is None


@pytest.mark.parametrize(
    ("post_id", "kind"),
    [
        (1001, None),
        (1009, "photo"),
        (1010, "video"),
        (1011, "voice"),
        (1012, "document"),
        (1013, "poll"),
        (1014, "album"),
        (1017, None),
        (1020, "sticker"),
        (1021, "roundvideo"),
        (1022, "location"),
    ],
)
def test_media_kind(by_id, post_id, kind):
    assert by_id[post_id].media_kind == kind


def test_media_without_caption_has_no_text(by_id):
    assert by_id[1011].text is None


def test_raw_html_is_the_message_element(by_id):
    html = by_id[1001].html
    assert html.startswith('<div class="tgme_widget_message ')
    assert f'data-post="{CHANNEL}/1001"' in html


# --- pages ----------------------------------------------------------------------------------


def test_service_messages_are_skipped_but_counted_for_paging(page):
    assert 1018 in page.post_ids
    assert 1018 not in {m.post_id for m in page.messages}


def test_album_is_one_post_and_its_other_ids_never_appear(page):
    assert {1015, 1016}.isdisjoint(page.post_ids)


@pytest.mark.parametrize(
    ("saved", "older_before"), [(MAIN, 1001), (OLDER, 991), (LAST, None), (LAYOUT, 1021)]
)
def test_older_before(saved, older_before):
    assert parse_channel_page(file_response(*saved), BASE).older_before == older_before


def test_older_page_ignores_the_newer_cursor():
    page = parse_channel_page(file_response(*OLDER), BASE)
    assert page.post_ids == list(range(991, 1001))


def test_last_page_skips_channel_created():
    last = parse_channel_page(file_response(*LAST), BASE)
    assert [m.post_id for m in last.messages] == [2, 3, 4, 5, 6]
    assert last.post_ids[0] == 1


def test_layout_change_is_reported_not_empty():
    changed = parse_channel_page(file_response(*LAYOUT), BASE)
    assert changed.messages == []
    assert "no .tgme_widget_message" in changed.layout_problem


def test_empty_history_is_not_a_layout_problem():
    html = '<div class="tgme_channel_info"></div><section class="tgme_channel_history"> </section>'
    empty = parse_channel_page(Selector(text=html), BASE)
    assert (empty.messages, empty.layout_problem, empty.older_before) == ([], None, None)


def test_foreign_page_is_a_layout_problem():
    foreign = parse_channel_page(Selector(text="<html><body>Gateway error</body></html>"), BASE)
    assert foreign.layout_problem.startswith("not a channel preview")


def test_preview_pages_are_not_disabled():
    assert is_preview_disabled(file_response(*MAIN)) is False


def test_redirect_to_plain_channel_page_means_disabled_preview():
    response = file_response(*DISABLED)
    assert is_preview_disabled(response) is True
    info = parse_landing_page(response)
    assert (info.title, info.subscribers) == ("Закрытый предпросмотр", 2814)


def test_no_messages_found_is_a_valid_empty_page():
    html = (
        '<html><body><div class="tgme_channel_info"></div><section class="tgme_channel_history">'
        '<div class="tme_no_messages_found">No messages here yet</div></section></body></html>'
    )
    page = parse_channel_page(Selector(text=html), "https://t.me")
    assert page.layout_problem is None
    assert page.messages == []
