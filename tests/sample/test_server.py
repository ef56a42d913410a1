"""The sample server: t.me/s structure, pagination, redirects, fault injection and edits."""

import http.client
import re
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from pikir.sample.content import id_span, load_channels
from pikir.sample.markup import abbreviate, text_to_html
from pikir.sample.render import PAGE_UNITS
from pikir.sample.server import Canned, SampleServer

PUBLIC = ["pikir_demo_ru", "pikir_demo_kk", "pikir_demo_en"]
DISK = load_channels()


@pytest.fixture
def server():
    with SampleServer() as srv:
        yield srv


def get(server, path, headers=None):
    """GET without following redirects; return (status, headers, body)."""
    parts = urlsplit(server.base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def page(server, path):
    status, _, body = get(server, path)
    assert status == 200, path
    return Selector(text=body.decode("utf-8"))


def post_ids(sel):
    return [int(p.split("/")[1]) for p in sel.css(".tgme_widget_message::attr(data-post)").getall()]


def walk(server, channel):
    """Follow a.tme_messages_more[data-before] from the newest page to the oldest."""
    pages, path = [], f"/s/{channel}"
    while path:
        sel = page(server, path)
        pages.append(sel)
        path = sel.css("a.tme_messages_more[data-before]::attr(href)").get()
    return pages


def message(sel, channel, post_id):
    found = sel.css(f'.tgme_widget_message[data-post="{channel}/{post_id}"]')
    assert found, (channel, post_id)
    return found[0]


@pytest.mark.parametrize("channel", PUBLIC)
def test_pagination_walks_every_post_exactly_once(server, channel):
    seen = [i for sel in walk(server, channel) for i in post_ids(sel)]
    assert len(seen) == len(set(seen))
    assert sorted(seen) == [p["id"] for p in DISK[channel].posts]


@pytest.mark.parametrize("channel", PUBLIC)
def test_pages_are_oldest_first_and_hold_about_twenty_messages(server, channel):
    pages = walk(server, channel)
    assert len(pages) >= 3
    for sel in pages:
        ids = post_ids(sel)
        assert ids == sorted(ids)
        units = sum(id_span(DISK[channel].get(i)) for i in ids)
        assert units <= PAGE_UNITS
    assert sum(id_span(DISK[channel].get(i)) for i in post_ids(pages[0])) >= PAGE_UNITS - 3
    assert post_ids(pages[0])[-1] == DISK[channel].posts[-1]["id"]


def test_more_link_carries_the_smallest_id_on_the_page(server):
    sel = page(server, "/s/pikir_demo_ru")
    more = sel.css("a.tme_messages_more[data-before]")
    smallest = min(post_ids(sel))
    assert more.attrib["data-before"] == str(smallest)
    assert more.attrib["href"] == f"/s/pikir_demo_ru?before={smallest}"
    assert sel.css('link[rel="prev"]::attr(href)').get() == more.attrib["href"]


def test_before_returns_only_older_posts_up_to_the_boundary(server):
    ids = [p["id"] for p in DISK["pikir_demo_en"].posts]
    boundary = ids[30]
    shown = post_ids(page(server, f"/s/pikir_demo_en?before={boundary}"))
    assert max(shown) == ids[29]
    assert all(i < boundary for i in shown)


def test_before_page_links_forward_with_data_after(server):
    sel = page(server, "/s/pikir_demo_en?before=45")
    after = sel.css("a.tme_messages_more[data-after]")
    assert after.attrib["data-after"] == str(max(post_ids(sel)))
    assert sel.css("a.tme_messages_more")[0].attrib.get("data-before") is not None


def test_after_returns_the_oldest_newer_posts(server):
    shown = post_ids(page(server, "/s/pikir_demo_ru?after=10"))
    ids = [p["id"] for p in DISK["pikir_demo_ru"].posts if p["id"] > 10]
    assert shown[0] == ids[0]
    assert shown == ids[: len(shown)]


def test_oldest_page_has_no_more_link_and_starts_with_channel_created(server):
    sel = walk(server, "pikir_demo_kk")[-1]
    assert not sel.css("a.tme_messages_more[data-before]")
    first = message(sel, "pikir_demo_kk", 1)
    assert "service_message" in first.attrib["class"]
    assert first.css(".tgme_widget_message_text::text").get() == "Channel created"


def test_before_the_first_post_is_an_empty_history(server):
    sel = page(server, "/s/pikir_demo_ru?before=1")
    assert post_ids(sel) == []
    assert sel.css("section.tgme_channel_history .tme_no_messages_found::text").get()
    assert not sel.css("a.tme_messages_more")


def test_channel_header_has_title_username_description_and_counters(server):
    sel = page(server, "/s/pikir_demo_en")
    info = sel.css(".tgme_channel_info")
    assert (
        info.css(".tgme_channel_info_header_title span::text").get() == DISK["pikir_demo_en"].title
    )
    assert info.css(".tgme_channel_info_header_username a::text").get() == "@pikir_demo_en"
    assert "Synthetic demo channel" in "".join(
        info.css(".tgme_channel_info_description ::text").getall()
    )
    counters = dict(
        zip(
            info.css(".counter_type::text").getall(),
            info.css(".counter_value::text").getall(),
            strict=True,
        )
    )
    assert counters["subscribers"] == "1.2M"
    assert {"photos", "videos", "files", "links"} <= set(counters)


def test_closed_channel_redirects_to_the_channel_page(server):
    status, headers, _ = get(server, "/s/pikir_demo_closed")
    assert status == 302
    assert headers["Location"] == f"{server.base_url}/pikir_demo_closed"
    sel = page(server, "/pikir_demo_closed")
    assert sel.css(".tgme_page .tgme_page_extra::text").get() == "731 subscribers"
    assert not sel.css(".tgme_page_context_link")


def test_channel_page_has_exact_subscriber_count(server):
    sel = page(server, "/pikir_demo_ru")
    assert sel.css(".tgme_page_extra::text").get() == "12 480 subscribers"
    assert sel.css("a.tgme_page_context_link::attr(href)").get() == "/s/pikir_demo_ru"


def test_single_post_page(server):
    sel = page(server, "/pikir_demo_ru/6")
    assert post_ids(sel) == [6]
    assert "первом чтении" in sel.css('meta[property="og:description"]::attr(content)').get()


@pytest.mark.parametrize(
    "path", ["/s/no_such_channel", "/no_such_channel", "/pikir_demo_ru/99999", "/s/a/b/c"]
)
def test_unknown_paths_are_404(server, path):
    assert get(server, path)[0] == 404


def test_robots_txt_allows_everything(server):
    status, headers, body = get(server, "/robots.txt")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert b"User-agent: *" in body
    assert b"Allow: /" in body


def test_html_responses_declare_type_and_length(server):
    status, headers, body = get(server, "/s/pikir_demo_kk")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert "Мәжіліс" in body.decode("utf-8")


@pytest.mark.parametrize("channel", PUBLIC)
def test_every_post_renders_what_the_json_says(server, channel):
    base = server.base_url
    for sel in walk(server, channel):
        for post_id in post_ids(sel):
            post, msg = DISK[channel].get(post_id), message(sel, channel, post_id)
            date = msg.css(".tgme_widget_message_footer a.tgme_widget_message_date")
            assert date.attrib["href"] == f"{base}/{channel}/{post_id}"
            assert date.css("time::attr(datetime)").get() == post["date"]
            views = msg.css(".tgme_widget_message_views::text").get()
            assert views == (abbreviate(post["views"]) if "views" in post else None)
            meta = "".join(msg.css(".tgme_widget_message_meta ::text").getall())
            assert ("edited" in meta) == bool(post.get("edited"))
            author = msg.css(".tgme_widget_message_meta .tgme_widget_message_from_author::text")
            assert author.get() == post.get("author")
            text = msg.css(".tgme_widget_message_bubble > .tgme_widget_message_text")
            assert (text.css("*").get() or "").count("<br>") == post.get("text", "").count("\n")
            assert len(msg.css(".tgme_reaction")) == len(post.get("reactions", []))
            assert bool(msg.css("a.tgme_widget_message_link_preview")) == ("link_preview" in post)
            assert bool(msg.css("a.tgme_widget_message_reply")) == ("reply_to" in post)


def test_public_forward_links_to_the_source_post(server):
    sel = page(server, "/pikir_demo_ru/8")
    name = sel.css(".tgme_widget_message_forwarded_from a.tgme_widget_message_forwarded_from_name")
    fwd = DISK["pikir_demo_ru"].get(8)["forward"]
    assert name.attrib["href"] == f"{server.base_url}/{fwd['channel']}/{fwd['post']}"
    assert name.css("span::text").get() == fwd["name"]


def test_hidden_forward_is_a_span_without_link(server):
    hidden = next(
        p for p in DISK["pikir_demo_en"].posts if "post" not in p.get("forward", {"post": 1})
    )
    sel = page(server, f"/pikir_demo_en/{hidden['id']}")
    assert (
        sel.css("span.tgme_widget_message_forwarded_from_name::text").get()
        == hidden["forward"]["name"]
    )
    assert not sel.css("a.tgme_widget_message_forwarded_from_name")


def test_reply_quotes_the_parent_with_author_and_link(server):
    reply = next(p for p in DISK["pikir_demo_en"].posts if p.get("reply_to"))
    parent = DISK["pikir_demo_en"].get(reply["reply_to"]["id"])
    block = page(server, f"/pikir_demo_en/{reply['id']}").css("a.tgme_widget_message_reply")
    assert block.attrib["href"] == f"{server.base_url}/pikir_demo_en/{parent['id']}"
    assert block.css(".tgme_widget_message_author_name::text").get() == DISK["pikir_demo_en"].title
    quoted = block.css(".js-message_reply_text::text").get()
    assert quoted.startswith(parent["text"].replace("**", "")[:20])


def test_reactions_markup_emoji_custom_and_abbreviated(server):
    post = next(p for p in DISK["pikir_demo_en"].posts if p.get("views") == 10_600_000)
    sel = page(server, f"/pikir_demo_en/{post['id']}")
    assert sel.css(".tgme_widget_message_views::text").get() == "10.6M"
    first = sel.css(".tgme_widget_message_reactions .tgme_reaction")[0]
    assert first.css("i.emoji b::text").get() == "😡"
    assert first.css("::text").getall()[-1] == "48.2K"
    custom = next(
        (p["id"], r["custom_emoji_id"])
        for p in DISK["pikir_demo_en"].posts
        for r in p.get("reactions", [])
        if "custom_emoji_id" in r
    )
    sel = page(server, f"/pikir_demo_en/{custom[0]}")
    assert sel.css(".tgme_reaction tg-emoji::attr(emoji-id)").get() == custom[1]


def test_album_is_one_message_with_a_photo_per_id(server):
    album = next(
        p for p in DISK["pikir_demo_en"].posts if p.get("media", {}).get("kind") == "album"
    )
    sel = page(server, f"/pikir_demo_en/{album['id']}")
    hrefs = sel.css(
        ".tgme_widget_message_grouped_wrap a.tgme_widget_message_photo_wrap::attr(href)"
    )
    expected = [f"{server.base_url}/pikir_demo_en/{album['id'] + k}?single" for k in range(3)]
    assert hrefs.getall() == expected
    style = sel.css("a.tgme_widget_message_photo_wrap::attr(style)").get()
    assert re.search(r"background-image:url\('http://127\.0\.0\.1:\d+/file/", style)


def test_video_duration_time_has_no_datetime(server):
    video = next(
        p for p in DISK["pikir_demo_ru"].posts if p.get("media", {}).get("kind") == "video"
    )
    sel = page(server, f"/pikir_demo_ru/{video['id']}")
    assert sel.css(".tgme_widget_message_video_player time:not([datetime])::text").get()
    assert len(sel.css("time[datetime]")) == 1


def test_injected_responses_are_served_in_order_then_normal(server):
    server.inject(
        "/s/pikir_demo_ru",
        [Canned(429, {"Retry-After": "1"}, b"Too Many Requests"), (503, {}, b"down")],
    )
    status, headers, _ = get(server, "/s/pikir_demo_ru?before=40")
    assert (status, headers["Retry-After"]) == (429, "1")
    assert get(server, "/s/pikir_demo_kk")[0] == 200
    assert get(server, "/s/pikir_demo_ru")[0] == 503
    assert get(server, "/s/pikir_demo_ru")[0] == 200


def test_truncated_response_fails_the_read(server):
    server.inject("/s/pikir_demo_en", [Canned(200, {"Content-Length": "5000"}, b"<html><body>")])
    with pytest.raises(http.client.IncompleteRead):
        get(server, "/s/pikir_demo_en")
    assert get(server, "/s/pikir_demo_en")[0] == 200


def test_requests_are_recorded(server):
    get(server, "/robots.txt", headers={"User-Agent": "pikir-test/1"})
    get(server, "/s/pikir_demo_en?before=20")
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/robots.txt"),
        ("GET", "/s/pikir_demo_en?before=20"),
    ]
    assert server.requests[0].headers["User-Agent"] == "pikir-test/1"


