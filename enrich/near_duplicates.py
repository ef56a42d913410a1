"""Near-duplicate texts: character-shingle MinHash with LSH banding, in numpy.

A repost across platforms is rarely byte-identical: a Telegram post becomes a VK post with a
link added, a few words changed, emoji dropped. Texts are normalised (case-folded, links and
punctuation removed, spaces collapsed), cut into overlapping character shingles of
``shingle`` code points (works the same for Russian, Kazakh and English, no tokeniser), and
each text's shingle set is summarised by ``num_perm`` minima of multiply-shift hashes
(MinHash: the share of equal minima estimates the Jaccard similarity of the two sets).
Signatures are split into ``bands`` bands; texts sharing any band are candidates, and a
candidate pair is kept when its estimated Jaccard is at least ``threshold``. Clusters are the
connected components of kept pairs. Hash parameters come from a fixed seed, so the same texts
give the same clusters on every machine and every run.

At scale the work is split: the enrichment stage stores each post version's signature
(:func:`minhash_column`, column ``minhash`` of ``lake/enrichment``) once, and the warehouse
build bands and clusters the stored signatures (:mod:`warehouse.near_duplicates`).
:func:`find_clusters` does it all in memory: for CSVs, tests, and as the reference the build
must agree with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

VERSION = "near_duplicates@1"
_LINK = re.compile(r"(?:https?://|www\.|t\.me/)[^\s\x00]+")  # on case-folded text
_NOT_WORD = re.compile(r"[^\w\x00]+")
_PRIME = np.uint64(1_000_003)
_FOLD = np.uint64(0x9E3779B97F4A7C15)
CHUNK_CODEPOINTS = 4_000_000


@dataclass(frozen=True)
class MinHashParams:
    """How texts are compared.

    Attributes:
        shingle: code points per shingle (5 keeps small edits local in ru/kk/en text).
        num_perm: hash functions per signature; must equal ``bands * rows``.
        bands: LSH bands; with ``rows = num_perm / bands`` rows each, pairs of Jaccard ``s``
            become candidates with probability ``1 - (1 - s**rows) ** bands``.
        threshold: least estimated Jaccard for two texts to be joined.
        min_chars: normalised texts shorter than this are not compared (too little to say).
        seed: seed of the hash parameters (determinism).
    """

    shingle: int = 5
    num_perm: int = 64
    bands: int = 16
    threshold: float = 0.5
    min_chars: int = 40
    seed: int = 20210915

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm {self.num_perm} is not a multiple of bands {self.bands}")

    @property
    def rows(self) -> int:
        """Signature rows per band."""
        return self.num_perm // self.bands

    def coefficients(self) -> tuple[np.ndarray, np.ndarray]:
        """The hash permutations ``x -> a*x + b (mod 2**32)`` (``a`` odd) drawn from ``seed``."""
        rng = np.random.default_rng(self.seed)
        high = np.iinfo(np.uint32).max
        a = rng.integers(1, high, size=self.num_perm, dtype=np.uint32, endpoint=True) | 1
        b = rng.integers(0, high, size=self.num_perm, dtype=np.uint32, endpoint=True)
        return a, b


DEFAULT_PARAMS = MinHashParams()


def signature_model(params: MinHashParams = DEFAULT_PARAMS) -> str:
    """Name of the signatures ``params`` give (part of the enrichment ``model``).

    Only what changes a signature is named: the shingle size, ``num_perm``, the seed and
    ``min_chars``; ``bands`` and ``threshold`` are applied at clustering time.
    """
    default = DEFAULT_PARAMS
    same = (params.shingle, params.num_perm, params.seed, params.min_chars) == (
        default.shingle,
        default.num_perm,
        default.seed,
        default.min_chars,
    )
    if same:
        return VERSION
    named = f"k={params.shingle},perm={params.num_perm},seed={params.seed},min={params.min_chars}"
    return f"{VERSION}({named})"


def normalise(text: str | None) -> str:
    """Case-fold, drop links and everything but letters and digits, collapse spaces."""
    return normalise_many([text])[0]


def normalise_many(texts: Sequence[str | None], chunk: int = 5_000) -> list[str]:
    """:func:`normalise` of many texts, one regex pass per ``chunk`` texts (faster)."""
    out: list[str] = []
    for begin in range(0, len(texts), chunk):
        part = texts[begin : begin + chunk]
        joined = "\x00".join((t or "").replace("\x00", " ") for t in part)
        joined = _NOT_WORD.sub(" ", _LINK.sub(" ", joined.casefold()).replace("_", " "))
        out += [text.strip() for text in joined.split("\x00")]
    return out


def _shingle_hashes(texts: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Hash every k-code-point window of every text; return (hashes, start offset per text).

    Texts are joined with a separator, the windows hashed with a polynomial over the code
    points (uint64 arithmetic wraps, which is intended) folded to 32 bits by a multiply-shift,
    and windows that cross a separator dropped. Every text must be at least ``k`` long.
    """
    joined = "\x00".join(texts)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    windows = len(points) - k + 1
    hashes = np.zeros(windows, dtype=np.uint64)
    for j in range(k):
        hashes = hashes * _PRIME + points[j : j + windows]
    keep = np.ones(windows, dtype=bool)
    crossing = (starts[1:, None] - 1 - np.arange(k)[None, :]).ravel()
    keep[crossing[crossing >= 0]] = False
    counts = lengths - k + 1
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    folded = ((hashes[keep] * _FOLD) >> np.uint64(32)).astype(np.uint32)
    return folded, offsets


