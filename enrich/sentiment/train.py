"""Train (and cross-validate) the shipped sentiment model reproducibly.

    python -m enrich.sentiment.train                 # CV report + train + write the artifact
    python -m enrich.sentiment.train --no-cv         # train and write only
    python -m enrich.sentiment.train --sample 300 --out /tmp/m   # a tiny model (tests)

Cross-validation per language: Russian is scored per target corpus both *in domain* (3-fold on
the target, training on the other folds plus every other Russian corpus, as the shipped model
is) and *held-out corpus* (trained only on the other Russian corpora: a whole corpus unseen).
Kazakh and English have one corpus each, so only stratified 3-fold within it. Seeds are fixed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from enrich.sentiment.corpora import (
    CORPORA,
    DEFAULT_DATA_DIR,
    DEFAULT_LEXICON_DIR,
    Rows,
    load_corpora,
)
from enrich.sentiment.features import FeatureSpec, Featurizer
from enrich.sentiment.lexicon import build_lexicons
from enrich.sentiment.linear import (
    DEFAULT_MODEL_DIR,
    MODEL_LANGS,
    LanguageModel,
    LinearSentimentModel,
    fit_language,
)

SEED = 20240607
NAME = "sentiment-linear"
VERSION = "1.2.0"
SPECS = {
    "ru": FeatureSpec(lexicon=True, vader=False, lexicon_negation=True),
    "kk": FeatureSpec(
        lexicon=True, vader=False, fold_kazakh=True, lexicon_negation=True, dense_scale=3.0
    ),
    "en": FeatureSpec(lexicon=False, vader=True),
}
ALPHA = {"ru": 1e-5, "kk": 1e-4, "en": 1e-5}
NB_WEIGHTING = {"ru": True, "kk": True, "en": True}
"""NB-SVM log-count-ratio weighting per language (see ``linear.fit_language``)."""


def _subset(rows: Rows, idx: np.ndarray | list[int]) -> Rows:
    return Rows(
        [rows.texts[i] for i in idx], [rows.labels[i] for i in idx], [rows.corpora[i] for i in idx]
    )


def _macro_f1(model, counts, dense, labels: list[str]) -> float:
    x = model.featurizer.weigh(counts, dense)
    logits = np.asarray(x @ model.coef.T) + model.intercept
    pred = np.array(["negative", "neutral", "positive"])[logits.argmax(axis=1)]
    return round(float(f1_score(labels, pred, average="macro")), 4)


def _fit(rows: Rows, lang: str, lexicons: dict, features=None) -> LanguageModel:
    return fit_language(
        rows.texts,
        rows.labels,
        lang,
        SPECS[lang],
        lexicons.get(lang),
        alpha=ALPHA[lang],
        features=features,
        nb_weighting=NB_WEIGHTING[lang],
    )


def cross_validate(rows: Rows, lang: str, lexicons: dict, folds: int) -> dict:
    """Macro-F1 per target corpus: in-domain k-fold and (with ≥2 corpora) held-out corpus."""
    featurizer = Featurizer(SPECS[lang], lang, lexicons.get(lang))
    counts, dense = featurizer.counts(rows.texts), featurizer.dense(rows.texts)
    labels = np.array(rows.labels)
    corpora = np.array(rows.corpora)

    def fit_eval(train: np.ndarray, test: np.ndarray) -> float:
        train_rows = _subset(rows, train)
        model = _fit(train_rows, lang, lexicons, (counts[train], dense[train]))
        return _macro_f1(model, counts[test], dense[test], list(labels[test]))

    report: dict[str, dict] = {}
    for name in sorted(set(rows.corpora)):
        target = np.flatnonzero(corpora == name)
        rest = np.flatnonzero(corpora != name)
        splitter = StratifiedKFold(folds, shuffle=True, random_state=SEED)
        scores = [
            fit_eval(np.concatenate([rest, target[a]]), target[b])
            for a, b in splitter.split(target, labels[target])
        ]
        entry: dict = {"in_domain_kfold": round(float(np.mean(scores)), 4), "folds": scores}
        if len(rest):
            entry["held_out_corpus"] = fit_eval(rest, target)
        entry["n"] = len(target)
        report[name] = entry
        print(f"  {lang} {name}: {entry}", flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--lexicon-dir", type=Path, default=DEFAULT_LEXICON_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--langs", default=",".join(MODEL_LANGS))
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--cv-only", action="store_true", help="do not write an artifact")
    parser.add_argument("--sample", type=int, default=0, help="rows per corpus (0 = all)")
    parser.add_argument(
        "--exclude", default="", help="comma-separated corpora to leave out (e.g. rusentiment)"
    )
    args = parser.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    excluded = {name for name in args.exclude.split(",") if name}
    lexicons = build_lexicons(args.lexicon_dir)
    models, cv, sizes = {}, {}, {}
    started = time.perf_counter()
    for lang in args.langs.split(","):
        names = tuple(c.name for c in CORPORA if c.lang == lang and c.name not in excluded)
        rows = load_corpora(args.data_dir, lang, names)
        if args.sample:
            rows = _sample(rows, args.sample)
        sizes[lang] = {name: rows.corpora.count(name) for name in names}
        print(f"{lang}: {len(rows)} rows {sizes[lang]}", flush=True)
        if not args.no_cv:
            cv[lang] = cross_validate(rows, lang, lexicons, args.folds)
        if not args.cv_only:
            models[lang] = _fit(rows, lang, lexicons)
    metadata = {
        "seed": SEED,
        "trained_on": sizes,
        "licences": {c.name: c.licence for c in CORPORA if c.name not in excluded},
        "cv_macro_f1": cv,
        "alpha": ALPHA,
        "nb_weighting": NB_WEIGHTING,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(metadata, indent=2, ensure_ascii=False))
    if models:
        first = next(iter(models.values())).featurizer.spec
        path = LinearSentimentModel(NAME, VERSION, first, models, metadata).save(args.out)
        print(f"wrote {path}")
    return 0


def _sample(rows: Rows, per_corpus: int) -> Rows:
    rng = np.random.default_rng(SEED)
    keep: list[int] = []
    corpora = np.array(rows.corpora)
    for name in sorted(set(rows.corpora)):
        idx = np.flatnonzero(corpora == name)
        keep.extend(sorted(rng.choice(idx, min(per_corpus, len(idx)), replace=False)))
    return _subset(rows, keep)


if __name__ == "__main__":
    sys.exit(main())
