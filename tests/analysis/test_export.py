"""``pikir export``: files their consumers read back (pyarrow, csv, networkx for GEXF)."""

from __future__ import annotations

import csv
import json
from datetime import date

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pikir.cli.main import cli


def export(home, *args):
    return CliRunner().invoke(cli, ["export", *args, "--home", str(home.root)])


def test_forward_edges_as_gexf_read_back_with_networkx(scenario_home, tmp_path):
    out = tmp_path / "fw.gexf"
    result = export(scenario_home, "forward_edges", "--format", "gexf", "--out", str(out))
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(out)
    assert graph.is_directed()
    assert {(u, v, d["weight"]) for u, v, d in graph.edges(data=True)} == {
        ("hid_abc123", "other", 1),
        ("kaz_news", "other", 2),
        ("other", "kaz_news", 1),
    }
    assert graph.edges["kaz_news", "other"]["first_day"] == "2021-09-15"


def test_mention_and_link_graphs(scenario_home, tmp_path):
    for mart, edge in (
        ("mention_edges", ("other", "kaz_news")),
        ("link_targets", ("other", "vlast.kz")),
    ):
        out = tmp_path / f"{mart}.gexf"
        assert export(scenario_home, mart, "--format", "gexf", "--out", str(out)).exit_code == 0
        assert nx.read_gexf(out).has_edge(*edge)


def test_parquet_with_date_and_platform_filters(scenario_home, tmp_path):
    out = tmp_path / "dv.parquet"
    args = ["daily_volume", "--since", "2021-09-14", "--until", "2021-09-15"]
    args += ["--platform", "telegram", "--format", "parquet", "--out", str(out)]
    result = export(scenario_home, *args)
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert sorted(set(table.column("day").to_pylist())) == [date(2021, 9, 14), date(2021, 9, 15)]
    assert set(table.column("platform").to_pylist()) == {"telegram"}
    assert sum(table.column("posts").to_pylist()) == 4


def test_csv_defaults_to_the_exports_directory(scenario_home):
    result = export(scenario_home, "top_sources")
    assert result.exit_code == 0, result.output
    path = scenario_home.root / "exports" / "top_sources.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    assert {r["source"] for r in rows} == {"kaz_news", "other", "vlast.kz"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["daily_volume", "--format", "gexf"], "only for edge marts"),
        (["no_such_mart"], "unknown mart"),
        (["posts; drop view posts"], "unknown mart"),
        (["daily_volume", "--since", "yesterday"], "not a YYYY-MM-DD date"),
    ],
)
def test_bad_requests_fail_clearly(scenario_home, args, message):
    result = export(scenario_home, *args)
    assert result.exit_code != 0
    assert message in result.output


def test_map_columns_become_json_attributes_in_gexf(scenario_home, tmp_path):
    out = tmp_path / "links.gexf"
    assert (
        export(scenario_home, "link_targets", "--format", "gexf", "--out", str(out)).exit_code == 0
    )
    edge = nx.read_gexf(out).edges["other", "vlast.kz"]
    by_platform = json.loads(edge["domain_posts_by_platform"])
    assert isinstance(by_platform, dict)
    assert set(by_platform) <= {"telegram", "news", "x", "vk", "bluesky"}
    assert all(isinstance(n, int) and n > 0 for n in by_platform.values())
