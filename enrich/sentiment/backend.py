"""Pluggable sentiment backends: the shipped linear model, local transformer weights, or yours.

A backend is any object with a ``model_id`` (``name@version``, recorded with every score) and
``predict_proba(texts, langs)`` returning an ``(n, 3)`` array of probabilities in
``negative, neutral, positive`` order. :func:`load_backend` turns a spec into one:

- ``linear`` (default) or ``linear:/path/to/artifact`` — the shipped model (:mod:`.linear`);
- ``transformers:/path/to/weights`` — a local Hugging Face sequence-classification model
  (needs ``torch`` and ``transformers``, which pikir does not install);
- ``package.module:factory`` — any callable returning a backend (a plug-in).

The spec may also come from ``$PIKIR_SENTIMENT_BACKEND``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from enrich import SENTIMENT_LABELS

ENV_VAR = "PIKIR_SENTIMENT_BACKEND"


class BackendError(RuntimeError):
    """A backend spec could not be loaded."""


@runtime_checkable
class SentimentBackend(Protocol):
    """What the enrichment stage needs from a sentiment model."""

    model_id: str

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Probabilities ``(len(texts), 3)`` in negative, neutral, positive order."""
        ...


def summarise(proba: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Labels (argmax), scores ``P(positive) - P(negative)`` in −1..1, confidences (max P)."""
    proba = np.asarray(proba, dtype=np.float64).reshape(-1, len(SENTIMENT_LABELS))
    labels = [SENTIMENT_LABELS[i] for i in proba.argmax(axis=1)]
    scores = np.clip(proba[:, 2] - proba[:, 0], -1.0, 1.0)
    return labels, np.round(scores, 4), np.round(proba.max(axis=1), 4)


class LinearBackend:
    """The shipped linear model (:class:`enrich.sentiment.linear.LinearSentimentModel`)."""

    def __init__(self, path: Path | str | None = None) -> None:
        from enrich.sentiment.linear import DEFAULT_MODEL_DIR, LinearSentimentModel

        directory = Path(path or DEFAULT_MODEL_DIR)
        try:
            self.model = LinearSentimentModel.load(directory)
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise BackendError(f"cannot load the sentiment model in {directory}: {exc}") from exc
        self.model_id = self.model.model_id

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Score each text with its language's model."""
        return self.model.predict_proba(list(texts), list(langs))


class TransformersBackend:
    """A local ``AutoModelForSequenceClassification`` (never downloaded: local files only).

    Label names in the model config (``id2label``) are mapped onto negative/neutral/positive by
    their prefixes (``neg``, ``neu``, ``pos``); 3 unnamed labels are taken in that order.
    """

    def __init__(self, path: Path | str, batch_size: int = 32, max_length: int = 256) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise BackendError(
                "the transformers backend needs torch and transformers installed"
            ) from exc
        self._torch = torch
        self.path = Path(path)
        self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            self.path, local_files_only=True
        ).eval()
        self.batch_size = batch_size
        self.max_length = max_length
        self.order = label_order(self.model.config.id2label)
        self.model_id = (
            f"transformers-{self.path.name}@{getattr(self.model.config, 'version', 'local')}"
        )

    def predict_proba(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Softmax of the model's logits, reordered to negative, neutral, positive."""
        out = []
        with self._torch.no_grad():
            for start in range(0, len(texts), self.batch_size):
                batch = list(texts[start : start + self.batch_size])
                encoded = self.tokenizer(
                    batch,
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                logits = self.model(**encoded).logits
                out.append(self._torch.softmax(logits, dim=-1).numpy()[:, self.order])
        return np.vstack(out) if out else np.zeros((0, len(SENTIMENT_LABELS)))


def label_order(id2label: dict) -> list[int]:
    """Indices of the negative, neutral and positive outputs given a model's ``id2label``.

    Raises:
        BackendError: the labels cannot be mapped onto the three classes.
    """
    names = {int(i): str(name).lower() for i, name in id2label.items()}
    order = []
    for prefix in ("neg", "neu", "pos"):
        found = [i for i, name in names.items() if name.startswith(prefix)]
        if len(found) != 1:
            break
        order.append(found[0])
    if len(order) == len(SENTIMENT_LABELS):
        return order
    if len(names) == len(SENTIMENT_LABELS):
        return sorted(names)
    raise BackendError(f"cannot map labels {sorted(names.values())} onto {SENTIMENT_LABELS}")


def load_backend(spec: str | None = None) -> SentimentBackend:
    """Build the backend a spec names (see the module docstring).

    Raises:
        BackendError: the spec is malformed, its module is missing, or the object it yields
            is not a backend.
    """
    spec = spec or os.environ.get(ENV_VAR) or "linear"
    kind, _, rest = spec.partition(":")
    if kind == "linear":
        return LinearBackend(rest or None)
    if kind == "transformers":
        if not rest:
            raise BackendError("transformers:<path to local weights> expected")
        return TransformersBackend(rest)
    if not rest:
        raise BackendError(f"unknown sentiment backend {spec!r}")
    try:
        factory = getattr(importlib.import_module(kind), rest)
    except (ImportError, AttributeError) as exc:
        raise BackendError(f"cannot import sentiment backend {spec!r}: {exc}") from exc
    backend = factory()
    if not isinstance(backend, SentimentBackend):
        raise BackendError(f"{spec!r} did not return a SentimentBackend")
    return backend
