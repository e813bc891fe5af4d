"""Great Expectations suites (expectations/) run as Dagster asset checks.

Each check reads its small, SQL-shaped frame from the working database read-only,
validates it with GX 1.x (dagster-ge supports only GX 0.x), records every expectation's
verdict in marts.dq_results, and reports ERROR severity (blocking: downstream marts are
not published) if an error-level expectation failed, WARN if only warnings did.

Raw suites marked NEW_ROWS_ONLY validate only the rows loaded after the newest load time
the suite has passed on (raw.dq_validated_through): landed rows never change, so a new
day's build validates that day, not the whole history. The mark moves only when no
error-level expectation failed, so rows that blocked a build are validated again (and
block again) until they are fixed. Uniqueness across batches is the loader's job
(duplicate ids are quarantined on ingest).
"""

import dagster as dg
import duckdb

from expectations.registry import SUITES, suite_module
from orchestration.defs.resources import ArrearsSettings
from orchestration.quality.results import DqResult, record
from orchestration.settings import duckdb_config


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
        check_name = f"gx_{module_name}"
        new_rows_only = getattr(module, "NEW_ROWS_ONLY", False)
        with duckdb.connect(str(resolved.work_db), config=duckdb_config()) as con:
            if new_rows_only:
                frame, loaded_through = _new_rows(con, module.QUERY, check_name)
            else:
                frame, loaded_through = con.execute(module.QUERY).df(), None
        outcome = validate(module.build_suite(), frame)
        with duckdb.connect(str(resolved.work_db), config=duckdb_config()) as con:
            if loaded_through is not None and not outcome.failed_errors:
                _mark_validated(con, check_name, loaded_through)
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
                "new_rows_only": new_rows_only,
                "expectations": len(outcome.expectations),
                "failed": "; ".join(f"{e.expectation}: {e.observed_value}" for e in failed)[:2000],
            },
        )

    return _check


def _new_rows(con: duckdb.DuckDBPyConnection, query: str, check_name: str):
    """The suite's frame restricted to rows loaded after its mark, and the newest load time
    in it (None when there is no new row)."""
    con.execute(
        "create table if not exists raw.dq_validated_through"
        " (check_name varchar primary key, loaded_through timestamp not null)"
    )
    mark = con.execute(
        "select loaded_through from raw.dq_validated_through where check_name = ?",
        [check_name],
    ).fetchall()
    since = mark[0][0] if mark else None
    frame = con.execute(
        f"select * from ({query}) as suite_rows where ? is null or _loaded_at > ?",
        [since, since],
    ).df()
    loaded_through = frame["_loaded_at"].max() if len(frame) else None
    return frame.drop(columns="_loaded_at"), loaded_through


def _mark_validated(con: duckdb.DuckDBPyConnection, check_name: str, loaded_through) -> None:
    con.execute(
        "insert or replace into raw.dq_validated_through values (?, ?)",
        [check_name, loaded_through.to_pydatetime()],
    )


gx_checks = [_gx_check(path) for path in SUITES]


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(asset_checks=gx_checks)
