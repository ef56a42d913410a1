import csv

import pytest
from click.testing import CliRunner

from pikir.cli.main import cli
from tests.enrichment_fixtures import post_row, write_posts

PLUGIN = ["--backend", "tests.enrichment_fixtures:keyword_backend"]


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.fixture
def texts_csv(tmp_path):
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body", "zip"])
        writer.writerow(["1", "Законопроект о соцсетях — это хорошо", "007"])
        writer.writerow(["2", "Kazakhstan weather is bad today, snow everywhere", "010"])
        writer.writerow(["3", "", "020"])
    return path


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_score_adds_the_columns_and_keeps_the_input(tmp_path, texts_csv):
    out = tmp_path / "out.csv"
    result = run(
        ["score", "--input", str(texts_csv), "--output", str(out), "--text-column", "body", *PLUGIN]
    )
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert [r["zip"] for r in rows] == ["007", "010", "020"]  # not re-typed
    assert list(rows[0])[:3] == ["id", "body", "zip"]
    assert {
        "lang",
        "lang_confidence",
        "relevance",
        "matched_terms",
        "sentiment_label",
        "sentiment_score",
        "sentiment_confidence",
    } <= set(rows[0])
    assert rows[0]["lang"] == "ru"
    assert float(rows[0]["relevance"]) >= 0.5
    assert "bill" in rows[0]["matched_terms"].split("|")
    assert rows[0]["sentiment_label"] == "positive"
    assert rows[1]["lang"] == "en"
    assert rows[1]["sentiment_label"] == "negative"
    assert rows[2]["sentiment_label"] == ""
    assert -1 <= float(rows[1]["sentiment_score"]) <= 1


def test_score_names_a_missing_text_column(tmp_path, texts_csv):
    result = CliRunner().invoke(
        cli, ["score", "--input", str(texts_csv), "--output", str(tmp_path / "o.csv"), *PLUGIN]
    )
    assert result.exit_code != 0
    assert "no column 'text'" in result.output


@pytest.mark.slow
def test_score_streams_many_blocks(tmp_path, monkeypatch):
    import enrich.csvscore

    monkeypatch.setattr(enrich.csvscore, "BLOCK_BYTES", 256)
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text"])
        writer.writerows([[f"Закон о соцсетях номер {i}, хорошо"] for i in range(200)])
    out = tmp_path / "out.csv"
    assert run(["score", "--input", str(path), "--output", str(out), *PLUGIN]).exit_code == 0
    rows = read(out)
    assert len(rows) == 200
    assert rows[-1]["text"].endswith("199, хорошо")


def test_enrich_scores_the_lake_once(tmp_path):
    home = tmp_path / "home"
    write_posts(
        home / "lake", [post_row(1, "Законопроект о соцсетях принят"), post_row(2, "Погода")]
    )
    first = run(["enrich", "--home", str(home), *PLUGIN])
    assert first.exit_code == 0, first.output
    assert "2 pending, 2 scored, 2 rows landed" in first.output
    second = run(["enrich", "--home", str(home), *PLUGIN])
    assert "0 pending, 0 scored, 0 rows landed" in second.output


def test_enrich_reports_a_broken_backend(tmp_path):
    result = CliRunner().invoke(
        cli, ["enrich", "--home", str(tmp_path), "--backend", "nope:nothing"]
    )
    assert result.exit_code != 0
    assert "cannot import sentiment backend" in result.output
