"""Print every enrichment figure: language accuracy, relevance precision/recall, sentiment CV.

    python -m enrich.evaluate [--json]

Evaluation sets (``enrich/eval/``, composed by hand for this project, see its README):
``relevance.csv`` (415 posts, the development set the topic file was tuned on),
``relevance_holdout.csv`` (132 posts written after the topic file was frozen),
``language_extra.csv`` (Latin-script and mixed Kazakh, Russian with Kazakh names, other
languages). Language accuracy counts texts of at least 20 characters.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from enrich import EVAL_DIR
from enrich.lang import LanguageIdentifier
from enrich.topic import DEFAULT_TOPIC, Topic

MIN_CHARS = 20


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of an evaluation CSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def language_accuracy(rows: list[dict[str, str]], detector: LanguageIdentifier) -> dict:
    """Accuracy (and per-language accuracy) on rows with ``text`` and ``lang``."""
    rows = [r for r in rows if len(r["text"]) >= MIN_CHARS]
    langs, _ = detector.detect([r["text"] for r in rows])
    hits = Counter()
    totals = Counter(r["lang"] for r in rows)
    errors = []
    for row, lang in zip(rows, langs, strict=True):
        if lang == row["lang"]:
            hits[row["lang"]] += 1
        else:
            errors.append({"text": row["text"], "expected": row["lang"], "got": lang})
    return {
        "n": len(rows),
        "accuracy": round(sum(hits.values()) / len(rows), 4) if rows else None,
        "per_lang": {k: round(hits[k] / v, 4) for k, v in sorted(totals.items())},
        "errors": errors,
    }


def relevance_scores(rows: list[dict[str, str]], topic: Topic) -> dict:
    """Precision and recall of ``relevance >= threshold`` against ``label == relevant``."""
    scores, _ = topic.score([r["text"] for r in rows])
    tp = fp = fn = 0
    errors = []
    for row, value in zip(rows, scores, strict=True):
        predicted, gold = value >= topic.threshold, row["label"] == "relevant"
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
        if predicted != gold:
            errors.append({"text": row["text"], "label": row["label"], "relevance": value})
    return {
        "n": len(rows),
        "labels": dict(Counter(r["label"] for r in rows)),
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "errors": errors,
    }


def sentiment_card() -> dict:
    """Cross-validated macro-F1 recorded in the shipped model's metadata."""
    from enrich.sentiment.linear import DEFAULT_MODEL_DIR

    path = DEFAULT_MODEL_DIR / "model.json"
    if not path.exists():
        return {}
    meta = json.loads(path.read_text(encoding="utf-8"))
    return {"model": f"{meta['name']}@{meta['version']}", **meta["metadata"]["cv_macro_f1"]}


def evaluate(eval_dir: Path = EVAL_DIR, topic_path: Path = DEFAULT_TOPIC) -> dict:
    """Compute every figure."""
    detector = LanguageIdentifier()
    topic = Topic.load(topic_path)
    dev = read_rows(eval_dir / "relevance.csv")
    holdout = read_rows(eval_dir / "relevance_holdout.csv")
    extra = read_rows(eval_dir / "language_extra.csv")
    return {
        "language_dev": language_accuracy(dev + extra, detector),
        "language_holdout": language_accuracy(holdout, detector),
        "relevance_dev": relevance_scores(dev, topic),
        "relevance_holdout": relevance_scores(holdout, topic),
        "sentiment_cv_macro_f1": sentiment_card(),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the figures (``--json`` for everything, errors included)."""
    parser = argparse.ArgumentParser(description="Print every enrichment figure.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for key in ("language_dev", "language_holdout"):
        r = report[key]
        print(f"{key}: accuracy {r['accuracy']} on {r['n']} texts >= {MIN_CHARS} chars")
        print(f"  per language: {r['per_lang']}")
        for e in r["errors"]:
            print(f"  miss: expected {e['expected']} got {e['got']}: {e['text'][:80]}")
    for key in ("relevance_dev", "relevance_holdout"):
        r = report[key]
        print(f"{key}: precision {r['precision']} recall {r['recall']} on {r['n']} {r['labels']}")
        for e in r["errors"]:
            print(f"  miss: {e['label']} scored {e['relevance']:.2f}: {e['text'][:80]}")
    card = report["sentiment_cv_macro_f1"]
    print(f"sentiment ({card.pop('model', 'no model')}) cross-validated macro-F1:")
    for lang, corpora in card.items():
        for corpus, entry in corpora.items():
            held = entry.get("held_out_corpus")
            extra = f", held-out corpus {held}" if held is not None else ""
            figure = entry["in_domain_kfold"]
            print(f"  {lang} {corpus}: in-domain {figure}{extra} (n={entry['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
