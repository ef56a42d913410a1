"""Stems of topic terms: Snowball for Russian and English, a small suffix stripper for Kazakh.

Topic terms are stemmed once when a topic file is loaded and then matched as word prefixes
(:mod:`enrich.topic`), so "законопроект" finds "законопроекта" and "әлеуметтік желілер" finds
"әлеуметтік желілерде" without stemming each post. The same stems key the Kazakh sentiment
lexicon (:mod:`enrich.sentiment.lexicon`), so a change here changes both model ids
(:mod:`enrich.fingerprint`) and requires retraining the sentiment model.

The Kazakh stripper removes, longest first, nominal endings (plural, case, possessive, person)
as often as they apply, then at most one verbal ending (tense, participle, gerund, verbal noun,
intent, conditional with a person ending), then a negation (-ма/-ме/-ба/-бе/-па/-пе) only when
a verbal ending or the past -ды/-ді/-ты/-ті followed it. Each rule keeps a stem of ``min_stem``
letters and may ask for the sound before it (-қан/-кен after voiceless consonants, -ған/-ген
after vowels and voiced ones), so nouns such as "мекен" or "Айбек" are not cut. Left alone on
purpose, because they collide with common nouns and adjectives: bare future -ар/-ер/-р (хабар,
шаһар, жер; only stripped before a person ending), the present-tense vowel (ойла-ды vs
жаз-а-ды), -й and -йды (жағдай), a bare conditional -са/-се (кеңсе "office"), -сыз/-сіз
(қауіпсіз "safe" is not қауіп "danger") and -дық/-тық (бостандық). Known conflation: a noun
ending in a vowel and -п loses the -п like a gerund (кітап → кіта), the same for all its forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer

MIN_STEM = 3

VOWELS = "аәеёиоөуұүыіэюя"
VOICELESS = "пфкқтсшщхцчһ"
VOICED = "рлйумнңзжбвгдғ"
_MIN_FOR_ONE_LETTER = MIN_STEM + 1


@dataclass(frozen=True)
class Rule:
    """One Kazakh ending and when it may be stripped.

    Attributes:
        suffix: the ending.
        min_stem: letters that must remain.
        before: letters one of which must precede the ending ("" = any).
        kind: ``nominal`` or ``plural`` (stripping continues), ``verbal`` (at most one, then
            only a negation), ``past`` (-ды/-ді/-ты/-ті: then only a plural or a negation),
            ``negation``, or ``future`` (only before a person ending).
    """

    suffix: str
    min_stem: int = MIN_STEM
    before: str = ""
    kind: str = "nominal"

    def applies(self, word: str) -> bool:
        """Whether ``word`` ends with this rule's suffix and keeps enough stem before it."""
        rest = len(word) - len(self.suffix)
        if not word.endswith(self.suffix) or rest < self.min_stem:
            return False
        return not self.before or word[rest - 1] in self.before


def _rules(suffixes: list[str], **kwargs) -> list[Rule]:
    return [
        Rule(s, **{"min_stem": _MIN_FOR_ONE_LETTER if len(s) == 1 else MIN_STEM, **kwargs})
        for s in suffixes
    ]


_PLURAL = ["лар", "лер", "дар", "дер", "тар", "тер"]
_NOMINAL = [
    # genitive, dative, accusative/past (below), locative, ablative, instrumental
    *["ның", "нің", "дың", "дің", "тың", "тің"],
    *["ға", "ге", "қа", "ке", "на", "не"],
    *["ны", "ні"],
    *["да", "де", "та", "те", "нда", "нде"],
    *["дан", "ден", "тан", "тен", "нан", "нен"],
    *["мен", "бен", "пен"],
    # adjectival locative
    *["дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"],
    # possessive (and the imperative -сын/-сін, which looks the same)
    *["сы", "сі", "ы", "і", "ым", "ім", "ың", "ің", "ымыз", "іміз", "мыз", "міз"],
    *["сын", "сін", "ын", "ін"],
    # person endings of verbs (present/future 1sg, 2sg)
    *["мын", "мін", "сың", "сің"],
]
_PAST = ["ды", "ді", "ты", "ті"]
"""Past tense 3rd person, or the accusative after a consonant (then only a plural precedes)."""
_PAST_PERSON = ["дым", "дім", "тым", "тім"]
_PAST_PERSON += ["дыңыз", "діңіз", "тыңыз", "тіңіз", "дыңдар", "діңдер", "тыңдар", "тіңдер"]
_VERBAL = [
    *_rules(_PAST_PERSON, kind="verbal"),
    Rule("ған", before=VOWELS + VOICED, kind="verbal"),
    Rule("ген", before=VOWELS + VOICED, kind="verbal"),
    Rule("қан", before=VOICELESS, kind="verbal"),
    Rule("кен", before=VOICELESS, kind="verbal"),
    *_rules(["атын", "етін", "йтын", "йтін"], kind="verbal"),
    *_rules(["ып", "іп"], before=VOICELESS + VOICED, kind="verbal"),
    Rule("п", min_stem=_MIN_FOR_ONE_LETTER, before="ае", kind="verbal"),
    Rule("у", min_stem=MIN_STEM, kind="verbal"),
    Rule("мақ", before=VOWELS + "лрйу", kind="verbal"),
    Rule("мек", before=VOWELS + "лрйу", kind="verbal"),
    Rule("бақ", before="зжмнң", kind="verbal"),
    Rule("бек", before="зжмнң", kind="verbal"),
    Rule("пақ", before=VOICELESS, kind="verbal"),
    Rule("пек", before=VOICELESS, kind="verbal"),
    # conditional, with person endings only: a bare -са/-се is a noun's end too (кеңсе, пьеса)
    *_rules(["сам", "сем", "саң", "сең", "саңыз", "сеңіз"], kind="verbal"),
]

