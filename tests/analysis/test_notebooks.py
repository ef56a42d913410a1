"""The notebooks run top to bottom against the sample warehouse, and are committed stripped."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbmake.nb_run import NotebookRun

from pikir.config import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
FIGURES = {
    "01_volume_and_events": ["01_volume_timeline.png", "01_event_windows_30d.png"],
    "02_sentiment_by_source_and_language": [
        "02_sentiment_by_language.png",
        "02_sentiment_by_source.png",
        "02_sentiment_event_windows.png",
    ],
    "03_amplification_network": ["03_forward_network.png", "forward_edges.gexf"],
    "04_engagement_and_reach": ["04_engagement_curves.png", "04_top_weekly_views.png"],
}


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == sorted(FIGURES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_have_no_outputs(path: Path):
    book = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(book.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; run nbstripout"


def test_every_notebook_takes_the_warehouse_as_a_parameter():
    for path in NOTEBOOKS:
        book = nbformat.read(path, as_version=4)
        (params,) = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
        assert "PIKIR_WAREHOUSE" in params.source


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_sample_warehouse(path, sample_home, tmp_path, monkeypatch):
    monkeypatch.setenv("PIKIR_WAREHOUSE", str(sample_home.warehouse))
    monkeypatch.setenv("PIKIR_REPORTS", str(tmp_path / "reports"))
    result = NotebookRun(path, default_timeout=300).execute()
    assert result.error is None, result.error and result.error.trace
    for name in FIGURES[path.stem]:
        assert (tmp_path / "reports" / name).stat().st_size > 0, name
