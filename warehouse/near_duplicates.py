"""The build step behind ``repost_clusters``: near-duplicate clusters of the current posts.

Run by :func:`warehouse.build.build_warehouse` after the staging and intermediate views and
before the marts; stores the table ``int_near_duplicates`` (one row per post in a cluster of
two or more) in the warehouse being built.

The expensive part, the MinHash signature of each post text, is computed once per post
version by the enrichment stage (``minhash`` in ``lake/enrichment``, model tag
``+near_duplicates@1``). Here, in DuckDB and numpy (:mod:`warehouse.lsh`):

1. every current post (``int_posts_deduplicated``) gets a rank in ``(published_at,
   post_key)`` order and its signature from the enrichment rows of the same ``(post_key,
   content_sha256)`` signed with the same parameters; posts without one (not enriched yet,
   or scored before the column existed) are signed here, in Python, and counted;
2. each band of each signature becomes a 64-bit key (streamed in chunks: 8 bytes per band and
   post are held, not the signatures); within a bucket (band, key) every member is paired
   with the bucket's lowest rank (a star: pairs grow linearly with the bucket, never
   quadratically); pairs are deduplicated and kept when their share of equal minima reaches the
   threshold;
3. connected components of the kept pairs (few) are found in numpy; a cluster's id is the
   ``post_key`` of its oldest post, each member's similarity its estimated Jaccard to it.

The edges are the ones :func:`enrich.near_duplicates.find_clusters` draws on the same texts in
the same order, so both give the same clusters (tests/warehouse/test_near_duplicates_sql.py).
Why in the build and not a lake table: clusters are a pure function of the current posts, so
they can never be stale, and there is no second copy of post-derived data to purge.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from enrich.near_duplicates import (
    DEFAULT_PARAMS,
    VERSION,
    MinHashParams,
    minhash_column,
    signature_model,
)
from warehouse.lsh import band_keys, components, star_pairs
from warehouse.sources import quote_literal

TABLE = "int_near_duplicates"
SCHEMA = pa.schema(
    [
        pa.field("post_key", pa.string(), nullable=False),
        pa.field("cluster_id", pa.string(), nullable=False),
        pa.field("similarity", pa.float64(), nullable=False),
        pa.field("method", pa.string(), nullable=False),
    ]
)
UNSIGNED_BATCH = 20_000
SIGNATURE_CHUNK = 262_144


@dataclass(frozen=True)
class NearDuplicateReport:
    """What one clustering did (for benchmarks and logs).

    Attributes:
        posts: current posts.
        signed_in_build: posts whose signature was not in the lake and was computed here.
        candidate_pairs: distinct pairs sharing a band bucket.
        kept_pairs: candidate pairs at or above the threshold.
        skipped_buckets: buckets larger than ``max_bucket`` left out (0 without a cap).
        clustered: posts in a cluster of two or more.
    """

    posts: int
    signed_in_build: int
    candidate_pairs: int
    kept_pairs: int
    skipped_buckets: int
    clustered: int


def method_of(params: MinHashParams) -> str:
    """The ``method`` column: algorithm version and parameters."""
    return (
        f"{VERSION}(k={params.shingle},perm={params.num_perm},bands={params.bands},"
        f"t={params.threshold})"
    )


def _signatures_table(con: duckdb.DuckDBPyConnection, params: MinHashParams) -> int:
    """Create ``_nd_posts`` (rank, post_key) and ``_nd_signed`` (rank, minhash); sign the rest.

    A post version scored twice with the same parameters has the same signature, so a rank may
    repeat in ``_nd_signed``; nothing downstream minds (it adds no edge).
    """
    tag = quote_literal("+" + signature_model(params))
    con.execute(
        "create or replace temp table _nd_posts as select post_key, content_sha256, "
        "(row_number() over (order by published_at, post_key) - 1)::bigint as rank "
        "from int_posts_deduplicated"
    )
    con.execute(
        "create or replace temp table _nd_signed as "  # noqa: S608 -- quoted literal
        "select p.rank, e.minhash from _nd_posts as p inner join "
        f"(select post_key, content_sha256, minhash from stg_lake__enrichment "
        f"where suffix(model, {tag})) as e "
        "on p.post_key = e.post_key and p.content_sha256 is not distinct from e.content_sha256"
    )
    con.execute(
        "create or replace temp table _nd_unsigned as select rank, post_key from _nd_posts "
        "anti join _nd_signed using (rank)"
    )
    ranks = con.sql("select rank from _nd_unsigned order by rank").fetchnumpy()["rank"]
    if len(ranks):
        con.execute(
            "create or replace temp table _nd_unsigned as "
            "select n.rank, concat_ws(e'\\n\\n', d.title, d.text) as body "
            "from _nd_unsigned as n inner join int_posts_deduplicated as d using (post_key) "
            "order by n.rank"
        )
    for begin in range(0, len(ranks), UNSIGNED_BATCH):
        low, high = ranks[begin], ranks[min(begin + UNSIGNED_BATCH, len(ranks)) - 1]
        batch = con.sql(
            f"select rank, body from _nd_unsigned where rank between {low:d} and {high:d}"  # noqa: S608
        ).to_arrow_table()
        minhash = minhash_column(batch.column("body").to_pylist(), params)
        con.register("_nd_new", pa.table({"rank": batch.column("rank"), "minhash": minhash}))
        try:
            con.execute("insert into _nd_signed select rank, minhash from _nd_new")
        finally:
            con.unregister("_nd_new")
    con.execute("drop table _nd_unsigned")
    return len(ranks)


def _band_index(
    con: duckdb.DuckDBPyConnection, params: MinHashParams
) -> tuple[np.ndarray, np.ndarray]:
    """Ranks of the signed rows and their band keys (``bands x rows``), streamed in chunks."""
    usable = f"from _nd_signed where len(minhash) = {params.num_perm:d}"
    total = con.sql(f"select count(*) {usable}").fetchall()[0][0]
    ranks = np.empty(total, dtype=np.int64)
    keys = np.empty((params.bands, total), dtype=np.uint64)
    reader = con.sql(f"select rank, minhash {usable}").to_arrow_reader(SIGNATURE_CHUNK)
    done = 0
    for batch in reader:
        n = batch.num_rows
        sigs = batch.column(1).flatten().to_numpy().reshape(n, params.num_perm)
        ranks[done : done + n] = batch.column(0).to_numpy()
        keys[:, done : done + n] = band_keys(sigs, params.bands)
        done += n
    return ranks[:done], keys[:, :done]


def _fetch_signatures(
    con: duckdb.DuckDBPyConnection, wanted: np.ndarray, num_perm: int
) -> np.ndarray:
    """Signatures of the ranks ``wanted`` (sorted, unique), one row each, in that order."""
    con.register("_nd_wanted", pa.table({"rank": wanted}))
    try:
        found = con.sql(
            "select s.rank, s.minhash from _nd_signed as s semi join _nd_wanted as w using (rank) "  # noqa: S608
            f"where len(s.minhash) = {num_perm:d}"
        ).to_arrow_table()
    finally:
        con.unregister("_nd_wanted")
    ranks, first = np.unique(found["rank"].to_numpy(), return_index=True)  # a rank may repeat
    values = found["minhash"].combine_chunks().flatten().to_numpy().reshape(-1, num_perm)
    if not np.array_equal(ranks, wanted):
        raise RuntimeError("a candidate post lost its signature between two reads")
    return values[first]


def _similarity(sigs: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Share of equal minima of rows ``i`` and ``j``, in chunks (small temporary copies).

    The same arithmetic as :func:`enrich.near_duplicates.similarity`, so equal floats.
    """
    out = np.empty(len(i))
    for begin in range(0, len(i), SIGNATURE_CHUNK):
        end = begin + SIGNATURE_CHUNK
        out[begin:end] = (sigs[i[begin:end]] == sigs[j[begin:end]]).mean(axis=1)
    return out


