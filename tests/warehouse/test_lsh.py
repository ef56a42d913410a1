"""Banding in numpy (warehouse.lsh) against enrich.near_duplicates.candidate_pairs."""

from __future__ import annotations

import numpy as np
import pytest

from enrich.near_duplicates import DEFAULT_PARAMS, MinHashParams, candidate_pairs
from warehouse.lsh import band_keys, components, star_pairs


def planted_signatures(n: int, num_perm: int, seed: int = 3) -> np.ndarray:
    """Random signatures where every fifth row copies most minima of an earlier row."""
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, 2**32, size=(n, num_perm), dtype=np.uint32)
    for i in range(5, n, 5):
        source = rng.integers(0, i)
        keep = rng.random(num_perm) < 0.8
        sigs[i, keep] = sigs[source, keep]
    if n > 7:
        sigs[7] = sigs[2]  # an exact copy: equal in every band
    return sigs


def all_star_pairs(sigs, params, ranks=None, max_bucket=None):
    ranks = np.arange(len(sigs)) if ranks is None else ranks
    keys = band_keys(sigs, params.bands)
    found = [star_pairs(keys[band], ranks, max_bucket) for band in range(params.bands)]
    pairs = {
        (int(h), int(m)) for heads, members, _ in found for h, m in zip(heads, members, strict=True)
    }
    return pairs, sum(skipped for _, _, skipped in found)


@pytest.mark.parametrize("params", [DEFAULT_PARAMS, MinHashParams(num_perm=24, bands=8)])
def test_star_pairs_are_the_reference_candidate_pairs(params):
    sigs = planted_signatures(2_000, params.num_perm)
    expected = {tuple(map(int, pair)) for pair in candidate_pairs(sigs, params)}
    got, skipped = all_star_pairs(sigs, params)
    assert got == expected
    assert len(expected) > 300  # the planted copies share bands
    assert skipped == 0


def test_heads_follow_the_rank_not_the_row_order():
    sigs = np.repeat(planted_signatures(1, 64), 3, axis=0)
    got, _ = all_star_pairs(sigs, DEFAULT_PARAMS, ranks=np.array([40, 10, 30]))
    assert got == {(10, 30), (10, 40)}


def test_a_repeated_rank_adds_no_edge():
    sigs = np.repeat(planted_signatures(1, 64), 2, axis=0)
    assert all_star_pairs(sigs, DEFAULT_PARAMS, ranks=np.array([4, 4]))[0] == set()


def test_band_keys_differ_when_one_minimum_differs():
    sigs = np.repeat(planted_signatures(1, 64), 2, axis=0)
    sigs[1, 5] += 1  # band 1 (minima 4..7)
    keys = band_keys(sigs, 16)
    assert (keys[:, 0] == keys[:, 1]).tolist() == [True] + [False] + [True] * 14


def test_buckets_over_the_cap_are_skipped_and_counted():
    sigs = np.repeat(planted_signatures(1, 64), 4, axis=0)
    got, skipped = all_star_pairs(sigs, DEFAULT_PARAMS, max_bucket=3)
    assert (got, skipped) == (set(), 16)


def test_components_label_each_node_with_its_least_node():
    nodes, first = components(np.array([5, 9, 2, 7]), np.array([9, 11, 3, 11]))
    assert dict(zip(nodes.tolist(), first.tolist(), strict=True)) == {
        2: 2,
        3: 2,
        5: 5,
        7: 5,
        9: 5,
        11: 5,
    }
    nodes, first = components(np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert len(nodes) == len(first) == 0


def test_a_long_chain_is_one_component():
    chain = np.arange(1_000)
    nodes, first = components(chain[:-1][::-1], chain[1:][::-1])
    assert set(first.tolist()) == {0}
    assert len(nodes) == 1_000
