import pytest

from enrich.stemming import kazakh_stem, stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("желілерде", "желі"),
        ("балаларды", "бала"),
        ("жобасы", "жоба"),
        ("заңның", "заң"),
        ("заңы", "заңы"),  # one-letter suffixes need a four-letter stem
        ("заң", "заң"),
        ("кибербуллингтен", "кибербуллинг"),
    ],
)
def test_kazakh_suffixes_are_stripped(word, expected):
    assert kazakh_stem(word) == expected


def test_kazakh_stems_keep_at_least_three_letters():
    assert kazakh_stem("алда") == "алда"


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("законопроекта", "ru", "законопроект"),
        ("соцсетей", "ru", "соцсет"),
        ("networks", "en", "network"),
    ],
)
def test_snowball_for_russian_and_english(word, lang, expected):
    assert stem(word, lang) == expected


def test_other_languages_are_only_lowercased():
    assert stem("Straße", "de") == "straße"
