"""The warehouse: layered DuckDB views over the Parquet lake, seeds, docs and contracts.

Use :func:`build_warehouse` to (re)build ``$PIKIR_HOME/warehouse.duckdb``; analysts query the
marts (``posts``, ``daily_volume``, ``source_summary``, ``collection_health``, ``events``) by name.
"""

from warehouse.build import BuildError, BuildReport, build_warehouse
from warehouse.contracts import ContractError, ContractResult, run_contracts

__all__ = [
    "BuildError",
    "BuildReport",
    "ContractError",
    "ContractResult",
    "build_warehouse",
    "run_contracts",
]
