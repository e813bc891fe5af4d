"""Every dbt unit test on Spark, on the relations of the session's one Spark build.

tests/dbt/test_dbt_unit_tests.py runs every dbt unit test on DuckDB and PostgreSQL; this
module runs them on Spark with the same two verdicts (tests/dbt_unit_results.py: every
unit test passes; every declared unit test ran, KNOWN_UNIT_TEST among them). A unit test
needs only its inputs to exist with their column types (dbt reads them from the
database), so instead of a second Spark build it reuses the relations the cross-engine
build wrote (fixture spark_build, tests/engines/spark_server.py): after it, `dbt test
--select test_type:unit` runs on the spark target of the same Thrift server, with the
environment the build gave dbt (SparkEngine.dbt_env: target, host, port; Spark's
schemas have no build suffix, so they are the ones the build wrote). The module shares
xdist group "engines" with test_marts_equal_across_engines.py, so one worker builds
Spark once for both. Where Spark cannot start, the tests skip with the reason.

Cost: the one `dbt test` (72 unit tests) took 276 s with 2 dbt threads and 345 s with 1
on the shared 2-core machine (`local[2]`, load average 6-10; 2026-12-01), so it runs with
SPARK_UNIT_TEST_THREADS = 2; the time is printed.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from dbt_unit_results import assert_every_declared_unit_test_ran, assert_every_unit_test_passed

from arrears.dbt_manifest import DBT_PROJECT_DIR, dbt_command

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("engines")]

SPARK_UNIT_TEST_THREADS = 2


@pytest.fixture(scope="module")
def spark_unit_test_run(
    spark_build, engines_landing, tmp_path_factory
) -> tuple[subprocess.CompletedProcess, Path]:
    """Run every dbt unit test once on Spark: (the dbt process, its target folder)."""
    from arrears.engines import EngineSettings, get_engine

    warehouse, _ = spark_build
    root = tmp_path_factory.mktemp("dbt_unit_tests_spark")
    target = root / "target"
    spark = get_engine("spark", EngineSettings(engines_landing, warehouse, str(root / "work")))
    env = {
        **os.environ,
        **spark.dbt_env(),  # the spark target on the session's Thrift server
        "ARREARS_DBT_THREADS": str(SPARK_UNIT_TEST_THREADS),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(root / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
    }
    command = [dbt_command(), "test", "--select", "test_type:unit"]
    started = time.monotonic()
    proc = subprocess.run(
        [*command, "--profiles-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    print(f"\nSpark dbt unit tests ({SPARK_UNIT_TEST_THREADS} threads): {elapsed:.0f} s")
    return proc, target


def test_every_dbt_unit_test_passes_on_spark(spark_unit_test_run):
    assert_every_unit_test_passed(*spark_unit_test_run)


def test_every_unit_test_in_the_project_ran_on_spark(spark_unit_test_run):
    assert_every_declared_unit_test_ran(spark_unit_test_run[1])
