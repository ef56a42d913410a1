"""LSH banding over millions of MinHash signatures in numpy, with bounded, predictable memory.

Used by :mod:`warehouse.near_duplicates`. Signatures arrive in chunks; each band of each
signature is reduced to one 64-bit key (:func:`band_keys`), so the build holds ``8 * bands``
bytes per post instead of the signatures. :func:`star_pairs` then finds, per band, the buckets
(posts with the same key) with a plain ``np.sort`` of keys packed with their position (no
argsort of the whole band, no hash table), and pairs every member of a bucket with the bucket's
lowest rank, as :func:`enrich.near_duplicates.candidate_pairs` does. :func:`components` turns
the kept pairs into clusters.
"""

from __future__ import annotations

import numpy as np

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)


def band_keys(sigs: np.ndarray, bands: int) -> np.ndarray:
    """One 64-bit key per band of each signature (``bands x len(sigs)``, uint64).

    A band's minima (read two at a time as 64-bit words when the band has an even number of
    rows, no copy) are folded by multiply-add with odd constants, so the high bits the packing
    of :func:`star_pairs` keeps depend on every minimum. Equal bands give equal keys; different
    bands collide with a chance of about 2**-64 (a collision only adds a candidate pair, which
    the threshold then judges).
    """
    sigs = np.ascontiguousarray(sigs, dtype=np.uint32)
    rows = sigs.shape[1] // bands
    columns = sigs.view(np.uint64) if rows % 2 == 0 else sigs.astype(np.uint64)
    wide = columns.reshape(len(sigs), bands, -1)
    key = wide[:, :, 0] * _MIX[0]
    for column in range(1, wide.shape[2]):
        key += wide[:, :, column]
        key *= _MIX[1]
    return np.ascontiguousarray(key.T)


def star_pairs(
    keys: np.ndarray, ranks: np.ndarray, max_bucket: int | None = None
) -> tuple[np.ndarray, np.ndarray, int]:
    """Star edges of one band: each bucket member paired with the bucket's lowest rank.

    Args:
        keys: the band key of each signature row.
        ranks: each row's rank (the order that names a bucket's head); a rank may repeat
            (the same post twice), which adds no edge.
        max_bucket: buckets with more rows are skipped and counted.

    Returns:
        Heads, members (ranks, one edge per non-head member) and the number of skipped buckets.
    """
    empty = np.empty(0, dtype=np.int64)
    if len(keys) < 2:
        return empty, empty, 0
    bits = max(1, int(len(keys) - 1).bit_length())
    position_mask = np.uint64((1 << bits) - 1)
    packed = (keys & ~position_mask) | np.arange(len(keys), dtype=np.uint64)
    packed.sort()
    high = packed >> np.uint64(bits)
    same = high[1:] == high[:-1]
    in_bucket = np.zeros(len(keys), dtype=bool)
    in_bucket[1:] |= same
    in_bucket[:-1] |= same
    rows = (packed[in_bucket] & position_mask).astype(np.int64)  # few: shared high bits
    order = np.lexsort((ranks[rows], keys[rows]))  # exact buckets, lowest rank first
    full, rank = keys[rows][order], ranks[rows][order]
    if not len(full):
        return empty, empty, 0
    starts = np.flatnonzero(np.concatenate(([True], full[1:] != full[:-1])))
    sizes = np.diff(np.append(starts, len(full)))
    bucket = np.repeat(np.arange(len(starts)), sizes)
    head = rank[starts][bucket]
    cap = max_bucket if max_bucket is not None else len(keys)
    edge = (sizes[bucket] <= cap) & (rank != head)
    return head[edge], rank[edge], int(np.count_nonzero(sizes > cap))


def components(i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the edges ``(i, j)``: each node and its component's least node."""
    nodes, inverse = np.unique(np.concatenate([i, j]), return_inverse=True)
    left, right = inverse[: len(i)], inverse[len(i) :]
    label = np.arange(len(nodes))
    while True:
        before = label.copy()
        low = np.minimum(label[left], label[right])
        np.minimum.at(label, left, low)
        np.minimum.at(label, right, low)
        while not np.array_equal(label, label[label]):
            label = label[label]  # pointer jumping: follow labels to their roots
        if np.array_equal(label, before):
            return nodes, nodes[label]
