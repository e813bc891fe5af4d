"""The Spark Thrift server fixture (arrears/devservers/spark.py) and the Spark build of
the engines landing."""

from __future__ import annotations

import os
import time

import pytest

from arrears.devservers.spark import Unavailable, start_spark, stop_spark


@pytest.fixture(scope="session")
def spark_server(tmp_path_factory):
    """A running Spark Thrift server for the session (skipped, with the reason, if none)."""
    try:
        server = start_spark(tmp_path_factory.mktemp("spark"))
    except Unavailable as exc:
        pytest.skip(f"Spark unavailable: {exc}")
    saved = {k: os.environ.get(k) for k in server.env()}
    os.environ.update(server.env())
    try:
        yield server
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        stop_spark(server)


@pytest.fixture(scope="session")
def spark_build(engines_landing, spark_server, tmp_path_factory, dbt_manifest):
    """(the DuckDB file a Spark build published its marts to, those public marts)."""
    from engine_builds import build_on
    from marts_compare import public_marts

    folder = tmp_path_factory.mktemp("engines_spark")
    warehouse = folder / "arrears.duckdb"
    os.environ["ARREARS_SPARK_RAW_DIR"] = str(folder / "raw")
    started = time.monotonic()
    try:
        outcome = build_on(engines_landing, str(warehouse), "spark")
    finally:
        os.environ.pop("ARREARS_SPARK_RAW_DIR", None)
    elapsed = time.monotonic() - started
    print(f"\nSpark build of the engines landing: {elapsed:.0f} s")
    assert outcome.success, outcome.reason
    return str(warehouse), public_marts(str(warehouse))
