"""Read-only access to the published warehouse.

The pipeline replaces the published DuckDB file atomically (``os.replace``) after each
build. DuckDB lets no process write a file while anyone holds it open, so the dashboard
never keeps a connection: every query opens the file read-only, runs one parameterized
statement and closes it. Results are cached with ``st.cache_data`` keyed on the SQL, the
parameters and the file's identity (mtime, size, inode), so a newly published file is
picked up on the next rerun.

Every query runs as the signed-in principal (dashboards/lib/access.py): the connection is
arrears.access.scope's, whose ``marts.*`` and ``restricted.*`` are views holding only the
principal's rows, with PII masked for its role. This is the one function every page reads
through, so no page can forget the scope; the principal is part of the cache key.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from arrears.access.scope import scoped_connection
from arrears.access.users import Principal
from dashboards.lib import access

WAREHOUSE_ENV_VAR = "ARREARS_WAREHOUSE"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WAREHOUSE = REPO_ROOT / "data" / "arrears.duckdb"
MARTS_SCHEMA = "marts"

CACHE_TTL_SECONDS = 600
CACHE_MAX_ENTRIES = 256
RETRY_DELAY_SECONDS = 0.5

# DuckDB shares one database instance between all open connections to a path within a
# process, and a replaced file keeps showing its old contents until every connection to
# that path is closed. Reading one query at a time guarantees each connect sees the file
# that is published now (queries are brief, and their results are cached).
_READ_LOCK = threading.Lock()

FileVersion = tuple[int, int, int]


class WarehouseUnavailable(RuntimeError):
    """The published warehouse cannot answer the page (missing, incomplete or unreadable)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class WarehouseMissing(WarehouseUnavailable):
    """No published warehouse file exists at the configured path."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, f"No warehouse at {path}")


class MartsMissing(WarehouseUnavailable):
    """The warehouse exists but lacks public marts a page needs."""

    def __init__(self, path: Path, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        names = ", ".join(f"{MARTS_SCHEMA}.{name}" for name in self.missing)
        super().__init__(path, f"The warehouse at {path} has no {names}")


class MartsOutdated(WarehouseUnavailable):
    """A mart lacks a column a page reads (the warehouse predates the page's contract)."""

    def __init__(self, path: Path, error: Exception) -> None:
        super().__init__(path, f"A mart in {path} does not match the dashboards: {error}")
        self.error = error


class WarehouseReadError(WarehouseUnavailable):
    """Reading the warehouse failed twice (for example while a build replaced it)."""

    def __init__(self, path: Path, error: Exception) -> None:
        super().__init__(path, f"Could not read the warehouse at {path}: {error}")
        self.error = error


def warehouse_path() -> Path:
    """Return the published warehouse path: ``$ARREARS_WAREHOUSE`` or ``data/arrears.duckdb``."""
    configured = os.environ.get(WAREHOUSE_ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_WAREHOUSE


def file_version(path: Path) -> FileVersion:
    """Identify the current file at ``path``; it changes whenever a build publishes."""
    try:
        stat = path.stat()
    except FileNotFoundError as err:
        raise WarehouseMissing(path) from err
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def query(sql: str, params: Sequence[Any] = (), *, cache: bool = True) -> pd.DataFrame:
    """Run one parameterized read-only query on the published warehouse.

    ``sql`` uses ``?`` placeholders; values go in ``params``, never into the SQL text.
    DECIMAL columns come back as ``decimal.Decimal`` (no float rounding). Set
    ``cache=False`` for large one-off reads such as exports.

    Raises ``WarehouseMissing``, ``MartsMissing`` or ``WarehouseReadError``.
    """
    path = warehouse_path()
    version = file_version(path)
    principal = access.current_principal()
    if cache:
        return _cached_read(str(path), version, principal, sql, tuple(params))
    return _read(path, principal, sql, tuple(params))


def mart_tables() -> frozenset[str]:
    """Names of the tables and views in the warehouse's ``marts`` schema."""
    names = query(
        "select table_name from information_schema.tables where table_schema = ?",
        (MARTS_SCHEMA,),
    )
    return frozenset(names["table_name"])


def require_marts(*names: str) -> None:
    """Raise ``MartsMissing`` unless every named mart exists."""
    present = mart_tables()
    missing = [name for name in names if name not in present]
    if missing:
        raise MartsMissing(warehouse_path(), missing)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_read(
    path: str, version: FileVersion, principal: Principal, sql: str, params: tuple[Any, ...]
) -> pd.DataFrame:
    """Cached ``_read``; ``version`` is only part of the cache key."""
    del version
    return _read(Path(path), principal, sql, params)


def _read(path: Path, principal: Principal, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
    """Open ``path`` read-only as ``principal``'s views, run the query, close; retry once
    on a transient failure."""
    for attempt in (1, 2):
        try:
            with _READ_LOCK, scoped_connection(path, principal, sql) as con:
                return con.sql(sql, params=list(params)).to_arrow_table().to_pandas()
        except duckdb.CatalogException as err:
            raise MartsMissing(path, [_missing_name(err)]) from err
        except duckdb.BinderException as err:
            raise MartsOutdated(path, err) from err
        except (duckdb.IOException, OSError) as err:
            if attempt == 2:
                if not path.exists():
                    raise WarehouseMissing(path) from err
                raise WarehouseReadError(path, err) from err
            time.sleep(RETRY_DELAY_SECONDS)
    raise AssertionError("unreachable")


def _missing_name(err: duckdb.CatalogException) -> str:
    """Best-effort name of the missing table from a DuckDB catalog error."""
    message = str(err)
    marker = "with name "
    if marker in message:
        return message.split(marker, 1)[1].split()[0]
    return "(a table this page needs)"