def _cluster_rows(
    con: duckdb.DuckDBPyConnection, params: MinHashParams, max_bucket: int | None
) -> tuple[pa.Table, dict[str, int]]:
    """The ``int_near_duplicates`` rows and the counts of the report."""
    ranks, keys = _band_index(con, params)
    stars = [star_pairs(keys[band], ranks, max_bucket) for band in range(params.bands)]
    del keys
    packed = np.unique(np.concatenate([(s[0] << 32) | s[1] for s in stars]))  # ranks < 2**31
    pairs = np.stack([packed >> 32, packed & 0xFFFFFFFF], axis=1)
    wanted = np.unique(pairs)
    sigs = _fetch_signatures(con, wanted, params.num_perm)
    a, b = np.searchsorted(wanted, pairs[:, 0]), np.searchsorted(wanted, pairs[:, 1])
    kept = pairs[_similarity(sigs, a, b) >= params.threshold]
    members, first = components(kept[:, 0], kept[:, 1])
    similarity = _similarity(sigs, np.searchsorted(wanted, members), np.searchsorted(wanted, first))
    con.register("_nd_members", pa.table({"rank": members, "first": first, "sim": similarity}))
    try:
        found = con.sql(
            "select p.post_key, f.post_key as cluster_id, m.sim as similarity "
            "from _nd_members as m inner join _nd_posts as p on p.rank = m.rank "
            "inner join _nd_posts as f on f.rank = m.first order by m.first, m.rank"
        ).to_arrow_table()
    finally:
        con.unregister("_nd_members")
    method = pa.array([method_of(params)] * found.num_rows, pa.string())
    counts = {
        "candidate_pairs": len(pairs),
        "kept_pairs": len(kept),
        "skipped_buckets": sum(s[2] for s in stars),
    }
    return found.append_column("method", method).cast(SCHEMA), counts


def materialise_near_duplicates(
    con: duckdb.DuckDBPyConnection,
    params: MinHashParams = DEFAULT_PARAMS,
    *,
    max_bucket: int | None = None,
) -> NearDuplicateReport:
    """Create or replace the table ``int_near_duplicates`` from the posts and their signatures.

    Args:
        con: the warehouse being built (``int_posts_deduplicated`` and
            ``stg_lake__enrichment`` exist).
        params: signature and clustering parameters.
        max_bucket: leave out band buckets with more members (counted in the report); ``None``
            keeps all (star pairs grow linearly, so a cap is a safety valve, not a necessity).

    Returns:
        Counts of what was done.
    """
    signed_here = _signatures_table(con, params)
    rows, counts = _cluster_rows(con, params, max_bucket)
    posts = con.sql("select count(*) from _nd_posts").fetchall()[0][0]
    con.register("_near_duplicate_rows", rows)
    try:
        con.execute(f"create or replace table {TABLE} as select * from _near_duplicate_rows")  # noqa: S608
    finally:
        con.unregister("_near_duplicate_rows")
    for temp in ("_nd_posts", "_nd_signed"):
        con.execute(f"drop table if exists {temp}")
    return NearDuplicateReport(posts, signed_here, clustered=rows.num_rows, **counts)
