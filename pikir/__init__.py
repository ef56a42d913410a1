"""pikir: collect public discourse about a topic, land it as Parquet, measure it with DuckDB."""

__version__ = "0.1.0"
