"""The Parquet lake: layout, atomic writer, integrity scans, compaction and run records."""