def signatures(
    texts: Sequence[str],
    params: MinHashParams = DEFAULT_PARAMS,
    chunk_codepoints: int = CHUNK_CODEPOINTS,
) -> np.ndarray:
    """MinHash signatures (``len(texts) x num_perm``, uint32) of normalised texts.

    Texts are hashed in chunks of about ``chunk_codepoints`` code points (bounded memory).
    Texts shorter than ``params.shingle`` are padded with spaces so every text has a shingle.
    """
    a, b = params.coefficients()
    k = params.shingle
    out = np.empty((len(texts), params.num_perm), dtype=np.uint32)
    begin = 0
    while begin < len(texts):
        end, size = begin, 0
        while end < len(texts) and (size < chunk_codepoints or end == begin):
            size += len(texts[end]) + 1
            end += 1
        chunk = [t.ljust(k) for t in texts[begin:end]]
        hashes, offsets = _shingle_hashes(chunk, k)
        mixed = np.empty_like(hashes)
        for p in range(params.num_perm):
            np.multiply(hashes, a[p], out=mixed)
            np.add(mixed, b[p], out=mixed)
            out[begin:end, p] = np.minimum.reduceat(mixed, offsets)
        begin = end
    return out


def text_signatures(
    texts: Sequence[str | None], params: MinHashParams = DEFAULT_PARAMS
) -> tuple[np.ndarray, np.ndarray]:
    """Normalise raw texts and sign those long enough to compare.

    Returns:
        The indices of the texts at least ``params.min_chars`` long once normalised, and their
        signatures (one row each, in that order).
    """
    normalised = normalise_many(texts)
    usable = np.flatnonzero([len(t) >= params.min_chars for t in normalised])
    if not len(usable):
        return usable, np.empty((0, params.num_perm), dtype=np.uint32)
    return usable, signatures([normalised[i] for i in usable], params)


def minhash_column(texts: Sequence[str | None], params: MinHashParams = DEFAULT_PARAMS) -> pa.Array:
    """The enrichment ``minhash`` column (``list<uint32>``) of raw texts; null when too short."""
    usable, sigs = text_signatures(texts, params)
    values = np.zeros((len(texts), params.num_perm), dtype=np.uint32)
    values[usable] = sigs
    short = np.ones(len(texts), dtype=bool)
    short[usable] = False
    offsets = pa.array(np.arange(len(texts) + 1, dtype=np.int32) * params.num_perm, pa.int32())
    return pa.ListArray.from_arrays(
        offsets, pa.array(values.ravel(), pa.uint32()), mask=pa.array(short)
    )


