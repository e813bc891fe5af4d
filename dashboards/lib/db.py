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

ARREARS_WAREHOUSE may also be a ``postgresql://`` URL (a PostgreSQL build publishes schema
``marts`` there, swapped in one transaction; arrears.warehouse reads it, and keys the cache
on the publish stamp). There the database enforces the scope itself
(arrears.access.postgres, README "Users and roles"): a role that sees every row with full
PII (auditor, admin) reads ``marts`` as the connecting account; every other role's query
runs in one read-only transaction as the user's own login role (``SET LOCAL ROLE``) on
the views of schema ``serve_<role>`` (the page's ``marts.`` / ``restricted.`` qualifiers
rewritten), which keep only the user's rows and mask PII. The connecting account is the
warehouse's owner, which the publish makes a member of every user's role. A principal
the database cannot serve (not in its mapping, mapped otherwise, no PII registry, the
account may not act as the user) is refused with a page message (``AccessRefused``),
never served rows outside its scope.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from arrears import warehouse as wh
from arrears.access import postgres as pg_access
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
# that is published now (queries are brief, and their results are cached). The lock is
# arrears.warehouse's, so audit exports (which read through it) are serialized too.
_READ_LOCK = wh.DUCKDB_READ_LOCK

FileVersion = tuple[int, int, int]


class WarehouseUnavailable(RuntimeError):
    """The published warehouse cannot answer the page (missing, incomplete or unreadable)."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = path


class WarehouseMissing(WarehouseUnavailable):
    """No published warehouse file exists at the configured path."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, f"No warehouse at {path}")


class MartsMissing(WarehouseUnavailable):
    """The warehouse exists but lacks public marts a page needs."""

    def __init__(self, path: Path | str, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        names = ", ".join(f"{MARTS_SCHEMA}.{name}" for name in self.missing)
        super().__init__(path, f"The warehouse at {path} has no {names}")


class MartsOutdated(WarehouseUnavailable):
    """A mart lacks a column a page reads (the warehouse predates the page's contract)."""

    def __init__(self, path: Path | str, error: Exception) -> None:
        super().__init__(path, f"A mart in {path} does not match the dashboards: {error}")
        self.error = error


class AccessRefused(WarehouseUnavailable):
    """The warehouse will not serve the signed-in principal (PostgreSQL's own access rules
    do not map it); the message says why and what to do."""


class WarehouseReadError(WarehouseUnavailable):
    """Reading the warehouse failed twice (for example while a build replaced it)."""

    def __init__(self, path: Path | str, error: Exception) -> None:
        super().__init__(path, f"Could not read the warehouse at {path}: {error}")
        self.error = error


def warehouse_path() -> Path:
    """Return the published warehouse path: ``$ARREARS_WAREHOUSE`` or ``data/arrears.duckdb``."""
    configured = os.environ.get(WAREHOUSE_ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_WAREHOUSE


def warehouse_location() -> str:
    """What ``$ARREARS_WAREHOUSE`` names: a postgresql:// URL as is, else the file path."""
    configured = os.environ.get(WAREHOUSE_ENV_VAR, "").strip()
    return configured if wh.is_postgres_url(configured) else str(warehouse_path())


def shown_location(location: str) -> str:
    """The warehouse for messages (a URL without its password)."""
    return wh.describe(location)


def warehouse_version(location: str) -> Hashable:
    """What changes when a build publishes: the file's identity, PostgreSQL's stamp."""
    if not wh.is_postgres_url(location):
        return file_version(Path(location))
    try:
        return wh.version(location)
    except wh.WarehouseError as err:
        raise _unavailable(location, err) from err


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
    location = warehouse_location()
    version = warehouse_version(location)
    principal = access.current_principal()
    if cache:
        return _cached_read(location, version, principal, sql, tuple(params))
    return _read(location, principal, sql, tuple(params))


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
        raise MartsMissing(shown_location(warehouse_location()), missing)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_read(
    location: str, version: Hashable, principal: Principal, sql: str, params: tuple[Any, ...]
) -> pd.DataFrame:
    """Cached ``_read``; ``version`` is only part of the cache key."""
    del version
    return _read(location, principal, sql, params)


def _read(location: str, principal: Principal, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
    """Run the query as ``principal`` (see the module docstring); retry once on a
    transient failure."""
    if wh.is_postgres_url(location):
        return _read_postgres(location, principal, sql, params)
    path = Path(location)
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


def _read_postgres(
    url: str, principal: Principal, sql: str, params: tuple[Any, ...]
) -> pd.DataFrame:
    """Read ``marts`` directly for an unscoped full-PII role, else as the user on its
    ``serve_<role>`` views (arrears.access.postgres.read_as); retry once on a transient
    failure, never on a refusal."""
    for attempt in (1, 2):
        try:
            if pg_access.reads_marts(principal):
                return wh.read(url, sql, params)
            return wh.on_postgres(url, lambda con: pg_access.read_as(con, principal, sql, params))
        except pg_access.AccessError as err:
            raise AccessRefused(shown_location(url), str(err)) from err
        except wh.WarehouseError as err:
            if err.kind != "io" or attempt == 2:
                raise _unavailable(url, err) from err
            time.sleep(RETRY_DELAY_SECONDS)
    raise AssertionError("unreachable")


def _unavailable(location: str, err: wh.WarehouseError) -> WarehouseUnavailable:
    shown = shown_location(location)
    if err.kind == "missing":
        return WarehouseMissing(shown)
    if err.kind == "catalog":
        return MartsMissing(shown, [_missing_name(err)])
    if err.kind == "bind":
        return MartsOutdated(shown, err)
    return WarehouseReadError(shown, err)


def _missing_name(err: Exception) -> str:
    """Best-effort name of the missing table from a catalog error (DuckDB or PostgreSQL)."""
    message = str(err)
    for marker, end in (("with name ", None), ('relation "', '"'), ("function ", "(")):
        if marker in message:
            rest = message.split(marker, 1)[1]
            name = rest.split(end)[0] if end else rest.split()[0]
            # a role's view of a mart is named after it (arrears.access.postgres)
            return re.sub(rf"^{pg_access.SERVE_PREFIX}[a-z_]+\.", "", name)
    return "(a table this page needs)"
