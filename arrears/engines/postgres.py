"""PostgreSQL: a served warehouse many readers share.

Connection: a `postgresql://user:password@host:port/database` URL given as the warehouse,
or the standard libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) with
libpq's defaults. Ingest COPYs landing files into schema raw (arrears.engines.pg_ingest);
dbt (target `postgres`) builds into marts_build, staging_build, ... of the same database;
publishing copies marts_build into a new schema and renames it to `marts` in one
transaction, so a reader sees the old marts or the new ones, never half a build. The PII
(restricted_build) is swapped in as `restricted`, owner-only, in the same transaction, and
the access rules (arrears.access.postgres) are re-applied over both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from arrears.engines.base import Engine, EngineError
from arrears.warehouse import is_postgres_url

BUILD_MARTS = "marts_build"
SERVED_MARTS = "marts"
_NEXT = "marts_next"
_OLD = "marts_old"
# The PII (issue 15), published beside the marts in the same transaction, owner-only: the
# users read it through the access rules' masked views (arrears.access.postgres).
BUILD_RESTRICTED = "restricted_build"
SERVED_RESTRICTED = "restricted"
_NEXT_RESTRICTED = "restricted_next"
PII_REGISTRY_TABLE = "pii_columns"
# Served tables written in the order dashboards filter them (physical layout only).
CLUSTERED_BY = {
    "fct_account_status": "as_of_date, account_id",
    "fct_ar_aging": "as_of_date, account_id, aging_bucket",
}
_LIBPQ = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
}


def connect(url: str | None = None) -> Any:
    """A psycopg2 connection to `url`, or to what the libpq variables name."""
    import psycopg2

    try:
        return psycopg2.connect(url or "", connect_timeout=10, application_name="arrears")
    except psycopg2.OperationalError as exc:
        where = _redacted(url) if url else "the server the PG* variables name"
        message = " ".join(str(exc).split())
        raise EngineError(f"cannot connect to PostgreSQL at {where}: {message}") from exc


def libpq_env(url: str | None) -> dict[str, str]:
    """The PG* variables dbt's profile reads, from a URL (or the current ones if none)."""
    if not url:
        return {}
    from psycopg2.extensions import parse_dsn

    try:
        parts = parse_dsn(url)
    except Exception as exc:  # psycopg2.ProgrammingError: an unparsable URL
        raise EngineError(f"not a PostgreSQL URL: {_redacted(url)}") from exc
    return {_LIBPQ[k]: str(v) for k, v in parts.items() if k in _LIBPQ}


