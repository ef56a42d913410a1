import pytest

from enrich.fingerprint import stemmer_id
from enrich.stemming import (
    KK_RULES,
    KK_SUFFIXES,
    kazakh_analyse,
    kazakh_stem,
    kk_rules_signature,
    stem,
)


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
    ("word", "expected"),
    [
        # past tense, with person endings
        ("бұғаттады", "бұғатта"),
        ("берді", "бер"),
        ("қолдандым", "қолдан"),
        ("жаздыңыз", "жаз"),
        # participles, then case endings
        ("айтқан", "айт"),
        ("келген", "кел"),
        ("жасаған", "жаса"),
        ("бұғаттағаннан", "бұғатта"),
        ("жазатын", "жаз"),
        ("бұғаттайтын", "бұғатта"),
        # gerunds
        ("жазып", "жаз"),
        ("келіп", "кел"),
        ("сөйлеп", "сөйле"),
        # verbal noun, also with possessive and case
        ("тіркеу", "тірке"),
        ("тіркелуге", "тіркел"),
        ("бұғаттауы", "бұғатта"),
        ("ұсыну", "ұсын"),
        # intent
        ("жазбақ", "жаз"),
        ("келмек", "кел"),
        ("айтпақ", "айт"),
        # future, only before a person ending
        ("барармын", "бар"),
        # conditional
        ("жазсам", "жаз"),
        ("жазсаңыз", "жаз"),
        # negation only before another ending
        ("жазбады", "жаз"),
        ("айтпады", "айт"),
        ("жазбаған", "жаз"),
        ("жазбау", "жаз"),
    ],
)
def test_kazakh_verb_endings_are_stripped(word, expected):
    assert kazakh_stem(word) == expected


@pytest.mark.parametrize(
    "word",
    [
        "мекен",  # -кен only after a voiceless consonant
        "айбек",  # -бек only after з, ж, м, н, ң
        "хабар",  # bare future -ар collides with nouns
        "шаһар",
        "жағдай",
        "қауіпсіз",  # -сыз is derivational ("safe"), not a person ending
        "бостандық",
        "бағдарлама",  # a final -ма is a negation only before another ending
        "мәселе",
        "тамақ",  # -мақ needs a three-letter stem
        "кеңсе",  # a bare -се is not stripped as a conditional
    ],
)
def test_kazakh_nouns_are_not_over_stemmed(word):
    assert kazakh_stem(word) == word


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("жағдайды", "жағдай"),  # accusative: -й is not stripped after it
        ("бағдарламаны", "бағдарлама"),
        ("бағдарламаға", "бағдарлама"),
        ("хабарлар", "хабар"),
        ("адамдарды", "адам"),  # after an accusative only a plural comes off
    ],
)
def test_inflected_nouns_keep_their_stem(word, expected):
    assert kazakh_stem(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("ұнамады", ("ұна", True)),
        ("ұнамайды", ("ұна", True)),
        ("келмеймін", ("кел", True)),
        ("айтпаған", ("айт", True)),
        ("ұнады", ("ұна", False)),
        ("жағдайды", ("жағдай", False)),  # a noun's -й before the accusative is no negation
        ("бағдарламаны", ("бағдарлама", False)),
    ],
)
def test_negated_verb_forms_are_flagged(word, expected):
    assert kazakh_analyse(word) == expected


def test_inflected_verb_forms_share_one_stem():
    forms = ["тіркелу", "тіркелді", "тіркелген", "тіркеліп", "тіркелуге", "тіркелмеген"]
    assert {kazakh_stem(f) for f in forms} == {"тіркел"}


def test_rules_are_ordered_longest_first_and_listed_once():
    lengths = [len(rule.suffix) for rule in KK_RULES]
    assert lengths == sorted(lengths, reverse=True)
    assert len(set(KK_SUFFIXES)) == len(KK_SUFFIXES)
    assert {"ған", "мақ", "ып", "у", "саң", "ма"} <= set(KK_SUFFIXES)


def test_the_stemmer_id_digests_the_rules():
    signature = kk_rules_signature()
    assert "verbal:ған:3:" in signature
    assert stemmer_id().startswith("snowball")


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
