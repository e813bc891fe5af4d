"""Cross-engine builds: the e2e small landing (plus the float-trap batch) built once per
engine per session, its public marts read back for comparison.

ENGINE_BUILDS maps each engine compared against DuckDB to the session fixture that builds
it and returns its public marts (marts_compare.public_marts). An engine adds itself by
adding a fixture here and a line to ENGINE_BUILDS (engine_builds.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from engine_builds import ENGINE_BUILDS, FLOAT_TRAP, SMALL_LANDING, build_on  # noqa: F401
from marts_compare import public_marts
from spark_server import spark_build, spark_server  # noqa: F401 (fixtures)


@pytest.fixture(scope="session")
def engines_landing(tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("engines") / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    shutil.copytree(FLOAT_TRAP, landing, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    return landing


@pytest.fixture(scope="session")
def duckdb_build(engines_landing, tmp_path_factory, dbt_manifest):
    """(published DuckDB file, its public marts)."""
    warehouse = tmp_path_factory.mktemp("engines_duckdb") / "arrears.duckdb"
    outcome = build_on(engines_landing, str(warehouse), "duckdb")
    assert outcome.success, outcome.reason
    return str(warehouse), public_marts(str(warehouse))


@pytest.fixture(scope="session")
def postgres_build(engines_landing, postgres_server, dbt_manifest):
    """(the PostgreSQL warehouse URL, its public marts)."""
    url = postgres_server.database("arrears_e2e")
    outcome = build_on(engines_landing, url, "postgres")
    assert outcome.success, outcome.reason
    return url, public_marts(url)
