"""``pikir report``: one HTML page with embedded PNG charts, under <home>/reports/."""

from __future__ import annotations

import base64
import re

from click.testing import CliRunner

from pikir.cli.main import cli


def test_report_embeds_charts_and_tables(scenario_home):
    result = CliRunner().invoke(cli, ["report", "--home", str(scenario_home.root)])
    assert result.exit_code == 0, result.output
    (path,) = scenario_home.reports.glob("report-*.html")
    page = path.read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 4
    assert all(base64.b64decode(img).startswith(b"\x89PNG") for img in images)
    assert "Mazhilis approves the bill in first reading" in page
    assert "kaz_news" in page


def test_report_without_a_warehouse_fails(tmp_path):
    result = CliRunner().invoke(cli, ["report", "--home", str(tmp_path)])
    assert result.exit_code != 0
    assert "pikir build" in result.output
