"""One asset per landing entity: load new files of landing/<entity>/ into raw.<entity>.

Accounts load first: every other entity's rows must reference a loaded account.
"""

import dagster as dg

from arrears.ingest.contract import ENTITY_ORDER
from orchestration.defs.resources import ArrearsEngine

INGEST_GROUP = "ingest"


def _ingest_asset(entity: str) -> dg.AssetsDefinition:
    deps = [] if entity in ("accounts", "collectors") else [dg.AssetKey(["raw", "accounts"])]

    @dg.asset(
        key=["raw", entity],
        deps=deps,
        group_name=INGEST_GROUP,
        kinds={"duckdb"},
        pool="duckdb",
        description=f"Contract-valid rows of landing/{entity}/*, as written; bad rows go to "
        "raw.quarantine. Each file is loaded once (raw.load_manifest).",
    )
    def _load(context: dg.AssetExecutionContext, engine: ArrearsEngine) -> dg.MaterializeResult:
        settings = engine.settings
        # DuckDB: the working file; PostgreSQL: COPY; Spark: Parquet files
        results = engine.engine_impl().load_entity(
            settings.landing, entity, settings.currency, progress=context.log.info
        )
        with engine.connect(read_only=True) as con:
            total = con.execute(f"select count(*) from raw.{entity}").fetchall()[0][0]
        loaded = [r for r in results if r.status == "loaded"]
        return dg.MaterializeResult(
            metadata={
                "files_new": len(loaded),
                "files_skipped": len(results) - len(loaded),
                "rows_loaded": sum(r.rows_loaded for r in loaded),
                "rows_quarantined": sum(r.rows_quarantined for r in loaded),
                "rows_duplicate": sum(r.rows_duplicate for r in loaded),
                "dagster/row_count": total,
            }
        )

    return _load


raw_assets = [_ingest_asset(entity) for entity in ENTITY_ORDER]


@dg.asset(
    key=["raw", "quarantine"],
    deps=[dg.AssetKey(["raw", e]) for e in ENTITY_ORDER],
    group_name=INGEST_GROUP,
    kinds={"duckdb"},
    pool="duckdb",
    description="Input rows that broke the contract, written by the ingest assets.",
)
def raw_quarantine(engine: ArrearsEngine) -> dg.MaterializeResult:
    with engine.connect(read_only=True) as con:
        rows = con.execute("select count(*) from raw.quarantine").fetchall()[0][0]
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[*raw_assets, raw_quarantine])
