"""Publish the public marts: copy schema marts of the working database (tables and table
functions such as ar_aging_on) into a temp file
beside the published warehouse, then os.replace() it onto the published file. Readers
see either the old or the new warehouse, never half a build; they never block the build."""

import os
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.resources import ArrearsSettings
from orchestration.defs.transform.assets import arrears_dbt_models
from orchestration.settings import duckdb_config

MART_KEYS = sorted(k for k in arrears_dbt_models.keys if k.path[0] == "marts")

# Snapshot marts are written in snapshot order, so a dashboard reading one date scans only
# that date's row groups (DuckDB skips the others by their min/max): physical layout, no
# business rule. At 1M accounts it takes the Aging page's bucket totals from 0.6 s to 0.2 s.
CLUSTERED_BY = {
    "fct_account_status": "as_of_date, account_id",
    "fct_ar_aging": "as_of_date, account_id, aging_bucket",
}


def publish_marts(work_db: Path, warehouse: Path) -> dict[str, int]:
    """Copy every table of schema marts from work_db into warehouse, atomically."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    for leftover in warehouse.parent.glob(f".{warehouse.name}.*.tmp"):
        leftover.unlink(missing_ok=True)  # from a build killed mid-publish
    temp = warehouse.with_name(f".{warehouse.name}.{os.getpid()}.tmp")
    counts: dict[str, int] = {}
    try:
        with duckdb.connect(config=duckdb_config()) as con:
            con.execute(f"attach '{work_db}' as work (read_only)")
            con.execute("use work")
            con.execute(f"attach '{temp}' as published")
            con.execute("create schema published.marts")
            tables = [
                row[0]
                for row in con.execute(
                    "select table_name from information_schema.tables"
                    " where table_catalog = 'work' and table_schema = 'marts'"
                    " and table_type = 'BASE TABLE' order by table_name"
                ).fetchall()
            ]
            for table in tables:
                order = f" order by {CLUSTERED_BY[table]}" if table in CLUSTERED_BY else ""
                con.execute(
                    f'create table published.marts."{table}" as'
                    f' select * from marts."{table}"{order}'
                )
                counts[table] = con.execute(
                    f'select count(*) from published.marts."{table}"'
                ).fetchall()[0][0]
            _copy_table_functions(con)
            con.execute("detach published")
            con.execute("use memory")
            con.execute("detach work")
        os.replace(temp, warehouse)
    finally:
        temp.unlink(missing_ok=True)
    return counts


def _copy_table_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Re-create schema marts' table functions (e.g. ar_aging_on) in the published copy.

    Their bodies name relations as marts.<table>, so in the copy they read the copy.
    """
    functions = con.execute(
        "select function_name, parameters, macro_definition from duckdb_functions()"
        " where database_name = 'work' and schema_name = 'marts'"
        " and function_type = 'table_macro'"
    ).fetchall()
    con.execute("use published")
    for name, parameters, body in functions:
        con.execute(f'create macro marts."{name}"({", ".join(parameters)}) as table {body}')
    con.execute("use work")


@dg.asset(
    key=["published", "warehouse"],
    deps=MART_KEYS,
    group_name="publish",
    kinds={"duckdb"},
    pool="duckdb",
    description="The published warehouse (ARREARS_WAREHOUSE: a DuckDB file or a "
    "postgresql:// URL): schema marts only, replaced atomically after every check upstream "
    "passed.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, settings: ArrearsSettings
) -> dg.MaterializeResult:
    resolved = settings.resolve()
    if resolved.engine == "duckdb":
        counts = publish_marts(resolved.work_db, resolved.warehouse)
    else:  # PostgreSQL: a schema swap; Spark: to the DuckDB file or PostgreSQL it serves from
        counts = resolved.engine_impl().publish()
    from arrears.warehouse import describe

    where = describe(resolved.served)
    context.log.info(f"published {len(counts)} marts to {where}")
    return dg.MaterializeResult(
        metadata={"path": where, **{f"rows/{k}": v for k, v in counts.items()}}
    )


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[published_warehouse])