def _find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = int(parent[i])
    return i


def candidate_pairs(sigs: np.ndarray, params: MinHashParams) -> np.ndarray:
    """Pairs ``(i, j)`` (i < j) that share at least one LSH band, each pair once.

    Within a band bucket every member is paired with the bucket's first member (a star), which
    keeps the pair count linear in the bucket size; other bands supply the remaining edges.
    """
    pairs = []
    for band in range(params.bands):
        block = np.ascontiguousarray(sigs[:, band * params.rows : (band + 1) * params.rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * params.rows))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        heads = first[inverse]
        members = np.flatnonzero(heads != np.arange(len(keys)))
        if len(members):
            pairs.append(np.stack([heads[members], members], axis=1))
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.sort(np.concatenate(pairs), axis=1), axis=0)


def similarity(sigs: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of rows ``i`` and ``j``: the share of equal minima."""
    return (sigs[i] == sigs[j]).mean(axis=1)


def cluster_labels(sigs: np.ndarray, params: MinHashParams = DEFAULT_PARAMS) -> np.ndarray:
    """Component label (the smallest member index) of each row; singletons label themselves."""
    parent = np.arange(len(sigs), dtype=np.int64)
    pairs = candidate_pairs(sigs, params)
    if len(pairs):
        kept = pairs[similarity(sigs, pairs[:, 0], pairs[:, 1]) >= params.threshold]
        for i, j in kept.tolist():
            root_i, root_j = _find(parent, i), _find(parent, j)
            if root_i != root_j:
                parent[max(root_i, root_j)] = min(root_i, root_j)
    return np.array([_find(parent, i) for i in range(len(sigs))], dtype=np.int64)


@dataclass(frozen=True)
class Clusters:
    """Near-duplicate clusters of a list of texts (only clusters of two or more texts).

    Attributes:
        members: index of each clustered text in the input.
        first: for each clustered text, the index of its cluster's first text.
        similarity: estimated Jaccard similarity of each text to its cluster's first text.
    """

    members: np.ndarray
    first: np.ndarray
    similarity: np.ndarray


def find_clusters(
    texts: Sequence[str | None],
    order: Sequence[object] | None = None,
    params: MinHashParams = DEFAULT_PARAMS,
) -> Clusters:
    """Cluster near-duplicate texts.

    Args:
        texts: raw texts (normalised here); texts too short after normalisation never cluster.
        order: sort keys (e.g. ``(published_at, post_key)``); a cluster's first text is the one
            with the smallest key. Defaults to the input order.
        params: shingle size, signature size, bands and threshold.

    Returns:
        The clustered texts with their cluster's first text and their similarity to it.
    """
    usable, sigs = text_signatures(texts, params)
    empty = np.empty(0, dtype=np.int64)
    if len(usable) < 2:
        return Clusters(empty, empty, np.empty(0))
    labels = cluster_labels(sigs, params)
    sizes = np.bincount(labels, minlength=len(labels))
    local = np.flatnonzero(sizes[labels] > 1)
    if not len(local):
        return Clusters(empty, empty, np.empty(0))
    rank = np.arange(len(usable))
    if order is not None:
        keys = [order[i] for i in usable]
        rank = np.empty(len(usable), dtype=np.int64)
        rank[sorted(range(len(usable)), key=keys.__getitem__)] = np.arange(len(usable))
    first_of: dict[int, int] = {}
    for i in local.tolist():
        label = int(labels[i])
        if label not in first_of or rank[i] < rank[first_of[label]]:
            first_of[label] = i
    heads = np.array([first_of[int(labels[i])] for i in local], dtype=np.int64)
    return Clusters(
        members=usable[local],
        first=usable[heads],
        similarity=similarity(sigs, local, heads),
    )
