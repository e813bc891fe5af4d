"""Row scope and masking, applied where every dashboard query runs.

``scoped_connection(warehouse, principal)`` opens an in-memory DuckDB, attaches the
published warehouse read-only as ``wh`` and creates, in the memory catalog, one view per
published table under the same ``schema.table`` name. Each view keeps only the principal's
rows and masks the PII columns its role may not read. The page's SQL (``marts.x``) then
resolves to these views, never to the file's tables, so a page cannot forget the scope.
The table functions (``marts.ar_aging_on`` …) are re-created over the views too.

Rules, by role scope (arrears.access.roles):
- ``all``: every row.
- ``client`` / ``team`` / ``queue``: a table with ``account_id`` keeps the scope's
  accounts (the client's current accounts; the accounts their teams' collectors or the
  collector worked, from the action history); a table with ``collector_id`` and no
  account keeps the scope's collectors; ``fct_cash_kpis`` keeps the client's own rows.
  Reference tables (buckets, snapshot dates, the table-function list, the strategy
  rules and the model's metrics) are whole.
  Every other table is **empty** for a scoped role: a new mart is closed until it gets a
  rule here (fail closed, never open).

On PostgreSQL the same rules become per-role views and grants (see README "Users and
roles"); the SQL here is DuckDB's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import duckdb

from arrears.access.masking import column_expression, quote_ident
from arrears.access.users import Principal

SCOPED_SCHEMAS = ("marts", "restricted")
# Whole for every role: reference data, the strategy rules in force and the model's
# metrics (aggregates over the training window, no account rows).
REFERENCE_TABLES = frozenset(
    {
        "dim_aging_buckets",
        "dim_snapshot_dates",
        "dim_table_functions",
        "dim_strategy_rules",
        "dim_treatment_steps",
        "model_runs",
        "model_run_deciles",
        "model_run_features",
    }
)
PII_REGISTRY = ("restricted", "pii_columns")


RELATION = re.compile(r'\b(marts|restricted)\s*\.\s*"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE)


class Catalog(NamedTuple):
    """What the published file holds: tables and columns, PII columns, table macros."""

    tables: dict[tuple[str, str], list[str]]
    pii: dict[tuple[str, str, str], str | None]
    macros: dict[str, tuple[list[str], str]]


# Per published file version (path, mtime, size, inode): a new publish is a new key.
_CATALOGS: dict[tuple[str, int, int, int], Catalog] = {}


@contextmanager
def scoped_connection(
    warehouse: Path, principal: Principal, sql: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection whose ``marts.*`` and ``restricted.*`` are the principal's views.

    With ``sql``, only the relations it names (and those of the table functions it calls)
    get a view: the same rules, less to set up per query. Without, every table does."""
    with duckdb.connect() as con:
        path = str(warehouse).replace("'", "''")
        con.execute(f"attach '{path}' as wh (read_only)")
        try:
            catalog = _catalog(con, warehouse)
            only = referenced(catalog, sql) if sql is not None else None
            install_views(con, principal, catalog, only)
            yield con
        finally:
            con.execute("use memory")
            con.execute("detach wh")


def referenced(catalog: Catalog, sql: str) -> set[tuple[str, str]]:
    """``(schema, name)`` of every relation ``sql`` names, through the table functions it
    calls (whose bodies name marts tables in turn)."""
    found: set[tuple[str, str]] = set()
    pending = [sql]
    while pending:
        for schema, name in RELATION.findall(pending.pop()):
            key = (schema.lower(), name)
            if key not in found:
                found.add(key)
                if key[0] == "marts" and name in catalog.macros:
                    pending.append(catalog.macros[name][1])
    return found


def install_views(
    con: duckdb.DuckDBPyConnection,
    principal: Principal,
    catalog: Catalog,
    only: set[tuple[str, str]] | None = None,
) -> None:
    """Create the scoped, masked views of ``wh``'s tables (all, or ``only`` those) and its
    table macros in the memory catalog."""
    scope = principal.policy.scope
    con.execute("create schema if not exists memory.access")
    if scope != "all":
        _scope_tables(con, principal, catalog.tables)
    for schema in SCOPED_SCHEMAS:
        con.execute(f"create schema if not exists memory.{schema}")
    for (schema, table), columns in catalog.tables.items():
        if only is not None and (schema, table) not in only:
            continue
        select = ", ".join(
            column_expression(c, catalog.pii[(schema, table, c)], principal.policy.pii)
            if (schema, table, c) in catalog.pii
            else quote_ident(c)
            for c in columns
        )
        where = _predicate(table, columns, scope)
        con.execute(
            f"create view memory.{schema}.{quote_ident(table)} as select {select}"
            f" from wh.{schema}.{quote_ident(table)} where {where}"
        )
    for name, (parameters, body) in catalog.macros.items():
        if only is None or ("marts", name) in only:
            con.execute(
                f"create macro memory.marts.{quote_ident(name)}({', '.join(parameters)})"
                f" as table {body}"
            )


