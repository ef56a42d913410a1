import json

import numpy as np
import pytest

from enrich import SENTIMENT_LABELS
from enrich.sentiment import train
from enrich.sentiment.backend import (
    BackendError,
    LinearBackend,
    SentimentBackend,
    label_order,
    load_backend,
    summarise,
)
from enrich.sentiment.corpora import DEFAULT_DATA_DIR
from enrich.sentiment.linear import DEFAULT_MODEL_DIR, LinearSentimentModel, route

MAX_ARTIFACT_BYTES = 25 * 1024 * 1024

needs_shared_data = pytest.mark.skipif(
    not DEFAULT_DATA_DIR.exists(),
    reason=f"training data not found at {DEFAULT_DATA_DIR} (set PIKIR_SHARED_DATA)",
)


def test_summarise_gives_labels_scores_and_confidences():
    labels, scores, confidences = summarise(np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]))
    assert labels == ["negative", "positive"]
    assert list(scores) == pytest.approx([-0.6, 0.7])
    assert list(confidences) == pytest.approx([0.7, 0.8])


@pytest.mark.parametrize(
    ("id2label", "order"),
    [
        ({0: "positive", 1: "negative", 2: "neutral"}, [1, 2, 0]),
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, [0, 1, 2]),
    ],
)
def test_transformer_labels_are_mapped(id2label, order):
    assert label_order(id2label) == order


def test_unmappable_labels_are_rejected():
    with pytest.raises(BackendError):
        label_order({0: "joy", 1: "anger"})


def test_routing_sends_other_languages_to_a_model_by_script():
    assert route("kk", "Сәлем") == "kk"
    assert route("other", "Guten Tag") == "en"
    assert route("other", "Добрий день") == "ru"


def test_a_plugin_backend_is_loaded_from_a_spec():
    backend = load_backend("tests.enrichment_fixtures:keyword_backend")
    assert isinstance(backend, SentimentBackend)
    assert backend.model_id == "keyword-test@1"
    labels, _, _ = summarise(backend.predict_proba(["good", "bad", "so so"], ["en"] * 3))
    assert labels == ["positive", "negative", "neutral"]


@pytest.mark.parametrize(
    "spec",
    [
        "tests.enrichment_fixtures:not_a_backend",
        "tests.enrichment_fixtures:missing",
        "no_such_module_xyz:factory",
        "mystery",
        "transformers:",
    ],
)
def test_bad_specs_raise_backend_error(spec):
    with pytest.raises(BackendError):
        load_backend(spec)


def test_the_environment_chooses_the_backend(monkeypatch):
    monkeypatch.setenv("PIKIR_SENTIMENT_BACKEND", "tests.enrichment_fixtures:keyword_backend")
    assert load_backend().model_id == "keyword-test@1"


def test_transformer_backend_with_a_tiny_random_model(tmp_path):
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "good", "bad", "жақсы", "плохо"]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(tmp_path / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=16,
        num_labels=3,
        id2label={0: "negative", 1: "neutral", 2: "positive"},
        label2id={"negative": 0, "neutral": 1, "positive": 2},
    )
    torch.manual_seed(0)
    transformers.BertForSequenceClassification(config).save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    backend = load_backend(f"transformers:{tmp_path}")
    proba = backend.predict_proba(["good", "плохо жақсы"], ["en", "kk"])
    assert proba.shape == (2, 3)
    assert np.allclose(proba.sum(axis=1), 1)


@pytest.mark.slow
@needs_shared_data
def test_training_a_tiny_model_round_trips(tmp_path):
    out = tmp_path / "model"
    assert train.main(["--sample", "40", "--no-cv", "--out", str(out), "--langs", "ru,kk"]) == 0
    model = LinearSentimentModel.load(out)
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert meta["languages"] == ["kk", "ru"]
    assert meta["metadata"]["seed"] == train.SEED
    proba = model.predict_proba(["Очень плохо", "Өте жақсы"], ["ru", "kk"])
    assert proba.shape == (2, 3)
    assert np.allclose(proba.sum(axis=1), 1)
    again = tmp_path / "again"
    train.main(["--sample", "40", "--no-cv", "--out", str(again), "--langs", "ru,kk"])
    reloaded = LinearSentimentModel.load(again)
    assert np.array_equal(
        reloaded.predict_proba(["Очень плохо"], ["ru"]),
        model.predict_proba(["Очень плохо"], ["ru"]),
    )


@pytest.mark.slow
@needs_shared_data
def test_cross_validation_reports_in_domain_and_held_out_corpus():
    rows = train._sample(train.load_corpora(lang="ru"), 60)
    report = train.cross_validate(rows, "ru", {}, folds=2)
    assert set(report) == {"rusentiment", "rusentitweet", "sentirueval2015"}
    for entry in report.values():
        assert entry["n"] == 60
        assert len(entry["folds"]) == 2
        assert 0 <= entry["in_domain_kfold"] <= 1
        assert 0 <= entry["held_out_corpus"] <= 1


shipped = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "model.json").exists(), reason="no shipped model artifact"
)


@shipped
def test_the_shipped_artifact_is_small_and_versioned():
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir())
    assert size <= MAX_ARTIFACT_BYTES
    meta = json.loads((DEFAULT_MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    assert meta["version"]
    assert meta["labels"] == list(SENTIMENT_LABELS)
    assert set(meta["metadata"]["cv_macro_f1"]) == {"ru", "kk", "en"}


@shipped
@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("Это просто ужасно, ненавижу эти бесконечные запреты", "ru", "negative"),
        ("Спасибо огромное, очень рада, вы лучшие!", "ru", "positive"),
        ("Өте жақсы тауар, рахмет сатушыға!", "kk", "positive"),
        ("Сапасы нашар, ақшама өкіндім, ұнамады", "kk", "negative"),
        ("I love this, what a wonderful day :)", "en", "positive"),
        ("This is terrible, I hate it", "en", "negative"),
    ],
)
def test_the_shipped_model_gets_obvious_cases_right(text, lang, label):
    backend = LinearBackend()
    labels, _, _ = summarise(backend.predict_proba([text], [lang]))
    assert labels == [label]


def test_a_missing_artifact_is_a_backend_error(tmp_path):
    with pytest.raises(BackendError, match="cannot load the sentiment model"):
        load_backend(f"linear:{tmp_path}")
