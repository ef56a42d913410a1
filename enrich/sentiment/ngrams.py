"""Hashed character n-gram counts of a whole batch at once, vectorised with numpy.

sklearn's ``char_wb`` analyzer builds every n-gram as a Python string (≈ 2,000 posts/s on
Telegram-length posts); here the texts are joined into one array of code points and each
n-gram is a rolling multiplicative hash computed for every position in one numpy operation per
``n``. N-grams never span two texts; like ``char_wb``, each text is padded with a space.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SEPARATOR = "\x00"


def char_ngram_counts(texts: list[str], n_min: int, n_max: int, bits: int) -> sparse.csr_matrix:
    """Return a ``(len(texts), 2**bits)`` CSR matrix of hashed character n-gram counts."""
    n_rows, width = len(texts), 1 << bits
    if not n_rows:
        return sparse.csr_matrix((0, width), dtype=np.float64)
    padded = [f" {t.replace(_SEPARATOR, ' ')} " for t in texts]
    joined = _SEPARATOR.join(padded)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(p) + 1 for p in padded), dtype=np.int64, count=n_rows)
    row_of = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)[: len(codes)]
    is_sep = (codes == 0).astype(np.int64)
    seps = np.concatenate([[0], np.cumsum(is_sep)])
    rows, cols = [], []
    shift = np.uint64(64 - bits)
    with np.errstate(over="ignore"):
        for n in range(n_min, n_max + 1):
            count = len(codes) - n + 1
            if count <= 0:
                break
            h = np.full(count, np.uint64(n), dtype=np.uint64)
            for k in range(n):
                h = h * _PRIME + codes[k : k + count]
            keep = seps[n : n + count] == seps[:count]
            rows.append(row_of[:count][keep])
            cols.append(((h[keep] * _MIX) >> shift).astype(np.int64))
    row = np.concatenate(rows)
    order = np.argsort(row, kind="stable")  # runs already sorted per n: cheap
    col = np.concatenate(cols)[order]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_rows))])
    data = np.ones(len(col), dtype=np.float64)
    matrix = sparse.csr_matrix((data, col, indptr), shape=(n_rows, width))
    matrix.sum_duplicates()
    return matrix
