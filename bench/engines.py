"""The engine a benchmark builds on: nothing to start for DuckDB; a throwaway PostgreSQL
or Spark Thrift server (arrears.devservers) for the others, stopped when the run ends."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENGINES = ("duckdb", "postgres", "spark")

# The Spark driver's heap: in local mode it runs every task, and the larger portfolios'
# action-history folds need more than the tests' 2g; a third of this machine's memory.
SPARK_DRIVER_MEMORY = "8g"


class EngineUnavailable(RuntimeError):
    """The engine's server cannot be started here; the message says why."""


@dataclass
class EngineServer:
    """What the builds need: a --warehouse (PostgreSQL's URL, or None for the DuckDB file
    a Spark build publishes to), environment for the children, and a JSON description."""

    warehouse: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    describe: dict[str, Any] = field(default_factory=dict)


@contextlib.contextmanager
def engine_server(engine: str, root: Path) -> Iterator[EngineServer]:
    """A running server for `engine` under `root` for the duration of the block."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    if engine == "postgres":
        from arrears.devservers.postgres import Unavailable, start_postgres

        try:
            server = start_postgres(root)
        except Unavailable as exc:
            raise EngineUnavailable(f"PostgreSQL: {exc}") from exc
        try:
            yield EngineServer(
                warehouse=server.database("arrears_bench"),
                describe={"postgres_bin": str(server.bin_dir), "port": server.port},
            )
        finally:
            server.stop()
    elif engine == "spark":
        from arrears.devservers.spark import Unavailable, start_spark, stop_spark

        try:
            server = start_spark(root / "spark", driver_memory=SPARK_DRIVER_MEMORY)
        except Unavailable as exc:
            raise EngineUnavailable(f"Spark: {exc}") from exc
        try:
            yield EngineServer(
                env=server.env(),
                describe={"master": "local[2]", "driver_memory": SPARK_DRIVER_MEMORY},
            )
        finally:
            stop_spark(server)
    else:
        yield EngineServer()
