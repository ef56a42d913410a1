import numpy as np

from enrich.sentiment.ngrams import char_ngram_counts


def test_counts_every_padded_ngram_once():
    matrix = char_ngram_counts(["ab", "abc"], 1, 2, 12)
    # " ab " has 4 unigrams and 3 bigrams; " abc " has 5 and 4
    assert matrix.sum(axis=1).A1.tolist() == [7, 9]
    assert matrix.shape == (2, 4096)


def test_the_same_ngram_lands_in_the_same_column_and_is_summed():
    matrix = char_ngram_counts(["aaa", "xaaax"], 2, 2, 16)
    first, second = matrix.toarray()
    shared = np.flatnonzero(first == 2)  # "aa" twice in " aaa "
    assert len(shared) == 1
    assert second[shared[0]] == 2


def test_ngrams_never_span_two_texts():
    together = char_ngram_counts(["ab", "cd"], 3, 3, 16)
    alone = char_ngram_counts(["ab"], 3, 3, 16)
    assert (together[0] != alone[0]).nnz == 0


def test_no_texts_and_empty_texts():
    assert char_ngram_counts([], 1, 3, 8).shape == (0, 256)
    assert char_ngram_counts([""], 2, 5, 8).sum() == 1  # the two pad spaces
