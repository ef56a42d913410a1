import shutil

from enrich.fingerprint import digest, stemmer_id, with_fingerprint
from enrich.sentiment.linear import DEFAULT_MODEL_DIR, LinearSentimentModel


def test_digest_counts_part_boundaries():
    assert digest(b"ab", b"c") != digest(b"a", b"bc")
    assert digest("ab") == digest(b"ab")
    assert len(digest(b"x")) == 8


def test_stemmer_id_names_snowball_and_the_kazakh_rules():
    assert stemmer_id().startswith("snowball3.")
    assert "-kk" in stemmer_id()


def test_with_fingerprint_leaves_ids_without_one_alone():
    assert with_fingerprint("m@1", "") == "m@1"
    assert with_fingerprint("m@1", "abcd1234") == "m@1~abcd1234"


def test_a_changed_artifact_changes_the_sentiment_model_id(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    shipped = LinearSentimentModel.load(DEFAULT_MODEL_DIR).model_id
    assert LinearSentimentModel.load(copy).model_id == shipped
    with (copy / "weights.npz").open("ab") as handle:
        handle.write(b"\0")  # zip readers ignore trailing bytes; the fingerprint must not
    changed = LinearSentimentModel.load(copy).model_id
    assert changed.split("~")[0] == shipped.split("~")[0]
    assert changed != shipped