def _redacted(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def placeholders(sql: str) -> str:
    """DB-API `?` placeholders as psycopg2's `%s` (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresEngine(Engine):
    name = "postgres"
    dbt_target = "postgres"

    @property
    def url(self) -> str | None:
        return self.settings.warehouse if is_postgres_url(self.settings.warehouse) else None

    def connect(self) -> Any:
        return connect(self.url)

    def dbt_env(self) -> dict[str, str]:
        return {**super().dbt_env(), **libpq_env(self.url)}

    def marts_schema(self) -> str:
        return BUILD_MARTS

    @contextmanager
    def dbapi(self, read_only: bool = False) -> Iterator[Any]:
        con = self.connect()
        con.autocommit = True
        try:
            yield DbapiConnection(con)
        finally:
            con.close()

    def load_entity(
        self,
        landing: Path,
        entity: str,
        currency: str = "USD",
        progress: Callable[[str], None] | None = None,
    ) -> list[Any]:
        from arrears.engines import pg_ingest

        con = self.connect()
        try:
            return pg_ingest.load_entity(con, landing, entity, currency, progress)
        finally:
            con.close()

    def read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        con = self.connect()
        try:
            return read_frame(con, sql, params)
        finally:
            con.close()

    def run_with_duckdb(
        self, step: Callable[[Any], Any], inputs: dict[str, str], output_schema: str
    ) -> Any:
        """Run a Python step written against a DuckDB connection (the scoring step) on
        this database's data: each `inputs` relation {duckdb name: postgres name} and the
        existing tables of `output_schema` are copied into an in-process DuckDB, the step
        runs there, and its `output_schema` tables replace PostgreSQL's in one
        transaction."""
        import duckdb
        import pyarrow as pa

        pg = self.connect()
        try:
            with duckdb.connect() as scratch:
                copies = dict(inputs)
                frame = read_frame(
                    pg,
                    "select table_name from information_schema.tables where table_schema = ?",
                    [output_schema],
                )
                for table in frame["table_name"]:
                    copies[f"{output_schema}.{table}"] = f'{output_schema}."{table}"'
                for name, source in copies.items():
                    rows = read_frame(pg, f"select * from {source}")
                    if rows.empty and name not in inputs:
                        continue  # the step creates it from its own frame
                    scratch.execute(f"create schema if not exists {name.split('.')[0]}")
                    scratch.register("_copied", pa.Table.from_pandas(rows, preserve_index=False))
                    # PostgreSQL's column types, so the step sees what a DuckDB build gives it
                    # (its model version hashes the frame, dtypes included)
                    columns = _duckdb_columns(pg, source)
                    scratch.execute(f"create table {name} ({columns})")
                    scratch.execute(f"insert into {name} select * from _copied")
                    scratch.unregister("_copied")
                result = step(scratch)
                tables = {
                    table: scratch.sql(f'select * from {output_schema}."{table}"').to_arrow_table()
                    for (table,) in scratch.execute(
                        "select table_name from information_schema.tables where table_schema = ?",
                        [output_schema],
                    ).fetchall()
                }
            with pg.cursor() as cur:
                cur.execute(f"create schema if not exists {output_schema}")
                for table, data in tables.items():
                    _replace_rows(cur, output_schema, table, data)
            pg.commit()
            return result
        finally:
            pg.close()

    def publish(self) -> dict[str, int]:
        con = self.connect()
        try:
            return publish(con)
        finally:
            con.close()


class DbapiConnection:
    """A psycopg2 connection used the way the checks use DuckDB's: `execute(sql, params)`
    with `?` placeholders returns the cursor; the marts are built in marts_build."""

    marts_schema = BUILD_MARTS

    def __init__(self, con: Any) -> None:
        self._con = con

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        cur = self._con.cursor()
        cur.execute(placeholders(sql) if params else sql, list(params) if params else None)
        return cur

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._con.cursor() as cur:
            cur.executemany(placeholders(sql), [list(r) for r in rows])


def read_frame(con: Any, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run one SELECT (`?` placeholders) and return its rows as a DataFrame."""
    with con.cursor() as cur:
        cur.execute(placeholders(sql) if params else sql, list(params) or None)
        names = [d.name for d in cur.description]
        rows = cur.fetchall()
    con.rollback()  # end the read's transaction: never hold a snapshot open
    return pd.DataFrame.from_records(rows, columns=names)


def publish(con: Any) -> dict[str, int]:
    """Copy marts_build's tables and functions into a new schema and make it `marts`, and
    restricted_build's tables `restricted`, in one transaction; return row counts by table
    (`restricted.<table>` for the PII)."""
    counts: dict[str, int] = {}
    with con.cursor() as cur:
        cur.execute("select pg_advisory_xact_lock(hashtext('arrears.publish'))")
        cur.execute(
            "select table_name from information_schema.tables where table_schema = %s"
            " and table_type = 'BASE TABLE' order by table_name",
            [BUILD_MARTS],
        )
        tables = [row[0] for row in cur.fetchall()]
        if not tables:
            raise EngineError(f"nothing to publish: schema {BUILD_MARTS} has no tables")
        cur.execute(f"drop schema if exists {_NEXT} cascade")
        cur.execute(f"create schema {_NEXT}")
        for table in tables:
            order = f" order by {CLUSTERED_BY[table]}" if table in CLUSTERED_BY else ""
            cur.execute(
                f'create table {_NEXT}."{table}" as select * from {BUILD_MARTS}."{table}"{order}'
            )
            counts[table] = cur.rowcount
        cur.execute("set local check_function_bodies = off")
        cur.execute(
            "select pg_get_functiondef(p.oid) from pg_proc as p"
            " join pg_namespace as n on n.oid = p.pronamespace where n.nspname = %s",
            [BUILD_MARTS],
        )
        for (definition,) in cur.fetchall():
            # header into the new schema; the body reads the served marts (by name, at call)
            body = re.sub(rf"FUNCTION {BUILD_MARTS}\.", f"FUNCTION {_NEXT}.", definition, count=1)
            cur.execute(body.replace(f"{BUILD_MARTS}.", f"{SERVED_MARTS}."))
        counts.update(_copy_restricted(cur))
        _swap_in_next(cur)
    _apply_access(con)
    con.commit()
    return counts


def _apply_access(con: Any) -> None:
    """Re-apply the database-side access rules (issue 15: per-role owner views, grants only
    on them) in the publish's transaction: the swap dropped the old views with the old
    schema. No users file: no user role, only the owner reads."""
    from arrears.access.postgres import apply_postgres_access
    from arrears.access.users import load_users, users_file

    path = users_file()
    apply_postgres_access(con, load_users(path) if path.exists() else {}, commit=False)


def _copy_restricted(cur: Any) -> dict[str, int]:
    """Copy restricted_build's tables (the PII and its registry) into restricted_next;
    the registry names the served schemas (dbt lists the *_build ones it wrote). Returns
    row counts by `restricted.<table>`; nothing when the build has no restricted tables."""
    cur.execute(f"drop schema if exists {_NEXT_RESTRICTED} cascade")
    cur.execute(
        "select table_name from information_schema.tables where table_schema = %s"
        " and table_type = 'BASE TABLE' order by table_name",
        [BUILD_RESTRICTED],
    )
    tables = [row[0] for row in cur.fetchall()]
    if not tables:
        return {}
    counts = {}
    cur.execute(f"create schema {_NEXT_RESTRICTED}")
    cur.execute(f"revoke all on schema {_NEXT_RESTRICTED} from public")
    for table in tables:
        source, target = f'{BUILD_RESTRICTED}."{table}"', f'{_NEXT_RESTRICTED}."{table}"'
        cur.execute(f"create table {target} as select * from {source}")
        counts[f"{SERVED_RESTRICTED}.{table}"] = cur.rowcount
    if PII_REGISTRY_TABLE in tables:
        suffix = BUILD_MARTS.removeprefix(SERVED_MARTS)  # _build
        cur.execute(
            f"update {_NEXT_RESTRICTED}.{PII_REGISTRY_TABLE}"
            " set schema_name = left(schema_name, length(schema_name) - %s)"
            " where right(schema_name, %s) = %s",
            [len(suffix), len(suffix), suffix],
        )
    return counts


def _swap_in_next(cur: Any) -> None:
    """Make schema marts_next the served `marts`, and restricted_next (if any) the served
    `restricted` (the caller commits: one transaction)."""
    cur.execute(f"grant usage on schema {_NEXT} to public")
    cur.execute(f"grant select on all tables in schema {_NEXT} to public")
    cur.execute(f"drop schema if exists {_OLD} cascade")
    cur.execute("select 1 from pg_namespace where nspname = %s", [SERVED_MARTS])
    if cur.fetchone():
        cur.execute(f"alter schema {SERVED_MARTS} rename to {_OLD}")
    cur.execute(f"alter schema {_NEXT} rename to {SERVED_MARTS}")
    cur.execute("select 1 from pg_namespace where nspname = %s", [_NEXT_RESTRICTED])
    if cur.fetchone():
        cur.execute(f"drop schema if exists {SERVED_RESTRICTED} cascade")
        cur.execute(f"alter schema {_NEXT_RESTRICTED} rename to {SERVED_RESTRICTED}")
    # the published version readers key their caches on (arrears.warehouse.version)
    stamp = datetime.now(UTC).isoformat()
    cur.execute(f"comment on schema {SERVED_MARTS} is %s", [f"published {stamp}"])
    cur.execute(f"drop schema if exists {_OLD} cascade")


_ARROW_TYPES = (
    ("is_string", "text"),
    ("is_large_string", "text"),
    ("is_boolean", "boolean"),
    ("is_int8", "smallint"),
    ("is_int16", "smallint"),
    ("is_int32", "integer"),
    ("is_int64", "bigint"),
    ("is_floating", "double precision"),
    ("is_date", "date"),
    ("is_timestamp", "timestamp"),
)


def _pg_type_of(arrow_type: Any) -> str:
    import pyarrow as pa

    if pa.types.is_null(arrow_type):
        # a column that is NULL in every row (a metric a tiny run cannot compute, such as
        # an AUC): the step's numeric columns are the ones that can be all NULL
        return "double precision"
    if pa.types.is_decimal(arrow_type):
        return f"numeric({arrow_type.precision}, {arrow_type.scale})"
    for test, name in _ARROW_TYPES:
        if getattr(pa.types, test)(arrow_type):
            return name
    raise EngineError(f"cannot publish a column of type {arrow_type} to PostgreSQL")


_DUCKDB_TYPES = {
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "smallint": "SMALLINT",
    "double precision": "DOUBLE",
    "real": "FLOAT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMPTZ",
    "text": "VARCHAR",
    "character varying": "VARCHAR",
}


def _duckdb_columns(con: Any, relation: str) -> str:
    """A relation's columns as DuckDB DDL with PostgreSQL's types (numeric(p, s) as
    DECIMAL(p, s); an unbounded numeric as DECIMAL(38, 10))."""
    schema, _, table = relation.partition(".")
    frame = read_frame(
        con,
        "select column_name, data_type, numeric_precision, numeric_scale"
        " from information_schema.columns where table_schema = ? and table_name = ?"
        " order by ordinal_position",
        [schema.strip('"'), table.strip('"')],
    )
    parts = []
    for row in frame.itertuples(index=False):
        if row.data_type == "numeric":
            precision = 38 if pd.isna(row.numeric_precision) else int(row.numeric_precision)
            scale = 10 if pd.isna(row.numeric_scale) else int(row.numeric_scale)
            kind = f"DECIMAL({min(precision, 38)}, {scale})"
        else:
            kind = _DUCKDB_TYPES.get(row.data_type, "VARCHAR")
        parts.append(f'"{row.column_name}" {kind}')
    return ", ".join(parts)


def _replace_rows(cur: Any, schema: str, table: str, data: Any) -> None:
    """Make `schema.table` hold exactly `data`'s rows. Same columns and types: emptied and
    refilled in place, so the views dbt built over it (its source's staging model) stay;
    PostgreSQL refuses to drop a table a view depends on. Otherwise it is dropped with
    those views and re-created; the dbt step after the scoring step rebuilds them."""
    target = f'{schema}."{table}"'
    cur.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = %s and table_name = %s order by ordinal_position",
        [schema, table],
    )
    existing = [(name, kind) for name, kind in cur.fetchall()]
    wanted = [(field.name, _pg_type_of(field.type)) for field in data.schema]
    if existing and [n for n, _ in existing] == [n for n, _ in wanted]:
        cur.execute(f"create temp table _replace_probe ({_column_list(wanted)}) on commit drop")
        cur.execute(
            "select array_agg(format_type(atttypid, atttypmod) order by attnum) from pg_attribute"
            " where attrelid = 'pg_temp._replace_probe'::regclass and attnum > 0"
        )
        probe = cur.fetchone()[0]
        cur.execute("drop table pg_temp._replace_probe")
        cur.execute(
            "select array_agg(format_type(atttypid, atttypmod) order by attnum) from pg_attribute"
            " where attrelid = %s::regclass and attnum > 0 and not attisdropped",
            [target],
        )
        if cur.fetchone()[0] == probe:
            cur.execute(f"truncate {target}")
            if data.num_rows:
                from arrears.engines.pg_ingest import copy_arrow

                copy_arrow(cur, target, data)
            return
    cur.execute(f"drop table if exists {target} cascade")
    _create_and_copy(cur, target, data)


