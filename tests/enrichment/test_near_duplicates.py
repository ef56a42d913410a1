"""MinHash + LSH near-duplicate clustering on texts written for these tests (ru, kk, en)."""

from __future__ import annotations

import numpy as np
import pytest

from enrich.near_duplicates import (
    MinHashParams,
    find_clusters,
    normalise,
    signatures,
    similarity,
)

RU = (
    "Мажилис одобрил в первом чтении законопроект "
    "о социальных сетях, депутаты спорили о блокировках"
)
RU_EDIT = (
    "Мажилис одобрил в первом чтении законопроект "
    "о соцсетях; депутаты спорили о блокировках! https://t.me/pikir/1"
)
KK = (
    "Мәжіліс әлеуметтік желілер туралы заң жобасын "
    "бірінші оқылымда мақұлдады, депутаттар бұғаттауды талқылады"
)
KK_EDIT = (
    "Мәжіліс әлеуметтік желілер туралы заң жобасын "
    "бірінші оқылымда мақұлдады. Депутаттар бұғаттауды талқылады 👍"
)
EN = (
    "The Mazhilis approved the social media bill in "
    "its first reading after deputies argued about blocking"
)
EN_EDIT = (
    "Mazhilis approved the social media bill in its "
    "first reading after the deputies argued about blocking."
)
# Same topic, different texts: must stay apart.
RU_OTHER = (
    "Сенат вернул закон о защите детей от "
    "вредной информации на доработку после критики правозащитников"
)
KK_OTHER = (
    "Сенат балаларды зиянды ақпараттан қорғау туралы "
    "заңды құқық қорғаушылардың сынынан кейін қайтарды"
)
EN_OTHER = (
    "Rights groups asked the Senate to send the bill back for rework together with journalists"
)


def shingles(text: str, k: int = 5) -> set[str]:
    norm = normalise(text)
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def clusters_of(texts):
    found = find_clusters(texts)
    groups: dict[int, list[int]] = {}
    for member, first in zip(found.members.tolist(), found.first.tolist(), strict=True):
        groups.setdefault(first, []).append(member)
    return sorted(sorted(g) for g in groups.values())


def test_normalise_drops_case_links_and_punctuation():
    assert normalise("Закон, ЗАКОН! https://vlast.kz/x?y=1 — t.me/ch/5 Заң_жобасы") == (
        "закон закон заң жобасы"
    )
    assert normalise(None) == ""


@pytest.mark.parametrize(("text", "edited"), [(RU, RU_EDIT), (KK, KK_EDIT), (EN, EN_EDIT)])
def test_paraphrase_with_small_edits_clusters(text, edited):
    assert clusters_of([text, edited]) == [[0, 1]]


def test_different_texts_on_the_same_topic_do_not_cluster():
    assert clusters_of([RU, RU_OTHER, KK, KK_OTHER, EN, EN_OTHER]) == []


def test_a_mixed_corpus_clusters_per_language():
    texts = [RU, KK, EN, RU_OTHER, EN_EDIT, KK_OTHER, RU_EDIT, EN_OTHER, KK_EDIT]
    assert clusters_of(texts) == [[0, 6], [1, 8], [2, 4]]


def test_translations_are_not_near_duplicates():
    assert clusters_of([RU, KK, EN]) == []


def test_estimated_similarity_tracks_true_jaccard():
    pairs = [(RU, RU_EDIT), (KK, KK_EDIT), (EN, EN_EDIT), (RU, RU_OTHER), (EN, EN_OTHER)]
    sigs = signatures([normalise(t) for pair in pairs for t in pair])
    even, odd = np.arange(0, len(sigs), 2), np.arange(1, len(sigs), 2)
    estimated = similarity(sigs, even, odd)
    exact = np.array([jaccard(a, b) for a, b in pairs])
    assert np.abs(estimated - exact).max() < 0.2


def test_identical_after_normalisation_is_similarity_one():
    found = find_clusters([RU, RU.upper() + " !!! https://example.com/a"])
    assert found.similarity.tolist() == [1.0, 1.0]


def test_first_in_cluster_follows_the_order_keys():
    found = find_clusters([RU_EDIT, RU], order=[("2021-09-16", "b"), ("2021-09-15", "a")])
    assert found.first.tolist() == [1, 1]
    assert found.members.tolist() == [0, 1]


def test_signatures_are_deterministic_and_seeded():
    texts = [normalise(t) for t in (RU, KK, EN)]
    assert np.array_equal(signatures(texts), signatures(texts))
    other = signatures(texts, MinHashParams(seed=7))
    assert not np.array_equal(signatures(texts), other)


def test_chunking_does_not_change_signatures():
    texts = [normalise(t) for t in (RU, RU_EDIT, KK, KK_EDIT, EN, EN_EDIT)]
    assert np.array_equal(signatures(texts), signatures(texts, chunk_codepoints=50))


def test_texts_too_short_never_cluster():
    assert clusters_of(["Закон принят!", "Закон принят.", "закон принят"]) == []


def test_transitive_edits_join_one_cluster():
    step1 = RU_EDIT
    step2 = RU_EDIT.replace("депутаты спорили", "депутаты долго спорили")
    found = find_clusters([RU, step1, step2])
    assert found.members.tolist() == [0, 1, 2]
    assert found.first.tolist() == [0, 0, 0]


def test_bands_must_divide_the_signature():
    with pytest.raises(ValueError, match="multiple of bands"):
        MinHashParams(num_perm=64, bands=10)
