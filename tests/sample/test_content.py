"""Invariants of the bundled sample content (sample/telegram/*.json, sample/sources.toml)."""

import itertools
import re
from collections import Counter
from datetime import UTC, datetime
from statistics import median

import pytest

from pikir.config import SAMPLE_SOURCES_FILE, SourcesConfig
from pikir.sample.content import id_span, load_channels

CHANNELS = load_channels()
MAIN = ["pikir_demo_ru", "pikir_demo_kk", "pikir_demo_en"]
POSTS = [(name, p) for name in MAIN for p in CHANNELS[name].posts]
EVENT_DAYS = {
    "2021-09-15",
    "2021-11-01",
    "2022-03-09",
    "2022-03-24",
    "2022-04-02",
    "2022-04-20",
    "2022-04-23",
    "2022-05-03",
}
SYNTHETIC = re.compile(r"synthetic|синтетич|синтетикалық", re.IGNORECASE)


def when(post):
    return datetime.fromisoformat(post["date"])


def count(predicate):
    return sum(1 for _, p in POSTS if predicate(p))


def test_three_main_channels_in_three_languages_plus_a_closed_one():
    assert {CHANNELS[n].lang for n in MAIN} == {"ru", "kk", "en"}
    assert all(CHANNELS[n].preview for n in MAIN)
    assert CHANNELS["pikir_demo_closed"].preview is False


def test_at_least_150_posts_spread_over_the_main_channels():
    assert len(POSTS) >= 150
    assert min(len(CHANNELS[n].posts) for n in MAIN) >= 50


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_title_and_description_say_synthetic(name):
    channel = CHANNELS[name]
    assert SYNTHETIC.search(channel.title)
    assert "Synthetic demo channel for pikir" in channel.description


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_dates_are_utc_and_inside_the_study_window(name):
    for post in CHANNELS[name].posts:
        assert post["date"].endswith("+00:00"), post
        assert when(post).tzinfo is not None
        assert datetime(2021, 9, 1, tzinfo=UTC) <= when(post) < datetime(2022, 7, 1, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_ids_increase_with_time_and_albums_do_not_overlap(name):
    posts = CHANNELS[name].posts
    assert posts[0]["id"] == 1
    assert posts[0]["text"] == "Channel created"
    for older, newer in itertools.pairwise(posts):
        assert newer["id"] >= older["id"] + id_span(older), (older["id"], newer["id"])
        assert when(newer) > when(older), (older["id"], newer["id"])
    assert any(b["id"] > a["id"] + id_span(a) for a, b in itertools.pairwise(posts))


def test_public_forwards_resolve_to_earlier_posts_with_the_same_text():
    forwards = [(n, p) for n, p in POSTS if (p.get("forward") or {}).get("channel")]
    assert len(forwards) >= 10
    for _, post in forwards:
        fwd = post["forward"]
        source = CHANNELS[fwd["channel"]].get(fwd["post"])
        assert source is not None, fwd
        assert source["id"] == fwd["post"], fwd
        assert fwd["name"] == CHANNELS[fwd["channel"]].title
        assert when(source) < when(post)
        assert post.get("text") == source.get("text")


def test_hidden_forwards_carry_a_name_only():
    hidden = [p["forward"] for _, p in POSTS if p.get("forward") and "channel" not in p["forward"]]
    assert len(hidden) >= 3
    assert all(set(f) == {"name"} and f["name"] for f in hidden)


def test_replies_point_to_earlier_posts_of_the_same_channel():
    replies = [(n, p) for n, p in POSTS if p.get("reply_to")]
    assert len(replies) >= 10
    for name, post in replies:
        parent = CHANNELS[name].get(post["reply_to"]["id"])
        assert parent is not None
        assert parent["id"] == post["reply_to"]["id"]
        assert parent["id"] < post["id"]


@pytest.mark.parametrize(
    ("feature", "minimum"),
    [
        ("edited", 10),
        ("author", 8),
        ("service", 6),
        ("link_preview", 6),
        ("reactions", 30),
    ],
)
def test_feature_counts(feature, minimum):
    assert count(lambda p: bool(p.get(feature))) >= minimum


@pytest.mark.parametrize(
    ("kind", "minimum"),
    [("photo", 6), ("album", 4), ("video", 4), ("voice", 4), ("document", 4), ("poll", 3)],
)
def test_media_kinds(kind, minimum):
    assert count(lambda p: (p.get("media") or {}).get("kind") == kind) >= minimum


def test_reactions_include_custom_paid_and_abbreviated_counts():
    reactions = [r for _, p in POSTS for r in p.get("reactions", [])]
    assert any(r.get("custom_emoji_id", "").isdigit() for r in reactions)
    assert any(r.get("paid") for r in reactions)
    assert any(r["count"] >= 1000 for r in reactions)
    assert all(r["count"] > 0 for r in reactions)


def test_views_span_120_to_10_6_million():
    views = [p["views"] for _, p in POSTS if "views" in p]
    assert min(views) == 120
    assert max(views) == 10_600_000
    assert count(lambda p: p.get("service") and "views" in p) == 0


def test_texts_use_hashtags_mentions_links_and_line_breaks():
    texts = [p.get("text", "") for _, p in POSTS]
    for tag in ("#законопроект", "#соцсети", "#кибербуллинг"):
        assert any(tag in t for t in texts), tag
    assert sum("@pikir_demo_" in t for t in texts) >= 3
    assert any("https://vlast.kz/" in t for t in texts)
    assert any("https://tengrinews.kz/" in t for t in texts)
    assert sum("\n" in t for t in texts) >= 5
    assert sum("**" in t for t in texts) >= 10


def test_kazakh_channel_uses_kazakh_letters_and_some_latin_posts():
    texts = [p.get("text", "") for p in CHANNELS["pikir_demo_kk"].posts]
    joined = " ".join(texts).lower()
    assert set("әғқңөұүһі") <= set(joined)
    latin = [t for t in texts if re.search("[äñğūı]", t) and not re.search("[а-яәғқңөұүһі]", t)]
    assert len(latin) >= 3


def test_daily_volume_peaks_on_the_event_days():
    per_day = Counter(p["date"][:10] for _, p in POSTS)
    top = {day for day, _ in per_day.most_common(len(EVENT_DAYS))}
    assert top == EVENT_DAYS
    assert min(per_day[d] for d in EVENT_DAYS) >= 3 * median(per_day.values())


def test_sources_file_lists_every_sample_channel():
    sources = SourcesConfig.load(SAMPLE_SOURCES_FILE)
    assert {c.name for c in sources.channels} == set(CHANNELS)
    assert all(c.confidence == "synthetic" for c in sources.channels)
    assert {c.name: c.lang for c in sources.channels} == {n: c.lang for n, c in CHANNELS.items()}
    assert sources.telegram_base_url.startswith("http://127.0.0.1")
