"""``pikir query``: answers SELECTs, and refuses every way out of the sandbox."""

from __future__ import annotations

import json

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pikir.analysis import sandbox
from pikir.cli.main import cli


def run(home, *args):
    return CliRunner().invoke(cli, ["query", *args, "--home", str(home.root)])


def test_query_binds_parameters(scenario_home):
    sql = "select source, sum(posts) as n from daily_volume where source = $src group by all"
    result = run(scenario_home, sql, "--param", "src=kaz_news", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"source": "kaz_news", "n": 4}]


def test_integer_parameters_are_integers(scenario_home):
    table = sandbox.run_query(
        scenario_home, "select count(*) as n from event_windows where window_days = $w", {"w": 7}
    )
    assert table.to_pylist()[0]["n"] > 0
    assert sandbox.parse_params(["w=7", "s=07", "t=a=b"]) == {"w": 7, "s": "07", "t": "a=b"}


def test_injection_through_a_parameter_is_just_a_value(scenario_home):
    sql = "select count(*) as n from posts where source = $src"
    for value in ("kaz_news' or '1'='1", "x'; copy posts to '/tmp/p.csv'; --"):
        result = run(scenario_home, sql, "--param", f"src={value}", "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == [{"n": 0}]


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/hostname')",
        "select * from glob('/etc/*')",
        "select * from read_text('{home}/../../../../../etc/hostname')",
    ],
)
def test_reading_outside_the_data_home_fails(scenario_home, sql):
    with pytest.raises(duckdb.PermissionException):
        sandbox.run_query(scenario_home, sql.format(home=scenario_home.root))


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("copy (select 1) to '{home}/leak.csv'", "COPY"),
        ("copy posts to '/tmp/pikir-leak.csv'", "COPY"),
        ("attach '{home}/other.duckdb' as other", "ATTACH"),
        ("set enable_external_access = true", "SET"),
        ("export database '{home}/dump'", "EXPORT"),
        ("create temp table t as select 1", "CREATE"),
    ],
)
def test_writing_and_attaching_are_refused(scenario_home, sql, kind):
    result = run(scenario_home, sql.format(home=scenario_home.root))
    assert result.exit_code != 0
    assert f"not {kind}" in result.output
    assert not (scenario_home.root / "leak.csv").exists()


def test_several_statements_are_refused(scenario_home):
    result = run(scenario_home, "select 1; copy (select 1) to 'x.csv'")
    assert result.exit_code != 0
    assert "exactly one statement" in result.output


def test_configuration_is_locked_even_inside_a_select(scenario_home):
    con = sandbox.connect(scenario_home)
    try:
        with pytest.raises(duckdb.InvalidInputException, match="locked"):
            con.execute("set enable_external_access = true")
        assert con.execute("select current_setting('enable_external_access')").fetchall() == [
            (False,)
        ]
    finally:
        con.close()


def test_formats(scenario_home, tmp_path):
    sql = "select platform, count(*) as n from posts group by all order by 1"
    table = run(scenario_home, sql)
    assert table.exit_code == 0
    assert "telegram" in table.output
    assert "news" in table.output
    csv = run(scenario_home, sql, "--format", "csv")
    assert csv.output.splitlines() == ['"platform","n"', '"news",1', '"telegram",7']
    out = tmp_path / "q.parquet"
    assert run(scenario_home, sql, "--format", "parquet", "--out", str(out)).exit_code == 0
    assert pq.read_table(out).to_pylist() == [
        {"platform": "news", "n": 1},
        {"platform": "telegram", "n": 7},
    ]


def test_missing_warehouse_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["query", "select 1", "--home", str(tmp_path)])
    assert result.exit_code != 0
    assert "pikir build" in result.output
