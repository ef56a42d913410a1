"""Built warehouses shared by the analysis tests: the hand-built scenario and the sample."""

from __future__ import annotations

import pytest

from pikir.config import DataHome
from tests.analysis_fixtures import sample_home as build_sample_home
from tests.analysis_fixtures import write_scenario
from warehouse.build import build_warehouse


@pytest.fixture(scope="session")
def scenario_home(tmp_path_factory) -> DataHome:
    """A data home with the hand-built analysis lake and its warehouse (treat as read-only)."""
    home = DataHome(tmp_path_factory.mktemp("scenario") / "home").ensure()
    write_scenario(home)
    build_warehouse(home)
    return home


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> DataHome:
    """A data home with the bundled sample landed and built (treat as read-only)."""
    return build_sample_home(tmp_path_factory.mktemp("sample") / "home")
