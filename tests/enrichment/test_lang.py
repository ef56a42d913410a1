import pytest

from enrich import EVAL_DIR
from enrich.evaluate import language_accuracy, read_rows
from enrich.lang import LanguageIdentifier


@pytest.fixture(scope="module")
def detector():
    return LanguageIdentifier()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Мажилис одобрил законопроект о защите детей от кибербуллинга", "ru"),
        ("Мәжіліс әлеуметтік желілер туралы заң жобасын мақұлдады", "kk"),
        ("Qazaqstan Respublikasynyñ Parlamenti jaña zañdy qabyldady", "kk"),
        ("Qaıyrly tań, dostar! Búgin demalys kúni", "kk"),
        ("rahmet, tauar keldi, bari jaksy, satushyga alghys", "kk"),
        ("Бүгін погода жақсы, но ертең жаңбыр жауады дейді", "kk"),
        ("Министр рассказал, что Қазақстан продолжит реформы", "ru"),
        ("Kazakhstan's Mazhilis approves social media bill in first reading", "en"),
        ("Instagram мен Facebook-та ақау болды", "kk"),
        ("Кыргызстандын парламенти жаңы мыйзамды кабыл алды", "other"),
        ("Дякую всім за привітання, дуже приємно!", "other"),
        ("Heute haben wir in Berlin eine neue Ausstellung besucht", "other"),
        ("今天阿拉木图的天气很好", "other"),
    ],
)
def test_language_of_typical_posts(detector, text, lang):
    assert detector.guess(text).lang == lang


@pytest.mark.parametrize("text", ["", None, "12345 !!! 🙂"])
def test_texts_without_letters_are_other_with_zero_confidence(detector, text):
    guess = detector.guess(text)
    assert (guess.lang, guess.confidence) == ("other", 0.0)


def test_confidences_are_probabilities(detector):
    langs, confidences = detector.detect(["Сегодня хороший день, и мы идём гулять", "Hi"])
    assert len(langs) == 2
    assert all(0 <= c <= 1 for c in confidences)


def test_accuracy_on_the_evaluation_sets_meets_the_goal(detector):
    rows = read_rows(EVAL_DIR / "relevance.csv") + read_rows(EVAL_DIR / "language_extra.csv")
    holdout = read_rows(EVAL_DIR / "relevance_holdout.csv")
    assert language_accuracy(rows, detector)["accuracy"] >= 0.97
    assert language_accuracy(holdout, detector)["accuracy"] >= 0.97
