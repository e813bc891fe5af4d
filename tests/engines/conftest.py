"""Cross-engine builds: the e2e small landing (plus the float-trap batch) built once per
engine per session, its public marts read back for comparison.

ENGINE_BUILDS maps each engine compared against DuckDB to the session fixture that builds
it and returns its public marts (marts_compare.public_marts). An engine adds itself by
adding a fixture here and a line to ENGINE_BUILDS.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from marts_compare import public_marts
from spark_server import spark_build, spark_server  # noqa: F401 (fixtures)

HERE = Path(__file__).parent
SMALL_LANDING = HERE.parent / "e2e" / "landing_small"
FLOAT_TRAP = HERE / "landing_float_trap"
# Every engine's build stamps the same load time, so audit row_hashes can agree.
LOAD_TIME = "2025-04-16T06:00:00Z"

ENGINE_BUILDS: dict[str, str] = {
    "postgres": "postgres_build",
    "spark": "spark_build",
}


@pytest.fixture(scope="session")
def engines_landing(tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("engines") / "landing"
    shutil.copytree(SMALL_LANDING, landing)
    shutil.copytree(FLOAT_TRAP, landing, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    return landing


def build_on(landing: Path, warehouse: str, engine: str, work: Path | None = None):
    """Build `landing` on `engine` into `warehouse` through the Dagster job (as
    `arrears build` does), with the shared load time; return the BuildOutcome."""
    from orchestration.build import run_build
    from orchestration.settings import Settings

    saved = dict(os.environ)  # a build exports its settings into os.environ
    try:
        os.environ.pop("ARREARS_WORK_DB", None)
        if work is not None:
            os.environ["ARREARS_WORK_DB"] = str(work)
        os.environ["ARREARS_LOAD_TIME"] = LOAD_TIME
        return run_build(Settings.from_env(landing, warehouse, engine))
    finally:
        os.environ.clear()
        os.environ.update(saved)


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
