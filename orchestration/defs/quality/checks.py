"""Great Expectations suites (expectations/) run as Dagster asset checks.

Each check measures its suite's rules in the working database with one DuckDB aggregate
(one row of metrics: how many rows break each rule), validates that row with GX 1.x
(dagster-ge supports only GX 0.x), records every expectation's verdict in
marts.dq_results (which rule, how many of how many rows, a few examples), and reports
ERROR severity (blocking: downstream marts are not published) if an error-level
expectation failed, WARN if only warnings did.

Raw suites marked NEW_ROWS_ONLY validate only the rows loaded after the newest load time
the suite has passed on (raw.dq_validated_through): landed rows never change, so a new
day's build validates that day, not the whole history. The mark moves only when no
error-level expectation failed, so rows that blocked a build are validated again (and
block again) until they are fixed. Uniqueness across batches is the loader's job
(duplicate ids are quarantined on ingest).
"""

from datetime import datetime
from typing import Any

import dagster as dg

from arrears.quality.results import DqResult, record
from expectations.registry import SUITES, suite_module
from orchestration.defs.resources import ArrearsEngine


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
    def _check(context: dg.AssetCheckExecutionContext, engine: ArrearsEngine):
        from expectations.runner import run_suite

        module = suite_module(asset_path)
        check_name = f"gx_{module_name}"
        new_rows_only = getattr(module, "NEW_ROWS_ONLY", False)
        with engine.connect() as con:
            since = _validated_through(con, check_name) if new_rows_only else None
            outcome = run_suite(con, module, since=since)
            if new_rows_only and outcome.loaded_through and not outcome.failed_errors:
                _mark_validated(con, check_name, outcome.loaded_through)
            record(
                con,
                context.run.run_id,
                [
                    DqResult(
                        check_name,
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
                "new_rows_only": new_rows_only,
                "expectations": len(outcome.expectations),
                "failed": "; ".join(f"{e.expectation}: {e.observed_value}" for e in failed)[:2000],
            },
        )

    return _check


def _validated_through(con: Any, check_name: str) -> datetime | None:
    """The newest load time the suite has passed on (None: it never passed)."""
    con.execute(
        "create table if not exists raw.dq_validated_through"
        " (check_name varchar(200) primary key, loaded_through timestamp not null)"
    )
    mark = con.execute(
        "select loaded_through from raw.dq_validated_through where check_name = ?",
        [check_name],
    ).fetchall()
    return mark[0][0] if mark else None


def _mark_validated(con: Any, check_name: str, loaded_through: datetime) -> None:
    con.execute(
        "insert into raw.dq_validated_through values (?, ?) on conflict (check_name)"
        " do update set loaded_through = excluded.loaded_through",
        [check_name, loaded_through],
    )


gx_checks = [_gx_check(path) for path in SUITES]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(asset_checks=gx_checks)
