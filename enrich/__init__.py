"""Enrichment: language, relevance to a topic and sentiment of every post (DESIGN.md §1).

Modules do one job each: :mod:`enrich.lang` (language id), :mod:`enrich.stemming` and
:mod:`enrich.topic` (relevance), :mod:`enrich.sentiment` (the trained model and its pluggable
backends), :mod:`enrich.scorer` (all three together over Arrow batches), :mod:`enrich.lake`
(the ``enrichment`` table) and :mod:`enrich.csvscore` (``pikir score`` on any CSV).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
EVAL_DIR = PACKAGE_DIR / "eval"
TOPICS_DIR = PACKAGE_DIR / "topics"
MODELS_DIR = PACKAGE_DIR / "models"
LANGS = ("kk", "ru", "en", "other")
SENTIMENT_LABELS = ("negative", "neutral", "positive")
