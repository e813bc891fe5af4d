"""Publish the checked public marts where readers read them. DuckDB: `duckdb.publish_marts`
(an atomic file replace; the action history as immutable Parquet files, `history`).
PostgreSQL and Spark publish through their engine (arrears.engines)."""
