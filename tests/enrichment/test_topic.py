import pytest

from enrich import EVAL_DIR
from enrich.evaluate import read_rows, relevance_scores
from enrich.topic import Topic, TopicError, word_pattern

SECOND_TOPIC = """
[topic]
name = "water"
version = "3"
threshold = 0.5

[requires]
any_of = ["subject"]
cap = 0.2

[[term]]
id = "water"
group = "subject"
weight = 0.6
ru = ["вода"]
kk = ["су"]
en = ["=water"]

[[term]]
id = "tariff"
group = "money"
weight = 0.5
ru = ["тариф"]

[[exclude]]
id = "sport"
penalty = 0.9
ru = ["водное поло"]
"""


@pytest.fixture(scope="module")
def bill():
    return Topic.load()


@pytest.fixture
def water(tmp_path):
    path = tmp_path / "water.toml"
    path.write_text(SECOND_TOPIC, encoding="utf-8")
    return Topic.load(path)


@pytest.mark.parametrize(
    "text",
    [
        "Мажилис одобрил в первом чтении законопроект о защите детей от кибербуллинга",
        "Закон о социальных сетях подписан",
        "Әлеуметтік желілер туралы заң жобасы Мәжілісте қаралды",
        "Foreign social networks must open a local office in Kazakhstan under the new bill",
    ],
)
def test_bill_posts_are_relevant(bill, text):
    scores, terms = bill.score([text])
    assert scores[0] >= bill.threshold
    assert terms[0]


def test_inflected_forms_match_through_stems(bill):
    _, terms = bill.score(["Обсуждение законопроекта о соцсетях", "әлеуметтік желілердегі заңның"])
    assert {"bill", "social_networks"} <= set(terms[0])
    assert {"bill", "social_networks"} <= set(terms[1])


@pytest.mark.parametrize(
    "text",
    [
        "Мажилис принял поправки в Налоговый кодекс",
        "Meta shares fell after weak earnings",
        "TikTok запустил новый фильтр",
        "Курс тенге укрепился",
    ],
)
def test_hard_negatives_stay_below_the_threshold(bill, text):
    assert bill.score([text])[0][0] < bill.threshold


def test_exclusions_are_recorded_and_penalise(bill):
    scores, terms = bill.score(["Мажилис принял поправки в Налоговый кодекс"])
    assert "-other_bill" in terms[0]
    assert scores[0] < 0.35


def test_null_and_empty_texts_score_zero(bill):
    scores, terms = bill.score([None, ""])
    assert list(scores) == [0.0, 0.0]
    assert terms == [[], []]


def test_a_second_topic_is_a_second_file(water):
    scores, terms = water.score(
        ["Тарифы на воду выросли", "Тариф на газ", "Водное поло: вода и мяч", "water", "watery"]
    )
    assert water.model.startswith("water@3~")
    assert scores[0] == pytest.approx(1 - 0.4 * 0.5)
    assert scores[1] == pytest.approx(0.2)  # capped: no subject term
    assert terms[2] == ["water", "-sport"]
    assert scores[2] == pytest.approx(0.6 * 0.1)
    assert terms[3] == ["water"]
    assert terms[4] == []  # "=water" is exact


def test_exact_words_do_not_match_longer_words():
    assert word_pattern("=meta", "en").startswith("meta")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[topic]\nname='x'\n", "term"),
        ("[topic]\nname='x'\nversion='1'\n[[term]]\nid='a'\nweight=2\nru=['a']\n", "0..1"),
        ("[topic]\nname='x'\nversion='1'\n[[term]]\nid='a'\nweight=0.5\n", "no phrases"),
        ("not toml [", "Expected"),
    ],
)
def test_malformed_topic_files_are_rejected(tmp_path, text, problem):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TopicError, match=problem):
        Topic.load(path)


def test_precision_and_recall_meet_the_goals(bill):
    for name in ("relevance.csv", "relevance_holdout.csv"):
        rows = read_rows(EVAL_DIR / name)
        report = relevance_scores(rows, bill)
        assert report["precision"] >= 0.90, name
        assert report["recall"] >= 0.85, name


def test_the_evaluation_set_is_large_and_balanced():
    rows = read_rows(EVAL_DIR / "relevance.csv")
    assert len(rows) >= 400
    assert {r["lang"] for r in rows} == {"ru", "kk", "en"}
    assert {r["label"] for r in rows} == {"relevant", "near_miss", "irrelevant"}


def test_the_model_id_is_stable_for_the_same_file(tmp_path, water):
    again = tmp_path / "again.toml"
    again.write_text(SECOND_TOPIC, encoding="utf-8")
    assert Topic.load(again).model == water.model


def test_editing_a_topic_file_changes_its_model_id_without_a_version_bump(tmp_path, water):
    edited = tmp_path / "edited.toml"
    edited.write_text(SECOND_TOPIC.replace("weight = 0.6", "weight = 0.65", 1), encoding="utf-8")
    changed = Topic.load(edited)
    assert changed.version == water.version
    assert changed.model != water.model
