"""The engines a build can run on, behind one small interface (base.Engine).

    duckdb    the embedded default: a working file, published by replacing a file
    postgres  a served warehouse: COPY ingest, dbt-postgres, published by a schema swap
    spark     a distributed engine through a Thrift server (arrears/engines/spark.py)

`get_engine(name, settings)` imports only the chosen engine's module, so no engine's
driver is needed to run another.
"""

from __future__ import annotations

import importlib
import os

from arrears.engines.base import Engine, EngineError, EngineSettings

ENGINE_NAMES = ("duckdb", "postgres", "spark")
DEFAULT_ENGINE = "duckdb"
ENGINE_ENV_VAR = "ARREARS_ENGINE"

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINE_ENV_VAR",
    "ENGINE_NAMES",
    "Engine",
    "EngineError",
    "EngineSettings",
    "engine_name",
    "get_engine",
]


def engine_name(name: str | None = None) -> str:
    """The engine to use: `name`, else $ARREARS_ENGINE, else duckdb; a clear error otherwise."""
    chosen = (name or os.environ.get(ENGINE_ENV_VAR) or DEFAULT_ENGINE).strip().lower()
    if chosen not in ENGINE_NAMES:
        raise EngineError(f"unknown engine {chosen!r}: choose one of {', '.join(ENGINE_NAMES)}")
    return chosen


def get_engine(name: str | None, settings: EngineSettings) -> Engine:
    """The engine `name` (see engine_name) for these settings."""
    module = importlib.import_module(f"arrears.engines.{engine_name(name)}")
    return module.ENGINE(settings)
