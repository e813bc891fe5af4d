"""Where arrears reads and writes, from environment variables with fresh-clone defaults.

Read at run time (never at import): ARREARS_LANDING, ARREARS_WAREHOUSE, ARREARS_WORK_DB,
ARREARS_CURRENCY, ARREARS_ENGINE. The working database (what the pipeline writes) defaults
to a file beside the published warehouse (what dashboards read). The warehouse may be a
`postgresql://` URL (engine postgres; credentials also from the PG* variables).
"""

from __future__ import annotations

import os
import re
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
    engine: str = "duckdb"
    # the served warehouse when it is not a DuckDB file: a postgresql:// URL
    warehouse_url: str = ""

    @classmethod
    def from_env(
        cls,
        landing: str | os.PathLike[str] | None = None,
        warehouse: str | os.PathLike[str] | None = None,
        engine: str | None = None,
        work_db: str | os.PathLike[str] | None = None,
        currency: str | None = None,
    ) -> Settings:
        """Explicit arguments win over environment variables, which win over defaults.

        A postgresql:// warehouse implies engine postgres unless another engine is named
        (Spark publishes to it); engine postgres without one reads the PG* variables."""
        from arrears.engines import EngineError, engine_name
        from arrears.warehouse import is_postgres_url

        landing_path = Path(
            landing or os.environ.get("ARREARS_LANDING") or DEFAULT_DATA_DIR / "landing"
        )
        served = str(warehouse or os.environ.get("ARREARS_WAREHOUSE") or "")
        url = served.strip() if is_postgres_url(served) else ""
        try:
            chosen = engine_name(engine or (None if not url else "postgres"))
            if url and not engine and os.environ.get("ARREARS_ENGINE"):
                chosen = engine_name(None)
        except EngineError as exc:
            raise ValueError(str(exc)) from exc
        if chosen == "postgres" and not url:
            url = "postgresql://"  # libpq: every setting from the PG* variables
        if chosen == "duckdb" and url:
            raise ValueError("engine duckdb publishes a DuckDB file, not a postgresql:// URL")
        warehouse_path = Path(
            (None if url or not served else served) or DEFAULT_DATA_DIR / "arrears.duckdb"
        ).absolute()
        work_default = warehouse_path.with_name(warehouse_path.stem + ".work.duckdb")
        work = Path(work_db or os.environ.get("ARREARS_WORK_DB") or work_default).absolute()
        if work == warehouse_path:
            raise ValueError("ARREARS_WORK_DB must differ from the published warehouse file")
        currency = (currency or os.environ.get("ARREARS_CURRENCY") or "USD").strip().upper()
        return cls(landing_path.absolute(), warehouse_path, work, currency, chosen, url)

    @staticmethod
    def served_from(warehouse: str | os.PathLike[str] | None = None) -> str:
        """What a reader opens, whatever engine built it: the warehouse argument, else
        $ARREARS_WAREHOUSE, else data/arrears.duckdb (a file path made absolute)."""
        from arrears.warehouse import is_postgres_url

        served = str(warehouse or os.environ.get("ARREARS_WAREHOUSE") or "").strip()
        if is_postgres_url(served):
            return served
        return str(Path(served or DEFAULT_DATA_DIR / "arrears.duckdb").absolute())

    def as_config(self) -> dict[str, str]:
        """These settings as from_env's arguments (strings): what the Dagster resource is
        configured with, so a build's settings reach its steps as resource config."""
        return {
            "landing": str(self.landing),
            "warehouse": self.served,
            "engine": self.engine,
            "work_db": str(self.work_db),
            "currency": self.currency,
        }

    @property
    def served(self) -> str:
        """What readers are served from: the postgresql:// URL, else the DuckDB file."""
        return self.warehouse_url or str(self.warehouse)

    def engine_impl(self):  # arrears.engines.Engine
        """The engine these settings build on (arrears.engines)."""
        from arrears.engines import EngineSettings, get_engine

        return get_engine(
            self.engine,
            EngineSettings(self.landing, self.served, str(self.work_db), self.currency),
        )

    def export_to_env(self) -> None:
        """Make these settings what child processes (dbt) and Dagster resources see."""
        os.environ["ARREARS_LANDING"] = str(self.landing)
        os.environ["ARREARS_WAREHOUSE"] = self.served
        os.environ["ARREARS_WORK_DB"] = str(self.work_db)
        os.environ["ARREARS_CURRENCY"] = self.currency
        os.environ["ARREARS_ENGINE"] = self.engine
        os.environ.update(self.engine_impl().dbt_env())  # dbt's target and connection


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


# While the ingest checks and inserts a slice of parsed files, DuckDB allocates well beyond
# its buffer pool: at 1M accounts, loading the payments peaked at 5.6 GiB of RSS under a
# 4GB limit (a full build's peak, above 6 GiB with the build process around it; smaller
# slices barely helped) and at 4.7 GiB under 3GB, in the same time (DECISIONLOG 113). So
# the ingest's connection gets this share of the limit.
INGEST_MEMORY_SHARE = 0.75
_BYTES_PER_UNIT = {
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}


def scaled_memory_limit(limit: str, share: float) -> str:
    """`share` of a DuckDB memory limit such as "4GB" or "3.5GiB", in MiB; a limit that is
    not an amount (a percentage, say) is returned unchanged, for DuckDB to judge."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", limit)
    unit = (match.group(2) or "b").lower() if match else ""
    if match is None or unit not in _BYTES_PER_UNIT:
        return limit
    mebibytes = int(float(match.group(1)) * _BYTES_PER_UNIT[unit] * share) // 2**20
    return f"{max(mebibytes, 1)}MiB"


def ingest_memory_limit() -> str:
    """The DuckDB memory limit of the ingest's connection: INGEST_MEMORY_SHARE of the
    build's (duckdb_config)."""
    return scaled_memory_limit(duckdb_config()["memory_limit"], INGEST_MEMORY_SHARE)
