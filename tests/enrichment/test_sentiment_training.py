import gzip
import json

import numpy as np
import pytest
from scipy import sparse

from enrich.sentiment.corpora import DEFAULT_LEXICON_DIR
from enrich.sentiment.features import FeatureSpec, Featurizer
from enrich.sentiment.lexicon import WordStrengths, build_lexicons, lexicon_features
from enrich.sentiment.linear import DEFAULT_MODEL_DIR, fit_language, nb_ratios
from enrich.sentiment.text import fold_kazakh

SMALL = FeatureSpec(char_bits=12, word_bits=10, lexicon=False)
TEXTS = [
    "керемет тамаша өнім",
    "тамаша керемет сапа",
    "нашар сапа өкіндім",
    "өте нашар өкіндім",
    "жеткізу екі күн",
    "екі күн жеткізу",
] * 4
LABELS = ["positive", "positive", "negative", "negative", "neutral", "neutral"] * 4


def test_nb_ratios_favour_columns_of_the_positive_rows():
    x = sparse.csr_matrix(np.array([[2.0, 0.0, 1.0], [1.0, 0.0, 1.0], [0.0, 3.0, 1.0]]))
    ratios = nb_ratios(x, np.array([True, True, False]))
    assert ratios[0] > 0 > ratios[1]
    # smoothed presence counts: positive (3, 1, 3) of 7, other (1, 2, 2) of 5
    assert ratios[2] == pytest.approx(np.log((3 / 7) / (2 / 5)))


@pytest.mark.parametrize("nb_weighting", [False, True])
def test_a_tiny_model_learns_its_training_words(nb_weighting):
    model = fit_language(TEXTS, LABELS, "kk", SMALL, None, nb_weighting=nb_weighting)
    assert model.coef.shape == (3, SMALL.n_features)
    proba = model.proba(["тамаша керемет", "өкіндім нашар", "күн жеткізу"])
    assert np.allclose(proba.sum(axis=1), 1)
    assert proba.argmax(axis=1).tolist() == [2, 0, 1]  # negative, neutral, positive order


def test_nb_weighting_leaves_the_lexicon_columns_unscaled():
    spec = FeatureSpec(char_bits=12, word_bits=10, lexicon=True)
    lexicon = {"тамаша": 1.0, "нашар": -1.0}
    plain = fit_language(TEXTS, LABELS, "kk", spec, lexicon, nb_weighting=False)
    weighted = fit_language(TEXTS, LABELS, "kk", spec, lexicon, nb_weighting=True)
    assert weighted.coef.shape == plain.coef.shape
    # the positive class leans on the positive-mass lexicon column
    assert weighted.coef[2, -spec.n_dense] > 0


def test_folding_makes_russian_keyboard_spellings_share_ngrams():
    assert fold_kazakh("жақсы өнім, рақмет") == "жаксы оним, ракмет"
    folded = Featurizer(FeatureSpec(char_bits=12, word_bits=10, fold_kazakh=True), "kk")
    plain = Featurizer(FeatureSpec(char_bits=12, word_bits=10), "kk")
    same = folded.counts(["Жақсы өнім", "жаксы оним"])
    assert (same[0] != same[1]).nnz == 0
    differ = plain.counts(["Жақсы өнім", "жаксы оним"])
    assert (differ[0] != differ[1]).nnz > 0


@pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "lexicons.json.gz").exists() or not DEFAULT_LEXICON_DIR.exists(),
    reason="needs the shipped artifact and the shared lexicons",
)
def test_the_shipped_lexicons_were_stemmed_by_the_current_stemmers():
    with gzip.open(DEFAULT_MODEL_DIR / "lexicons.json.gz", "rt", encoding="utf-8") as handle:
        shipped = json.load(handle)
    built = build_lexicons(DEFAULT_LEXICON_DIR)
    assert {lang: shipped[lang] for lang in built} == built  # en has no lexicon


def test_negated_words_count_with_the_opposite_sign():
    table = {"ұна": 1.0, "жақ": 1.0, "нрав": 1.0}
    kk = WordStrengths(table, "kk", negation=True)
    assert kk.get("ұнады") == 1.0
    assert kk.get("ұнамады") == -1.0
    positive, negative, _, share = lexicon_features("жақсы емес", kk)
    assert (positive, share) == (0.0, 0.5)
    assert negative > 0
    ru = WordStrengths(table, "ru", negation=True)
    assert lexicon_features("не нравится", ru)[1] > 0
    assert lexicon_features("нравится", ru)[0] > 0


def test_without_the_flag_negation_is_ignored_as_in_older_models():
    kk = WordStrengths({"ұна": 1.0}, "kk")
    assert kk.get("ұнамады") == 1.0
    assert lexicon_features("ұнады емес", kk)[0] > 0
