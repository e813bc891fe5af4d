"""Freshness asset checks (warnings, never blocking) on the raw sources with a cadence.

Each runs after the dbt build: the latest data date it measures against is dbt's
(marts.dim_snapshot_dates)."""

import dagster as dg

from arrears.quality.freshness import DEFAULT_CADENCE_DAYS, cadences, measure
from arrears.quality.results import DqResult, record
from orchestration.defs.resources import ArrearsEngine

LATEST_DATA_DATE_ASSET = dg.AssetKey(["marts", "dim_snapshot_dates"])


def _freshness_check(entity: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", entity]),
        name="freshness",
        additional_deps=[LATEST_DATA_DATE_ASSET],
        pool="duckdb",
        description=f"{entity} delivers data no older than its cadence before the latest "
        "data date (ARREARS_FRESHNESS).",
    )
    def _check(context: dg.AssetCheckExecutionContext, engine: ArrearsEngine):
        cadence = cadences()[entity]
        with engine.connect(read_only=True) as con:
            verdict = measure(con, entity, cadence)
        observed = (
            f"latest {verdict.latest_on}, latest data date {verdict.latest_data_on}, "
            f"lag {verdict.lag_days} days (cadence {cadence})"
        )
        with engine.connect() as con:
            record(
                con,
                context.run.run_id,
                [
                    DqResult(
                        "freshness",
                        f"raw/{entity}",
                        f"lag <= {cadence} days",
                        "warn",
                        verdict.is_fresh,
                        observed,
                    )
                ],
            )
        return dg.AssetCheckResult(
            passed=verdict.is_fresh,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "latest_on": str(verdict.latest_on),
                "latest_data_on": str(verdict.latest_data_on),
                "lag_days": verdict.lag_days if verdict.lag_days is not None else -1,
                "cadence_days": cadence,
                "last_delivery_at": str(verdict.last_delivery_at),
            },
        )

    return _check


freshness_checks = [_freshness_check(entity) for entity in DEFAULT_CADENCE_DAYS]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(asset_checks=freshness_checks)
