"""What the cross-engine tests share outside fixtures: the engines compared with DuckDB,
the landing they build and the one build function (a module of its own: test files import
it by name, and `conftest` is an ambiguous module name across test folders)."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).parent
SMALL_LANDING = HERE.parent / "e2e" / "landing_small"
FLOAT_TRAP = HERE / "landing_float_trap"
# Every engine's build stamps the same load time, so audit row_hashes can agree.
LOAD_TIME = "2025-04-16T06:00:00Z"

ENGINE_BUILDS: dict[str, str] = {
    "postgres": "postgres_build",
    "spark": "spark_build",
}


def build_on(landing: Path, warehouse: str, engine: str, work: Path | None = None):
    """Build `landing` on `engine` into `warehouse` through the Dagster job (as
    `arrears build` does), with the shared load time; return the BuildOutcome."""
    from arrears.settings import Settings
    from orchestration.build import run_build

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
