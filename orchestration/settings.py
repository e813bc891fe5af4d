"""Where arrears reads and writes, from environment variables with fresh-clone defaults.

Read at run time (never at import): ARREARS_LANDING, ARREARS_WAREHOUSE, ARREARS_WORK_DB,
ARREARS_CURRENCY. The working database (what the pipeline writes) defaults to a file
beside the published warehouse (what dashboards read).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    """Resolved, absolute paths and options for one build."""

    landing: Path
    warehouse: Path
    work_db: Path
    currency: str = "USD"

    @classmethod
    def from_env(
        cls,
        landing: str | os.PathLike[str] | None = None,
        warehouse: str | os.PathLike[str] | None = None,
    ) -> Settings:
        """Explicit arguments win over environment variables, which win over defaults."""
        landing_path = Path(
            landing or os.environ.get("ARREARS_LANDING") or DEFAULT_DATA_DIR / "landing"
        )
        warehouse_path = Path(
            warehouse or os.environ.get("ARREARS_WAREHOUSE") or DEFAULT_DATA_DIR / "arrears.duckdb"
        ).absolute()
        work_default = warehouse_path.with_name(warehouse_path.stem + ".work.duckdb")
        work = Path(os.environ.get("ARREARS_WORK_DB") or work_default).absolute()
        if work == warehouse_path:
            raise ValueError("ARREARS_WORK_DB must differ from the published warehouse file")
        currency = (os.environ.get("ARREARS_CURRENCY") or "USD").strip().upper()
        return cls(landing_path.absolute(), warehouse_path, work, currency)

    def export_to_env(self) -> None:
        """Make these settings what child processes (dbt) and Dagster resources see."""
        os.environ["ARREARS_LANDING"] = str(self.landing)
        os.environ["ARREARS_WAREHOUSE"] = str(self.warehouse)
        os.environ["ARREARS_WORK_DB"] = str(self.work_db)
        os.environ["ARREARS_CURRENCY"] = self.currency


DEFAULT_MEMORY_LIMIT = "4GB"


def duckdb_config() -> dict[str, str]:
    """Settings for every DuckDB connection a build opens (dbt's come from profiles.yml,
    the same variables): a memory limit, so big builds spill to disk instead of growing
    (ARREARS_DUCKDB_MEMORY_LIMIT, default 4GB: with Python around it a build stays under
    6 GiB), and one thread per CPU (ARREARS_DUCKDB_THREADS, default the machine's)."""
    return {
        "memory_limit": os.environ.get("ARREARS_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT,
        "threads": os.environ.get("ARREARS_DUCKDB_THREADS") or str(os.cpu_count() or 1),
    }
