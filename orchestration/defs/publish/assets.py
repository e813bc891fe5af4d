"""The published warehouse as a Dagster asset: after every check upstream passed, the
core publishes the public marts (arrears.publish for a DuckDB file, the engine's publish for
PostgreSQL and Spark)."""

import dagster as dg

from arrears.publish.duckdb import PUBLISHED_SCHEMAS
from orchestration.defs.resources import ArrearsEngine
from orchestration.defs.transform.assets import DBT_ASSETS

MART_KEYS = sorted(
    k for assets in DBT_ASSETS for k in assets.keys if k.path[0] in PUBLISHED_SCHEMAS
)


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
    context: dg.AssetExecutionContext, engine: ArrearsEngine
) -> dg.MaterializeResult:
    # DuckDB: an atomic file replace (arrears.publish.duckdb); PostgreSQL: a schema swap;
    # Spark: to the DuckDB file or PostgreSQL it serves from
    counts = engine.engine_impl().publish()
    from arrears.warehouse import describe

    where = describe(engine.settings.served)
    context.log.info(f"published {len(counts)} marts to {where}")
    return dg.MaterializeResult(
        metadata={"path": where, **{f"rows/{k}": v for k, v in counts.items()}}
    )


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[published_warehouse])