def _column_list(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f'"{name}" {kind}' for name, kind in columns)


def _create_and_copy(cur: Any, target: str, table: Any, replace: bool = False) -> None:
    """Create `target` with the Arrow table's column types and COPY its rows in."""

    if replace:
        cur.execute(f"drop table if exists {target}")
    columns = _column_list([(field.name, _pg_type_of(field.type)) for field in table.schema])
    cur.execute(f"create table {target} ({columns})")
    if table.num_rows == 0:
        return
    from arrears.engines.pg_ingest import copy_arrow

    copy_arrow(cur, target, table)


def publish_arrow(settings: Any, tables: dict[str, Any]) -> dict[str, int]:
    """Publish marts built elsewhere (Spark) to the PostgreSQL warehouse settings.warehouse
    names: {table: pyarrow.Table} COPYed into a new schema, swapped in as `marts` in one
    transaction. Returns row counts by table."""
    url = settings.warehouse if is_postgres_url(settings.warehouse) else None
    con = connect(url)
    counts: dict[str, int] = {}
    try:
        with con.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(hashtext('arrears.publish'))")
            cur.execute(f"drop schema if exists {_NEXT} cascade")
            cur.execute(f"create schema {_NEXT}")
            for name, table in sorted(tables.items()):
                _create_and_copy(cur, f'{_NEXT}."{name}"', table)
                counts[name] = table.num_rows
            # no PII from Spark yet: an earlier build's restricted would not match these marts
            cur.execute(f"drop schema if exists {SERVED_RESTRICTED} cascade")
            _swap_in_next(cur)
        _apply_access(con)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return counts


ENGINE = PostgresEngine

__all__ = [
    "ENGINE",
    "PostgresEngine",
    "connect",
    "libpq_env",
    "publish",
    "publish_arrow",
    "read_frame",
]
