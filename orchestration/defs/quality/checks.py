"""Great Expectations suites (expectations/) run as Dagster asset checks.

Each check reads its small, SQL-shaped frame from the working database read-only,
validates it with GX 1.x (dagster-ge supports only GX 0.x), records every expectation's
verdict in marts.dq_results, and reports ERROR severity (blocking: downstream marts are
not published) if an error-level expectation failed, WARN if only warnings did.
"""

import dagster as dg
import duckdb

from expectations.registry import SUITES, suite_module
from orchestration.defs.resources import ArrearsSettings
from orchestration.quality.results import DqResult, record


def _gx_check(asset_path: tuple[str, ...]) -> dg.AssetChecksDefinition:
    module_name = SUITES[asset_path]
    asset_label = "/".join(asset_path)

    @dg.asset_check(
        asset=dg.AssetKey(list(asset_path)),
        name=f"gx_{module_name}",
        blocking=True,
        pool="duckdb",
        description=(suite_module(asset_path).__doc__ or "").strip().splitlines()[0],
    )
    def _check(context: dg.AssetCheckExecutionContext, settings: ArrearsSettings):
        from expectations.runner import validate

        module = suite_module(asset_path)
        resolved = settings.resolve()
        with duckdb.connect(str(resolved.work_db), read_only=True) as con:
            frame = con.execute(module.QUERY).df()
        outcome = validate(module.build_suite(), frame)
        with duckdb.connect(str(resolved.work_db)) as con:
            record(
                con,
                context.run.run_id,
                [
                    DqResult(
                        f"gx_{module_name}",
                        asset_label,
                        e.expectation,
                        e.severity,
                        e.passed,
                        e.observed_value,
                    )
                    for e in outcome.expectations
                ],
            )
        failed = outcome.failed_errors or outcome.failed_warnings
        return dg.AssetCheckResult(
            passed=not failed,
            severity=(
                dg.AssetCheckSeverity.ERROR if outcome.failed_errors else dg.AssetCheckSeverity.WARN
            ),
            metadata={
                "rows_validated": outcome.rows,
                "expectations": len(outcome.expectations),
                "failed": "; ".join(f"{e.expectation}: {e.observed_value}" for e in failed)[:2000],
            },
        )

    return _check


gx_checks = [_gx_check(path) for path in SUITES]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(asset_checks=gx_checks)
