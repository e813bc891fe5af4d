"""Resources shared by every step: the engine (settings, paths and every connection a
step opens to the working database or the engine) and the dbt CLI.

`engine` is the one owner of engine connections in defs/: steps ask it for a connection
(`connect()`), the engine's loader and publish, and the resolved settings; none calls
duckdb.connect or reads os.environ. A build passes its settings as this resource's config
(orchestration/build.py); empty fields fall back to ARREARS_* variables, then defaults
(`dagster dev`, the sensor). dbt reads its target and paths from the environment of its
subprocess, which dagster-dbt copies from this process: the dbt step asks the resource to
export them there (`export_for_dbt()`), and no other step touches the environment.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dagster as dg
from pydantic import PrivateAttr

from arrears.dbt_manifest import dbt_command
from arrears.settings import Settings
from orchestration.project import ArrearsDbtCliResource, arrears_dbt_project


class ArrearsEngine(dg.ConfigurableResource):
    """The engine a build runs on, with its paths; empty fields fall back to ARREARS_*
    variables, then defaults (arrears.settings.Settings.from_env)."""

    landing: str | None = None
    warehouse: str | None = None
    engine: str | None = None
    work_db: str | None = None
    currency: str | None = None

    _settings: Settings | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._resolve()

    def _resolve(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.from_env(
                self.landing, self.warehouse, self.engine, self.work_db, self.currency
            )
        return self._settings

    @property
    def settings(self) -> Settings:
        """The resolved settings: absolute paths, engine, currency."""
        return self._resolve()

    def engine_impl(self) -> Any:  # arrears.engines.Engine
        """The core's engine: its loader, its publish, its connections."""
        return self.settings.engine_impl()

    def export_for_dbt(self) -> None:
        """Make these settings what the dbt subprocess sees (its profile reads ARREARS_*)."""
        self.settings.export_to_env()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[Any]:
        """A DB-API connection to the working database (DuckDB) or the engine, closed on
        exit."""
        with self.engine_impl().dbapi(read_only=read_only) as con:
            yield con


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "engine": ArrearsEngine(),
            "dbt": ArrearsDbtCliResource(
                project_dir=arrears_dbt_project, dbt_executable=dbt_command()
            ),
        }
    )
