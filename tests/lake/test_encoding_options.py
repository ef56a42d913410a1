"""Per-column Parquet encoding of lake files: dictionary where values repeat, zstd where big."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from pikir.lake.landing import encoding_options, write_parquet


def sample_table(n: int = 600) -> pa.Table:
    return pa.table(
        {
            "source": ["kaznews"] * n,  # one value: dictionary
            "text": [f"Пост {i} о законе " * 20 for i in range(n)],  # unique and large
            "views": pa.array(range(n), pa.int64()),  # unique, 4.8 KB
            "flag": [True] * n,  # tiny
            "links": [[f"https://example.kz/{i}"] for i in range(n)],
            "reactions": [[{"emoji": "👍", "count": i}] for i in range(n)],
            "empty": pa.nulls(n, pa.string()),
        }
    )


def test_dictionary_only_for_columns_whose_values_repeat():
    options = encoding_options(sample_table())
    assert options["use_dictionary"] == ["source", "flag"]


def test_zstd_for_large_columns_and_snappy_for_small_ones_down_to_nested_leaves():
    compression = encoding_options(sample_table())["compression"]
    assert compression["text"] == "zstd"
    assert compression["views"] == "zstd"
    assert compression["flag"] == "snappy"
    assert compression["links.list.element"] == "zstd"
    assert compression["reactions.list.element.emoji"] == "zstd"
    assert compression["reactions.list.element.count"] == "zstd"
    assert compression["empty"] == "snappy"


def test_a_file_written_with_them_reads_back_equal_and_encoded_as_chosen(tmp_path):
    table = sample_table()
    path = tmp_path / "part.parquet"
    write_parquet(table, path)
    assert pq.read_table(path).equals(table)
    group = pq.ParquetFile(path).metadata.row_group(0)
    codecs = {group.column(i).path_in_schema: group.column(i).compression for i in range(7)}
    assert codecs["text"] == "ZSTD"
    assert codecs["flag"] == "SNAPPY"
    assert codecs["reactions.list.element.count"] == "ZSTD"
    encodings = {group.column(i).path_in_schema: group.column(i).encodings for i in range(7)}
    assert "RLE_DICTIONARY" in encodings["source"]
    assert "RLE_DICTIONARY" not in encodings["text"]
