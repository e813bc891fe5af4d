"""The interface every engine implements, and the settings it is built from.

An engine owns its connections: it loads landing files into raw tables (exactly once per
file, bad rows to raw.quarantine), tells dbt how to reach it (profiles.yml target and
environment), reads relations for checks and tests, and publishes the built marts to
where readers are served from.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd


class EngineError(Exception):
    """An engine that cannot be reached or used; the message is one readable line."""


@dataclass(frozen=True)
class EngineSettings:
    """Where one build reads and writes.

    landing:   the landing folder;
    warehouse: what readers are served from: a DuckDB file path, or a postgresql:// URL;
    work:      the build's working store (DuckDB: a file; PostgreSQL: the served database,
               whose *_build schemas dbt writes);
    currency:  the reporting currency.
    """

    landing: Path
    warehouse: str
    work: str
    currency: str = "USD"


class Engine(abc.ABC):
    """One engine. Subclasses set `name` and `dbt_target` (an output of profiles.yml)."""

    name: str = ""
    dbt_target: str = ""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings

    def dbt_env(self) -> dict[str, str]:
        """Environment variables the dbt subprocess needs to reach this engine."""
        return {"ARREARS_DBT_TARGET": self.dbt_target}

    @abc.abstractmethod
    def load_entity(
        self,
        landing: Path,
        entity: str,
        currency: str = "USD",
        progress: Callable[[str], None] | None = None,
    ) -> list[Any]:
        """Load the entity's new landing files into raw.<entity>; return a FileResult per
        file (arrears.ingest.loader.FileResult), in name order."""

    @abc.abstractmethod
    def read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run one SELECT on the build's relations (`?` placeholders)."""

    @abc.abstractmethod
    def publish(self) -> dict[str, int]:
        """Make the built marts what readers see, atomically; return row counts by table."""

    @abc.abstractmethod
    def dbapi(self, read_only: bool = False) -> AbstractContextManager[Any]:
        """A connection for checks and quality results, used as DuckDB's is:
        `con.execute(sql, params)` with `?` placeholders returns a cursor (fetchone,
        fetchall, description); `con.executemany`; attribute `marts_schema`. Each
        statement commits on its own."""

    def marts_schema(self) -> str:
        """The schema dbt builds the marts into (PostgreSQL: marts_build)."""
        return "marts"