KK_RULES: tuple[Rule, ...] = tuple(
    sorted(
        [
            *_rules(_PLURAL, kind="plural"),
            *_rules(_NOMINAL),
            *_rules(_PAST, kind="past"),
            *_VERBAL,
            *_rules(["ар", "ер"], before=VOICELESS + VOICED, kind="future"),
            Rule("р", min_stem=_MIN_FOR_ONE_LETTER, before="ае", kind="future"),
            *_rules(["ма", "ме", "ба", "бе", "па", "пе"], kind="negation"),
            # present-tense negation (-май/-мей + -ды/-ді or a person ending), at a word's end
            *[
                Rule(f"{neg}{ending}", kind="negation")
                for negs, endings in (
                    (("май", "бай", "пай"), ("ды", "мын", "сың", "мыз")),
                    (("мей", "бей", "пей"), ("ді", "мін", "сің", "міз")),
                )
                for neg in negs
                for ending in endings
            ],
        ],
        key=lambda rule: (-len(rule.suffix), rule.suffix, rule.kind),
    )
)
"""Kazakh inflectional endings with their conditions, longest first. Derivational suffixes are
left alone."""

KK_SUFFIXES = tuple(dict.fromkeys(rule.suffix for rule in KK_RULES))
"""The endings alone, longest first."""

_PERSON = frozenset({"мын", "мін", "сың", "сің", "мыз", "міз"})


def kk_rules_signature() -> str:
    """Every Kazakh rule as text, one a line (what :mod:`enrich.fingerprint` digests).

    Examples:
        >>> kk_rules_signature().splitlines()[0]
        'min_stem=3'
    """
    lines = [f"{r.kind}:{r.suffix}:{r.min_stem}:{r.before}" for r in KK_RULES]
    return "\n".join((f"min_stem={MIN_STEM}", *sorted(lines)))


def _allowed(rule: Rule, previous: Rule | None, verbal_done: bool) -> bool:
    if rule.kind == "negation" and len(rule.suffix) > 2:
        return previous is None
    if rule.kind == "negation":
        return previous is not None and previous.kind in ("verbal", "past")
    if verbal_done:
        return False
    if previous is not None and previous.kind == "past":
        return rule.kind == "plural"
    if rule.kind == "future":
        return previous is not None and previous.suffix in _PERSON
    return True


def kazakh_stem(word: str) -> str:
    """Strip Kazakh inflectional endings (nominal and verbal) under the rules of ``KK_RULES``.

    Examples:
        >>> kazakh_stem("желілерде")
        'желі'
        >>> kazakh_stem("балаларды")
        'бала'
        >>> kazakh_stem("бұғаттағаннан")
        'бұғатта'
        >>> kazakh_stem("жазбады")
        'жаз'
        >>> kazakh_stem("мекен")
        'мекен'
    """
    return kazakh_analyse(word)[0]


@lru_cache(maxsize=262_144)
def kazakh_analyse(word: str) -> tuple[str, bool]:
    """The stem of ``word`` and whether a verbal negation was stripped on the way.

    The sentiment lexicon needs the second part: "ұнамады" (did not like) has the stem of
    "ұнады" (liked) but the opposite polarity.

    Examples:
        >>> kazakh_analyse("ұнамады")
        ('ұна', True)
        >>> kazakh_analyse("ұнады")
        ('ұна', False)
    """
    word = word.lower()
    previous: Rule | None = None
    verbal_done = False
    while True:
        rule = next(
            (r for r in KK_RULES if _allowed(r, previous, verbal_done) and r.applies(word)),
            None,
        )
        if rule is None:
            return word, False
        word = word[: -len(rule.suffix)]
        if rule.kind == "negation":
            return word, True
        verbal_done = verbal_done or rule.kind in ("verbal", "future")
        previous = rule


@cache
def _snowball(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=262_144)
def stem(word: str, lang: str) -> str:
    """Return the stem of one word in ``lang`` (``ru``, ``en``, ``kk``; others unchanged)."""
    word = word.lower()
    if lang == "kk":
        return kazakh_stem(word)
    if lang == "ru":
        return _snowball("russian").stemWord(word)
    if lang == "en":
        return _snowball("english").stemWord(word)
    return word
