"""Spark's marts are published (and the scoring step's inputs copied) from the tables'
Parquet files when this process can read them, not fetched row by row through Thrift
(arrears/engines/spark.py, relation_arrow). Both ways must give the same table: on the
session's Spark build, every mart read from its files equals the same mart fetched
through Thrift, value for value and type for type.
"""

from __future__ import annotations

import contextlib
from collections import Counter

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("engines")]


def test_every_mart_read_from_its_parquet_files_equals_the_thrift_rows(spark_build):
    from arrears.engines import spark

    with contextlib.closing(spark.connect()) as conn, contextlib.closing(conn.cursor()) as cur:
        cur.execute("show tables in marts")
        tables = sorted(row[1] for row in cur.fetchall() if not row[2])
        assert "fct_action_history" in tables
        for table in tables:
            cur.execute(f"describe formatted marts.{table}")
            described = cur.fetchall()
            schema = spark._described_schema(described)
            folder = spark._local_parquet_folder(described)
            assert folder is not None, f"{table}: no local Parquet folder"
            from_files = spark._read_parquet_folder(folder, schema)
            fetched = spark._fetch_arrow(cur, f"marts.{table}", schema)
            assert from_files.schema == fetched.schema, table
            assert Counter(map(tuple, (r.values() for r in from_files.to_pylist()))) == Counter(
                map(tuple, (r.values() for r in fetched.to_pylist()))
            ), table
