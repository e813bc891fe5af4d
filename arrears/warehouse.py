"""The one connection seam to a published warehouse, for dashboards and audit exports.

ARREARS_WAREHOUSE (or --warehouse) is either a DuckDB file (the embedded default) or a
`postgresql://` URL (a served warehouse; credentials may also come from the PG*
variables). Every read opens a connection, runs one parameterized statement (`?`
placeholders) and closes it: a DuckDB file is replaced by each publish and blocks its
writer while open; PostgreSQL publishes by swapping schemas, so a read sees one build.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class WarehouseError(Exception):
    """The warehouse cannot be reached or read; `kind` says why (missing, catalog, bind, io)."""

    def __init__(self, message: str, kind: str = "io") -> None:
        super().__init__(message)
        self.kind = kind


def is_postgres_url(value: str | os.PathLike[str] | None) -> bool:
    """True for a postgresql:// (or postgres://) URL."""
    return str(value or "").strip().lower().startswith(POSTGRES_SCHEMES)


def describe(warehouse: str) -> str:
    """The warehouse for messages, without a password."""
    if is_postgres_url(warehouse):
        from arrears.engines.postgres import _redacted

        return _redacted(warehouse)
    return warehouse


def marts_functions_sql(warehouse: str) -> str:
    """A query of the names (column function_name) of the table functions in schema marts
    (ar_aging_on, ...): DuckDB lists its table macros in duckdb_functions(), PostgreSQL
    its functions in information_schema.routines."""
    if is_postgres_url(warehouse):
        return (
            "select distinct routine_name as function_name from information_schema.routines"
            " where routine_schema = 'marts'"
        )
    return "select distinct function_name from duckdb_functions() where schema_name = 'marts'"


# One DuckDB read at a time: a replaced file shows its old contents until every
# connection to that path in this process is closed (STACK.md). Public: every reader of
# the published file in this process holds it (the dashboards' queries, dashboards/lib/db.py).
DUCKDB_READ_LOCK = threading.Lock()


def version(warehouse: str) -> Hashable:
    """What changes whenever a build publishes (a cache key): the file's identity for
    DuckDB, the served schema's publish stamp for PostgreSQL."""
    if is_postgres_url(warehouse):
        frame = read(
            warehouse,
            "select obj_description(oid, 'pg_namespace') as v"
            " from pg_namespace where nspname = 'marts'",
        )
        if frame.empty:
            raise WarehouseError(f"the warehouse at {describe(warehouse)} has no marts", "missing")
        return str(frame["v"].iloc[0])
    try:
        stat = Path(warehouse).stat()
    except FileNotFoundError as err:
        raise WarehouseError(f"No warehouse at {warehouse}", "missing") from err
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def read(warehouse: str, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run one read-only statement on the published warehouse and return its rows.

    DECIMAL columns come back as decimal.Decimal. Raises WarehouseError with kind
    "missing" (no such file or database), "catalog" (no such table), "bind" (no such
    column) or "io"."""
    if is_postgres_url(warehouse):
        return _read_postgres(warehouse, sql, params)
    return _read_duckdb(Path(warehouse), sql, params)


def fetch_rows(warehouse: str, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """As read(), but the rows as tuples of Python values (None for NULL), unconverted."""
    if not is_postgres_url(warehouse):
        import duckdb

        path = Path(warehouse)
        if not path.exists():
            raise WarehouseError(f"No warehouse at {path}", "missing")
        try:
            with DUCKDB_READ_LOCK, duckdb.connect(str(path), read_only=True) as con:
                return con.execute(sql, list(params)).fetchall()
        except duckdb.CatalogException as err:
            raise WarehouseError(str(err), "catalog") from err
        except duckdb.Error as err:
            raise WarehouseError(str(err), "io") from err
    return on_postgres(warehouse, lambda con: _pg_rows(con, sql, params))


def _pg_rows(con: Any, sql: str, params: Sequence[Any]) -> list[tuple]:
    from arrears.engines.postgres import placeholders

    with con.cursor() as cur:
        cur.execute(placeholders(sql) if params else sql, list(params) or None)
        return cur.fetchall()


def _read_duckdb(path: Path, sql: str, params: Sequence[Any]) -> pd.DataFrame:
    import duckdb

    if not path.exists():
        raise WarehouseError(f"No warehouse at {path}", "missing")
    try:
        with DUCKDB_READ_LOCK, duckdb.connect(str(path), read_only=True) as con:
            return con.sql(sql, params=list(params)).to_arrow_table().to_pandas()
    except duckdb.CatalogException as err:
        raise WarehouseError(str(err), "catalog") from err
    except duckdb.BinderException as err:
        raise WarehouseError(str(err), "bind") from err
    except (duckdb.IOException, OSError) as err:
        raise WarehouseError(str(err), "io") from err


def _read_postgres(url: str, sql: str, params: Sequence[Any]) -> pd.DataFrame:
    from arrears.engines.postgres import read_frame

    return on_postgres(url, lambda con: read_frame(con, sql, params))


def on_postgres(url: str, work: Any) -> Any:
    """`work(con)` on a read-only session of PostgreSQL at `url`; its errors as
    WarehouseError (missing, catalog, bind or io), the connection closed after."""
    import psycopg2
    from psycopg2 import errors

    from arrears.engines.base import EngineError
    from arrears.engines.postgres import connect

    try:
        con = connect(url)
    except EngineError as err:
        kind = "missing" if "does not exist" in str(err) else "io"
        raise WarehouseError(str(err), kind) from err
    try:
        con.set_session(readonly=True)
        return work(con)
    except (errors.UndefinedTable, errors.InvalidSchemaName, errors.UndefinedFunction) as err:
        raise WarehouseError(" ".join(str(err).split()), "catalog") from err
    except errors.UndefinedColumn as err:
        raise WarehouseError(" ".join(str(err).split()), "bind") from err
    except psycopg2.Error as err:
        raise WarehouseError(" ".join(str(err).split()), "io") from err
    finally:
        con.close()
