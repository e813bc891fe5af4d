"""DuckDB: the embedded default. The build writes its own working file (ARREARS_WORK_DB);
publishing copies schema marts into a temp file and os.replace()s it onto the published
warehouse file (arrears/publish/duckdb.py: publish_marts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from arrears.engines.base import Engine


class DuckDBEngine(Engine):
    name = "duckdb"
    dbt_target = "duckdb"

    def dbt_env(self) -> dict[str, str]:
        return {**super().dbt_env(), "ARREARS_WORK_DB": self.settings.work}

    def connect(self, read_only: bool = False) -> Any:
        import duckdb

        from arrears.settings import duckdb_config

        Path(self.settings.work).parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(self.settings.work, read_only=read_only, config=duckdb_config())

    @contextmanager
    def dbapi(self, read_only: bool = False) -> Iterator[Any]:
        with self.connect(read_only=read_only) as con:
            yield con

    def load_entity(
        self,
        landing: Path,
        entity: str,
        currency: str = "USD",
        progress: Callable[[str], None] | None = None,
    ) -> list[Any]:
        from arrears.ingest.loader import load_entity
        from arrears.settings import ingest_memory_limit

        with self.connect() as con:
            con.execute(f"set memory_limit = '{ingest_memory_limit()}'")
            return load_entity(con, landing, entity, currency, progress=progress)

    def read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self.connect(read_only=True) as con:
            return con.sql(sql, params=list(params)).to_arrow_table().to_pandas()

    def publish(self) -> dict[str, int]:
        from arrears.publish.duckdb import publish_marts

        return publish_marts(Path(self.settings.work), Path(self.settings.warehouse))


ENGINE = DuckDBEngine
