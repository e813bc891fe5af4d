"""Every dbt unit test, run once here rather than in every production build.

dbt unit tests (the `unit_tests:` of each model folder's YAML, with hand-computed
expected rows) test the SQL, not the data, so `arrears build` leaves them out
(`--exclude-resource-type unit_test`, orchestration/defs/transform/assets.py) and this
module is what runs them. dbt reads the column types of a tested model's inputs from the
database, so every relation must exist: one `dbt build --empty` into a throw-away working
database creates the raw tables (empty), the seeds and every model with no rows, and runs
each unit test as soon as its model's inputs exist (data tests are left out: there is no
data). A failing unit test there skips everything downstream of its model, so then the
relations are built without unit tests and `dbt test --select test_type:unit` runs every
one, and every verdict is shown. (Always running the two commands costs ~9 s more.)

Every engine runs them: DuckDB in a throw-away file, PostgreSQL in a fresh database of
the session's throw-away server (skipped, with the reason, where it cannot start), over
the e2e small landing instead of --empty (see unit_test_run). Spark runs them in
tests/engines/test_dbt_unit_tests_spark.py, on the relations of the cross-engine Spark
build (a Spark build costs minutes). The verdicts are shared: tests/dbt_unit_results.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest
from dbt_unit_results import (
    assert_every_declared_unit_test_ran,
    assert_every_unit_test_passed,
    tail,
)

from arrears.dbt_manifest import DBT_PROJECT_DIR, dbt_command
from arrears.ingest.loader import ensure_raw_schema

pytestmark = pytest.mark.xdist_group("dbt_unit_tests")

SMALL_LANDING = Path(__file__).resolve().parents[1] / "e2e" / "landing_small"


def _dbt(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [dbt_command(), *args, "--profiles-dir", str(DBT_PROJECT_DIR)]
    return subprocess.run(
        command, cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )


def _engine_env(engine: str, root: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """Create the raw sources (empty, as ingest creates them) on `engine`; return the
    environment dbt needs to reach it."""
    if engine == "postgres":
        from arrears.engines import EngineSettings, get_engine
        from arrears.engines.postgres import libpq_env
        from arrears.ingest.contract import ENTITY_ORDER

        url = request.getfixturevalue("postgres_server").database("arrears_unit_tests")
        # the e2e small landing, so every model builds (see unit_test_run)
        postgres = get_engine("postgres", EngineSettings(SMALL_LANDING, url, url))
        for entity in ENTITY_ORDER:
            postgres.load_entity(SMALL_LANDING, entity)
        return {"ARREARS_DBT_TARGET": "postgres", **libpq_env(url)}
    work_db = root / "unit_tests.duckdb"
    with duckdb.connect(str(work_db)) as con:
        ensure_raw_schema(con)
    return {"ARREARS_DBT_TARGET": "duckdb", "ARREARS_WORK_DB": str(work_db)}


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def unit_test_run(
    request, tmp_path_factory, dbt_manifest
) -> tuple[subprocess.CompletedProcess, Path]:
    """Run every dbt unit test once per engine: (the dbt process that ran them, its
    target folder)."""
    root = tmp_path_factory.mktemp(f"dbt_unit_tests_{request.param}")
    engine_env = _engine_env(request.param, root, request)
    target = root / "target"
    env = {
        **os.environ,
        **engine_env,
        "DBT_TARGET_PATH": str(target),  # a second command re-parses only what changed
        "DBT_LOG_PATH": str(root / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
    }
    # PostgreSQL builds the small landing without --empty: dbt-postgres 1.11 renders an
    # --empty ref as an aliased subquery that a model's own alias then breaks
    # (`... limit 0) _dbt_limit_subq_x as x`), and on no data at all fct_expected_loss has
    # no latest date for its NOT NULL as_of_date.
    empty = ["--empty"] if request.param != "postgres" else []
    empty_build = ["build", *empty, "--exclude-resource-type", "test"]
    build = _dbt(empty_build, env)
    if build.returncode == 0:
        return build, target
    relations = _dbt([*empty_build, "--exclude-resource-type", "unit_test"], env)
    if relations.returncode != 0:
        pytest.fail(
            f"`dbt build --empty` (the relations unit tests need) failed:\n{tail(relations)}",
            pytrace=False,
        )
    return _dbt(["test", "--select", "test_type:unit"], env), target


def test_every_dbt_unit_test_passes(unit_test_run):
    assert_every_unit_test_passed(*unit_test_run)


def test_every_unit_test_in_the_project_ran(unit_test_run):
    assert_every_declared_unit_test_ran(unit_test_run[1])