def _catalog(con: duckdb.DuckDBPyConnection, warehouse: Path) -> Catalog:
    """The attached file's catalog, read once per published version."""
    stat = warehouse.stat()
    key = (str(warehouse), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    catalog = _CATALOGS.get(key)
    if catalog is None:
        tables = _tables(con)
        macros = {
            name: (list(parameters), body)
            for name, parameters, body in con.execute(
                "select function_name, parameters, macro_definition from duckdb_functions()"
                " where database_name = 'wh' and schema_name = 'marts'"
                " and function_type = 'table_macro'"
            ).fetchall()
        }
        catalog = Catalog(tables, _pii_columns(con, tables), macros)
        if len(_CATALOGS) >= 8:
            _CATALOGS.clear()
        _CATALOGS[key] = catalog
    return catalog


def _tables(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[str]]:
    rows = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_catalog = 'wh' and table_schema in ('marts', 'restricted')"
        " order by table_schema, table_name, ordinal_position"
    ).fetchall()
    tables: dict[tuple[str, str], list[str]] = {}
    for schema, table, column in rows:
        tables.setdefault((schema, table), []).append(column)
    return tables


def _pii_columns(
    con: duckdb.DuckDBPyConnection, tables: dict[tuple[str, str], list[str]]
) -> dict[tuple[str, str, str], str | None]:
    """``{(schema, table, column): mask kind}`` from restricted.pii_columns."""
    if PII_REGISTRY not in tables:
        return {}
    rows = con.execute(
        "select schema_name, table_name, column_name, mask from wh.restricted.pii_columns"
    ).fetchall()
    return {(s, t, c): m for s, t, c, m in rows}


def _scope_tables(
    con: duckdb.DuckDBPyConnection, principal: Principal, tables: dict[tuple[str, str], list[str]]
) -> None:
    """memory.access.scope_accounts / scope_collectors for a scoped principal."""
    scope = principal.policy.scope
    con.execute("create table memory.access.scope_collectors (collector_id varchar)")
    con.execute("create table memory.access.scope_accounts (account_id varchar)")
    if scope == "client" and ("marts", "dim_accounts") in tables:
        con.execute(
            "insert into memory.access.scope_accounts select distinct account_id"
            " from wh.marts.dim_accounts where is_current and client = ?",
            [principal.client],
        )
        return
    if scope == "team" and ("marts", "dim_collectors") in tables:
        con.execute(
            "insert into memory.access.scope_collectors select collector_id"
            " from wh.marts.dim_collectors where list_contains(?, team)",
            [list(principal.teams)],
        )
    elif scope == "queue":
        con.execute(
            "insert into memory.access.scope_collectors values (?)", [principal.collector_id]
        )
    if ("marts", "fct_action_history") in tables:
        con.execute(
            "insert into memory.access.scope_accounts select distinct account_id"
            " from wh.marts.fct_action_history where collector_id in"
            " (select collector_id from memory.access.scope_collectors)"
        )


def _predicate(table: str, columns: list[str], scope: str) -> str:
    """The view's where clause for ``table`` under ``scope``."""
    if scope == "all" or table in REFERENCE_TABLES:
        return "true"
    if "account_id" in columns:
        return "account_id in (select account_id from memory.access.scope_accounts)"
    if "collector_id" in columns and scope in ("team", "queue"):
        return "collector_id in (select collector_id from memory.access.scope_collectors)"
    if table == "fct_cash_kpis" and scope == "client":
        # the client's own rows: the dimension 'client' row of its client, nothing pooled
        return (
            "dimension = 'client' and dimension_value in"
            " (select distinct client from wh.marts.dim_accounts"
            "  where account_id in (select account_id from memory.access.scope_accounts))"
        )
    return "false"