def test_added_post_appears_on_the_first_page_only_in_memory(server):
    newest = DISK["pikir_demo_ru"].posts[-1]
    new = {
        "id": newest["id"] + 5,
        "date": "2022-06-30T10:00:00+00:00",
        "text": "Новый пост",
        "views": 7,
    }
    server.add_post("pikir_demo_ru", new)
    sel = page(server, "/s/pikir_demo_ru")
    assert post_ids(sel)[-1] == new["id"]
    assert (
        message(sel, "pikir_demo_ru", new["id"]).css(".tgme_widget_message_text::text").get()
        == "Новый пост"
    )
    assert load_channels()["pikir_demo_ru"].posts[-1]["id"] == newest["id"]
    with pytest.raises(ValueError, match="already exists"):
        server.add_post("pikir_demo_ru", new)


def test_edited_post_shows_new_text_and_edited_mark(server):
    server.edit_post("pikir_demo_kk", 3, text="Жаңартылған мәтін")
    msg = message(page(server, "/s/pikir_demo_kk?before=4"), "pikir_demo_kk", 3)
    assert msg.css(".tgme_widget_message_text::text").get() == "Жаңартылған мәтін"
    assert "edited" in "".join(msg.css(".tgme_widget_message_meta ::text").getall())
    assert "edited" not in DISK["pikir_demo_kk"].get(3)


def test_deleted_post_leaves_a_gap(server):
    server.delete_post("pikir_demo_en", 2)
    assert 2 not in post_ids(page(server, "/s/pikir_demo_en?before=5"))
    assert get(server, "/pikir_demo_en/2")[0] == 404


def test_text_is_escaped_and_markup_rendered():
    html = text_to_html('<script>alert("x")</script> & **b** #соцсети @pikir_demo_en', "http://h")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html
    assert "<b>b</b>" in html
    assert '<a href="?q=%23%D1%81%D0%BE%D1%86%D1%81%D0%B5%D1%82%D0%B8">#соцсети</a>' in html
    assert '<a href="http://h/pikir_demo_en">@pikir_demo_en</a>' in html


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (120, "120"),
        (1200, "1.2K"),
        (4850, "4.85K"),
        (12_345, "12.3K"),
        (123_456, "123K"),
        (10_600_000, "10.6M"),
    ],
)
def test_counts_are_abbreviated_like_telegram(n, shown):
    assert abbreviate(n) == shown
